"""The Vietnamese catalogue is complete: every user-facing string in the code has a translation."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def _untranslated(po: polib.POFile) -> list[str]:
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        done = all(entry.msgstr_plural.values()) if entry.msgid_plural else bool(entry.msgstr)
        if not done or "fuzzy" in entry.flags:
            missing.append(entry.msgid)
    return missing


def test_committed_catalogue_has_no_gaps():
    assert _untranslated(polib.pofile(str(PO))) == []


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    # makemessages on a copy, so the working tree is never touched by a test run.
    for name in ("antq", "config", "templates", "locale"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    result = subprocess.run(  # noqa: S603 — our own interpreter and manage.py
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-location", "--ignore=*/tests/*"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    fresh = polib.pofile(str(tmp_path / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    assert _untranslated(fresh) == [], "run makemessages -l vi and translate the new strings"


def test_translation_functions_keep_names_xgettext_knows():
    """`from django.utils.translation import gettext_lazy as _lazy` hides every `_lazy("…")` string from
    makemessages (it only knows `_`, `gettext`, `gettext_lazy` …), so those strings would never be translated."""
    import re

    alias = re.compile(r"import [^\n]*\b(n?p?gettext(?:_lazy|_noop)?) as (?!_\b)(\w+)")
    offenders = [f"{path.relative_to(ROOT)}: {m.group(0)}"
                 for path in (ROOT / "antq").rglob("*.py")
                 for m in alias.finditer(path.read_text(encoding="utf-8"))]
    assert offenders == []
