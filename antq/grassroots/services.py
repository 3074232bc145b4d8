"""Writes to the security-team registry. Each function runs in one transaction and records an audit event.

Who may write: data entry (`Capability.ENTER_DATA`) on the team's commune — the commune officer, and the
province officers and national administrator above. A unit reporter of one KDC has data entry on that KDC
only, not on the commune, so does not manage teams: the Chairman of the UBND xã sets up each team and
recognises each member (Luật 30/2023 art. 14.3), and the commune officers record those decisions.

Ratings follow the same rule: under HD 01/HD-BCA-V05 the commune level decides the ratings (the Chairman
of the UBND xã, on the commune police's proposal), and the commune officer is who records the commune's
decisions in ANTQ; `decide` belongs to the province in ANTQ's roles, so it would shut the commune out.
The area flags of a commune (border, mountain …) relax the education rule, so they are set by the
province (`decide` on the commune), not by the commune itself.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from antq.accounts.scope import Capability, has_capability
from antq.core.audit import audit_record, snapshot
from antq.core.text import nfc
from antq.grassroots import rules as law
from antq.grassroots.models import (
    CommuneAreaFlags,
    MemberRating,
    MemberRole,
    RatingLevel,
    SecurityTeam,
    TeamMember,
    TeamRating,
)
from antq.units.models import Unit, UnitKind

TEAM_FIELDS = ("name", "areas", "households", "decision_number", "decision_date")
MEMBER_FIELDS = (
    "full_name", "birth_date", "sex", "id_number", "education", "resident_since", "role", "decision_number",
    "joined_on", "origin", "age_exception", "age_exception_reason",
)


def _day(day: datetime.date) -> str:
    return date_format(day, "d/m/Y")


def _require_entry(actor, commune: Unit) -> None:
    if commune.kind != UnitKind.COMMUNE or not has_capability(actor, commune, Capability.ENTER_DATA):
        raise ValidationError(_("You may not enter data for this commune."))


def province_of(commune: Unit) -> Unit | None:
    return Unit.objects.filter(pk__in=commune.ancestor_ids(), kind=UnitKind.PROVINCE).first()


def _text(value) -> str:
    return "\n".join(nfc(line) for line in str(value or "").splitlines()).strip()


# --- commune area flags ---------------------------------------------------------------------------------


def commune_flags(commune: Unit) -> set[str]:
    row = CommuneAreaFlags.objects.filter(commune=commune).first()
    return row.flags() if row else set()


def commune_flags_set(*, actor, commune: Unit, border: bool = False, island: bool = False, mountain: bool = False,
                      ethnic_minority: bool = False) -> CommuneAreaFlags:
    if commune.kind != UnitKind.COMMUNE or not has_capability(actor, commune, Capability.DECIDE):
        raise ValidationError(_("Only the province may set what kind of area a commune is."))
    with transaction.atomic():
        row, _created = CommuneAreaFlags.objects.get_or_create(commune=commune)
        before = snapshot(row)
        row.border, row.island, row.mountain, row.ethnic_minority = border, island, mountain, ethnic_minority
        row.full_clean()
        row.save()
        audit_record(actor=actor, action="commune_area_flags.set", target=row, before=before, after=snapshot(row))
    return row


# --- teams ----------------------------------------------------------------------------------------------


def _check_areas(*, commune: Unit, areas, team: SecurityTeam | None = None) -> list[Unit]:
    areas = list(areas or [])
    if not areas:
        raise ValidationError({"areas": _("Choose at least one village or street block the team covers.")})
    for area in areas:
        if area.kind != UnitKind.RESIDENTIAL_AREA or area.parent_id != commune.pk:
            raise ValidationError({"areas": _("%(area)s is not a residential area of %(commune)s.") % {
                "area": area.name, "commune": commune.name}})
    taken = SecurityTeam.objects.filter(status=SecurityTeam.Status.ACTIVE, areas__in=areas)
    if team is not None:
        taken = taken.exclude(pk=team.pk)
    other = taken.first()
    if other is not None:
        area = next(a for a in areas if other.areas.filter(pk=a.pk).exists())
        raise ValidationError({"areas": _("%(area)s is already covered by the team “%(team)s”.") % {
            "area": area.name, "team": other.name}})
    return areas


def _quota_of(commune: Unit) -> tuple[int | None, int | None]:
    quota = law.team_quota(province_of(commune))
    return quota.communes.get(commune.code, (None, None))


def team_create(*, actor, commune: Unit, name: str, areas, decision_number: str, decision_date: datetime.date,
                households: int | None = None) -> SecurityTeam:
    """Record a team set up by the Chairman of the UBND xã's decision (Luật 30/2023 art. 14.3)."""
    _require_entry(actor, commune)
    with transaction.atomic():
        areas = _check_areas(commune=commune, areas=areas)
        max_teams, _members = _quota_of(commune)
        active = SecurityTeam.objects.filter(commune=commune, status=SecurityTeam.Status.ACTIVE).count()
        if max_teams is not None and active >= max_teams:
            raise ValidationError(_("The province's quota for this commune is %(quota)s teams; it is reached.") % {
                "quota": max_teams})
        if SecurityTeam.objects.filter(commune=commune, name=nfc(name)).exists():
            raise ValidationError({"name": _("This commune already has a team with this name.")})
        team = SecurityTeam(commune=commune, name=nfc(name), households=households,
                            decision_number=nfc(decision_number), decision_date=decision_date, created_by=actor)
        team.full_clean()
        team.save()
        team.areas.set(areas)
        audit_record(actor=actor, action="security_team.create", target=team,
                     after={**snapshot(team), "areas": [a.pk for a in areas]})
    return team


def team_update(*, actor, team: SecurityTeam, **changes) -> SecurityTeam:
    """Change a team by a new decision: its name, the areas it covers, its households, its decision."""
    _require_entry(actor, team.commune)
    if not team.is_active:
        raise ValidationError(_("This team was dissolved and can no longer be changed."))
    unknown = set(changes) - set(TEAM_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown field: %(field)s") % {"field": ", ".join(sorted(unknown))})
    with transaction.atomic():
        team = SecurityTeam.objects.select_for_update().get(pk=team.pk)
        before = {**snapshot(team), "areas": sorted(team.areas.values_list("pk", flat=True))}
        areas = changes.pop("areas", None)
        for field, value in changes.items():
            setattr(team, field, nfc(value) if field in ("name", "decision_number") else value)
        if SecurityTeam.objects.filter(commune=team.commune, name=team.name).exclude(pk=team.pk).exists():
            raise ValidationError({"name": _("This commune already has a team with this name.")})
        team.full_clean()
        team.save()
        if areas is not None:
            team.areas.set(_check_areas(commune=team.commune, areas=areas, team=team))
        after = {**snapshot(team), "areas": sorted(team.areas.values_list("pk", flat=True))}
        audit_record(actor=actor, action="security_team.update", target=team, before=before, after=after)
    return team


def team_dissolve(*, actor, team: SecurityTeam, decision_number: str, decision_date: datetime.date,
                  reason: str) -> SecurityTeam:
    """Dissolve by the Chairman's decision (TT 14/2024 art. 5); the serving members leave on that day."""
    _require_entry(actor, team.commune)
    if not team.is_active:
        raise ValidationError(_("This team is already dissolved."))
    reason, decision_number = _text(reason), nfc(decision_number or "")
    if not decision_number:
        raise ValidationError({"decision_number": _("Give the number of the dissolution decision.")})
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the dissolution.")})
    if decision_date < team.decision_date:
        raise ValidationError({"decision_date": _("The dissolution cannot precede the establishing decision.")})
    with transaction.atomic():
        before = snapshot(team)
        team.status = SecurityTeam.Status.DISSOLVED
        team.dissolution_number, team.dissolution_date, team.dissolution_reason = decision_number, decision_date, reason
        team.full_clean()
        team.save()
        left = list(team.members.filter(status=TeamMember.Status.ACTIVE).values_list("pk", flat=True))
        team.members.filter(pk__in=left).update(status=TeamMember.Status.LEFT, left_on=decision_date,
                                                leave_reason=_("The team was dissolved."))
        audit_record(actor=actor, action="security_team.dissolve", target=team, before=before,
                     after=snapshot(team), detail={"members_left": left})
    return team


# --- members --------------------------------------------------------------------------------------------


def member_eligibility_errors(*, rules: law.TeamRules, flags: set[str], birth_date: datetime.date,
                              education: str, resident_since: datetime.date, on: datetime.date,
                              age_exception: bool = False, age_exception_reason: str = "") -> dict[str, list[str]]:
    """What keeps the person from joining on `on` (Luật 30/2023 art. 13), by field; empty when eligible."""
    e = rules.eligibility
    errors: dict[str, list[str]] = {}
    age = law.age_on(birth_date, on)
    if age < e.min_age:
        errors.setdefault("birth_date", []).append(_(
            "Aged %(age)s on %(day)s: members must be at least %(min)s (%(article)s).") % {
            "age": age, "day": _day(on), "min": e.min_age, "article": e.article})
    elif age > e.max_age and not age_exception:
        errors.setdefault("birth_date", []).append(_(
            "Aged %(age)s on %(day)s: members over %(max)s are accepted only by exception, decided by the "
            "Chairman of the commune People's Committee; tick the exception and give its reason (%(article)s).") % {
            "age": age, "day": _day(on), "max": e.max_age, "article": e.age_exception_article})
    elif age > e.max_age and not age_exception_reason.strip():
        errors.setdefault("age_exception_reason", []).append(_("Give the reason for the age exception."))
    levels = rules.education_levels
    relaxed = bool(flags & set(e.relaxed_flags))
    needed = e.relaxed_education if relaxed else e.min_education
    if levels.index(education) < levels.index(needed):
        if relaxed:
            msg = _("Members here need at least primary education (%(article)s).") % {"article": e.relaxed_article}
        else:
            msg = _("Members need at least lower-secondary education; primary is allowed only in border, island, "
                    "mountain or ethnic-minority areas (%(article)s).") % {"article": e.article}
        errors.setdefault("education", []).append(msg)
    if resident_since > on:
        errors.setdefault("resident_since", []).append(_("The residence date is after the joining date."))
    elif law.age_on(resident_since, on) < e.min_residence_years:
        errors.setdefault("resident_since", []).append(_(
            "Living in the area since %(since)s: members must have lived there at least %(years)s year(s) "
            "(%(article)s).") % {"since": _day(resident_since), "years": e.min_residence_years,
                                 "article": e.residence_article})
    return errors


def _check_member(member: TeamMember) -> None:
    rules = law.team_rules()
    errors = member_eligibility_errors(
        rules=rules, flags=commune_flags(member.team.commune), birth_date=member.birth_date,
        education=member.education, resident_since=member.resident_since, on=member.joined_on,
        age_exception=member.age_exception, age_exception_reason=member.age_exception_reason)
    if member.id_number and (not member.id_number.isdigit() or len(member.id_number) != 12):
        errors.setdefault("id_number", []).append(_("The ID number (căn cước) has 12 digits."))
    if member.joined_on < member.team.decision_date:
        errors.setdefault("joined_on", []).append(_("A member cannot join before the team was set up."))
    if member.role == MemberRole.LEADER and member.is_active:
        other = member.team.members.filter(role=MemberRole.LEADER, status=TeamMember.Status.ACTIVE)
        if other.exclude(pk=member.pk).exists():
            errors.setdefault("role", []).append(_("The team already has a leader."))
    if errors:
        raise ValidationError(errors)


def _member_values(values: dict) -> dict:
    cleaned = {}
    for key, value in values.items():
        if key not in MEMBER_FIELDS:
            raise ValidationError(_("Unknown field: %(field)s") % {"field": key})
        if key in ("full_name", "decision_number"):
            value = nfc(value or "")
        elif key == "id_number":
            value = "".join((value or "").split())
        elif key == "age_exception_reason":
            value = _text(value)
        cleaned[key] = value
    if not cleaned.get("age_exception", True):
        cleaned["age_exception_reason"] = ""
    return cleaned


def _exception_detail(member: TeamMember) -> dict:
    if not member.age_exception:
        return {}
    return {"age_exception": {"age": law.age_on(member.birth_date, member.joined_on),
                              "reason": member.age_exception_reason}}


def member_add(*, actor, team: SecurityTeam, full_name: str, birth_date: datetime.date, sex: str, education: str,
               resident_since: datetime.date, decision_number: str, joined_on: datetime.date, role: str = "member",
               origin: str = "new", id_number: str = "", age_exception: bool = False,
               age_exception_reason: str = "") -> TeamMember:
    """Record a member recognised by the Chairman's decision, after the eligibility rules of art. 13."""
    _require_entry(actor, team.commune)
    if not team.is_active:
        raise ValidationError(_("This team was dissolved and can no longer be changed."))
    values = _member_values(dict(
        full_name=full_name, birth_date=birth_date, sex=sex, education=education, resident_since=resident_since,
        decision_number=decision_number, joined_on=joined_on, role=role, origin=origin, id_number=id_number,
        age_exception=age_exception, age_exception_reason=age_exception_reason))
    with transaction.atomic():
        _max_teams, max_members = _quota_of(team.commune)
        serving = TeamMember.objects.filter(team__commune=team.commune, status=TeamMember.Status.ACTIVE).count()
        if max_members is not None and serving >= max_members:
            raise ValidationError(_("The province's quota for this commune is %(quota)s members; it is reached.") % {
                "quota": max_members})
        member = TeamMember(team=team, **values)
        _check_member(member)
        member.full_clean()
        member.save()
        audit_record(actor=actor, action="team_member.add", target=member, after=snapshot(member),
                     detail={"team": team.pk, **_exception_detail(member)})
    return member


def member_update(*, actor, member: TeamMember, **changes) -> TeamMember:
    _require_entry(actor, member.team.commune)
    if not member.is_active:
        raise ValidationError(_("This member has left and can no longer be changed."))
    values = _member_values(changes)
    with transaction.atomic():
        member = TeamMember.objects.select_for_update().select_related("team__commune").get(pk=member.pk)
        before = snapshot(member)
        for field, value in values.items():
            setattr(member, field, value)
        _check_member(member)
        member.full_clean()
        member.save()
        audit_record(actor=actor, action="team_member.update", target=member, before=before, after=snapshot(member),
                     detail=_exception_detail(member))
    return member


def member_leave(*, actor, member: TeamMember, left_on: datetime.date, reason: str) -> TeamMember:
    """The member leaves the team (resignation, removal under art. 17, move …) on `left_on`."""
    _require_entry(actor, member.team.commune)
    if not member.is_active:
        raise ValidationError(_("This member has already left."))
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": _("Give the reason for leaving.")})
    if left_on < member.joined_on:
        raise ValidationError({"left_on": _("A member cannot leave before joining.")})
    with transaction.atomic():
        before = snapshot(member)
        member.status, member.left_on, member.leave_reason = TeamMember.Status.LEFT, left_on, reason
        member.full_clean()
        member.save()
        audit_record(actor=actor, action="team_member.leave", target=member, before=before, after=snapshot(member))
    return member


# --- ratings (HD 01/HD-BCA-V05) -------------------------------------------------------------------------


def rating_period(year: int) -> tuple[datetime.date, datetime.date]:
    return law.team_rules().rating.period(year)


def _check_year(year: int) -> None:
    if not 2024 <= year <= timezone.localdate().year:
        raise ValidationError({"year": _("Ratings exist from 2024 (Luật 30/2023 in force on 01/7/2024) to this year.")})


def _served_enough(start: datetime.date, end: datetime.date, months: int) -> bool:
    return law.add_months(start, months) <= end + datetime.timedelta(days=1)


def _check_cap(*, model, commune: Unit, year: int, subject_filter: dict, level: str, rules: law.RatingRules,
               what: str) -> None:
    """At most `cap` % of those rated "hoàn thành tốt" may be rated "xuất sắc", counting the new rating."""
    others = model.objects.filter(year=year, **subject_filter)
    excellent = others.filter(level=RatingLevel.EXCELLENT).count() + (level == RatingLevel.EXCELLENT)
    good = others.filter(level=RatingLevel.GOOD).count() + (level == RatingLevel.GOOD)
    if excellent and excellent * 100 > rules.excellent_cap_percent * good:
        allowed = rules.excellent_cap_percent * good // 100
        raise ValidationError({"level": _(
            "In %(commune)s, %(good)s %(what)s are rated “well completed” in %(year)s, so at most %(allowed)s may be "
            "rated “excellently completed” (%(cap)s %%, %(article)s); this would make %(excellent)s.") % {
            "commune": commune.name, "good": good, "what": what, "year": year, "allowed": allowed,
            "cap": rules.excellent_cap_percent, "article": rules.excellent_cap_article, "excellent": excellent}})


def team_rate(*, actor, team: SecurityTeam, year: int, level: str, note: str = "") -> TeamRating:
    """Rate the team for `year` (period 15/11 of the year before – 14/11), under the rules of HD 01."""
    _require_entry(actor, team.commune)
    _check_year(year)
    if level not in RatingLevel.values:
        raise ValidationError({"level": _("Choose a rating.")})
    rules = law.team_rules().rating
    start, end = rules.period(year)
    if not _served_enough(team.decision_date, end, rules.min_months):
        raise ValidationError(_(
            "The team was set up on %(day)s, less than %(months)s months before the end of the %(year)s period "
            "(%(end)s): it is not rated this year (%(article)s).") % {
            "day": _day(team.decision_date), "months": rules.min_months, "year": year, "end": _day(end),
            "article": rules.min_months_article})
    if team.dissolution_date is not None and team.dissolution_date < start:
        raise ValidationError(_("The team was dissolved before this period."))
    with transaction.atomic():
        # Serialise the ratings of one commune, so two officers cannot both take the last "xuất sắc" place.
        Unit.objects.select_for_update().filter(pk=team.commune_id).first()
        existing = TeamRating.objects.filter(team=team, year=year).first()
        _check_cap(model=TeamRating, commune=team.commune, year=year, level=level, rules=rules, what=_("teams"),
                   subject_filter={"team__commune": team.commune, "team__in": SecurityTeam.objects.exclude(pk=team.pk)})
        if rules.leader_not_above_team:
            above = MemberRating.objects.filter(member__team=team, member__role=MemberRole.LEADER, year=year)
            for rating in above:
                if rules.rank(rating.level) > rules.rank(level):
                    raise ValidationError({"level": _(
                        "The leader %(name)s is rated “%(leader)s” for %(year)s; the team cannot be rated lower "
                        "(%(article)s).") % {"name": rating.member.full_name, "leader": rating.get_level_display(),
                                             "year": year, "article": rules.leader_article}})
        before = snapshot(existing) if existing else None
        rating = existing or TeamRating(team=team, year=year)
        rating.level, rating.note, rating.rated_by = level, _text(note), actor
        rating.full_clean()
        rating.save()
        audit_record(actor=actor, action="team_rating.set", target=rating, before=before, after=snapshot(rating))
    return rating


def member_rate(*, actor, member: TeamMember, year: int, level: str, note: str = "") -> MemberRating:
    """Rate a member for `year` under HD 01: 9 months of service, the 20 % cap, the leader not above the team."""
    team = member.team
    _require_entry(actor, team.commune)
    _check_year(year)
    if level not in RatingLevel.values:
        raise ValidationError({"level": _("Choose a rating.")})
    rules = law.team_rules().rating
    start, end = rules.period(year)
    served_from = max(member.joined_on, start)
    served_to = min(member.left_on or end, end)
    if served_to < served_from or not _served_enough(served_from, served_to, rules.min_months):
        raise ValidationError(_(
            "%(name)s served less than %(months)s months in the %(year)s period (%(start)s – %(end)s): not rated "
            "this year (%(article)s).") % {
            "name": member.full_name, "months": rules.min_months, "year": year, "start": _day(start),
            "end": _day(end), "article": rules.min_months_article})
    with transaction.atomic():
        Unit.objects.select_for_update().filter(pk=team.commune_id).first()
        if rules.leader_not_above_team and member.role == MemberRole.LEADER:
            team_rating = TeamRating.objects.filter(team=team, year=year).first()
            if team_rating is None:
                raise ValidationError({"level": _("Rate the team for %(year)s before its leader.") % {"year": year}})
            if rules.rank(level) > rules.rank(team_rating.level):
                raise ValidationError({"level": _(
                    "The team is rated “%(team)s” for %(year)s; its leader cannot be rated higher (%(article)s).") % {
                    "team": team_rating.get_level_display(), "year": year, "article": rules.leader_article}})
        _check_cap(model=MemberRating, commune=team.commune, year=year, level=level, rules=rules, what=_("members"),
                   subject_filter={"member__team__commune": team.commune,
                                   "member__in": TeamMember.objects.exclude(pk=member.pk)})
        existing = MemberRating.objects.filter(member=member, year=year).first()
        before = snapshot(existing) if existing else None
        rating = existing or MemberRating(member=member, year=year)
        rating.level, rating.note, rating.rated_by = level, _text(note), actor
        rating.full_clean()
        rating.save()
        audit_record(actor=actor, action="member_rating.set", target=rating, before=before, after=snapshot(rating))
    return rating
