from django.core.management.base import BaseCommand, CommandError

from antq.accounts.models import User
from antq.accounts.two_factor import two_factor_reset


class Command(BaseCommand):
    help = "Remove a user's two-step sign-in device (a lost phone); the user sets up a new one at the next sign-in."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **opts):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        two_factor_reset(actor=None, user=user)
        self.stdout.write(f"Two-step sign-in reset for {username}.")
