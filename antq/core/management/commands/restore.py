from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from antq.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = ("Restore a backup made by `manage.py backup` over the current database and uploaded files, then check "
            "that every count and checksum is identical. See antq/core/backup.py.")

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument("--yes", action="store_true", help="Confirm: the current data are replaced.")

    def handle(self, *args, folder: Path, yes: bool, **opts):
        if not yes:
            raise CommandError("This replaces the current database and uploaded files. Run again with --yes.")
        try:
            report = backup_restore(folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {report.tables} tables ({report.rows} rows) and {report.files} files; "
                          "counts and checksums identical to the backup.")
