from django.core.management.base import BaseCommand, CommandError

from antq.accounts.models import User
from antq.accounts.services import token_issue


class Command(BaseCommand):
    help = "Print the API token of a user (created on first use)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **opts):
        user = User.objects.filter(username=opts["username"]).first()
        if user is None:
            raise CommandError("No such user.")
        self.stdout.write(token_issue(actor=None, user=user).key)
