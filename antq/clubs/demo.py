"""Demo step: self-management models and clubs across the demo province.

* The national catalogue is loaded, and the province adds five types of its own (four variants of national
  types, one of its own: "Bến thuyền an toàn" on the coast).
* Every current commune runs one society model at the commune and, at about a third of its KDC, one more
  (often "Camera giám sát ANTT", "Tổ liên gia tự quản", "Tiếng kẻng an ninh" …), each with 1–4 clubs;
  the KDC models after the first of a type in a commune are replications of that first one. About half
  the agencies, enterprises and schools run one model of their sector with 1–2 clubs.
* Evaluations of the demo year and the one before: about nine in ten effective, and about one effective
  model in twelve marked typical.

Idempotent: a site that already has a model is left as it is. Bulk-inserted with one "demo.clubs" event.
"""

import datetime

from django.utils import timezone

from antq.clubs.models import Club, ModelEvaluation, ModelType, MovementModel, Sector
from antq.clubs.services import model_types_load_national
from antq.core.audit import audit_record
from antq.core.text import fold
from antq.recognition.demo import demo_year
from antq.units.models import ORGANISATION_KINDS, Unit, UnitKind

# (name, sector, national code or None)
PROVINCE_TYPES = (
    ("Camera giám sát ANTT tại doanh nghiệp", Sector.ORGANISATIONS, "camera_antt"),
    ("Tổ công nhân tự quản về ANTT", Sector.ORGANISATIONS, "doanh_nghiep_an_toan"),
    ("Câu lạc bộ “Thanh niên với pháp luật”", Sector.ORGANISATIONS, "clb_phap_luat_hoc_duong"),
    ("Đội xung kích phòng, chống ma túy", Sector.SOCIETY, "kdc_khong_ma_tuy"),
    ("Bến thuyền an toàn về ANTT", Sector.SOCIETY, None),
)
SOCIETY_CODES = ("camera_antt", "to_lien_gia", "tieng_keng", "dong_ho", "clb_phap_luat", "nam_giup_mot",
                 "kdc_khong_ma_tuy", "cum_lien_hoan")
ORGANISATION_CODES = {
    UnitKind.AGENCY: ("co_quan_an_toan",),
    UnitKind.ENTERPRISE: ("doanh_nghiep_an_toan",),
    UnitKind.SCHOOL: ("truong_hoc_an_toan", "clb_phap_luat_hoc_duong"),
}
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Phan", "Đặng", "Bùi", "Hồ")
GIVEN = ("Văn Hùng", "Thị Lan", "Đức Minh", "Thị Hoa", "Quang Sơn", "Văn Bình", "Thị Mai", "Hữu Phúc", "Minh Tuấn")
CLUB_WORDS = {
    Sector.SOCIETY: ("Tổ tự quản", "Câu lạc bộ", "Tổ liên gia", "Nhóm"),
    Sector.ORGANISATIONS: ("Tổ an ninh", "Câu lạc bộ", "Tổ bảo vệ"),
}


def _person(rng) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"


def _province_types(province: Unit) -> list[ModelType]:
    nationals = {t.code: t for t in ModelType.objects.filter(province__isnull=True)}
    made = []
    for name, sector, code in PROVINCE_TYPES:
        model_type, _created = ModelType.objects.get_or_create(
            province=province, name_folded=fold(name),
            defaults={"name": name, "sector": sector, "national": nationals.get(code) if code else None})
        made.append(model_type)
    return made


def _model(*, site: Unit, model_type: ModelType, rng, actor, year: int, source=None) -> MovementModel:
    established = datetime.date(rng.randint(year - 8, year - 1), rng.randint(1, 12), rng.randint(1, 28))
    return MovementModel(
        site=site, type=model_type, name=f"{model_type.name} — {site.name}",
        name_folded=fold(f"{model_type.name} — {site.name}"),
        decision_number=f"{rng.randint(5, 250)}/QĐ-UBND" if site.kind in (UnitKind.COMMUNE, UnitKind.RESIDENTIAL_AREA)
        else f"{rng.randint(1, 90)}/QĐ", decision_date=established, established_on=established,
        replicated_from=source, created_by=actor)


def build(ctx) -> None:
    province = ctx.province
    year = demo_year(timezone.localdate())
    actor = ctx.actor if getattr(ctx.actor, "pk", None) else None
    model_types_load_national(actor=ctx.actor)
    nationals = {t.code: t for t in ModelType.objects.filter(province__isnull=True)}
    own = _province_types(province)
    society_types = [nationals[c] for c in SOCIETY_CODES] + [t for t in own if t.sector == Sector.SOCIETY]
    org_own = [t for t in own if t.sector == Sector.ORGANISATIONS]
    units = list(Unit.objects.within([province.path]).filter(
        kind__in=[UnitKind.COMMUNE, UnitKind.RESIDENTIAL_AREA, *ORGANISATION_KINDS], valid_to__isnull=True)
        .order_by("path"))
    taken = set(MovementModel.objects.filter(site__in=units).values_list("site_id", flat=True))
    planned: list[tuple[MovementModel, object]] = []  # (model, its rng)
    first_of: dict[tuple[int, int], MovementModel] = {}  # (commune, type) → the first KDC model, copied by others
    for unit in units:
        rng = ctx.rng_for("clubs", unit.code or unit.pk)
        if unit.pk in taken:
            continue
        if unit.kind == UnitKind.COMMUNE:
            model_type = rng.choice(society_types)
        elif unit.kind == UnitKind.RESIDENTIAL_AREA:
            if rng.random() > 0.35:
                continue
            model_type = rng.choice(society_types[:5])
        else:
            if rng.random() > 0.5:
                continue
            choices = [nationals[c] for c in ORGANISATION_CODES[unit.kind]] + org_own
            model_type = rng.choice(choices)
        source = None
        if unit.kind == UnitKind.RESIDENTIAL_AREA:
            key = (unit.parent_id, model_type.pk)
            source = first_of.get(key)
        model = _model(site=unit, model_type=model_type, rng=rng, actor=actor, year=year, source=source)
        if unit.kind == UnitKind.RESIDENTIAL_AREA and source is None:
            first_of[(unit.parent_id, model_type.pk)] = model
        planned.append((model, rng))
    # Sources first, so their ids exist when the replicas are inserted.
    sources = [m for m, _rng in planned if m.replicated_from is None]
    MovementModel.objects.bulk_create(sources, batch_size=500)
    for model, _rng in planned:
        if model.replicated_from is not None:
            model.replicated_from_id = model.replicated_from.pk
    MovementModel.objects.bulk_create([m for m, _rng in planned if m.replicated_from is not None], batch_size=500)
    clubs, evaluations = [], []
    for model, rng in planned:
        sector = model.type.sector
        for number in range(1, rng.randint(1, 4 if sector == Sector.SOCIETY else 2) + 1):
            names = [_person(rng) for _ in range(rng.randint(5, 15))]
            clubs.append(Club(model=model, name=f"{rng.choice(CLUB_WORDS[sector])} số {number} — {model.site.name}",
                              members_count=len(names), member_names="\n".join(names), leader=names[0],
                              established_on=model.established_on))
        for evaluated in (year - 1, year):
            if model.established_on.year > evaluated:
                continue
            effective = rng.random() < 0.9
            evaluations.append(ModelEvaluation(
                model=model, year=evaluated, effective=effective, typical=effective and rng.random() < 0.08,
                note="Hoạt động nền nếp, phát hiện, tố giác nhiều vụ việc" if effective
                else "Hoạt động cầm chừng, cần củng cố", evaluated_by=actor))
    Club.objects.bulk_create(clubs, batch_size=1000)
    ModelEvaluation.objects.bulk_create(evaluations, batch_size=1000)
    if planned:
        audit_record(actor=ctx.actor, action="demo.clubs", target=province, detail={
            "year": year, "seed": ctx.seed, "models": len(planned), "clubs": len(clubs),
            "evaluations": len(evaluations)})
    ctx.say(f"Models and clubs: {len(planned)} models, {len(clubs)} clubs, {len(evaluations)} evaluations created")
