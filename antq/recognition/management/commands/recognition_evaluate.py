import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import F

from antq.recognition.reevaluation import reevaluate
from antq.units.models import Unit, UnitKind


class Command(BaseCommand):
    help = ("Evaluate every recognition case of a province (or the country) for a year again and list the cases "
            "whose live result differs from the one stored. Writes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--province", help="official code of the province (default: the whole country)")

    def handle(self, *args, year, province=None, **options):
        kinds = [UnitKind.PROVINCE] if province else [UnitKind.COUNTRY]
        # Today's province first: a former one shares its code and has no start date, which PostgreSQL sorts
        # first in a descending order and SQLite last.
        area = Unit.objects.filter(kind__in=kinds, **({"code": province} if province else {})).order_by(
            F("valid_to").desc(nulls_first=True), F("valid_from").desc(nulls_last=True)).first()
        if area is None:
            raise CommandError(f"No province with the code {province}." if province else "No country unit.")
        started = time.perf_counter()
        report = reevaluate(area=area, year=year)
        seconds = time.perf_counter() - started
        self.stdout.write(f"{area.name}, {year}: {report.cases} cases evaluated in {seconds:.1f} s")
        for outcome, count in sorted(report.outcomes.items()):
            self.stdout.write(f"  {outcome}: {count}")
        for case, stored, live in report.differences:
            self.stdout.write(f"  differs: {case.unit.name} (case {case.pk}, {case.get_status_display()}): "
                              f"stored {stored}, now {live}")
        style = self.style.WARNING if report.differences else self.style.SUCCESS
        self.stdout.write(style(f"{len(report.differences)} cases differ from their stored result."))
