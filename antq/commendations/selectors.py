"""Reads of commendations; every read starts from the units the actor may see.

A person's date of birth and ID number are personal data: `may_see_personal` says who may see them
(those who enter data for the person's unit, and the levels above), the pages and the API mask them
for everyone else. Counts read decided awards only, by the award's year.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from antq.accounts.scope import Capability, has_capability, visible_units
from antq.commendations.eligibility import Facts, PriorMedal, Recognition
from antq.commendations.models import Award, AwardForm, AwardStatus, Person, RecipientType
from antq.commendations.rules import Rules, current_rules
from antq.recognition.models import CaseStatus, RecognitionCase
from antq.units.models import Unit

FORM_ORDER = list(AwardForm.values)


def award_list(*, actor, area: Unit | None = None, status: str | None = None, form: str | None = None,
               issuer: str | None = None, recipient_type: str | None = None, year_from: int | None = None,
               year_to: int | None = None) -> QuerySet[Award]:
    """Awards and nominations of the units the actor sees, filtered."""
    qs = Award.objects.filter(unit__in=visible_units(actor))
    if area is not None:
        qs = qs.filter(unit__path__startswith=area.path)
    for name, value in (("status", status), ("form", form), ("issuer", issuer), ("recipient_type", recipient_type),
                        ("year__gte", year_from), ("year__lte", year_to)):
        if value:
            qs = qs.filter(**{name: value})
    return qs.select_related("unit__parent", "person__unit")


def get_award_for(actor, pk) -> Award:
    """The award with id `pk` if the actor sees its unit; 404 otherwise, missing or not."""
    try:
        return award_list(actor=actor).select_related("festival_event", "decided_by", "nominated_by").get(pk=pk)
    except (Award.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_person_for(actor, pk) -> Person:
    try:
        return Person.objects.select_related("unit").get(pk=pk, unit__in=visible_units(actor))
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def may_see_personal(actor, person: Person) -> bool:
    """Date of birth and ID number: for those who enter data for the person's unit (or above)."""
    return has_capability(actor, person.unit, Capability.ENTER_DATA)


def with_wording(awards, rules: Rules | None = None) -> list[Award]:
    """`awards` as a list, each with `wording` ("Giấy khen của Giám đốc Công an tỉnh") and `issuer_name`
    from one read of the rules (a page of rows reads them once, not per row)."""
    rules = rules or current_rules()
    rows = list(awards)
    for award in rows:
        issuer = rules.issuers.get(award.issuer)
        award.issuer_name = issuer.name if issuer else award.issuer
        award.wording = issuer.forms.get(award.form, award.get_form_display()) if issuer else award.get_form_display()
    return rows


def award_years(*, actor) -> list[int]:
    return list(award_list(actor=actor).values_list("year", flat=True).distinct().order_by("-year"))


# --- eligibility facts ------------------------------------------------------------------------------


def decided_recognition(unit: Unit, year: int) -> Recognition | None:
    case = (RecognitionCase.objects.filter(unit=unit, year=year, status=CaseStatus.DECIDED)
            .values("pk", "year", "result").first())
    return Recognition(case_id=case["pk"], year=case["year"], result=case["result"]) if case else None


def prior_medal(rules: Rules, person: Person | None, *, exclude_pk=None) -> PriorMedal | None:
    """The person's decided commemorative medal, if any (the first one)."""
    if person is None or person.pk is None:
        return None
    award = (Award.objects.filter(person=person, form=rules.medal.form, status=AwardStatus.DECIDED)
             .exclude(pk=exclude_pk).order_by("decision_date", "pk").first())
    if award is None:
        return None
    issuer = rules.issuers.get(award.issuer)
    return PriorMedal(award_id=award.pk, decision_number=award.decision_number, decision_date=award.decision_date,
                      issuer_name=issuer.name if issuer else award.issuer)


def nominee_facts(rules: Rules, *, form: str, kind: str, issuer: str, year: int, unit: Unit,
                  person: Person | None, on_date: datetime.date, exclude_pk=None) -> Facts:
    """What the eligibility rules need about a nominee, read from the database."""
    values = {"form": form, "kind": kind, "issuer": issuer, "year": year, "on_date": on_date, "unit_kind": unit.kind,
              "recipient_type": RecipientType.INDIVIDUAL if person is not None else RecipientType.COLLECTIVE}
    if person is None:
        values["recognition"] = decided_recognition(unit, year)
    else:
        prior = (Award.objects.filter(person=person, status=AwardStatus.DECIDED).exclude(pk=exclude_pk).count()
                 if person.pk else 0)
        values.update(sex=person.sex, category=person.category, in_post_since=person.in_post_since,
                      in_force_since=person.in_force_since, prior_awards=prior,
                      prior_medal=prior_medal(rules, person, exclude_pk=exclude_pk))
    return Facts(**values)


# --- counts and histories ---------------------------------------------------------------------------


@dataclass
class IssuerCount:
    key: str
    name: str
    level: str
    forms: dict[str, int] = field(default_factory=dict)  # form → number of awards
    collectives: int = 0
    individuals: int = 0
    cells: dict[tuple[str, str], int] = field(default_factory=dict)  # (form, recipient type) → number

    @property
    def total(self) -> int:
        return self.collectives + self.individuals

    def cell(self, form: str, recipient_type: str) -> int:
        return self.cells.get((form, recipient_type), 0)


@dataclass
class Counts:
    area: Unit | None
    year_from: int
    year_to: int
    issuers: list[IssuerCount]

    @property
    def collectives(self) -> int:
        return sum(i.collectives for i in self.issuers)

    @property
    def individuals(self) -> int:
        return sum(i.individuals for i in self.issuers)

    @property
    def total(self) -> int:
        return self.collectives + self.individuals

    @property
    def forms(self) -> list[str]:
        """The forms awarded in the period, in the enum's order."""
        used = {f for i in self.issuers for f, n in i.forms.items() if n}
        return [f for f in FORM_ORDER if f in used]

    def form_total(self, form: str) -> int:
        return sum(i.forms.get(form, 0) for i in self.issuers)


def award_counts(*, actor, area: Unit | None, year_from: int, year_to: int) -> Counts:
    """Decided awards per issuer, form and recipient type for the years `year_from`–`year_to` (inclusive)."""
    rules = current_rules()
    rows = (award_list(actor=actor, area=area, status=AwardStatus.DECIDED, year_from=year_from, year_to=year_to)
            .order_by().values("issuer", "form", "recipient_type").annotate(n=Count("id")))
    order = {key: index for index, key in enumerate(rules.issuers)}
    by_key: dict[str, IssuerCount] = {}
    for row in rows:
        issuer = rules.issuers.get(row["issuer"])
        entry = by_key.setdefault(row["issuer"], IssuerCount(
            key=row["issuer"], name=issuer.name if issuer else row["issuer"], level=issuer.level if issuer else ""))
        entry.forms[row["form"]] = entry.forms.get(row["form"], 0) + row["n"]
        entry.cells[(row["form"], row["recipient_type"])] = row["n"]
        if row["recipient_type"] == RecipientType.COLLECTIVE:
            entry.collectives += row["n"]
        else:
            entry.individuals += row["n"]
    issuers = sorted(by_key.values(), key=lambda i: (order.get(i.key, len(order)), i.key))
    return Counts(area=area, year_from=year_from, year_to=year_to, issuers=issuers)


def first_award_year(*, actor, area: Unit | None) -> int | None:
    """The earliest year of a decided award under `area` (the start of a "since" sentence)."""
    return (award_list(actor=actor, area=area, status=AwardStatus.DECIDED).order_by("year")
            .values_list("year", flat=True).first())


def unit_history(*, actor, unit: Unit) -> QuerySet[Award]:
    """The decided awards of a unit (as a collective) and of its people, newest first."""
    return (award_list(actor=actor, status=AwardStatus.DECIDED)
            .filter(Q(unit=unit, recipient_type=RecipientType.COLLECTIVE) | Q(person__unit=unit))
            .order_by("-year", "-decision_date", "-pk"))


def person_history(*, actor, person: Person) -> QuerySet[Award]:
    return award_list(actor=actor).filter(person=person).order_by("-year", "-decision_date", "-pk")
