"""Commendations in the year's report: the counts sentence ("Bộ Công an tặng 3 cờ thi đua và 7 bằng khen cho
10 tập thể; …") and a table per issuer, form and recipient type of the awards decided for the year."""

from django.utils.translation import gettext as _

from antq.commendations.models import AwardForm
from antq.commendations.selectors import award_counts, first_award_year
from antq.commendations.summary import counts_sentences, period_sentence
from antq.reports.sections import Section, Table, count_text


def report_section(*, actor, area, year: int) -> Section | None:
    counts = award_counts(actor=actor, area=area, year_from=year, year_to=year)
    if not counts.total:
        return None  # nothing decided for the year: no section rather than a line of zeros
    forms = counts.forms
    rows = [(entry.name, *[count_text(entry.forms.get(f, 0)) for f in forms], count_text(entry.collectives),
             count_text(entry.individuals)) for entry in counts.issuers]
    table = Table(title=_("Commendations decided"),
                  columns=(_("Issuer"), *[str(AwardForm(f).label) for f in forms], _("Collectives"), _("Individuals")),
                  rows=rows, total=(_("Total"), *[count_text(counts.form_total(f)) for f in forms],
                                    count_text(counts.collectives), count_text(counts.individuals)))
    sentences = counts_sentences(counts)
    first = first_award_year(actor=actor, area=area)
    if first is not None and first < year:
        # The report's "Từ năm 2008 đến nay … 118 tập thể, 1.470 cá nhân" line, over every recorded year.
        sentences.append(period_sentence(award_counts(actor=actor, area=area, year_from=first, year_to=year)))
    return Section(key="commendations", heading=_("Emulation and commendation"), sentences=sentences,
                   tables=(table,))
