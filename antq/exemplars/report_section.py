"""The exemplars in the year's report: how many collectives and individuals were recorded as advanced
exemplars, how many citizens denounced crime, helped catch criminals or handed over weapons and
explosives, what was handed over, and a table by category and kind."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from antq.exemplars.models import ExemplarCategory, ExemplarKind
from antq.exemplars.selectors import exemplar_figures
from antq.reports.sections import Section, Table, count_text

COLL, INDI = ExemplarKind.COLLECTIVE, ExemplarKind.INDIVIDUAL


def _handover_text(figures) -> str:
    parts = []
    for value, text in ((figures.guns, _("%(n)s guns")), (figures.ammunition, _("%(n)s rounds of ammunition")),
                        (figures.detonators, _("%(n)s detonators")),
                        (figures.rudimentary_weapons, _("%(n)s rudimentary weapons")),
                        (figures.support_tools, _("%(n)s support tools"))):
        if value:
            parts.append(text % {"n": count_text(value)})
    if figures.explosives_kg:
        parts.append(_("%(kg)s kg of explosives") % {"kg": number_format(figures.explosives_kg.normalize(),
                                                                          force_grouping=True)})
    return ", ".join(parts)


def report_section(*, actor, area, year: int) -> Section | None:
    figures = exemplar_figures(actor=actor, area=area, year=year)
    if not figures.total:
        return None
    sentences = []
    advanced_c = figures.count(ExemplarCategory.ADVANCED, COLL)
    advanced_i = figures.count(ExemplarCategory.ADVANCED, INDI)
    if advanced_c or advanced_i:
        sentences.append(_("%(collectives)s collectives and %(individuals)s individuals were recorded as advanced "
                           "exemplars of the movement.") % {"collectives": count_text(advanced_c),
                                                            "individuals": count_text(advanced_i)})
    acts = [(ExemplarCategory.DENOUNCED_CRIME, _("%(n)s citizens denounced crime")),
            (ExemplarCategory.HELPED_ARREST, _("%(n)s helped catch criminals")),
            (ExemplarCategory.HANDED_OVER_WEAPONS, _("%(n)s handed over weapons or explosives"))]
    act_parts = [text % {"n": count_text(figures.count(cat))} for cat, text in acts if figures.count(cat)]
    if act_parts:
        sentences.append("; ".join(act_parts) + ".")
    if handed := _handover_text(figures):
        sentences.append(_("Handed over: %(items)s.") % {"items": handed})
    rows = [(label, count_text(figures.count(cat, COLL)), count_text(figures.count(cat, INDI)),
             count_text(figures.count(cat))) for cat, label in ExemplarCategory.choices if figures.count(cat)]
    total = (_("Total"), count_text(figures.count(kind=COLL)), count_text(figures.count(kind=INDI)),
             count_text(figures.total))
    table = Table(title=_("Exemplars by category"),
                  columns=(_("Category"), _("Collectives"), _("Individuals"), _("Total")), rows=rows, total=total)
    return Section(key="exemplars", heading=_("Exemplars of the movement"), sentences=sentences, tables=(table,))
