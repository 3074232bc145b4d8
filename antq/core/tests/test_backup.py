"""Backup and restore round trip: the database and the uploaded files come back identical, and a damaged
backup changes nothing. Runs on the database of the run (SQLite or PostgreSQL, with pg_dump/pg_restore)."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from antq.core.backup import MANIFEST, BackupError, backup_create, backup_restore, backup_verify_current
from antq.units.models import Unit
from antq.units.tests.factories import ResidentialAreaFactory


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "dossiers" / "2026").mkdir(parents=True)
    (settings.MEDIA_ROOT / "dossiers" / "2026" / "bien-ban.pdf").write_bytes(b"%PDF-1.7 scan")
    (settings.MEDIA_ROOT / "photos").mkdir()
    (settings.MEDIA_ROOT / "photos" / "ngay-hoi.jpg").write_bytes(b"\xff\xd8\xff photo")
    return settings.MEDIA_ROOT


@pytest.mark.django_db(transaction=True)
def test_round_trip_gives_identical_counts_and_checksums(tree, media, tmp_path):
    kdc = ResidentialAreaFactory(parent=tree.commune_a, name="Thôn Đông")
    folder = backup_create(tmp_path / "backups")
    manifest = json.loads((folder / MANIFEST).read_text())
    assert manifest["tables"]["units_unit"]["rows"] == Unit.objects.count()
    assert set(manifest["media"]) == {"dossiers/2026/bien-ban.pdf", "photos/ngay-hoi.jpg"}
    assert backup_verify_current(manifest) == []

    # Changes after the backup: a row edited, a row deleted, a file changed, a file added, a file removed.
    Unit.objects.filter(pk=tree.kdc_a.pk).update(name="Đổi tên")
    kdc.delete()
    (media / "photos" / "ngay-hoi.jpg").write_bytes(b"changed")
    (media / "extra.txt").write_text("new")
    (media / "dossiers" / "2026" / "bien-ban.pdf").unlink()
    problems = backup_verify_current(manifest)
    assert any("units_unit" in p for p in problems) and any("uploaded files" in p for p in problems)

    report = backup_restore(folder)
    assert report.files == 2 and report.rows == sum(t["rows"] for t in manifest["tables"].values())
    assert backup_verify_current(manifest) == []
    assert Unit.objects.get(pk=tree.kdc_a.pk).name == tree.kdc_a.name
    assert Unit.objects.filter(name="Thôn Đông").exists()
    assert (media / "photos" / "ngay-hoi.jpg").read_bytes() == b"\xff\xd8\xff photo"
    assert not (media / "extra.txt").exists()
    # The folder it replaced is kept beside it.
    kept = [p for p in media.parent.iterdir() if p.name.startswith("media.before-restore-")]
    assert len(kept) == 1 and (kept[0] / "extra.txt").exists()


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_before_anything_changes(tree, media, tmp_path):
    folder = backup_create(tmp_path / "backups")
    manifest = json.loads((folder / MANIFEST).read_text())
    database_file = folder / manifest["database_file"]
    database_file.write_bytes(database_file.read_bytes()[:-10])
    Unit.objects.filter(pk=tree.kdc_a.pk).update(name="Sau sao lưu")
    with pytest.raises(BackupError, match="damaged"):
        backup_restore(folder)
    assert Unit.objects.get(pk=tree.kdc_a.pk).name == "Sau sao lưu"
    assert not any(p.name.startswith("media.before-restore-") for p in media.parent.iterdir())


@pytest.mark.django_db(transaction=True)
def test_the_commands(tree, media, tmp_path, capsys):
    call_command("backup", str(tmp_path / "b"))
    folder = capsys.readouterr().out.strip()
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", folder)
    call_command("restore", folder, "--yes")
    assert "identical" in capsys.readouterr().out
