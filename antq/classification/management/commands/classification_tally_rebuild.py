"""Recompute the classification summary rows of one or more years from the decided classifications."""

from django.core.management.base import BaseCommand

from antq.classification.tallies import tally_rebuild


class Command(BaseCommand):
    help = "Recompute the classification summary rows (ClassificationTally) of the given years."

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="+", type=int, help="evaluation years, e.g. 2011 2025")

    def handle(self, *args, years, **options):
        for year in years:
            rows = tally_rebuild(year=year)
            self.stdout.write(f"{year}: {rows} summary rows")
