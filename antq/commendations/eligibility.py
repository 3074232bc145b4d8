"""Is a nominee eligible for an award? A pure function of the rules (`rules.Rules`) and the facts.

Each criterion gives a `Check`: passed (True), failed (False) or not applicable (None), with the reason
in words and the article it comes from, so the nomination page and the refusal say exactly why:

* `issuer` — the issuer awards this form on the day, to this kind of recipient;
* `antt_safe` — a collective of a kind the recognition covers must have been recognised ANTT-safe in the
  award's year (decided "met") for the periodic movement awards; the reason names the case and year;
* `once_per_person` — the commemorative medal is awarded once; the reason names the first decision;
* `tenure` — the medal's tenure rules by group: years in the post (and prior commendations) for leaders,
  years in the force by sex for the listed forces.

The caller gathers the facts from the database (`selectors.nominee_facts`); nothing here reads it.
"""

import datetime
from dataclasses import asdict, dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from antq.commendations.rules import Rules


@dataclass(frozen=True)
class Recognition:
    """The decided ANTT-safe recognition of the collective in the award's year, if any."""

    case_id: int
    year: int
    result: str  # "met" / "not_met"


@dataclass(frozen=True)
class PriorMedal:
    award_id: int
    decision_number: str
    decision_date: datetime.date | None
    issuer_name: str


@dataclass(frozen=True)
class Facts:
    form: str
    kind: str
    issuer: str
    recipient_type: str  # "collective" / "individual"
    year: int
    on_date: datetime.date  # the day of the nomination (or of the decision, for a past one)
    unit_kind: str = ""
    recognition: Recognition | None = None
    sex: str = ""
    category: str = ""
    in_post_since: datetime.date | None = None
    in_force_since: datetime.date | None = None
    prior_awards: int = 0  # earlier decided commendations of the person
    prior_medal: PriorMedal | None = None


@dataclass(frozen=True)
class Check:
    id: str
    passed: bool | None  # None: the criterion does not apply
    reason: str
    article: str = ""


@dataclass(frozen=True)
class Eligibility:
    checks: tuple[Check, ...]

    @property
    def eligible(self) -> bool:
        return all(c.passed is not False for c in self.checks)

    @property
    def failures(self) -> list[str]:
        return [c.reason for c in self.checks if c.passed is False]

    def as_dict(self) -> dict:
        return {"eligible": self.eligible, "checks": [asdict(c) for c in self.checks]}


def full_years(since: datetime.date, on: datetime.date) -> int:
    years = on.year - since.year
    if (on.month, on.day) < (since.month, since.day):
        years -= 1
    return max(years, 0)


def _day(value: datetime.date | None) -> str:
    return date_format(value, "d/m/Y") if value else "—"


def _issuer_check(rules: Rules, facts: Facts) -> Check:
    issuer = rules.issuers.get(facts.issuer)
    if issuer is None:
        return Check("issuer", False, _("Unknown issuer “%(issuer)s”.") % {"issuer": facts.issuer}, rules.article)
    if facts.form not in issuer.forms:
        return Check("issuer", False, _("%(issuer)s does not award this form.") % {"issuer": issuer.name},
                     rules.article)
    if not issuer.valid_on(facts.on_date):
        return Check("issuer", False, _("%(issuer)s does not award commendations on %(day)s.") % {
            "issuer": issuer.name, "day": _day(facts.on_date)}, rules.article)
    if facts.form == rules.medal.form and rules.medal.individuals_only and facts.recipient_type != "individual":
        return Check("issuer", False, _("The commemorative medal is awarded to individuals only."), rules.medal.article)
    return Check("issuer", True, issuer.forms[facts.form], rules.article)


def _antt_safe_check(rules: Rules, facts: Facts) -> Check:
    rule = rules.antt_safe
    applies = (facts.recipient_type == "collective" and facts.kind in rule.kinds and facts.form in rule.forms
               and facts.unit_kind in rule.unit_kinds)
    if not applies:
        return Check("antt_safe", None, _("The ANTT-safe recognition is not required for this award."), rule.article)
    found = facts.recognition
    if found is None:
        return Check("antt_safe", False, _("The unit has no decided ANTT-safe recognition for %(year)s; a unit not "
                                           "recognised that year is not proposed for periodic movement awards.") % {
            "year": facts.year}, rule.article)
    values = {"year": found.year, "case": found.case_id}
    if found.result != "met":
        return Check("antt_safe", False, _("The unit was not recognised ANTT-safe in %(year)s (recognition case "
                                           "%(case)s); a unit not recognised that year is not proposed for periodic "
                                           "movement awards.") % values, rule.article)
    return Check("antt_safe", True, _("Recognised ANTT-safe in %(year)s (recognition case %(case)s).") % values,
                 rule.article)


def _once_check(rules: Rules, facts: Facts) -> Check:
    medal = rules.medal
    if facts.form != medal.form or not medal.once_per_person or facts.recipient_type != "individual":
        return Check("once_per_person", None, _("No once-per-person rule for this form."), medal.article)
    prior = facts.prior_medal
    if prior is None:
        return Check("once_per_person", True, _("Not awarded the commemorative medal before."), medal.article)
    return Check("once_per_person", False, _("The commemorative medal is awarded once per person; this person "
                                             "already received it by decision %(number)s of %(day)s (%(issuer)s).") % {
        "number": prior.decision_number or "—", "day": _day(prior.decision_date), "issuer": prior.issuer_name},
        medal.article)


def _tenure_check(rules: Rules, facts: Facts) -> Check:
    medal = rules.medal
    if facts.form != medal.form or facts.recipient_type != "individual":
        return Check("tenure", None, _("No tenure rule for this form."), medal.article)
    rule = next((t for t in medal.tenure if facts.category in t.categories), None)
    if rule is None:
        return Check("tenure", None, _("No tenure rule applies to this group."), medal.article)
    problems, met = [], []
    if rule.years_in_post is not None:
        years = full_years(facts.in_post_since, facts.on_date) if facts.in_post_since else None
        values = {"years": years, "needed": rule.years_in_post}
        if years is None:
            problems.append(_("the date since when the person holds the post is missing"))
        elif years < rule.years_in_post:
            problems.append(_("%(years)s years in the post, at least %(needed)s needed") % values)
        else:
            met.append(_("%(years)s years in the post (at least %(needed)s)") % values)
    if rule.prior_awards:
        values = {"count": facts.prior_awards, "needed": rule.prior_awards}
        if facts.prior_awards < rule.prior_awards:
            problems.append(_("%(count)s earlier commendations recorded, at least %(needed)s needed") % values)
        else:
            met.append(_("%(count)s earlier commendations (at least %(needed)s)") % values)
    if rule.years_in_force:
        needed = rule.years_in_force.get(facts.sex)
        years = full_years(facts.in_force_since, facts.on_date) if facts.in_force_since else None
        values = {"years": years, "needed": needed}
        if needed is None:
            problems.append(_("the person's sex is missing"))
        elif years is None:
            problems.append(_("the date since when the person serves in the force is missing"))
        elif years < needed:
            problems.append(_("%(years)s years in the force, at least %(needed)s needed") % values)
        else:
            met.append(_("%(years)s years in the force (at least %(needed)s)") % values)
    if problems:
        return Check("tenure", False, _("Tenure not met: %(problems)s.") % {"problems": "; ".join(problems)},
                     medal.article)
    return Check("tenure", True, _("Tenure met: %(met)s.") % {"met": "; ".join(met)}, medal.article)


def evaluate(rules: Rules, facts: Facts) -> Eligibility:
    """Every criterion's result for the nominee, in the order the page shows them."""
    return Eligibility(checks=(_issuer_check(rules, facts), _antt_safe_check(rules, facts), _once_check(rules, facts),
                               _tenure_check(rules, facts)))
