"""The spreadsheet format of the exemplars register (import and export), on `antq.core.sheets`.

One row per exemplar. "Đơn vị" names a KDC or organisation of the commune imported into (blank: the
commune itself); "Xã, phường" is written by the export and, on import, must be blank or that commune.
"""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from antq.core.sheets import CellError, Column, cell_text, choice_column, parse_count, parse_date, parse_yes_no
from antq.exemplars.models import ExemplarCategory, ExemplarKind, Sex


def parse_year(raw: object) -> int | None:
    text = cell_text(raw)
    if not text:
        return None
    if not text.isdigit() or len(text) != 4:
        raise CellError(_("“%(value)s” is not a year.") % {"value": text})
    return int(text)


def parse_kg(raw: object) -> Decimal:
    """Kilograms, "2,5" or "2.5"; blank is 0."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        value = Decimal(str(raw))
    else:
        text = cell_text(raw).replace(" ", "").replace(",", ".")
        if not text:
            return Decimal(0)
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise CellError(_("“%(value)s” is not a number.") % {"value": cell_text(raw)}) from None
    if value < 0 or not value.is_finite():
        raise CellError(_("Write a number of at least 0."))
    return value.quantize(Decimal("0.01"))


KIND_WORDS = {ExemplarKind.COLLECTIVE: ("Tập thể",), ExemplarKind.INDIVIDUAL: ("Cá nhân",)}
CATEGORY_WORDS = {
    ExemplarCategory.ADVANCED: ("Điển hình tiên tiến", "Điển hình"),
    ExemplarCategory.DENOUNCED_CRIME: ("Tố giác tội phạm", "Tố giác"),
    ExemplarCategory.HELPED_ARREST: ("Giúp bắt tội phạm", "Bắt tội phạm"),
    ExemplarCategory.HANDED_OVER_WEAPONS: ("Giao nộp vũ khí, vật liệu nổ", "Giao nộp vũ khí", "Giao nộp"),
}
SEX_WORDS = {Sex.MALE: ("Nam",), Sex.FEMALE: ("Nữ",)}

COLUMNS = (
    Column("commune", "Xã, phường", width=24),
    Column("unit", "Đơn vị (thôn, tổ dân phố, cơ quan…)", width=28),
    Column("year", "Năm", parse_year, required=True, width=8),
    choice_column("kind", "Tập thể/Cá nhân", KIND_WORDS, ExemplarKind, required=True, width=12),
    choice_column("category", "Phân loại", CATEGORY_WORDS, ExemplarCategory, required=True, width=26),
    Column("name", "Tên tập thể, họ và tên", required=True, width=28),
    Column("achievement", "Thành tích", required=True, width=40),
    Column("proposed_by", "Đơn vị đề nghị", required=True, width=24),
    Column("act_date", "Ngày (tố giác, giúp bắt, giao nộp)", parse_date, width=14, text=True),
    Column("birth_date", "Ngày sinh", parse_date, width=12, text=True),
    choice_column("sex", "Giới tính", SEX_WORDS, Sex, width=8),
    Column("id_number", "Số căn cước", width=16, text=True),
    Column("address", "Địa chỉ", width=28),
    Column("phone", "Điện thoại", width=14, text=True),
    Column("guns", "Súng (khẩu)", parse_count, width=10),
    Column("ammunition", "Đạn (viên)", parse_count, width=10),
    Column("explosives_kg", "Vật liệu nổ (kg)", parse_kg, width=10),
    Column("detonators", "Kíp nổ (cái)", parse_count, width=10),
    Column("rudimentary_weapons", "Vũ khí thô sơ (cái)", parse_count, width=10),
    Column("support_tools", "Công cụ hỗ trợ (cái)", parse_count, width=10),
    Column("items_note", "Vật phẩm khác", width=20),
    Column("public_consent", "Đồng ý công khai", parse_yes_no, width=10),
)
COLUMN_BY_FIELD = {c.field: c for c in COLUMNS}
YES_NO_FIELDS = ("public_consent",)
