"""Demo step: the movement classification of the demo year, and 2011 history for the province's old communes.

Every commune of the demo province and every KDC, agency, enterprise and school in it is scored on its
sheet for the demo year (the recognition step's year) and decided — a realistic spread, consistent with
recognition: a unit recognised ANTT-safe scores higher and gets the full points of the ANTT-safe item, one
not recognised scores lower and is capped by the engine (no higher than Trung bình). About one in five
reviews changes an item, with a reason. The demo officer's own commune is left mid-cycle (some units still
scoring, some submitted, some reviewed; the commune itself scored and not yet submitted), so the demo users
have work to do.

History: the communes the province was formed from (the legacy communes of its predecessor provinces, as
they stood before 2025) get an imported 2011 result in the proportions of the Quảng Bình conference of
2012 (SEEDS 000: 131 of 159 communes Khá, 28 Trung bình): exactly those counts where a province had 159
communes, the same shares otherwise (Quảng Bình's list of 2025 has 145).

Bulk inserts, the summary rows rebuilt for the two years, one audit event; a second run changes nothing.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils import timezone, translation

from antq.classification.applied import AppliedRules, rules_for_unit
from antq.classification.engine import AnttSafe, classify
from antq.classification.models import (
    Classification,
    ClassificationScore,
    ClassificationStatus,
    ScoreStage,
    Source,
)
from antq.classification.rules import regulation_code_for_year
from antq.classification.tallies import block_of, tally_rebuild
from antq.core.audit import audit_record
from antq.core.text import natural_key
from antq.recognition.demo import demo_year
from antq.recognition.models import CaseStatus, RecognitionCase
from antq.units.coverage import coverage_of_unit
from antq.units.models import GRASSROOTS_KINDS, REFORM_DATE, Unit, UnitKind

HISTORY_YEAR = 2011
# Quảng Bình, results of 2011 (SEEDS 000): 131 of 159 communes Khá, 28 Trung bình.
SEED_GOOD, SEED_TOTAL = 131, 159
# Mid-cycle states in the demo officer's commune, in turn.
MID_CYCLE = (ClassificationStatus.DRAFT, ClassificationStatus.SUBMITTED, ClassificationStatus.REVIEWED)
# The items that score the year's ANTT-safe recognition itself, per sheet.
ANTT_ITEMS = {"PT-KDC-6", "PT-XA-6a", "PT-CQ-9"}
REVIEW_NOTES = ("Chưa có biên bản tổ chức Ngày hội", "Hồ sơ thiếu kế hoạch phối hợp",
                "Số liệu tuyên truyền chưa có minh chứng", "Mô hình chưa hoạt động thường xuyên")
HALF = Decimal("0.5")


def build(ctx) -> None:
    year = demo_year(timezone.localdate())
    made = _year_of_work(ctx, year)
    history = _history(ctx)
    if not made and not history:
        ctx.say(f"Classification {year} and {HISTORY_YEAR}: already there, nothing to do")
        return
    for changed in {year if made else None, HISTORY_YEAR if history else None} - {None}:
        tally_rebuild(year=changed)
    audit_record(actor=ctx.actor, action="demo.classification", target=ctx.province,
                 detail={"year": year, "classified": made, "history_year": HISTORY_YEAR, "history": history})


# --- the demo year --------------------------------------------------------------------------------------


def _units(province: Unit, year: int) -> list[Unit]:
    day = datetime.date(year, 12, 31)
    communes = list(Unit.objects.filter(parent=province, kind=UnitKind.COMMUNE).valid_on(day))
    grassroots = Unit.objects.filter(parent__in=communes, kind__in=GRASSROOTS_KINDS).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=datetime.date(year, 1, 1)))
    return communes + [u for u in grassroots if not u.is_organisation or coverage_of_unit(u).covered]


def _target(rng, antt: str) -> Decimal:
    """A unit's overall standing, 0–1: recognised units do better than the others."""
    mean, spread = {AnttSafe.MET: (0.86, 0.07), AnttSafe.NOT_MET: (0.66, 0.1)}.get(antt, (0.76, 0.1))
    return Decimal(str(min(0.99, max(0.3, rng.gauss(mean, spread)))))


def _self_points(rules: AppliedRules, rng, antt: str) -> dict[str, Decimal]:
    target = _target(rng, antt)
    points = {}
    for item in rules.sheet.leaves():
        if item.id in ANTT_ITEMS:
            points[item.id] = item.max_points if antt == AnttSafe.MET else Decimal(0)
            continue
        share = min(Decimal(1), max(Decimal(0), target + Decimal(str(rng.uniform(-0.12, 0.12)))))
        # Whole or half points, as offices score.
        points[item.id] = min(item.max_points, (item.max_points * share / HALF).quantize(
            Decimal(1), rounding=ROUND_HALF_UP) * HALF)
    return points


def _year_of_work(ctx, year: int) -> int:
    province = ctx.province
    if Classification.objects.filter(unit__path__startswith=province.path, year=year).exists():
        return 0
    units = _units(province, year)
    recognition = dict(RecognitionCase.objects.filter(unit__in=[u.pk for u in units], year=year,
                                                      status=CaseStatus.DECIDED).values_list("unit_id", "result"))
    own = ctx.users.get("xa")
    own_commune_id = own.roles.get().unit_id if own else None
    reviewer = ctx.users.get("tinh")
    rules_by_kind: dict[str, AppliedRules] = {}
    frozen_by_kind: dict[str, dict] = {}
    now, code = timezone.now(), regulation_code_for_year(year)
    records, scores_by_unit = [], {}
    ordered = sorted(units, key=lambda u: (u.kind, natural_key(u.name)))
    for position, unit in enumerate(ordered):
        if unit.kind not in rules_by_kind:
            rules_by_kind[unit.kind] = rules_for_unit(unit, year)
            frozen_by_kind[unit.kind] = rules_by_kind[unit.kind].frozen()
        rules = rules_by_kind[unit.kind]
        rng = ctx.rng_for("classification", year, unit.code or unit.name, unit.pk)
        antt = recognition.get(unit.pk, AnttSafe.UNKNOWN)
        own_points = _self_points(rules, rng, antt)
        mid_cycle = own_commune_id in (unit.pk, unit.parent_id)
        status = ClassificationStatus.DECIDED
        if mid_cycle:
            status = ClassificationStatus.DRAFT if unit.pk == own_commune_id else MID_CYCLE[position % 3]
        review = {}
        if status in (ClassificationStatus.REVIEWED, ClassificationStatus.DECIDED) and rng.random() < 0.2:
            item = rng.choice([i for i in rules.sheet.leaves() if own_points[i.id] >= 1 and i.id not in ANTT_ITEMS])
            review[item.id] = (own_points[item.id] - min(own_points[item.id], Decimal(rng.choice((1, 2)))),
                               rng.choice(REVIEW_NOTES))
        record = Classification(unit=unit, year=year, regulation=code, status=status, antt_safe=antt,
                                started_at=now, started_by=ctx.actor, version=1 + (status != "draft") * 3)
        with translation.override("vi"):
            own_result = classify(rules.sheet, rules.bands, rules.caps, scores=own_points, antt_safe=antt, year=year)
            reviewed = classify(rules.sheet, rules.bands, rules.caps,
                                scores={**own_points, **{k: v[0] for k, v in review.items()}}, antt_safe=antt,
                                year=year)
        if status != ClassificationStatus.DRAFT:
            record.self_total, record.self_level, record.self_result = (
                own_result.total, own_result.level, own_result.as_dict())
        if status in (ClassificationStatus.REVIEWED, ClassificationStatus.DECIDED):
            record.reviewed_total, record.reviewed_level, record.reviewed_result = (
                reviewed.total, reviewed.level, reviewed.as_dict())
        if status == ClassificationStatus.DECIDED:
            record.level, record.block = reviewed.level, block_of(unit.kind, unit.managing_level or "")
            record.decided_by, record.decided_at, record.rules = reviewer, now, frozen_by_kind[unit.kind]
        records.append(record)
        if status == ClassificationStatus.DRAFT and unit.pk != own_commune_id:
            # Still scoring: the first half of the items entered.
            leaves = rules.sheet.leaves()
            own_points = {i.id: own_points[i.id] for i in leaves[: len(leaves) // 2]}
        scores_by_unit[unit.pk] = (own_points, review)
    Classification.objects.bulk_create(records, batch_size=500)
    saved = dict(Classification.objects.filter(unit__in=[u.pk for u in units], year=year).values_list("unit_id", "pk"))
    rows = []
    for unit_id, (own_points, review) in scores_by_unit.items():
        pk = saved[unit_id]
        rows += [ClassificationScore(classification_id=pk, item_id=item_id, stage=ScoreStage.SELF, points=points,
                                     note="Có hồ sơ, biên bản kèm theo") for item_id, points in own_points.items()]
        rows += [ClassificationScore(classification_id=pk, item_id=item_id, stage=ScoreStage.REVIEW, points=points,
                                     note=note) for item_id, (points, note) in review.items()]
    ClassificationScore.objects.bulk_create(rows, batch_size=2000)
    decided = sum(1 for r in records if r.status == ClassificationStatus.DECIDED)
    levels = {level: sum(1 for r in records if r.level == level) for level in ("excellent", "good", "average", "weak")}
    ctx.say(f"Classification {year}: {len(records)} units scored, {decided} decided "
            f"({', '.join(f'{k} {v}' for k, v in levels.items())})")
    return len(records)


# --- history ----------------------------------------------------------------------------------------------


def _legacy_communes(province: Unit) -> dict[int, list[Unit]]:
    """The communes of HISTORY_YEAR the province was formed from, by the province they belonged to."""
    predecessors = dict(province.predecessors.values_list("pk", "path"))
    day = datetime.date(HISTORY_YEAR, 12, 31)
    communes = (Unit.objects.filter(kind=UnitKind.COMMUNE, valid_to__lt=REFORM_DATE).valid_on(day)
                .within([*predecessors.values(), province.path]))
    groups: dict[int, list[Unit]] = {}
    for commune in communes:
        owner = next((pk for pk in commune.ancestor_ids() if pk in predecessors), province.pk)
        groups.setdefault(owner, []).append(commune)
    return groups


def _history(ctx) -> int:
    groups = _legacy_communes(ctx.province)
    already = set(Classification.objects.filter(year=HISTORY_YEAR, unit__in=[c.pk for g in groups.values()
                                                                             for c in g]).values_list("unit_id",
                                                                                                      flat=True))
    now, code, records = timezone.now(), regulation_code_for_year(HISTORY_YEAR), []
    for owner, communes in sorted(groups.items()):
        rng = ctx.rng_for("classification", HISTORY_YEAR, owner)
        ordered = sorted(communes, key=lambda c: natural_key(c.name))
        rng.shuffle(ordered)
        good = SEED_GOOD if len(ordered) == SEED_TOTAL else int(
            (Decimal(len(ordered) * SEED_GOOD) / SEED_TOTAL).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        for index, commune in enumerate(ordered):
            if commune.pk in already:
                continue
            level = "good" if index < good else "average"
            records.append(Classification(
                unit=commune, year=HISTORY_YEAR, regulation=code, status=ClassificationStatus.DECIDED,
                source=Source.IMPORTED, block=block_of(UnitKind.COMMUNE, ""), level=level, imported_level=level,
                reviewed_level=level, started_at=now, decided_at=now))
        if communes:
            ctx.say(f"Classification {HISTORY_YEAR} (imported history): {good} of {len(communes)} communes Khá, "
                    f"{len(communes) - good} Trung bình")
    Classification.objects.bulk_create(records, batch_size=1000)
    return len(records)
