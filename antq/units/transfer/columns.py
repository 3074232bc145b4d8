"""The spreadsheet format of KDC and CQ/DN/CSGD: its columns and the words a cell may hold.

Headers and value words are Vietnamese and fixed. They are a file format, not interface text: a file
exported with the interface in English must import with the interface in Vietnamese, and the other
way round, so they do not go through the translation catalogue. Messages about them do.

Cells are compared accent- and case-insensitively (`fold`). A choice cell may hold the Vietnamese
word below, the stored code ("to_dan_pho") or the label the interface shows for that choice in
either language. The choices themselves are those of `antq.units.models`; a test checks that every
choice has a word here, and that the residential-area words match `LOCAL_KINDS_BY_KIND`.
"""

from django.db import models

from antq.core import sheets
from antq.core.sheets import (  # noqa: F401 — re-exported: the units import reads them from here
    NO_WORDS,
    YES_WORDS,
    CellError,
    Column,
    cell_text,
    choice_column,
    parse_date,
    parse_yes_no,
)
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


def _choice_column(field: str, header: str, words: dict[str, tuple[str, ...]],
                   choices: type[models.TextChoices], *, required: bool = False) -> Column:
    return choice_column(field, header, words, choices, required=required)


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
LISTS_SHEET = sheets.LISTS_SHEET


def column_for_header(header: str) -> Column | None:
    """The column a header cell names, accent- and case-insensitively, with or without its hint."""
    return sheets.column_for_header(header, COLUMNS)

