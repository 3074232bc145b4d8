from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from antq.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = ("Back up the database and the uploaded files into DIR/antq-backup-<time>/ with a manifest of counts "
            "and checksums. See antq/core/backup.py.")

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **opts):
        try:
            folder = backup_create(directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(folder))
