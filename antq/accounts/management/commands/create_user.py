from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from antq.accounts.models import Role, User
from antq.accounts.services import role_grant, token_issue, user_create, user_set_password
from antq.units.models import Unit


class Command(BaseCommand):
    help = "Create (or update) a user with a role on a unit, e.g. --role commune_officer --unit-code 4"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--password", required=True)
        parser.add_argument("--full-name", default="")
        parser.add_argument("--role", choices=Role.values, required=True)
        unit = parser.add_mutually_exclusive_group(required=True)
        unit.add_argument("--unit-id", type=int, help="Unit id")
        unit.add_argument("--unit-code", help="Official code of a current unit (country: VN)")
        parser.add_argument("--kind", help="Unit kind to disambiguate --unit-code (province or commune)")
        parser.add_argument("--token", action="store_true", help="Print an API token for the user")

    def handle(self, *args, **opts):
        unit = self._unit(opts)
        try:
            user = User.objects.filter(username=opts["username"]).first()
            if user is None:
                user = user_create(actor=None, username=opts["username"], password=opts["password"],
                                   full_name=opts["full_name"])
            else:
                user_set_password(actor=None, user=user, password=opts["password"])
            role_grant(actor=None, user=user, role=opts["role"], unit=unit)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"{user.username}: {opts['role']} on {unit.name} (id {unit.pk})"))
        if opts["token"]:
            self.stdout.write(token_issue(actor=None, user=user).key)

    def _unit(self, opts) -> Unit:
        if opts["unit_id"]:
            units = Unit.objects.filter(pk=opts["unit_id"])
        else:
            units = Unit.objects.filter(code=opts["unit_code"], valid_to__isnull=True)
            if opts["kind"]:
                units = units.filter(kind=opts["kind"])
        found = list(units[:2])
        if len(found) != 1:
            raise CommandError("No single unit matches; give --unit-id or --kind.")
        return found[0]
