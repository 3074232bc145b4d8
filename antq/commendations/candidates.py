"""Nomination candidates: the exemplars of a year (`antq.exemplars`) and the typical models (`antq.clubs`)
under an area, offered on the candidates page with a button that opens the nomination form filled in.

Both registries are read through their own selectors, which start from what the actor may see; a
person's date of birth and ID number are passed on only to those the exemplars module lets see them.
An exemplar who denounced or helped catch criminals is proposed for an ad hoc award, an advanced
exemplar for a periodic one; a typical model's site (the unit that runs it) for a thematic one.
"""

from dataclasses import dataclass, field

from django.http import Http404

from antq.commendations.models import AwardKind, RecipientType
from antq.units.models import Unit

EXEMPLAR, MODEL = "exemplar", "model"
AD_HOC_CATEGORIES = ("denounced_crime", "helped_arrest", "handed_over_weapons")


@dataclass(frozen=True)
class Candidate:
    source: str  # EXEMPLAR or MODEL
    pk: int
    name: str
    unit: Unit
    recipient_type: str
    kind: str  # the kind of award proposed
    achievement: str
    year: int
    person: dict = field(default_factory=dict)  # full_name, sex (+ birth_date, id_number when allowed)

    @property
    def key(self) -> str:
        return f"{self.source}:{self.pk}"


def _from_exemplar(actor, exemplar, year: int) -> Candidate:
    from antq.exemplars.selectors import personal_for

    person = {}
    if exemplar.kind == RecipientType.INDIVIDUAL:
        personal = personal_for(actor, exemplar)
        person = {"full_name": exemplar.name, "sex": exemplar.sex}
        if personal.shown:
            person.update(birth_date=exemplar.birth_date, id_number=exemplar.id_number)
    kind = AwardKind.AD_HOC if exemplar.category in AD_HOC_CATEGORIES else AwardKind.PERIODIC
    return Candidate(source=EXEMPLAR, pk=exemplar.pk, name=exemplar.name, unit=exemplar.unit,
                     recipient_type=exemplar.kind, kind=kind, achievement=exemplar.achievement, year=year,
                     person=person)


def _from_model(model, year: int) -> Candidate:
    return Candidate(source=MODEL, pk=model.pk, name=model.name, unit=model.site,
                     recipient_type=RecipientType.COLLECTIVE, kind=AwardKind.THEMATIC,
                     achievement=f"Mô hình điển hình “{model.name}”", year=year)


def nomination_candidates(*, actor, area: Unit, year: int) -> list[Candidate]:
    """The exemplars and typical models of `year` under `area` the actor sees (404 outside the scope)."""
    from antq.clubs.selectors import model_list
    from antq.exemplars.selectors import exemplar_candidates

    exemplars = exemplar_candidates(actor=actor, area=area, year=year).select_related("unit__parent")
    models = model_list(actor=actor, area=area, year=year, typical=True).order_by("name_folded", "pk")
    return [*(_from_exemplar(actor, e, year) for e in exemplars), *(_from_model(m, year) for m in models)]


def candidate_for(*, actor, key: str) -> Candidate | None:
    """The candidate named by `key` ("exemplar:12", "model:7") if the actor sees it, else None."""
    from antq.clubs.selectors import get_model_for
    from antq.exemplars.selectors import get_exemplar_for

    source, _, pk = key.partition(":")
    if not pk.isdigit():
        return None
    try:
        if source == EXEMPLAR:
            exemplar = get_exemplar_for(actor, int(pk))
            return _from_exemplar(actor, exemplar, exemplar.year)
        if source == MODEL:
            model = get_model_for(actor, int(pk))
            return _from_model(model, model.evaluations.filter(typical=True).order_by("-year")
                               .values_list("year", flat=True).first() or 0)
    except Http404:  # missing, or outside the actor's scope: not a candidate for this actor
        return None
    return None


def nomination_initial(candidate: Candidate) -> dict:
    """The nomination form's initial values for a candidate."""
    initial = {"unit": candidate.unit, "recipient_type": candidate.recipient_type, "kind": candidate.kind,
               "achievement": candidate.achievement, "category": "other"}
    if candidate.year:
        initial["year"] = candidate.year
    initial.update(candidate.person)
    return initial
