"""Writes of the derived national criteria: officers' answers to entered contents, and the definitions.

Who may answer: anyone with data entry on the commune (its commune officer, the province officer,
the national administrator), for an `entered` content of an indicator that applies to the commune's
kind and covers the year — until the commune's recognition case of that year is decided. After the
decision the answers are locked for the commune, and only a level that decides (data entry plus
`decide` on the commune: the province, the national administrator) may still change them, with a
note. The reason: the answers feed a national indicator computed for a decided year and published
in the statistics; a change after the decision is a correction of a closed year, which the recognition
workflow also reserves to the level above the commune (the one that reopens a decided case).

The definitions are edited by a national administrator only, saved as a new numbered version through
`antq.core.law_data.data_version_save` (validated whole, audited there).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.scope import Capability, has_capability, is_national_admin
from antq.core.audit import audit_record, snapshot
from antq.core.law_data import data_version_save
from antq.core.models import DataVersion
from antq.core.text import nfc
from antq.recognition.derived.rules import KEY, MIN_YEAR, DerivedRules, current_rules
from antq.recognition.models import CaseStatus, DerivedContentAnswer, RecognitionCase
from antq.units.models import Unit, UnitKind

NOTE_MAX_LENGTH = 2000
ANSWER_FIELDS = ["met", "note", "answered_by"]


def year_decided(*, commune: Unit, year: int) -> bool:
    """Whether the commune's recognition case of `year` is decided (the answers are then locked for it)."""
    return RecognitionCase.objects.filter(unit=commune, year=year, status=CaseStatus.DECIDED).exists()


def can_answer(actor, commune: Unit, *, decided: bool) -> bool:
    """Whether `actor` may answer the entered contents of `commune` for a year (`decided`: its case is decided)."""
    if not has_capability(actor, commune, Capability.ENTER_DATA):
        return False
    return not decided or has_capability(actor, commune, Capability.DECIDE)


def _entered_content(rules: DerivedRules, commune: Unit, year: int, indicator: str, content_code: str):
    try:
        definition = rules.indicator(indicator)
        content = definition.content(content_code)
    except KeyError:
        raise ValidationError(_("There is no such content of a derived criterion.")) from None
    if not definition.applies_to(commune.local_kind):
        raise ValidationError(_("%(indicator)s does not apply to this commune.") % {"indicator": definition.title})
    if not definition.covers(year) or not content.applies_in(year):
        raise ValidationError(_("This content does not apply in %(year)s.") % {"year": year})
    if not content.entered:
        raise ValidationError(_("This content is decided from the recognition data, not entered."))
    return content


@transaction.atomic
def derived_answer_set(*, actor, commune: Unit, year: int, indicator: str, content_code: str, met: bool | None,
                       note: str = "") -> DerivedContentAnswer:
    """Record the answer (met, not met, or not known yet: None) to an entered content for a commune and year.

    Callers: the commune page and the demo. Refused with a ValidationError, nothing changed, when the actor
    may not answer (see the module docstring), the content is not an entered one for the commune and year,
    or the note is missing. Audited with the answer before and after; an unchanged answer writes nothing.
    """
    if not has_capability(actor, commune, Capability.ENTER_DATA):
        raise ValidationError(_("You may not enter data for this commune."))
    if commune.kind != UnitKind.COMMUNE:
        raise ValidationError(_("Derived criteria are answered for communes only."))
    if not isinstance(year, int) or not MIN_YEAR <= year <= timezone.localdate().year:
        raise ValidationError({"year": _("Give a year between %(min)s and this year.") % {"min": MIN_YEAR}})
    _entered_content(current_rules(), commune, year, indicator, content_code)
    note = nfc(note or "")
    if met is not None and not note:
        raise ValidationError({"note": _("Say what the answer rests on (documents, figures, decisions).")})
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": _("The note is too long (at most %(max)s characters).") % {
            "max": NOTE_MAX_LENGTH}})
    # One writer per commune at a time: the lock orders two officers answering at once, and the decision
    # check below sees a decision taken just before.
    Unit.objects.select_for_update().filter(pk=commune.pk).first()
    if year_decided(commune=commune, year=year) and not has_capability(actor, commune, Capability.DECIDE):
        raise ValidationError(_("The recognition of %(year)s is decided: these answers are locked; the province "
                                "may still correct them.") % {"year": year})

    answer = DerivedContentAnswer.objects.filter(commune=commune, year=year, indicator=indicator,
                                                 content_code=content_code).first()
    before = snapshot(answer, ANSWER_FIELDS) if answer else None
    if answer is not None and answer.met == met and answer.note == note:
        return answer
    if answer is None:
        answer = DerivedContentAnswer(commune=commune, year=year, indicator=indicator, content_code=content_code)
    answer.met, answer.note, answer.answered_by, answer.answered_at = met, note, actor, timezone.now()
    answer.full_clean()
    answer.save()
    audit_record(actor=actor, action="derived.answer", target=answer, before=before,
                 after=snapshot(answer, ANSWER_FIELDS),
                 detail={"commune": commune.pk, "year": year, "indicator": indicator, "content": content_code})
    return answer


def derived_rules_save(*, actor, data: dict, reason: str, seen_version: int) -> DataVersion:
    """Save edited definitions as the next version. National administrators only; refused (nothing saved) when
    the data is broken, the reason is missing, or someone saved a newer version since `seen_version`."""
    if not is_national_admin(actor):
        raise ValidationError(_("Only a national administrator edits the derived criteria."))
    return data_version_save(actor=actor, key=KEY, data=data, reason=reason, based_on=seen_version)
