from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from antq.core.demo import DEFAULT_PROVINCE_CODE, DEMO_URL, DemoError, demo_run, format_logins


class Command(BaseCommand):
    help = (
        "Fill the database with the living demo (residential areas, agencies, enterprises, schools and "
        "one user per role) for one current province; idempotent. See antq/core/demo.py."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province", default=DEFAULT_PROVINCE_CODE,
            help=f"Official code of a current province (default {DEFAULT_PROVINCE_CODE}, Quảng Trị).",
        )
        parser.add_argument(
            "--force", action="store_true",
            help="Run even with DEBUG off (the demo creates accounts with published passwords).",
        )

    def handle(self, *args, **opts):
        if not settings.DEBUG and not opts["force"]:
            raise CommandError("DEBUG is off: the demo creates accounts with published passwords. Use --force.")
        try:
            ctx = demo_run(province_code=opts["province"], stdout=self.stdout)
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        if ctx.logins:
            self.stdout.write("")
            self.stdout.write("Demo accounts (demo passwords — never use them outside a demo):")
            for line in format_logins(ctx.logins):
                self.stdout.write("  " + line)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo ready: {DEMO_URL}"))
