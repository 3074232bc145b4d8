"""Demo step: a security team for every KDC of the demo province's current communes, with 3–4 members
each (the example size rule of `data/team_quota.yaml`), and the ratings of the demo year under HD 01.

* Teams were set up by the commune chairmen in July–August 2024, when Luật 30/2023 came into force; each
  covers one KDC. Members: a leader, a deputy and members, mostly from the merged forces (former bảo vệ
  dân phố, semi-professional commune police, civil-defence team leaders), Vietnamese names, aged 25–68,
  now and then a 71-year-old kept by exception (with the reason).
* Ratings of the demo year (the latest period ended, 15/11–14/11): teams "hoàn thành tốt" or "hoàn thành",
  "xuất sắc" within 20 % of "hoàn thành tốt" in the commune, and no team "không hoàn thành" — so the
  recognitions already built by the recognition step keep their result (KDC-5 now cites the rating).
  Members: not above their team when leader, the same cap.

Every rule of the services holds (the test re-checks them); bulk-inserted, with one "demo.grassroots" event.
Idempotent: a KDC already covered by a team, and a team or member already rated, are left as they are.
"""

import datetime
import random

from django.utils import timezone

from antq.core.audit import audit_record
from antq.grassroots import rules as law
from antq.grassroots.models import (
    Education,
    MemberRating,
    MemberRole,
    Origin,
    RatingLevel,
    SecurityTeam,
    Sex,
    TeamMember,
    TeamRating,
)
from antq.recognition.demo import demo_year
from antq.units.models import Unit, UnitKind

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Phan", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý")
MALE = (("Văn", "Hữu", "Đức", "Minh", "Quang", "Công"),
        ("Hùng", "Dũng", "Sơn", "Tuấn", "Hải", "Thắng", "Long", "Nam", "Bình", "Cường", "Phúc", "Toàn", "Lực"))
FEMALE = (("Thị", "Ngọc", "Thu", "Thanh"), ("Hoa", "Lan", "Hương", "Mai", "Hạnh", "Nga", "Thủy", "Yến"))
ORIGINS = {
    MemberRole.LEADER: (Origin.CIVIL_DEFENCE_LEADER, Origin.SEMI_PROFESSIONAL_POLICE, Origin.NEIGHBOURHOOD_GUARD),
    MemberRole.DEPUTY: (Origin.CIVIL_DEFENCE_LEADER, Origin.NEIGHBOURHOOD_GUARD, Origin.NEW),
    MemberRole.MEMBER: (Origin.NEIGHBOURHOOD_GUARD, Origin.NEIGHBOURHOOD_GUARD, Origin.NEW, Origin.NEW),
}


def _name(rng: random.Random, sex: str) -> str:
    middle, given = MALE if sex == Sex.MALE else FEMALE
    return f"{rng.choice(SURNAMES)} {rng.choice(middle)} {rng.choice(given)}"


def _team_name(kdc: Unit) -> str:
    return f"Tổ bảo vệ ANTT {kdc.name}"


def _members(rng: random.Random, team: SecurityTeam, count: int, province_code: str) -> list[TeamMember]:
    people = []
    for n in range(count):
        role = MemberRole.LEADER if n == 0 else MemberRole.DEPUTY if n == 1 else MemberRole.MEMBER
        sex = Sex.FEMALE if role == MemberRole.MEMBER and rng.random() < 0.2 else Sex.MALE
        joined = team.decision_date + datetime.timedelta(days=rng.randint(0, 10))
        age = rng.randint(25, 68)
        exception = role == MemberRole.MEMBER and rng.random() < 0.02
        if exception:
            age = 71
        birth = datetime.date(joined.year - age - 1, rng.randint(1, 12), rng.randint(1, 28))
        people.append(TeamMember(
            team=team, full_name=_name(rng, sex), birth_date=birth, sex=sex,
            # Căn cước: province code, sex and century digit, year of birth, six digits.
            id_number=f"{province_code}{(0 if birth.year < 2000 else 2) + (sex == Sex.FEMALE)}{birth.year % 100:02d}"
                      f"{rng.randint(0, 999999):06d}",
            education=rng.choice((Education.LOWER_SECONDARY, Education.LOWER_SECONDARY, Education.UPPER_SECONDARY,
                                  Education.HIGHER)),
            resident_since=datetime.date(max(birth.year + rng.randint(0, 20), 1960), 1, 1), role=role,
            decision_number=team.decision_number, joined_on=joined, origin=rng.choice(ORIGINS[role]),
            age_exception=exception,
            age_exception_reason="Còn sức khỏe, có uy tín; Chủ tịch UBND xã chấp thuận theo đề nghị của Công an xã"
            if exception else "",
        ))
    return people


def _levels(rng: random.Random, count: int, cap_percent: int) -> list[str]:
    """`count` levels without "không hoàn thành", "xuất sắc" within the cap."""
    levels = [RatingLevel.GOOD if rng.random() < 0.65 else RatingLevel.COMPLETED for _ in range(count)]
    good_at = [i for i, level in enumerate(levels) if level == RatingLevel.GOOD]
    # k taken from "good" leave good - k: the cap k ≤ cap % of (good - k) gives k ≤ cap·good / (100 + cap).
    allowed = cap_percent * len(good_at) // (100 + cap_percent)
    for i in rng.sample(good_at, k=max(0, allowed - rng.randint(0, 1))):
        levels[i] = RatingLevel.EXCELLENT
    return levels


def _within_cap(ratings: list[MemberRating], cap: int) -> None:
    """Lowering leaders may have taken "good" places: turn "excellent" into "good" until the cap holds."""
    excellent = [r for r in ratings if r.level == RatingLevel.EXCELLENT]
    good = sum(r.level == RatingLevel.GOOD for r in ratings)
    while excellent and len(excellent) * 100 > cap * good:
        excellent.pop().level = RatingLevel.GOOD
        good += 1


def build(ctx) -> None:
    year = demo_year(timezone.localdate())
    rules = law.team_rules()
    cap = rules.rating.excellent_cap_percent
    _start, period_end = rules.rating.period(year)
    communes = Unit.objects.filter(path__startswith=ctx.province.path, kind=UnitKind.COMMUNE,
                                   valid_to__isnull=True).order_by("code")
    covered = set(SecurityTeam.areas.through.objects.filter(
        securityteam__commune__in=communes).values_list("unit_id", flat=True))
    new_teams, team_areas, counts = [], [], {"teams": 0, "members": 0, "team_ratings": 0, "member_ratings": 0}
    for commune in communes:
        rng = ctx.rng_for("grassroots", commune.code)
        kdcs = Unit.objects.filter(parent=commune, kind=UnitKind.RESIDENTIAL_AREA, valid_to__isnull=True)
        for kdc in kdcs.order_by("name_folded"):
            if kdc.pk in covered:
                continue
            decided = datetime.date(2024, rng.choice((7, 8)), rng.randint(1, 28))
            team = SecurityTeam(commune=commune, name=_team_name(kdc), households=rng.randint(120, 650),
                                decision_number=f"{rng.randint(100, 999)}/QĐ-UBND", decision_date=decided)
            new_teams.append(team)
            team_areas.append(kdc)
    if new_teams:
        quota = law.team_quota(ctx.province)
        province_code = f"{int(ctx.province.code):03d}" if ctx.province.code.isdigit() else "000"
        SecurityTeam.objects.bulk_create(new_teams)
        SecurityTeam.areas.through.objects.bulk_create(
            SecurityTeam.areas.through(securityteam_id=t.pk, unit_id=k.pk) for t, k in zip(new_teams, team_areas,
                                                                                          strict=True))
        members = []
        for team, kdc in zip(new_teams, team_areas, strict=True):
            rng = ctx.rng_for("grassroots", "members", kdc.pk)
            count = law.expected_members(quota, local_kind=kdc.local_kind, households=team.households) or 3
            members += _members(rng, team, count, province_code)
        TeamMember.objects.bulk_create(members, batch_size=2000)
        counts["teams"], counts["members"] = len(new_teams), len(members)

    # Ratings of the demo year, commune by commune, for the teams and members without one.
    for commune in communes:
        rng = ctx.rng_for("grassroots", "ratings", year, commune.code)
        teams = list(SecurityTeam.objects.filter(commune=commune, status=SecurityTeam.Status.ACTIVE)
                     .exclude(ratings__year=year).order_by("pk"))
        if not teams or TeamRating.objects.filter(team__commune=commune, year=year).exists():
            continue
        eligible = [t for t in teams if law.add_months(t.decision_date, rules.rating.min_months) <= period_end]
        levels = _levels(rng, len(eligible), cap)
        TeamRating.objects.bulk_create(TeamRating(team=t, year=year, level=level, note="")
                                       for t, level in zip(eligible, levels, strict=True))
        team_level = {t.pk: level for t, level in zip(eligible, levels, strict=True)}
        serving = list(TeamMember.objects.filter(team__in=eligible, status=TeamMember.Status.ACTIVE).order_by("pk"))
        member_levels = _levels(rng, len(serving), cap)
        ratings = []
        for member, level in zip(serving, member_levels, strict=True):
            team_rank = rules.rating.rank(team_level[member.team_id])
            if member.role == MemberRole.LEADER and rules.rating.rank(level) > team_rank:
                level = team_level[member.team_id]
            ratings.append(MemberRating(member=member, year=year, level=level))
        _within_cap(ratings, cap)
        MemberRating.objects.bulk_create(ratings)
        counts["team_ratings"] += len(eligible)
        counts["member_ratings"] += len(ratings)

    if any(counts.values()):
        audit_record(actor=ctx.actor, action="demo.grassroots", target=ctx.province, detail={"year": year, **counts})
    ctx.say(f"Security teams: {counts['teams']} teams, {counts['members']} members created; "
            f"{counts['team_ratings']} team and {counts['member_ratings']} member ratings for {year}.")
