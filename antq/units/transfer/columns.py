"""The spreadsheet format of KDC and CQ/DN/CSGD: its columns and the words a cell may hold.

Headers and value words are Vietnamese and fixed. They are a file format, not interface text: a file
exported with the interface in English must import with the interface in Vietnamese, and the other
way round, so they do not go through the translation catalogue. Messages about them do.

Cells are compared accent- and case-insensitively (`fold`). A choice cell may hold the Vietnamese
word below, the stored code ("to_dan_pho") or the label the interface shows for that choice in
either language. The choices themselves are those of `antq.units.models`; a test checks that every
choice has a word here, and that the residential-area words match `LOCAL_KINDS_BY_KIND`.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from antq.core.text import FORMULA_PREFIXES, fold, nfc
from antq.units.models import (
    EnterpriseSize,
    LocalKind,
    ManagingLevel,
    SchoolLevel,
    UnitKind,
)

# The first word of each choice is the one exports write.
KIND_WORDS: dict[str, tuple[str, ...]] = {
    UnitKind.RESIDENTIAL_AREA: ("Khu dân cư", "KDC"),
    UnitKind.AGENCY: ("Cơ quan", "CQ"),
    UnitKind.ENTERPRISE: ("Doanh nghiệp", "DN"),
    UnitKind.SCHOOL: ("Cơ sở giáo dục", "CSGD"),
}
# Only the local kinds a residential area may have (`LOCAL_KINDS_BY_KIND`).
LOCAL_KIND_WORDS: dict[str, tuple[str, ...]] = {
    LocalKind.THON: ("Thôn",),
    LocalKind.XOM: ("Xóm",),
    LocalKind.LANG: ("Làng",),
    LocalKind.BAN: ("Bản",),
    LocalKind.AP: ("Ấp",),
    LocalKind.BUON: ("Buôn",),
    LocalKind.PHUM: ("Phum",),
    LocalKind.SOC: ("Sóc",),
    LocalKind.KHOM: ("Khóm",),
    LocalKind.TO_DAN_PHO: ("Tổ dân phố", "TDP"),
    LocalKind.KHU_PHO: ("Khu phố",),
}
ENTERPRISE_SIZE_WORDS: dict[str, tuple[str, ...]] = {
    EnterpriseSize.LARGE: ("Lớn",),
    EnterpriseSize.MEDIUM: ("Vừa",),
    EnterpriseSize.SMALL: ("Nhỏ",),
    EnterpriseSize.MICRO: ("Siêu nhỏ",),
}
SCHOOL_LEVEL_WORDS: dict[str, tuple[str, ...]] = {
    SchoolLevel.UNIVERSITY: ("Đại học",),
    SchoolLevel.COLLEGE: ("Cao đẳng",),
    SchoolLevel.VOCATIONAL: ("Trung cấp", "Giáo dục nghề nghiệp"),
    SchoolLevel.UPPER_SECONDARY: ("Trung học phổ thông", "THPT"),
    SchoolLevel.LOWER_SECONDARY: ("Trung học cơ sở", "THCS"),
    SchoolLevel.MULTI_LEVEL: ("Phổ thông nhiều cấp học", "Nhiều cấp học"),
    SchoolLevel.CONTINUING: ("Giáo dục thường xuyên", "GDTX"),
    SchoolLevel.PRIMARY: ("Tiểu học",),
    SchoolLevel.KINDERGARTEN: ("Mẫu giáo",),
    SchoolLevel.NURSERY: ("Nhà trẻ",),
}
MANAGING_LEVEL_WORDS: dict[str, tuple[str, ...]] = {
    ManagingLevel.COMMUNE: ("Xã", "Cấp xã"),
    ManagingLevel.DISTRICT: ("Huyện (trước 2025)", "Huyện", "Cấp huyện"),
    ManagingLevel.PROVINCE: ("Tỉnh", "Cấp tỉnh"),
    ManagingLevel.MINISTRY: ("Trung ương", "Bộ, ngành trung ương", "Bộ, ngành"),
}
YES_WORDS = ("Có", "x", "1", "c", "yes", "true")
NO_WORDS = ("Không", "0", "k", "no", "false")
_YES = frozenset(fold(w) for w in YES_WORDS)
_NO = frozenset(["", *(fold(w) for w in NO_WORDS)])

class CellError(ValueError):
    """A cell that cannot be read; the message is shown to the user."""


def _lookup(words: dict[str, tuple[str, ...]], choices: type[models.TextChoices]) -> dict[str, str]:
    """Folded word → stored value, for the file words, the stored values and the interface labels."""
    table: dict[str, str] = {}
    for value, aliases in words.items():
        for word in (*aliases, value):
            table.setdefault(fold(word), value)
    for language in ("vi", "en"):
        with translation.override(language):
            for value in words:
                table.setdefault(fold(str(choices(value).label)), value)
    return table


def cell_text(raw: object) -> str:
    """A cell as NFC text; whole numbers lose the ".0" a spreadsheet adds to them.

    An apostrophe that an export put before a formula character is taken off again, so an export
    imports back to the value it came from.
    """
    if raw is None:
        return ""
    if isinstance(raw, bool):
        text = YES_WORDS[0] if raw else NO_WORDS[0]
    elif isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    elif isinstance(raw, datetime.datetime | datetime.date):
        text = f"{raw:%d/%m/%Y}"
    else:
        text = str(raw)
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_PREFIXES:
        text = text[1:]
    return nfc(text)


def _choice(words: dict[str, tuple[str, ...]], choices: type[models.TextChoices]) -> Callable[[object], str]:
    table: dict[str, str] = {}

    def parse(raw: object) -> str:
        text = cell_text(raw)
        if not text:
            return ""
        if not table:  # built on first use: the labels need the translation machinery ready
            table.update(_lookup(words, choices))
        value = table.get(fold(text))
        if value is None:
            raise CellError(
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": text, "choices": ", ".join(aliases[0] for aliases in words.values())}
            )
        return value

    return parse


def parse_date(raw: object) -> datetime.date | None:
    """A real date cell, or text written day/month/year."""
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = cell_text(raw)
    if not text:
        return None
    try:
        return datetime.datetime.strptime(text, "%d/%m/%Y").date()  # noqa: DTZ007 — a date, no time
    except ValueError:
        raise CellError(_("“%(value)s” is not a date written as dd/mm/yyyy.") % {"value": text}) from None


def parse_yes_no(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    text = fold(cell_text(raw))
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError(_("Write “%(yes)s” or “%(no)s”.") % {"yes": YES_WORDS[0], "no": NO_WORDS[0]})


@dataclass(frozen=True)
class Column:
    field: str  # the Unit field the column fills ("kind" included)
    header: str
    parse: Callable[[object], object]
    words: dict[str, tuple[str, ...]] | None = None
    required: bool = False

    def word_for(self, value: str) -> str:
        """The word an export writes for a stored choice."""
        if not value or self.words is None:
            return value
        return self.words[value][0]

    @property
    def short_header(self) -> str:
        """The header without its hint in brackets, also accepted on import."""
        return self.header.split("(")[0].strip()


def _choice_column(field: str, header: str, words: dict[str, tuple[str, ...]],
                   choices: type[models.TextChoices], *, required: bool = False) -> Column:
    return Column(field, header, _choice(words, choices), words, required)


COLUMNS: tuple[Column, ...] = (
    _choice_column("kind", "Loại đơn vị", KIND_WORDS, UnitKind, required=True),
    Column("name", "Tên", cell_text, required=True),
    _choice_column("local_kind", "Loại địa bàn", LOCAL_KIND_WORDS, LocalKind),
    Column("code", "Mã", cell_text),
    Column("address", "Địa chỉ", cell_text),
    Column("valid_from", "Hiệu lực từ (dd/mm/yyyy)", parse_date),
    _choice_column("enterprise_size", "Quy mô doanh nghiệp", ENTERPRISE_SIZE_WORDS, EnterpriseSize),
    _choice_column("school_level", "Cấp học", SCHOOL_LEVEL_WORDS, SchoolLevel),
    _choice_column("managing_level", "Cấp quản lý", MANAGING_LEVEL_WORDS, ManagingLevel),
    Column("is_armed_forces", "Lực lượng vũ trang (có/không)", parse_yes_no),
)
HEADERS: tuple[str, ...] = tuple(c.header for c in COLUMNS)
COLUMN_BY_FIELD: dict[str, Column] = {c.field: c for c in COLUMNS}
# Name of the template's second sheet, which lists the accepted words.
LISTS_SHEET = "Danh mục"


def column_for_header(header: str) -> Column | None:
    """The column a header cell names, accent- and case-insensitively, with or without its hint."""
    wanted = fold(header)
    for column in COLUMNS:
        if wanted in (fold(column.header), fold(column.short_header)):
            return column
    return None

