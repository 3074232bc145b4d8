from django.core.management.base import BaseCommand

from antq.units.loaders import units_load_official


class Command(BaseCommand):
    help = "Load the official provinces, districts and communes (current and legacy) from vietnam-provinces."

    def handle(self, *args, **options):
        report = units_load_official()
        for label, count in sorted(report.counts.items()):
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.changes} changes: {report.created} created, {report.updated} updated, "
                f"{report.links_added} lineage links added."
            )
        )
