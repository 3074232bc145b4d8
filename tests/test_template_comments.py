"""A `{# … #}` comment must close on its own line: Django prints a comment spread over lines as page text."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = [p for folder in ("antq", "templates") for p in (ROOT / folder).rglob("*.html")]
OPEN_COMMENT = re.compile(r"\{#(?![^\n]*#\})")


def test_every_short_comment_closes_on_its_line():
    assert len(TEMPLATES) > 100
    unclosed = [f"{path.relative_to(ROOT)}:{text[:match.start()].count(chr(10)) + 1}"
                for path in TEMPLATES for text in [path.read_text()] for match in OPEN_COMMENT.finditer(text)]
    assert unclosed == []
