"""Models and clubs in the year's report: the counts sentence as the provinces print it ("toàn tỉnh có 13 loại
mô hình với 1.360 câu lạc bộ; ngoài xã hội 10 loại với 747 câu lạc bộ; trong cơ quan, doanh nghiệp, nhà
trường 30 loại với 613 câu lạc bộ", Trà Vinh 2017), the typical models, and a table per sector."""

import datetime
from collections import Counter

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from antq.clubs.models import MovementModel, Sector
from antq.clubs.selectors import counts, existing_on
from antq.reports.sections import Section, Table, count_text
from antq.units.models import Unit, UnitKind


def _whole(area: Unit) -> str:
    """"toàn tỉnh", "toàn xã" …: the area word the sentence opens with."""
    if area.kind == UnitKind.COUNTRY:
        return pgettext("the whole …", "country")
    if area.kind == UnitKind.PROVINCE:
        return pgettext("the whole …", "province")
    if area.kind == UnitKind.COMMUNE:
        return pgettext("the whole …", "commune")
    return area.name


def counts_sentence(result) -> str:
    society, organisations = result.of(Sector.SOCIETY), result.of(Sector.ORGANISATIONS)
    return _("In the whole %(area)s there are %(types)s model types with %(clubs)s clubs; in society %(society_types)s "
             "types with %(society_clubs)s clubs; in agencies, enterprises and schools %(org_types)s types with "
             "%(org_clubs)s clubs.") % {
        "area": _whole(result.area), "types": count_text(result.types), "clubs": count_text(result.clubs),
        "society_types": count_text(society.types), "society_clubs": count_text(society.clubs),
        "org_types": count_text(organisations.types), "org_clubs": count_text(organisations.clubs)}


def _sector_table(*, area: Unit, day: datetime.date, sector: str) -> Table | None:
    """One row per type used in the sector (as registered): sites, models, clubs, members on `day`."""
    models = list(MovementModel.objects.in_subtree(area.path).filter(existing_on(day), type__sector=sector)
                  .select_related("type").prefetch_related("clubs"))
    if not models:
        return None
    sites: dict[int, set[int]] = {}
    per_type: Counter = Counter()
    clubs: Counter = Counter()
    members: Counter = Counter()
    names: dict[int, str] = {}
    for model in models:
        names[model.type_id] = model.type.name
        per_type[model.type_id] += 1
        sites.setdefault(model.type_id, set()).add(model.site_id)
        for club in model.clubs.all():
            if (club.established_on is None or club.established_on <= day) and (
                    club.dissolved_on is None or club.dissolved_on > day):
                clubs[model.type_id] += 1
                members[model.type_id] += club.members_count
    order = sorted(names, key=lambda pk: (-clubs[pk], names[pk]))
    rows = [(names[pk], count_text(len(sites[pk])), count_text(per_type[pk]), count_text(clubs[pk]),
             count_text(members[pk])) for pk in order]
    total = (_("Total"), count_text(len({m.site_id for m in models})), count_text(len(models)),
             count_text(sum(clubs.values())), count_text(sum(members.values())))
    return Table(title=Sector(sector).label, columns=(_("Model type"), _("Sites"), _("Models"), _("Clubs"),
                                                     _("Members")), rows=rows, total=total)


def report_section(*, actor, area, year: int) -> Section | None:
    result = counts(actor=actor, area=area, year=year)
    if not result.models:
        return None  # nothing registered: no section rather than a line of zeros
    sentences = [counts_sentence(result)]
    if result.typical:
        sentences.append(_("%(count)s models were recognised as typical in %(year)s.") % {
            "count": count_text(result.typical), "year": year})
    tables = tuple(t for t in (_sector_table(area=area, day=result.day, sector=s) for s in Sector.values) if t)
    return Section(key="clubs", heading=_("Self-management models and clubs"), sentences=sentences, tables=tables)
