"""Demo step: the Festival Day of the demo year in the demo province.

Every current commune, KDC, agency, enterprise and school holds its event on a day of the year's campaign
window (`campaigns.campaign_for`), drawn from its commune's random stream; about one unit in forty
(`MISSING_SHARE`) has none, so coverage shows a few missing, and the first commune's KDC all held theirs
(the "100 % khu dân cư đã tổ chức" line of the report). Idempotent: a unit that already has an event of
the year is skipped; bulk-inserted with one "demo.festival" audit event.
"""

import datetime

from django.utils import timezone

from antq.core.audit import audit_record
from antq.festival.campaigns import campaign_for
from antq.festival.models import FESTIVAL_UNIT_KINDS, FestivalEvent
from antq.incidents.demo import demo_year
from antq.units.models import Unit, UnitKind

MISSING_SHARE = 0.025
PLACES = {
    UnitKind.COMMUNE: "Hội trường UBND",
    UnitKind.RESIDENTIAL_AREA: "Nhà văn hóa",
    UnitKind.AGENCY: "Hội trường cơ quan",
    UnitKind.ENTERPRISE: "Hội trường doanh nghiệp",
    UnitKind.SCHOOL: "Sân trường",
}
CEREMONY = ("Ôn lại truyền thống Ngày hội; báo cáo kết quả phong trào toàn dân bảo vệ ANTQ; khen thưởng tập thể, "
            "cá nhân tiêu biểu; các đoàn thể ký kết giao ước thi đua.")
FESTIVITIES = ("Văn nghệ, thể thao, trò chơi dân gian; thi tìm hiểu pháp luật; "
               "diễn đàn “Công an lắng nghe ý kiến Nhân dân”.")


def _event(unit: Unit, rng, campaign, actor) -> FestivalEvent:
    days = (campaign.end - campaign.start).days
    held_on = campaign.start + datetime.timedelta(days=rng.randint(max(0, days - 30), days))
    big = unit.kind == UnitKind.COMMUNE
    gifts = rng.randint(5, 30) if big else rng.randint(0, 8)
    return FestivalEvent(
        unit=unit, year=campaign.year, held_on=held_on, status=FestivalEvent.Status.HELD,
        place=f"{PLACES[unit.kind]} {unit.name}", ceremony=CEREMONY, festivities=FESTIVITIES,
        participants=rng.randint(300, 800) if big else rng.randint(60, 250),
        guests="Lãnh đạo Đảng ủy, UBND, Công an xã" if big else "Đại diện Đảng ủy, UBND, Công an xã",
        gifts_count=gifts, gifts_value=gifts * rng.choice((300_000, 500_000, 1_000_000)),
        awards_count=rng.randint(2, 8) if big else rng.randint(0, 3),
        report="Ngày hội được tổ chức trang trọng, thiết thực, thu hút đông đảo Nhân dân tham gia.",
        created_by=actor)


def build(ctx) -> None:
    province = ctx.province
    year = demo_year(timezone.localdate())
    campaign = campaign_for(year)
    units = list(Unit.objects.within([province.path]).filter(kind__in=FESTIVAL_UNIT_KINDS, valid_to__isnull=True)
                 .order_by("path"))
    first_commune = next((u for u in units if u.kind == UnitKind.COMMUNE), None)
    taken = set(FestivalEvent.objects.filter(year=year, unit__in=units).values_list("unit_id", flat=True))
    actor = ctx.actor if getattr(ctx.actor, "pk", None) else None
    new = []
    for unit in units:
        rng = ctx.rng_for("festival", year, unit.code or unit.pk)
        skip = rng.random() < MISSING_SHARE
        if unit.kind == UnitKind.COMMUNE or (first_commune and unit.parent_id == first_commune.pk
                                             and unit.kind == UnitKind.RESIDENTIAL_AREA):
            skip = False
        if skip or unit.pk in taken:
            continue
        new.append(_event(unit, rng, campaign, actor))
    FestivalEvent.objects.bulk_create(new, batch_size=1000)
    if new:
        audit_record(actor=ctx.actor, action="demo.festival", target=province,
                     detail={"year": year, "seed": ctx.seed, "events": len(new)})
    ctx.say(f"Festival Day {year}: {len(new)} events created "
            f"({FestivalEvent.objects.filter(year=year, unit__path__startswith=province.path).count()} "
            f"of {len(units)} units)")
