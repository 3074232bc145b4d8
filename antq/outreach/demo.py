"""Demo step: a year of outreach and legal education in the demo province.

Each current commune runs a few activities (talks, loudspeaker, leaflets, classes) from its own random
stream; the provincial police's movement office compiles the year's material, so the province's pages
come to a little over 4,000 ("biên soạn trên 4.000 trang tài liệu", SEEDS 002) with a dozen clips.
Idempotent: an activity is created only if its unit has none with the same date and title; bulk-inserted
with one "demo.outreach" audit event.
"""

import datetime

from django.utils import timezone

from antq.core.audit import audit_record
from antq.incidents.demo import demo_year
from antq.outreach.models import OutreachActivity, OutreachForm
from antq.units.models import Unit, UnitKind

TARGET_PAGES = 4150
COMMUNE_ACTIVITIES = (
    (OutreachForm.ORAL, "drugs", "Tuyên truyền phòng, chống ma túy tại hội nghị thôn, tổ dân phố"),
    (OutreachForm.LOUDSPEAKER, "cyber_fraud", "Phát thanh cảnh báo thủ đoạn lừa đảo qua không gian mạng"),
    (OutreachForm.LEAFLET, "fire", "Phát tờ rơi hướng dẫn phòng cháy, chữa cháy tại hộ gia đình"),
    (OutreachForm.LEGAL_CLASS, "traffic", "Lớp phổ biến Luật Trật tự, an toàn giao thông đường bộ"),
    (OutreachForm.VISUAL, "movement", "Pa nô, khẩu hiệu hưởng ứng Ngày hội toàn dân bảo vệ ANTQ"),
    (OutreachForm.COMMUNITY_REEDUCATION, "social_evils", "Giáo dục, giúp đỡ người vi phạm tại cộng đồng"),
)
PROVINCE_ACTIVITIES = (
    (OutreachForm.LEAFLET, "crime", "Biên soạn tài liệu tuyên truyền phòng, chống tội phạm"),
    (OutreachForm.LEAFLET, "social_evils", "Biên soạn tài liệu phòng, chống tệ nạn xã hội"),
    (OutreachForm.LEAFLET, "drugs", "Biên soạn tài liệu phòng, chống ma túy"),
    (OutreachForm.LEAFLET, "traffic", "Biên soạn tài liệu chấp hành pháp luật giao thông"),
    (OutreachForm.LEAFLET, "fire", "Biên soạn tài liệu phòng, chống cháy nổ"),
    (OutreachForm.VIDEO, "cyber_fraud", "Xây dựng clip tuyên truyền trực quan"),
)


def _day(rng, year: int, today: datetime.date) -> datetime.date:
    last = min(datetime.date(year, 12, 31), today)
    return datetime.date(year, 1, 2) + datetime.timedelta(days=rng.randint(0, (last - datetime.date(year, 1, 2)).days))


def build(ctx) -> None:
    province = ctx.province
    today = timezone.localdate()
    year = demo_year(today)
    actor = ctx.actor if getattr(ctx.actor, "pk", None) else None
    communes = list(Unit.objects.within([province.path]).filter(kind=UnitKind.COMMUNE, valid_to__isnull=True)
                    .order_by("path"))
    planned: list[OutreachActivity] = []
    for commune in communes:
        rng = ctx.rng_for("outreach", year, commune.code or commune.pk)
        for form, topic, title in rng.sample(COMMUNE_ACTIVITIES, rng.randint(2, 4)):
            planned.append(OutreachActivity(
                unit=commune, held_on=_day(rng, year, today), form=form, topic=topic, title=title,
                audience=rng.randint(40, 400), pages=rng.randint(0, 4) if form == OutreachForm.LEAFLET else 0,
                copies=rng.randint(100, 600) if form == OutreachForm.LEAFLET else 0, created_by=actor))
    commune_pages = sum(a.pages for a in planned)
    share = max(0, TARGET_PAGES - commune_pages) // len(PROVINCE_ACTIVITIES)
    rng = ctx.rng_for("outreach", year, "province")
    for form, topic, title in PROVINCE_ACTIVITIES:
        video = form == OutreachForm.VIDEO
        planned.append(OutreachActivity(
            unit=province, held_on=_day(rng, year, today), form=form, topic=topic, title=title,
            audience=0, pages=share, copies=0 if video else share * 3, clips=12 if video else 0, created_by=actor))
    existing = set(OutreachActivity.objects.filter(unit__path__startswith=province.path)
                   .values_list("unit_id", "held_on", "title"))
    new = [a for a in planned if (a.unit.pk, a.held_on, a.title) not in existing]
    OutreachActivity.objects.bulk_create(new, batch_size=1000)
    if new:
        audit_record(actor=ctx.actor, action="demo.outreach", target=province,
                     detail={"year": year, "seed": ctx.seed, "activities": len(new)})
    ctx.say(f"Outreach {year}: {len(new)} activities created")
