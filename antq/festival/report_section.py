"""The Festival Day in the year's report: coverage by kind ("100 % khu dân cư đã tổ chức Ngày hội…"), the
figures of the events held, and a table. Add "antq.festival.report_section" to
`antq.reports.sections.SECTION_MODULES`."""

from django.utils.translation import gettext as _

from antq.festival.selectors import coverage
from antq.reports.sections import Section, Table, count_text, share_text
from antq.units.models import UnitKind


def _share(value) -> str:
    """"100 %" for a whole share, "66,7 %" otherwise."""
    if value is not None and value == value.to_integral_value():
        return f"{int(value)}\u00a0%"
    return share_text(value)


def _kind_sentence(kind: str, share: str, held: int, total: int) -> str:
    values = {"share": share, "held": count_text(held), "total": count_text(total)}
    if kind == UnitKind.RESIDENTIAL_AREA:
        return _("%(share)s of residential areas (%(held)s/%(total)s) held the Festival Day for All People to "
                 "Protect National Security.") % values
    if kind == UnitKind.AGENCY:
        return _("%(share)s of agencies (%(held)s/%(total)s) held the Festival Day.") % values
    if kind == UnitKind.ENTERPRISE:
        return _("%(share)s of enterprises (%(held)s/%(total)s) held the Festival Day.") % values
    return _("%(share)s of schools (%(held)s/%(total)s) held the Festival Day.") % values


def report_section(*, actor, area, year: int) -> Section | None:
    result = coverage(actor=actor, area=area, year=year)
    if not result.total or not result.events_held:
        return None  # nothing recorded for the year: no section rather than a line of zeros
    sentences = [_kind_sentence(k.kind, _share(k.share), k.held, k.total) for k in result.kinds if k.total]
    if result.events_held:
        sentences.append(_("%(events)s events held, with %(participants)s participants; %(gifts)s gifts worth "
                           "%(value)s VND; %(awards)s awards handed out.") % {
            "events": count_text(result.events_held), "participants": count_text(result.participants),
            "gifts": count_text(result.gifts_count), "value": count_text(result.gifts_value),
            "awards": count_text(result.awards_count)})
    if result.missing:
        sentences.append(_("Not held by %(deadline)s: %(units)s.") % {
            "deadline": result.deadline.strftime("%d/%m/%Y"),
            "units": ", ".join(u.name for u in result.missing[:20]) + ("…" if len(result.missing) > 20 else "")})
    rows = [(k.label, count_text(k.total), count_text(k.held), _share(k.share)) for k in result.kinds if k.total]
    table = Table(title=_("Festival Day coverage"), columns=(_("Kind"), _("Number of units"), _("Held"), _("Share")),
                  rows=rows, total=(_("Total"), count_text(result.total), count_text(result.held),
                                    _share(result.share)))
    return Section(key="festival", heading=_("Festival Day for All People to Protect National Security"),
                   sentences=sentences, tables=(table,))
