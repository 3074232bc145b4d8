"""The spreadsheet of awards: one row per recipient and award, for importing past awards and exporting.

Headers and words are a file format (Vietnamese, not translated). A row names its unit by the system
id ("Mã đơn vị (ANTQ)", which the export writes) or by its name within the area chosen on the import
page. Personal data (date of birth, ID number) is exported only to those who may see it.
"""

from django.utils.translation import gettext as _

from antq.accounts.scope import visible_units
from antq.commendations.models import AwardForm, AwardKind, PersonCategory, RecipientType, Sex
from antq.commendations.rules import current_rules
from antq.core.sheets import (
    CellError,
    Column,
    RowError,
    SheetError,
    cell_text,
    choice_column,
    parse_count,
    parse_date,
    parse_row,
    read_sheet,
)
from antq.core.text import fold
from antq.units.models import Unit

FORM_WORDS = {
    AwardForm.FLAG: ("Cờ thi đua", "Cờ"),
    AwardForm.CERTIFICATE_OF_MERIT: ("Bằng khen",),
    AwardForm.COMMENDATION_LETTER: ("Giấy khen",),
    AwardForm.COMMEMORATIVE_MEDAL: ("Kỷ niệm chương",),
}
KIND_WORDS = {
    AwardKind.PERIODIC: ("Thường xuyên", "Định kỳ", "Hằng năm"),
    AwardKind.THEMATIC: ("Chuyên đề", "Theo chuyên đề"),
    AwardKind.AD_HOC: ("Đột xuất",),
    AwardKind.LONG_SERVICE: ("Quá trình cống hiến", "Niên hạn"),
}
RECIPIENT_WORDS = {RecipientType.COLLECTIVE: ("Tập thể",), RecipientType.INDIVIDUAL: ("Cá nhân",)}
SEX_WORDS = {Sex.MALE: ("Nam",), Sex.FEMALE: ("Nữ",)}
CATEGORY_WORDS = {
    PersonCategory.LEADER: ("Lãnh đạo",),
    PersonCategory.COMMUNE_POLICE: ("Công an viên",),
    PersonCategory.STREET_GUARD: ("Bảo vệ dân phố",),
    PersonCategory.AGENCY_GUARD: ("Bảo vệ cơ quan, doanh nghiệp",),
    PersonCategory.OTHER: ("Khác",),
}


def _issuer(raw: object) -> str:
    text = cell_text(raw)
    if not text:
        return ""
    rules = current_rules()
    table = {fold(word): key for key, issuer in rules.issuers.items() for word in (issuer.name, key)}
    if fold(text) not in table:
        raise CellError(_("“%(value)s” is not one of: %(choices)s.") % {
            "value": text, "choices": ", ".join(i.name for i in rules.issuers.values())})
    return table[fold(text)]


def _optional_id(raw: object) -> int | None:
    return parse_count(raw) or None


COLUMNS = (
    Column("year", "Năm", parse_count, required=True, width=8),
    choice_column("form", "Hình thức", FORM_WORDS, AwardForm, required=True),
    Column("issuer", "Cấp khen", _issuer, required=True, width=24),
    choice_column("kind", "Loại hình", KIND_WORDS, AwardKind, required=True),
    choice_column("recipient_type", "Đối tượng", RECIPIENT_WORDS, RecipientType, required=True, width=12),
    Column("unit_id", "Mã đơn vị (ANTQ)", _optional_id, width=12),
    Column("unit_name", "Đơn vị", width=32),
    Column("full_name", "Họ và tên", width=26),
    choice_column("sex", "Giới tính", SEX_WORDS, Sex, width=10),
    Column("birth_date", "Ngày sinh (dd/mm/yyyy)", parse_date, text=True, width=14),
    Column("id_number", "Số định danh cá nhân", text=True, width=16),
    Column("position", "Chức vụ", width=20),
    choice_column("category", "Nhóm", CATEGORY_WORDS, PersonCategory, width=20),
    Column("in_post_since", "Giữ chức vụ từ (dd/mm/yyyy)", parse_date, text=True, width=14),
    Column("in_force_since", "Tham gia lực lượng từ (dd/mm/yyyy)", parse_date, text=True, width=14),
    Column("achievement", "Thành tích", width=40),
    Column("decision_number", "Số quyết định", text=True, width=16),
    Column("decision_date", "Ngày quyết định (dd/mm/yyyy)", parse_date, text=True, width=14),
    Column("decision_signer", "Người ký", width=24),
)
PERSON_KEYS = ("full_name", "sex", "birth_date", "id_number", "position", "category", "in_post_since",
               "in_force_since")


def _header(field: str) -> str:
    return next(c.header for c in COLUMNS if c.field == field)


class _Units:
    """Resolves a row's unit within the area, by id or by (folded) name."""

    def __init__(self, actor, area: Unit):
        self.scope = visible_units(actor).filter(path__startswith=area.path)
        self.by_name: dict[str, list[Unit]] | None = None

    def resolve(self, unit_id: int | None, name: str) -> Unit:
        if unit_id:
            unit = self.scope.filter(pk=unit_id).first()
            if unit is None:
                raise CellError(_("No unit with this id in the area."))
            return unit
        if not name:
            raise CellError(_("Name the unit."))
        if self.by_name is None:
            self.by_name = {}
            for unit in self.scope.filter(valid_to__isnull=True).only("id", "name", "path", "kind"):
                self.by_name.setdefault(fold(unit.name), []).append(unit)
        found = self.by_name.get(fold(name), [])
        if not found:
            raise CellError(_("No unit named “%(name)s” in the area.") % {"name": name})
        if len(found) > 1:
            raise CellError(_("Several units are named “%(name)s”; give the unit's id.") % {"name": name})
        return found[0]


def parse_file(*, actor, area: Unit, data: bytes, file_name: str) -> tuple[list[tuple[int, dict]], list[RowError]]:
    """The rows as keyword arguments of the recording service, or the errors of every bad row."""
    try:
        rows = read_sheet(data, file_name, COLUMNS)
    except SheetError as exc:
        return [], exc.errors
    units = _Units(actor, area)
    parsed, errors = [], []
    for row in rows:
        values, row_errors = parse_row(row, COLUMNS)
        for field in ("year", "form", "issuer", "kind", "recipient_type"):
            if not values.get(field) and not any(e.column == _header(field) for e in row_errors):
                row_errors.append(RowError(row.number, _header(field), _("This cell is required.")))
        try:
            unit = units.resolve(values.get("unit_id"), values.get("unit_name") or "")
        except CellError as exc:
            unit = None
            row_errors.append(RowError(row.number, _header("unit_name"), str(exc)))
        person_data = None
        if values.get("recipient_type") == RecipientType.INDIVIDUAL:
            for field in ("full_name", "sex"):
                if not values.get(field):
                    row_errors.append(RowError(row.number, _header(field), _("This cell is required.")))
            person_data = {k: values.get(k) or (None if k.endswith(("_date", "_since")) else "") for k in PERSON_KEYS}
        if row_errors:
            errors.extend(row_errors)
            continue
        parsed.append((row.number, {
            "unit": unit, "person": None, "person_data": person_data, "form": values["form"],
            "issuer": values["issuer"], "kind": values["kind"], "year": values["year"],
            "achievement": values.get("achievement") or "", "decision_number": values.get("decision_number") or "",
            "decision_date": values.get("decision_date"), "decision_signer": values.get("decision_signer") or ""}))
    return parsed, errors


def export_values(award, *, personal: bool, rules=None) -> dict:
    """An award as the values of an export row (personal data only when `personal`). `rules`: the awards law
    data, read once by an export of many rows (else read here)."""
    rules = rules or current_rules()
    issuer = rules.issuers.get(award.issuer)
    values = {
        "year": award.year, "form": award.form, "issuer": issuer.name if issuer else award.issuer, "kind": award.kind,
        "recipient_type": award.recipient_type, "unit_id": award.unit_id, "unit_name": award.unit.name,
        "achievement": award.achievement, "decision_number": award.decision_number,
        "decision_date": award.decision_date, "decision_signer": award.decision_signer,
    }
    person = award.person
    if person is not None:
        values.update(full_name=person.full_name, sex=person.sex, position=person.position,
                      category=person.category, in_post_since=person.in_post_since,
                      in_force_since=person.in_force_since)
        if personal:
            values.update(birth_date=person.birth_date, id_number=person.id_number)
    return values
