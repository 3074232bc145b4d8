"""The counts as reports write them: one sentence per issuer, and one for a whole period.

"Bộ Công an tặng 3 cờ thi đua và 7 bằng khen cho 10 tập thể." (SEEDS 000) and "Từ năm 2008 đến nay,
Bộ Công an, UBND tỉnh, … đã tặng cờ thi đua, bằng khen, giấy khen cho 118 tập thể, 1.470 cá nhân."
(SEEDS 002). The figures are the counts of decided awards; the words come from the catalogue.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from antq.commendations.models import AwardForm
from antq.commendations.selectors import Counts, IssuerCount
from antq.reports.sections import count_text


def form_count_text(form: str, n: int) -> str:
    values = {"count": count_text(n)}
    if form == AwardForm.FLAG:
        return ngettext("%(count)s emulation flag", "%(count)s emulation flags", n) % values
    if form == AwardForm.CERTIFICATE_OF_MERIT:
        return ngettext("%(count)s certificate of merit", "%(count)s certificates of merit", n) % values
    if form == AwardForm.COMMENDATION_LETTER:
        return ngettext("%(count)s commendation letter", "%(count)s commendation letters", n) % values
    return ngettext("%(count)s commemorative medal", "%(count)s commemorative medals", n) % values


def form_plural(form: str) -> str:
    return {AwardForm.FLAG: _("emulation flags"), AwardForm.CERTIFICATE_OF_MERIT: _("certificates of merit"),
            AwardForm.COMMENDATION_LETTER: _("commendation letters"),
            AwardForm.COMMEMORATIVE_MEDAL: _("commemorative medals")}[form]


def recipients_text(collectives: int, individuals: int) -> str:
    parts = []
    if collectives:
        parts.append(ngettext("%(count)s collective", "%(count)s collectives", collectives) % {
            "count": count_text(collectives)})
    if individuals:
        parts.append(ngettext("%(count)s individual", "%(count)s individuals", individuals) % {
            "count": count_text(individuals)})
    return ", ".join(parts)


def _and(parts: list[str]) -> str:
    if len(parts) < 2:
        return "".join(parts)
    return _("%(first)s and %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def issuer_sentence(entry: IssuerCount, forms: list[str]) -> str:
    awarded = [form_count_text(f, entry.forms[f]) for f in forms if entry.forms.get(f)]
    return _("%(issuer)s awarded %(awards)s to %(recipients)s.") % {
        "issuer": entry.name, "awards": _and(awarded), "recipients": recipients_text(entry.collectives,
                                                                                     entry.individuals)}


def period_sentence(counts: Counts) -> str:
    values = {"start": counts.year_from, "end": counts.year_to, "issuers": ", ".join(i.name for i in counts.issuers),
              "forms": ", ".join(form_plural(f) for f in counts.forms),
              "recipients": recipients_text(counts.collectives, counts.individuals)}
    if counts.year_from == counts.year_to:
        return _("In %(start)s, %(issuers)s awarded %(forms)s to %(recipients)s.") % values
    if counts.year_to >= timezone.localdate().year:
        return _("From %(start)s to date, %(issuers)s awarded %(forms)s to %(recipients)s.") % values
    return _("From %(start)s to %(end)s, %(issuers)s awarded %(forms)s to %(recipients)s.") % values


def counts_sentences(counts: Counts) -> list[str]:
    """The period's sentence, then one per issuer; empty when nothing was awarded."""
    if not counts.total:
        return []
    forms = counts.forms
    return [period_sentence(counts), *(issuer_sentence(entry, forms) for entry in counts.issuers)]
