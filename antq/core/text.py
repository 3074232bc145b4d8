"""Text handling for Vietnamese: NFC on the way in, accent-free folding for search."""

import functools
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


_DIGITS = re.compile(r"(\d+)")


class _FoldTable(dict):
    """`str.translate` table giving each character its folded form, filled on first sight.

    Folding works character by character (NFD decomposes each character on its own and only reorders the
    combining marks it then drops; case folding maps each character on its own), so translating with this
    table and collapsing the spaces gives exactly `fold(value)`, at the speed of `str.translate`.
    """

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(code).translate(_FOLD_EXTRA))
        self[code] = folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
        return folded


_FOLD_TABLE = _FoldTable()


@functools.lru_cache(maxsize=1 << 16)
def natural_key(value: str) -> tuple:
    """Sort key that orders "Tổ dân phố 2" before "Tổ dân phố 10", ignoring accents and case.

    Memoised (bounded): national lists sort hundreds of thousands of units whose names repeat ("Tổ dân phố 1"
    in every commune, each commune's name for all its KDC), and folding is the costly part. The key is a tuple
    of str and int, immutable, so sharing it between callers is safe.
    """
    folded = " ".join(value.translate(_FOLD_TABLE).split())  # == fold(value), see _FoldTable
    return tuple(int(part) if part.isdigit() else part for part in _DIGITS.split(folded))
