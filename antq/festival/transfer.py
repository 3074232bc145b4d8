"""Festival Day events as a spreadsheet: export what the actor sees (with the list's filters), import the events
of one area all-or-nothing.

Each row names its unit by name ("Đơn vị", with "Xã, phường" when the name repeats in the area; blank: the
area itself) and goes through `services.festival_event_create`, the form's service, in a savepoint: a date
outside the campaign window is a row error unless the "exception reason" column is filled by an actor who
may record exceptions (the service decides). If any row fails, nothing is kept. `unit_in_area` is shared
with the outreach import.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from antq.core.sheets import (
    CellError,
    Column,
    RowError,
    SheetError,
    cell_text,
    cells_for,
    choice_column,
    parse_count,
    parse_date,
    parse_row,
    read_sheet,
)
from antq.core.text import fold
from antq.festival.models import FESTIVAL_UNIT_KINDS, FestivalEvent
from antq.festival.services import festival_event_create
from antq.units.models import Unit

STATUS_WORDS = {FestivalEvent.Status.HELD: ("Đã tổ chức", "Đã"), FestivalEvent.Status.PLANNED: ("Dự kiến", "Kế hoạch")}
UNIT_COLUMNS = (
    Column("unit", "Đơn vị (để trống: chính địa bàn nhập)", width=32),
    Column("commune", "Xã, phường", width=24),
)
COLUMNS = (
    *UNIT_COLUMNS,
    Column("held_on", "Ngày tổ chức (dd/mm/yyyy)", parse_date, required=True, width=16, text=True),
    choice_column("status", "Trạng thái", STATUS_WORDS, FestivalEvent.Status, width=14),
    Column("place", "Địa điểm", required=True, width=30),
    Column("ceremony", "Phần lễ", width=30),
    Column("festivities", "Phần hội", width=30),
    Column("participants", "Số người tham dự", parse_count, width=12),
    Column("guests", "Khách mời", width=24),
    Column("gifts_count", "Số suất quà", parse_count, width=12),
    Column("gifts_value", "Giá trị quà (đồng)", parse_count, width=14),
    Column("awards_count", "Số khen thưởng", parse_count, width=12),
    Column("awards", "Khen thưởng (ai, hình thức)", width=30),
    Column("report", "Báo cáo tóm tắt", width=40),
    Column("exception_reason", "Lý do tổ chức ngoài thời gian đợt cao điểm", width=36),
)
HEADER_OF = {c.field: c.header for c in COLUMNS}


def unit_in_area(area: Unit, name: str, commune: str, kinds: Sequence[str]) -> Unit:
    """The current unit of `kinds` named `name` in `area` (accent- and case-insensitive), narrowed by the
    commune's name when given; blank `name` is the area itself. Raise `CellError` when none or several."""
    if not name:
        if area.kind in kinds:
            return area
        raise CellError(_("Write the unit's name."))
    units = Unit.objects.filter(path__startswith=area.path, kind__in=kinds, valid_to__isnull=True,
                                name_folded=fold(name))
    if commune:
        units = units.filter(Q(parent__name_folded=fold(commune)) | Q(name_folded=fold(commune)))
    found = list(units[:2])
    if not found:
        raise CellError(_("No unit named “%(name)s” in %(area)s.") % {"name": name, "area": area.name})
    if len(found) > 1:
        raise CellError(_("Several units are named “%(name)s”; write the commune's name too.") % {"name": name})
    return found[0]


def unit_cells(unit: Unit) -> dict[str, str]:
    """The unit columns of an export row: the unit's name and, below a commune, the commune's."""
    parent = unit.parent
    return {"unit": unit.name, "commune": parent.name if parent is not None and parent.kind == "commune" else ""}


def event_cells(event: FestivalEvent) -> list[object]:
    values = {c.field: getattr(event, c.field) for c in COLUMNS if c.field not in ("unit", "commune")}
    return cells_for(COLUMNS, {**values, **unit_cells(event.unit)})


@dataclass
class ImportResult:
    created: list = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def row_errors(number: int, exc: ValidationError, header_of: dict[str, str]) -> list[RowError]:
    if hasattr(exc, "error_dict"):
        return [RowError(number, header_of.get(f, ""), m) for f, ms in exc.message_dict.items() for m in ms]
    return [RowError(number, "", m) for m in exc.messages]


def import_rows(*, data: bytes, file_name: str, columns: Sequence[Column], area: Unit, kinds: Sequence[str],
                create: Callable[[Unit, dict], object]) -> ImportResult:
    """Read the file, resolve each row's unit in `area`, and `create(unit, values)` every row in one
    transaction: all rows or none. Shared by the festival and outreach imports."""
    header_of = {c.field: c.header for c in columns}
    result = ImportResult()
    try:
        rows = read_sheet(data, file_name, columns)
    except SheetError as exc:
        result.errors = exc.errors
        return result
    if not rows:
        result.errors = [RowError(None, "", _("The file has no rows under the header."))]
        return result
    with transaction.atomic():
        for row in rows:
            values, errors = parse_row(row, columns)
            name, commune = cell_text(values.pop("unit", "")), cell_text(values.pop("commune", ""))
            unit = None
            try:
                unit = unit_in_area(area, name, commune, kinds)
            except CellError as exc:
                errors.append(RowError(row.number, header_of["unit"], str(exc)))
            if errors:
                result.errors += errors
                continue
            try:
                with transaction.atomic():
                    result.created.append(create(unit, values))
            except ValidationError as exc:
                result.errors += row_errors(row.number, exc, header_of)
        if result.errors:
            transaction.set_rollback(True)
            result.created = []
    return result


def festival_events_import(*, actor, area: Unit, data: bytes, file_name: str) -> ImportResult:
    """Create the events of the file's rows in `area` through the form's service, or none."""

    def create(unit: Unit, values: dict) -> FestivalEvent:
        status = values.pop("status", "") or FestivalEvent.Status.PLANNED
        return festival_event_create(actor=actor, unit=unit, held=status == FestivalEvent.Status.HELD, **values)

    return import_rows(data=data, file_name=file_name, columns=COLUMNS, area=area, kinds=FESTIVAL_UNIT_KINDS,
                       create=create)


def export_rows(events: Iterable[FestivalEvent]) -> Iterable[list[object]]:
    return (event_cells(e) for e in events)
