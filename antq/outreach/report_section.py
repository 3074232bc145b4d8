"""Outreach in the year's report: totals written the way reports write them ("biên soạn trên 4.000 trang
tài liệu"), and a table by form. Add "antq.outreach.report_section" to `antq.reports.sections.SECTION_MODULES`."""

import datetime

from django.utils.translation import gettext as _

from antq.outreach.selectors import Totals, outreach_totals
from antq.reports.sections import Section, Table, count_text


def round_down(n: int) -> int:
    """The round figure a report writes "over": 4.120 → 4.000, 12.345 → 12.000, 730 → 700, 45 → 45."""
    if n >= 1000:
        return n - n % 1000
    if n >= 100:
        return n - n % 100
    return n


def over_text(n: int) -> str:
    """"trên 4.000" when `n` exceeds its round figure, else the exact count."""
    rounded = round_down(n)
    if rounded == n:
        return count_text(n)
    return _("over %(count)s") % {"count": count_text(rounded)}


def totals_sentences(totals: Totals) -> list[str]:
    """The totals as the report's sentences; empty when nothing was recorded."""
    if not totals.activities:
        return []
    sentences = [_("Held %(activities)s outreach and legal-education activities for %(audience)s attendances.") % {
        "activities": count_text(totals.activities), "audience": over_text(totals.audience)}]
    materials = []
    if totals.pages:
        materials.append(_("compiled %(pages)s pages of material") % {"pages": over_text(totals.pages)})
    if totals.copies:
        materials.append(_("printed and handed out %(copies)s copies") % {"copies": over_text(totals.copies)})
    if totals.clips:
        materials.append(_("produced %(clips)s clips") % {"clips": count_text(totals.clips)})
    if materials:
        text = ", ".join(materials)
        sentences.append(text[0].upper() + text[1:] + ".")
    return sentences


def report_section(*, actor, area, year: int) -> Section | None:
    totals = outreach_totals(actor=actor, area=area, start=datetime.date(year, 1, 1),
                             end=datetime.date(year, 12, 31))
    if not totals.activities:
        return None
    rows = [(line.label, count_text(line.activities), count_text(line.audience), count_text(line.pages),
             count_text(line.copies), count_text(line.clips)) for line in totals.by_form]
    table = Table(
        title=_("Outreach and legal education by form"),
        columns=(_("Form"), _("Activities"), _("Audience"), _("Number of pages"), _("Copies"), _("Clips")),
        rows=rows,
        total=(_("Total"), count_text(totals.activities), count_text(totals.audience), count_text(totals.pages),
               count_text(totals.copies), count_text(totals.clips)))
    return Section(key="outreach", heading=_("Outreach and legal education"), sentences=totals_sentences(totals),
                   tables=(table,))
