"""Demo step: a year of incidents in the demo province, the year before it, and a few yearly figures.

The demo year is the latest evaluation year whose periods have all ended (`demo_year`); every incident
falls between 16/11 of the year before and 31/10 of the demo year, so it lies inside both the KDC period
(01/11–31/10) and the other units' period (16/11–15/11) of TT 124/2021 art. 8.

* Background, per current commune, from its own random stream (`ctx.rng_for("incidents", year, code)`):
  mostly less serious crimes, social evils and other violations in its KDC, organisations and the commune
  itself, now and then a serious crime; the year before gets somewhat more of the same, so most trends
  go down.
* Set pieces, in the communes of the demo officers (`antq.accounts.demo`), kept free of background so
  their outcome is plain (see `SET_PIECES`): in the officer's commune, the KDC reporter's KDC has a very
  serious crime detected in time, mitigated and reported (and a figure of 3 for the year before), the
  next KDC a very serious crime without that flag, the one after a new person with a social evil, an
  enterprise an unlawful strike; in the second officer's commune, a KDC has a fire by lightning (force majeure), a
  secondary school a case of school violence and an agency a staff member disciplined with a warning.
* Yearly figures for the year before in three communes (the register's count and a few more).

Idempotent: an incident is created only if its unit has none with the same date and title, a figure
only if the unit has none for the year; everything is bulk-inserted with one "demo.incidents" audit event.
"""

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone

from antq.accounts.demo import commune_of_officer, commune_of_second_officer, residential_area_of_reporter
from antq.core.audit import audit_record
from antq.core.text import fold, natural_key
from antq.incidents.catalogue import catalogue
from antq.incidents.models import Incident, IncidentPerson, PersonRole, YearlyTrendFigure
from antq.incidents.services import incident_validate
from antq.units.models import GRASSROOTS_KINDS, EnterpriseSize, SchoolLevel, Unit, UnitKind

# (title, severity) by type; severities from the Penal Code's maximum penalties for the basic offence.
LESS_SERIOUS_CRIMES = (
    "Trộm cắp tài sản (xe máy)",
    "Trộm cắp tài sản tại nhà dân",
    "Trộm cắp tài sản tại chợ",
    "Cố ý gây thương tích",
    "Đánh bạc dưới hình thức đánh bài ăn tiền",
    "Lừa đảo chiếm đoạt tài sản qua mạng xã hội",
    "Gây rối trật tự công cộng",
    "Hủy hoại tài sản",
)
SERIOUS_CRIMES = (
    "Tàng trữ trái phép chất ma túy",
    "Cướp giật tài sản",
    "Tổ chức đánh bạc",
)
SOCIAL_EVILS = (
    "Phát hiện nhóm đối tượng sử dụng trái phép chất ma túy",
    "Đánh bạc dưới hình thức ghi lô đề (xử phạt hành chính)",
    "Đánh bạc (xử phạt hành chính)",
    "Hoạt động mại dâm tại cơ sở lưu trú",
)
OTHER_VIOLATIONS = (
    "Đánh nhau gây mất trật tự công cộng (xử phạt hành chính)",
    "Tàng trữ, sử dụng pháo nổ",
    "Vi phạm quy định về đăng ký cư trú",
    "Sử dụng công cụ hỗ trợ trái phép",
    "Buôn bán hàng cấm (thuốc lá điếu nhập lậu)",
)
DESCRIPTIONS = {
    "crime": "Công an xã tiếp nhận tin báo, xác minh ban đầu và chuyển hồ sơ theo thẩm quyền.",
    "social_evil": "Công an xã phát hiện, lập biên bản và xử lý theo quy định.",
    "other_violation": "Lập biên bản vi phạm hành chính, xử phạt theo quy định.",
}


@dataclass(frozen=True)
class SetPiece:
    key: str
    type: str
    title: str
    severity: str = ""
    force_majeure: bool = False
    detected_mitigated_reported: bool = False
    description: str = ""


SET_PIECES = {
    piece.key: piece
    for piece in (
        SetPiece("kdc_reported", "crime", "Cướp tài sản có sử dụng hung khí", "very_serious",
                 detected_mitigated_reported=True,
                 description="Tổ bảo vệ ANTT ở cơ sở phát hiện kịp thời, phối hợp Công an xã bắt giữ đối tượng, "
                             "thu hồi tài sản và báo cáo ngay lên Công an tỉnh."),
        SetPiece("kdc_unreported", "crime", "Cố ý gây thương tích làm chết người", "very_serious",
                 description="Mâu thuẫn trong cuộc nhậu dẫn đến xô xát; vụ việc được báo cáo sau hai ngày."),
        SetPiece("kdc_new_person", "new_social_evil_person", "Phát sinh 01 người nghiện ma túy mới",
                 description="Đối tượng nam, 24 tuổi, được xác định nghiện ma túy, đưa vào quản lý tại cộng đồng."),
        SetPiece("enterprise_strike", "unlawful_strike",
                 "Công nhân ngừng việc tập thể không theo trình tự luật định",
                 description="Khoảng 120 công nhân ngừng việc hai ngày đòi tăng lương; "
                             "đã đối thoại, công nhân trở lại làm việc."),
        SetPiece("kdc_fire", "fire_explosion_accident", "Cháy nhà dân do sét đánh trong cơn giông",
                 force_majeure=True,
                 description="Sét đánh trong cơn giông lớn gây cháy một nhà dân, không có thương vong."),
        SetPiece("school_violence", "school_violence", "Học sinh đánh nhau, quay video đăng lên mạng xã hội",
                 description="Hai nhóm học sinh lớp 8 đánh nhau ngoài cổng trường; nhà trường và Công an xã đã xử lý."),
        SetPiece("agency_staff", "staff_sanctioned", "Viên chức tham gia đánh bạc bị kỷ luật cảnh cáo",
                 description="Bị xử phạt vi phạm hành chính về hành vi đánh bạc; cơ quan kỷ luật hình thức cảnh cáo."),
    )
}
STAFF_PERSON = ("Trần Văn Hùng", PersonRole.STAFF, "warning")
PREVIOUS_YEAR_FIGURE = 3
FIGURE_COMMUNES = 3


def demo_year(today: datetime.date) -> int:
    """The latest evaluation year whose KDC and other periods have both ended (after 15/11)."""
    return today.year if today > datetime.date(today.year, 11, 15) else today.year - 1


def window(year: int) -> tuple[datetime.date, datetime.date]:
    """The days inside both evaluation periods of `year`: 16/11 of the year before to 31/10."""
    return datetime.date(year - 1, 11, 16), datetime.date(year, 10, 31)


def _day(rng: random.Random, year: int) -> datetime.date:
    start, end = window(year)
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def _ordered(units) -> list[Unit]:
    return sorted(units, key=lambda u: natural_key(u.name))


class _Plan:
    def __init__(self, actor) -> None:
        self.incidents: list[Incident] = []
        self.people: dict[int, tuple[str, str, str]] = {}  # index in incidents → person
        self.actor = actor if getattr(actor, "pk", None) else None

    def add(self, unit: Unit, type: str, title: str, on: datetime.date, severity: str = "", **flags) -> int:
        description = flags.pop("description", "") or DESCRIPTIONS.get(type, "")
        self.incidents.append(Incident(unit=unit, type=type, title=title, title_folded=fold(title)[:255],
                                       occurred_on=on, severity=severity, description=description,
                                       created_by=self.actor, **flags))
        return len(self.incidents) - 1


def _background(plan: _Plan, rng: random.Random, commune: Unit, places: list[Unit], year: int, extra: int) -> None:
    """One commune's ordinary year: `extra` more of each kind makes the year before a little worse."""
    kdcs = [u for u in places if u.kind == UnitKind.RESIDENTIAL_AREA]
    organisations = [u for u in places if u.kind != UnitKind.RESIDENTIAL_AREA]

    def place() -> Unit:
        roll = rng.random()
        if kdcs and roll < 0.7:
            return rng.choice(kdcs)
        if organisations and roll < 0.9:
            return rng.choice(organisations)
        return commune

    for _index in range(rng.randint(0, 3) + rng.randint(0, extra)):
        plan.add(place(), "crime", rng.choice(LESS_SERIOUS_CRIMES), _day(rng, year), "less_serious")
    for _index in range(rng.randint(0, 2) + rng.randint(0, extra)):
        plan.add(place(), "social_evil", rng.choice(SOCIAL_EVILS), _day(rng, year))
    for _index in range(rng.randint(0, 2) + rng.randint(0, extra)):
        plan.add(place(), "other_violation", rng.choice(OTHER_VIOLATIONS), _day(rng, year))
    if kdcs and rng.random() < 0.08:
        plan.add(rng.choice(kdcs), "crime", rng.choice(SERIOUS_CRIMES), _day(rng, year), "serious")


def _set_piece_units(province: Unit, children: dict[int, list[Unit]]) -> dict[str, Unit]:
    """Where each set piece happens (those whose unit is missing are left out)."""
    found: dict[str, Unit] = {}
    first, second = commune_of_officer(province), commune_of_second_officer(province)
    if first is not None:
        kdcs = [u for u in children.get(first.pk, []) if u.kind == UnitKind.RESIDENTIAL_AREA]
        # The demo KDC reporter's own KDC first: the case that stays recognised despite a very serious crime.
        reporter = residential_area_of_reporter(province)
        kdcs = sorted(kdcs, key=lambda u: u.pk != getattr(reporter, "pk", None))
        for key, kdc in zip(("kdc_reported", "kdc_unreported", "kdc_new_person"), kdcs, strict=False):
            found[key] = kdc
        enterprises = [u for u in children.get(first.pk, []) if u.kind == UnitKind.ENTERPRISE]
        big = [u for u in enterprises if u.enterprise_size in (EnterpriseSize.LARGE, EnterpriseSize.MEDIUM)]
        if big or enterprises:
            found["enterprise_strike"] = (big or enterprises)[0]
    if second is not None:
        units = children.get(second.pk, [])
        kdcs = [u for u in units if u.kind == UnitKind.RESIDENTIAL_AREA]
        if kdcs:
            found["kdc_fire"] = kdcs[-1]
        secondary = (SchoolLevel.LOWER_SECONDARY, SchoolLevel.UPPER_SECONDARY, SchoolLevel.MULTI_LEVEL)
        schools = [u for u in units if u.kind == UnitKind.SCHOOL and u.school_level in secondary]
        if schools:
            found["school_violence"] = schools[0]
        agencies = [u for u in units if u.kind == UnitKind.AGENCY and not u.is_armed_forces]
        # Public employees ("viên chức"): the commune health station where there is one.
        agencies.sort(key=lambda u: not u.name.startswith("Trạm Y tế"))
        if agencies:
            found["agency_staff"] = agencies[0]
    return found


def build(ctx) -> None:
    """Create the missing demo incidents and yearly figures of `ctx.province`."""
    province = ctx.province
    today = timezone.localdate()
    year = demo_year(today)
    communes = list(
        Unit.objects.within([province.path]).filter(kind=UnitKind.COMMUNE, valid_to__isnull=True).order_by("code", "id")
    )
    children: dict[int, list[Unit]] = {}
    grassroots = Unit.objects.within([province.path]).filter(kind__in=GRASSROOTS_KINDS, valid_to__isnull=True)
    for unit in grassroots.select_related("parent"):
        children.setdefault(unit.parent_id, []).append(unit)
    children = {parent: _ordered(units) for parent, units in children.items()}
    pieces = _set_piece_units(province, children)
    reserved = {unit.pk for unit in pieces.values()}

    plan = _Plan(ctx.actor)
    for commune in communes:
        places = [u for u in children.get(commune.pk, []) if u.pk not in reserved]
        key = commune.code or commune.pk
        _background(plan, ctx.rng_for("incidents", year, key), commune, places, year, extra=0)
        _background(plan, ctx.rng_for("incidents", year - 1, key), commune, places, year - 1, extra=2)
    for key, unit in pieces.items():
        piece = SET_PIECES[key]
        index = plan.add(unit, piece.type, piece.title, _day(ctx.rng_for("incidents", year, key), year),
                         piece.severity, force_majeure=piece.force_majeure,
                         detected_mitigated_reported=piece.detected_mitigated_reported, description=piece.description)
        if key == "agency_staff":
            plan.people[index] = STAFF_PERSON

    existing = set(
        Incident.objects.filter(unit__path__startswith=province.path).values_list("unit_id", "occurred_on", "title")
    )
    new_incidents, new_people = [], []
    for index, incident in enumerate(plan.incidents):
        natural = (incident.unit.pk, incident.occurred_on, incident.title)
        if natural in existing:
            continue
        existing.add(natural)
        incident_validate(incident, people_count=1 if index in plan.people else 0, in_bulk=True, on=today)
        new_incidents.append(incident)
        if index in plan.people:
            new_people.append((incident, plan.people[index]))
    Incident.objects.bulk_create(new_incidents, batch_size=1000)
    IncidentPerson.objects.bulk_create([
        IncidentPerson(incident=incident, full_name=name, role_in_unit=role, discipline=discipline)
        for incident, (name, role, discipline) in new_people
    ])

    new_figures = _figures(ctx, communes, pieces, year - 1)

    if new_incidents or new_figures:
        audit_record(actor=ctx.actor, action="demo.incidents", target=province, detail={
            "year": year, "seed": ctx.seed, "incidents": len(new_incidents), "figures": len(new_figures)})
    total = Incident.objects.filter(unit__path__startswith=province.path).count()
    ctx.say(f"Incidents: {len(new_incidents)} created for {year - 1}–{year} ({total} in the province); "
            f"{len(new_figures)} yearly figures created")
    for key, unit in pieces.items():
        ctx.say(f"  {key:<18} {unit.name}, {unit.parent.name}")


def _figures(ctx, communes: list[Unit], pieces: dict[str, Unit], year: int) -> list[YearlyTrendFigure]:
    """Figures for `year` in a few communes (the register's count and a few more) and the first KDC."""
    start, end = window(year)
    trend_types = catalogue().type_codes(counts_for_trend=True)
    rng = ctx.rng_for("incidents-figures", year)
    chosen = sorted(rng.sample(communes, min(FIGURE_COMMUNES, len(communes))), key=lambda u: u.pk)
    wanted: list[tuple[Unit, int, str]] = []
    for commune in chosen:
        registered = Incident.objects.active().in_subtree(commune.path).filter(
            type__in=trend_types, occurred_on__gte=start, occurred_on__lte=end).count()
        wanted.append((commune, registered + rng.randint(2, 6), "Báo cáo tổng kết công tác bảo đảm ANTT năm"))
    if "kdc_reported" in pieces:
        wanted.append((pieces["kdc_reported"], PREVIOUS_YEAR_FIGURE, "Sổ theo dõi của Tổ bảo vệ ANTT ở cơ sở"))
    taken = set(YearlyTrendFigure.objects.filter(unit__in=[u for u, _c, _n in wanted], year=year)
                .values_list("unit_id", flat=True))
    actor = ctx.actor if getattr(ctx.actor, "pk", None) else None
    figures = [
        YearlyTrendFigure(unit=unit, year=year, count=count, note=f"{note} {year}", entered_by=actor)
        for unit, count, note in wanted if unit.pk not in taken
    ]
    return YearlyTrendFigure.objects.bulk_create(figures)
