"""Spreadsheets of the security-team registry: export of teams and members in scope, and import of members
into a team or of teams with their members into a commune (`antq.core.sheets`).

One format for all three: a row per serving member, with the team's columns repeated on each row (a team
without members is one row with the member's columns blank). Importing into a team, the team's columns may
be left blank (or name that team); importing into a commune, the rows of one team name make one team.

All-or-nothing, and every row goes through the registry's own services (`team_create`, `member_add`), so the
eligibility rules of Luật 30/2023 art. 13, the province's quota and the one-leader rule apply exactly as on
the forms. The rows are written inside one transaction, each in a savepoint; if any row is refused, the whole
transaction is rolled back and every refusal is listed by row and column.
"""

from dataclasses import dataclass, field
from itertools import groupby

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from antq.accounts.scope import Capability, has_capability
from antq.core.audit import audit_record
from antq.core.sheets import (
    Column,
    RowError,
    SheetRow,
    cell_text,
    cells_for,
    choice_column,
    parse_count,
    parse_date,
    parse_row,
    parse_yes_no,
)
from antq.core.text import fold, nfc
from antq.grassroots import selectors
from antq.grassroots.models import Education, MemberRole, Origin, SecurityTeam, Sex, TeamMember
from antq.grassroots.services import member_add, team_create
from antq.units.models import Unit, UnitKind

EDUCATION_WORDS = {
    Education.NONE: ("Không đi học",),
    Education.PRIMARY: ("Tiểu học",),
    Education.LOWER_SECONDARY: ("Trung học cơ sở", "THCS"),
    Education.UPPER_SECONDARY: ("Trung học phổ thông", "THPT"),
    Education.HIGHER: ("Trung cấp trở lên", "Trung cấp", "Cao đẳng", "Đại học"),
}
ROLE_WORDS = {MemberRole.LEADER: ("Tổ trưởng",), MemberRole.DEPUTY: ("Tổ phó",), MemberRole.MEMBER: ("Tổ viên",)}
ORIGIN_WORDS = {
    Origin.NEIGHBOURHOOD_GUARD: ("Bảo vệ dân phố",),
    Origin.SEMI_PROFESSIONAL_POLICE: ("Công an xã bán chuyên trách",),
    Origin.CIVIL_DEFENCE_LEADER: ("Tổ trưởng, tổ phó dân phòng", "Dân phòng"),
    Origin.NEW: ("Mới",),
}
SEX_WORDS = {Sex.MALE: ("Nam",), Sex.FEMALE: ("Nữ",)}


def _households(raw: object) -> int | None:
    return parse_count(raw) if cell_text(raw) else None


def _areas(raw: object) -> list[str]:
    """KDC names separated by ";" or "," (no official KDC name holds either)."""
    return [nfc(part) for part in cell_text(raw).replace(";", ",").split(",") if nfc(part)]


COLUMNS = (
    Column("commune", "Xã, phường", width=22),
    Column("team", "Tên tổ", width=28),
    Column("areas", "Địa bàn (thôn, tổ dân phố; cách nhau bởi dấu phẩy)", _areas, width=30),
    Column("households", "Số hộ", _households, width=8),
    Column("team_decision_number", "Số quyết định thành lập tổ", width=18),
    Column("team_decision_date", "Ngày quyết định thành lập tổ", parse_date, width=14, text=True),
    Column("full_name", "Họ và tên", width=24),
    Column("birth_date", "Ngày sinh", parse_date, width=12, text=True),
    choice_column("sex", "Giới tính", SEX_WORDS, Sex, width=8),
    Column("id_number", "Số căn cước", width=16, text=True),
    choice_column("education", "Trình độ học vấn", EDUCATION_WORDS, Education, width=18),
    Column("resident_since", "Cư trú tại địa bàn từ ngày", parse_date, width=14, text=True),
    choice_column("role", "Chức danh", ROLE_WORDS, MemberRole, width=12),
    choice_column("origin", "Nguồn", ORIGIN_WORDS, Origin, width=24),
    Column("decision_number", "Số quyết định công nhận", width=18),
    Column("joined_on", "Ngày quyết định công nhận", parse_date, width=14, text=True),
    Column("age_exception", "Ngoài độ tuổi (ngoại lệ)", parse_yes_no, width=10),
    Column("age_exception_reason", "Lý do ngoại lệ", width=24),
)
COLUMN_BY_FIELD = {c.field: c for c in COLUMNS}
YES_NO_FIELDS = ("age_exception",)
TEAM_FIELDS = ("areas", "households", "team_decision_number", "team_decision_date")
MEMBER_FIELDS = ("full_name", "birth_date", "sex", "id_number", "education", "resident_since", "role", "origin",
                 "decision_number", "joined_on", "age_exception", "age_exception_reason")
# Which column a service's error about a field belongs to.
TEAM_ERROR_COLUMNS = {"name": "team", "areas": "areas", "households": "households",
                      "decision_number": "team_decision_number", "decision_date": "team_decision_date"}


@dataclass
class ImportResult:
    teams: int = 0
    members: int = 0
    errors: list[RowError] = field(default_factory=list)


class _Rollback(Exception):
    """Raised inside the import's transaction to undo every row once a row was refused."""


# --- export ---------------------------------------------------------------------------------------------

def export_rows(*, actor, area: Unit | None = None, team: SecurityTeam | None = None) -> list[list[object]]:
    """The active teams (of `team` alone, or under `area`) the actor may see and their serving members, as
    spreadsheet rows; ID numbers masked where the actor may not see them (`selectors.id_number_for`)."""
    teams = [team] if team is not None else list(selectors.team_list(actor=actor, area=area,
                                                                     status=SecurityTeam.Status.ACTIVE))
    members = {}
    for member in (TeamMember.objects.filter(team__in=teams, status=TeamMember.Status.ACTIVE)
                   .order_by("team_id", "role", "full_name")):
        members.setdefault(member.team_id, []).append(member)
    rows = []
    for t in teams:
        shown = selectors.may_see_id_numbers(actor, t)
        team_values = {"commune": t.commune.name, "team": t.name, "areas": ", ".join(a.name for a in t.areas.all()),
                       "households": t.households, "team_decision_number": t.decision_number,
                       "team_decision_date": t.decision_date}
        for member in members.get(t.pk, []) or [None]:
            values = dict(team_values)
            if member is not None:
                values.update({name: getattr(member, name) for name in MEMBER_FIELDS})
                if not shown:
                    values["id_number"] = selectors.mask_id_number(member.id_number)
            rows.append(cells_for(COLUMNS, values))
    return rows


# --- import ---------------------------------------------------------------------------------------------

def _row_errors(number: int, exc: ValidationError, columns: dict[str, str]) -> list[RowError]:
    """A service's refusal as row errors, each under the column of the field it names."""
    if not hasattr(exc, "error_dict"):
        return [RowError(number, "", m) for m in exc.messages]
    errors = []
    for name, messages in exc.message_dict.items():
        column = COLUMN_BY_FIELD.get(columns.get(name, name))
        errors += [RowError(number, column.header if column else "", m) for m in messages]
    return errors


def _missing(number: int, values: dict, fields: tuple[str, ...]) -> list[RowError]:
    return [RowError(number, COLUMN_BY_FIELD[f].header, _("This cell is required."))
            for f in fields if values.get(f) in (None, "", [])]


MEMBER_REQUIRED = ("full_name", "birth_date", "sex", "education", "resident_since", "decision_number", "joined_on")


def _add_member(actor, team: SecurityTeam, number: int, values: dict) -> list[RowError]:
    if errors := _missing(number, values, MEMBER_REQUIRED):
        return errors
    kwargs = {name: values[name] for name in MEMBER_FIELDS if name in values}
    kwargs["role"] = kwargs.get("role") or MemberRole.MEMBER
    kwargs["origin"] = kwargs.get("origin") or Origin.NEW
    kwargs.setdefault("age_exception", False)
    try:
        with transaction.atomic():
            member_add(actor=actor, team=team, **kwargs)
    except ValidationError as exc:
        return _row_errors(number, exc, {})
    return []


def _has_member(values: dict) -> bool:
    return any(values.get(name) not in (None, "", False) for name in MEMBER_FIELDS)


def _parsed(rows: list[SheetRow], commune: Unit) -> tuple[list[tuple[int, dict]], list[RowError]]:
    parsed, errors = [], []
    for row in rows:
        values, row_errors = parse_row(row, COLUMNS)
        commune_name = values.pop("commune", "")
        if commune_name and fold(commune_name) != fold(commune.name):
            row_errors.append(RowError(row.number, COLUMN_BY_FIELD["commune"].header,
                                       _("This row belongs to another commune than %(commune)s.") % {
                                           "commune": commune.name}))
        errors += row_errors
        parsed.append((row.number, values))
    if not rows:
        errors.append(RowError(None, "", _("The file has a header row but no rows below it.")))
    return parsed, errors


def _run(write) -> ImportResult:
    """Run `write()` (which returns a result) in one transaction, rolled back if the result has errors."""
    result = ImportResult()
    try:
        with transaction.atomic():
            result = write()
            if result.errors:
                raise _Rollback
    except _Rollback:
        result.teams = result.members = 0
    order = {c.header: i for i, c in enumerate(COLUMNS)}
    result.errors.sort(key=lambda e: (e.row or 0, order.get(e.column, len(order))))
    return result


def members_import(*, actor, team: SecurityTeam, rows, file_name: str = "") -> ImportResult:
    """Add a member to `team` for every row through `member_add`, or none if any row is refused."""
    if not has_capability(actor, team.commune, Capability.ENTER_DATA):
        raise ValidationError(_("You may not enter data for this commune."))
    if not team.is_active:
        raise ValidationError(_("This team was dissolved and can no longer be changed."))
    parsed, errors = _parsed(list(rows), team.commune)
    header = COLUMN_BY_FIELD["team"].header
    for number, values in parsed:
        if values.get("team") and fold(values["team"]) != fold(team.name):
            errors.append(RowError(number, header, _("This row belongs to another team than %(team)s.") % {
                "team": team.name}))
    if errors:
        return ImportResult(errors=errors)

    def write() -> ImportResult:
        result = ImportResult()
        for number, values in parsed:
            row_errors = _add_member(actor, team, number, values)
            result.errors += row_errors
            result.members += not row_errors
        if not result.errors:
            audit_record(actor=actor, action="security_team.import_members", target=team,
                         detail={"file_name": file_name, "members": result.members})
        return result

    return _run(write)


def _team_areas(commune: Unit, names: list[str]) -> tuple[list[Unit], list[str]]:
    by_name = {}
    for unit in Unit.objects.filter(parent=commune, kind=UnitKind.RESIDENTIAL_AREA, valid_to__isnull=True):
        by_name.setdefault(unit.name_folded or fold(unit.name), unit)
    found, unknown = [], []
    for name in names:
        unit = by_name.get(fold(name))
        (found if unit else unknown).append(unit or name)
    return found, unknown


def teams_import(*, actor, commune: Unit, rows, file_name: str = "") -> ImportResult:
    """Set up a team for every team name of the file (its first row gives the team's columns) with the members
    of its rows, through `team_create` and `member_add`; nothing at all if any row is refused."""
    if commune.kind != UnitKind.COMMUNE or not has_capability(actor, commune, Capability.ENTER_DATA):
        raise ValidationError(_("You may not enter data for this commune."))
    parsed, errors = _parsed(list(rows), commune)
    team_header = COLUMN_BY_FIELD["team"].header
    for number, values in parsed:
        if not values.get("team"):
            errors.append(RowError(number, team_header, _("This cell is required.")))
    if errors:
        return ImportResult(errors=errors)
    ordered = sorted(parsed, key=lambda item: (fold(item[1]["team"]), item[0]))

    def write() -> ImportResult:
        result = ImportResult()
        for _name, group in groupby(ordered, key=lambda item: fold(item[1]["team"])):
            group = list(group)
            number, first = group[0]
            for other_number, other in group[1:]:
                for name in TEAM_FIELDS:
                    if other.get(name) not in (None, "", []) and other.get(name) != first.get(name):
                        result.errors.append(RowError(other_number, COLUMN_BY_FIELD[name].header, _(
                            "The team “%(team)s” has another value on row %(row)s.") % {
                            "team": first["team"], "row": number}))
            row_errors = _missing(number, first, ("areas", "team_decision_number", "team_decision_date"))
            areas, unknown = _team_areas(commune, first.get("areas") or [])
            row_errors += [RowError(number, COLUMN_BY_FIELD["areas"].header, _(
                "%(area)s is not a residential area of %(commune)s.") % {"area": name, "commune": commune.name})
                for name in unknown]
            if row_errors:
                result.errors += row_errors
                continue
            try:
                with transaction.atomic():
                    team = team_create(actor=actor, commune=commune, name=first["team"], areas=areas,
                                       decision_number=first["team_decision_number"],
                                       decision_date=first["team_decision_date"],
                                       households=first.get("households"))
            except ValidationError as exc:
                result.errors += _row_errors(number, exc, TEAM_ERROR_COLUMNS)
                continue
            result.teams += 1
            for member_number, values in group:
                if _has_member(values):
                    member_errors = _add_member(actor, team, member_number, values)
                    result.errors += member_errors
                    result.members += not member_errors
        if not result.errors:
            audit_record(actor=actor, action="security_team.import", target=commune,
                         detail={"file_name": file_name, "teams": result.teams, "members": result.members})
        return result

    return _run(write)

