"""The directives register in the year's report: the documents issued above the area and the plans issued in
it during the year, the reports owed by its units (submitted on time, late, overdue, not yet due), and a
table of the year's documents."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from antq.directives.selectors import DONE_LATE, DUE, LATE, ON_TIME, document_list, reports_owed
from antq.reports.sections import Section, Table, count_text, share_text
from antq.units.models import UnitKind

MAX_TABLE_ROWS = 30


def report_section(*, actor, area, year: int) -> Section | None:
    documents = list(document_list(actor=actor, area=area, year=year).order_by("issued_on", "id"))
    today = min(timezone.localdate(), datetime.date(year, 12, 31))
    owed = reports_owed(actor=actor, area=area, year=year, today=today)
    if not documents and not owed:
        return None
    inside = [d for d in documents if d.unit.path.startswith(area.path)]
    above = len(documents) - len(inside)
    sentences = []
    if above:
        sentences.append(_("In the year, %(count)s documents on the movement were issued by higher levels.") % {
            "count": count_text(above)})
    if inside:
        sentences.append(_("%(plans)s plans and documents were issued in the area to implement them (%(province)s at "
                           "province level, %(commune)s at commune level).") % {
            "plans": count_text(len(inside)),
            "province": count_text(sum(1 for d in inside if d.unit.kind == UnitKind.PROVINCE)),
            "commune": count_text(sum(1 for d in inside if d.unit.kind == UnitKind.COMMUNE))})
    if owed:
        counts = {state: sum(1 for r in owed if r.state == state) for state in (DUE, LATE, ON_TIME, DONE_LATE)}
        fallen_due = counts[ON_TIME] + counts[DONE_LATE] + counts[LATE]
        sentences.append(_("Reports owed under these documents: %(total)s; %(on_time)s submitted on time "
                           "(%(share)s of those fallen due), %(done_late)s submitted late, %(late)s overdue and "
                           "not submitted, %(due)s not yet due.") % {
            "total": count_text(len(owed)), "on_time": count_text(counts[ON_TIME]),
            "share": share_text(round(100 * counts[ON_TIME] / fallen_due, 1) if fallen_due else None),
            "done_late": count_text(counts[DONE_LATE]), "late": count_text(counts[LATE]),
            "due": count_text(counts[DUE])})
    tables = ()
    if documents:
        rows = [(d.number, d.issued_on.strftime("%d/%m/%Y"), d.issuer, d.title) for d in documents[:MAX_TABLE_ROWS]]
        note = _("First %(count)s documents shown.") % {"count": MAX_TABLE_ROWS} if len(documents) > MAX_TABLE_ROWS \
            else ""
        tables = (Table(title=_("Documents issued in the year"),
                        columns=(_("Number and symbol"), _("Date issued"), _("Issued by"), _("Title")), rows=rows,
                        note=note),)
    return Section(key="directives", heading=_("Implementing Party and State directives"), sentences=sentences,
                   tables=tables)
