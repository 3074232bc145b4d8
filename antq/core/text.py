"""Text handling for Vietnamese: NFC on the way in, accent-free folding for search."""

import re
import unicodedata

# "đ" is a letter of its own, not "d" with a combining mark, so NFD does not strip it.
_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(value: str) -> str:
    """Unicode NFC with surrounding whitespace and doubled inner spaces removed."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def fold(value: str) -> str:
    """Lower-case, accent-free form used by search: "Phường Ba Đình" → "phuong ba dinh"."""
    decomposed = unicodedata.normalize("NFD", value.translate(_FOLD_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """Neutralise a cell a spreadsheet would run as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def natural_key(value: str) -> tuple:
    """Sort key that orders "Tổ dân phố 2" before "Tổ dân phố 10", ignoring accents and case."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", fold(value)))
