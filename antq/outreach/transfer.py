"""Outreach activities as a spreadsheet: export what the actor sees (with the list's filters), import the
activities of one area all-or-nothing, each row through `services.outreach_activity_create` (the form's
service). Units are named as in the festival import (`antq.festival.transfer.unit_in_area`); a topic is
written as its Vietnamese or English label or its code (the topics are law data, so the words are read
from the data in force)."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from antq.core.sheets import CellError, Column, cell_text, cells_for, choice_column, parse_count, parse_date
from antq.core.text import fold
from antq.festival.transfer import UNIT_COLUMNS, ImportResult, import_rows, unit_cells
from antq.outreach.models import OutreachActivity, OutreachForm
from antq.outreach.services import outreach_activity_create
from antq.outreach.topics import topics
from antq.units.models import GRASSROOTS_KINDS, Unit, UnitKind

ENTRY_KINDS = (UnitKind.PROVINCE, UnitKind.COMMUNE, *GRASSROOTS_KINDS)
FORM_WORDS = {
    OutreachForm.ORAL: ("Tuyên truyền miệng", "Hội nghị, nói chuyện"),
    OutreachForm.VISUAL: ("Trực quan (pa-nô, áp phích)", "Trực quan", "Pa-nô, áp phích"),
    OutreachForm.LOUDSPEAKER: ("Loa truyền thanh", "Loa"),
    OutreachForm.LEAFLET: ("Tờ rơi",),
    OutreachForm.VIDEO: ("Phóng sự, clip", "Clip", "Video"),
    OutreachForm.ONLINE: ("Trực tuyến, mạng xã hội", "Trực tuyến", "Mạng xã hội"),
    OutreachForm.LEGAL_CLASS: ("Lớp phổ biến pháp luật",),
    OutreachForm.COMMUNITY_REEDUCATION: ("Giáo dục tại cộng đồng",),
}


def parse_topic(raw: object) -> str:
    """A topic code from its code, Vietnamese label or English label (folded)."""
    text = cell_text(raw)
    if not text:
        return ""
    wanted = fold(text)
    for topic in topics().values():
        if wanted in (fold(topic.code), fold(topic.label_vi), fold(topic.label_en)):
            return topic.code
    raise CellError(_("“%(value)s” is not a topic of the list.") % {"value": text})


COLUMNS = (
    *UNIT_COLUMNS,
    Column("held_on", "Ngày thực hiện (dd/mm/yyyy)", parse_date, required=True, width=16, text=True),
    choice_column("form", "Hình thức", FORM_WORDS, OutreachForm, required=True, width=22),
    Column("topic", "Chủ đề", parse_topic, required=True, width=30),
    Column("title", "Tên hoạt động", required=True, width=40),
    Column("audience", "Số người tham dự", parse_count, width=12),
    Column("pages", "Số trang tài liệu", parse_count, width=12),
    Column("copies", "Số bản in, phát", parse_count, width=12),
    Column("clips", "Số phóng sự, clip", parse_count, width=12),
    Column("note", "Ghi chú", width=30),
)


def activity_cells(activity: OutreachActivity) -> list[object]:
    values = {c.field: getattr(activity, c.field) for c in COLUMNS if c.field not in ("unit", "commune", "topic")}
    topic = topics().get(activity.topic)
    values["topic"] = topic.label_vi if topic else activity.topic
    return cells_for(COLUMNS, {**values, **unit_cells(activity.unit)})


def export_rows(activities: Iterable[OutreachActivity]) -> Iterable[list[object]]:
    return (activity_cells(a) for a in activities)


def outreach_activities_import(*, actor, area: Unit, data: bytes, file_name: str) -> ImportResult:
    """Create the activities of the file's rows in `area` through the form's service, or none."""

    def create(unit: Unit, values: dict) -> OutreachActivity:
        return outreach_activity_create(actor=actor, unit=unit, **values)

    return import_rows(data=data, file_name=file_name, columns=COLUMNS, area=area, kinds=ENTRY_KINDS, create=create)
