"""Demo step: commendations of the demo province.

For the demo year, the year-end conference figures of SEEDS 000: the Ministry's 3 emulation flags and 7
certificates of merit to collectives, the provincial People's Committee's 2 flags and 10 certificates
(6 collectives, 4 individuals), the provincial police director's giấy khen to 45 collectives and 46
individuals — exactly those, so the year's counts print the article's figures —; 5 commemorative medals
handed over at the previous year's Festival Day; a few awards for each earlier year since 2008 (so the report
prints its "Từ năm 2008 đến nay …" line); and some nominations in progress (nominated, reviewed,
returned). Idempotent: nothing is made when the province already has awards; bulk-inserted with one
"demo.commendations" audit event.
"""

import datetime

from django.utils import timezone

from antq.commendations.models import Award, AwardSource, AwardStatus, Person, RecipientType
from antq.core.audit import audit_record
from antq.incidents.demo import demo_year
from antq.recognition.models import CaseStatus, RecognitionCase
from antq.units.models import Unit, UnitKind

FIRST_YEAR = 2008
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ")
MIDDLE = {"male": ("Văn", "Đức", "Minh", "Quang", "Hữu"), "female": ("Thị", "Thu", "Ngọc", "Thanh", "Kim")}
GIVEN = {"male": ("Hùng", "Dũng", "Nam", "Sơn", "Tuấn", "Bình", "Long", "Hải"),
         "female": ("Hoa", "Lan", "Mai", "Hương", "Hạnh", "Trang", "Yến", "Nga")}
POSITIONS = {"commune_police": "Công an viên", "street_guard": "Bảo vệ dân phố", "leader": "Bí thư chi bộ",
             "other": "Trưởng thôn"}
# (issuer, form, collectives, individuals, decision) — SEEDS 000.
CONFERENCE = [
    ("bo_cong_an", "flag", 3, 0, "BCA"),
    ("bo_cong_an", "certificate_of_merit", 7, 0, "BCA"),
    ("ubnd_tinh", "flag", 2, 0, "UBND"),
    ("ubnd_tinh", "certificate_of_merit", 6, 4, "UBND"),
    ("giam_doc_cong_an_tinh", "commendation_letter", 45, 46, "CAT"),
]
SIGNERS = {"bo_cong_an": "Bộ trưởng Bộ Công an", "ubnd_tinh": "Chủ tịch UBND tỉnh",
           "giam_doc_cong_an_tinh": "Giám đốc Công an tỉnh", "ubnd_huyen": "Chủ tịch UBND huyện"}


def _person(rng, unit: Unit, index: int, *, category: str = "other") -> Person:
    sex = "female" if rng.random() < 0.35 else "male"
    name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"
    joined = datetime.date(rng.randint(1990, 2012), rng.randint(1, 12), 1)
    return Person(full_name=name, sex=sex, birth_date=datetime.date(rng.randint(1960, 1990), rng.randint(1, 12), 15),
                  id_number=f"0440{rng.randint(60, 99)}{index:06d}", unit=unit, position=POSITIONS[category],
                  category=category, in_force_since=joined if category != "leader" else None,
                  in_post_since=joined if category == "leader" else None)


def _decided(unit, person, issuer, form, kind, year, number, day, actor) -> Award:
    recipient = RecipientType.INDIVIDUAL if person else RecipientType.COLLECTIVE
    return Award(unit=unit, person=person, recipient_type=recipient, issuer=issuer, form=form, kind=kind, year=year,
                 status=AwardStatus.DECIDED,
                 source=AwardSource.RECORDED, decision_number=number, decision_date=day,
                 decision_signer=SIGNERS.get(issuer, ""), decided_by=actor,
                 achievement="Có thành tích xuất sắc trong phong trào toàn dân bảo vệ ANTQ", decided_at=timezone.now())


def build(ctx) -> None:
    province = ctx.province
    if Award.objects.filter(unit__path__startswith=province.path).exists():
        ctx.say("Commendations: already there")
        return
    year = demo_year(timezone.localdate())
    actor = ctx.actor if getattr(ctx.actor, "pk", None) else None
    rng = ctx.rng_for("commendations", year)
    units = list(Unit.objects.within([province.path]).filter(valid_to__isnull=True).exclude(kind=UnitKind.PROVINCE)
                 .order_by("path"))
    communes = [u for u in units if u.kind == UnitKind.COMMUNE]
    grassroots = [u for u in units if u.kind != UnitKind.COMMUNE]
    if not communes:
        return
    collectives = iter([*communes[:12], *rng.sample(grassroots, min(len(grassroots), 150))] * 3)
    people: list[Person] = []

    def new_person(category="other"):
        person = _person(rng, rng.choice(communes), len(people) + 1, category=category)
        people.append(person)
        return person

    plan = []  # (unit or None, person or None, issuer, form, kind, year, number, day)
    conference_day = min(timezone.localdate(), datetime.date(year + 1, 2, 9))
    for issuer, form, n_collective, n_individual, office in CONFERENCE:
        number = f"{rng.randint(100, 999)}/QĐ-{office}"
        plan += [(next(collectives), None, issuer, form, "periodic", year, number, conference_day)
                 for _ in range(n_collective)]
        plan += [(None, new_person(), issuer, form, "periodic", year, number, conference_day)
                 for _ in range(n_individual)]
    medal_number = f"{rng.randint(1000, 9999)}/QĐ-BCA"
    plan += [(None, new_person(rng.choice(("commune_police", "street_guard"))), "bo_cong_an", "commemorative_medal",
              "long_service", year - 1, medal_number, datetime.date(year - 1, 8, 19)) for _ in range(5)]
    for past in range(FIRST_YEAR, year):
        issuer = "ubnd_huyen" if past < 2025 and rng.random() < 0.4 else "giam_doc_cong_an_tinh"
        number, day = f"{rng.randint(10, 99)}/QĐ", datetime.date(past + 1, 2, rng.randint(1, 28))
        plan += [(next(collectives), None, issuer, "commendation_letter", "periodic", past, number, day)
                 for _ in range(rng.randint(3, 8))]
        plan += [(None, new_person(), issuer, "commendation_letter", "periodic", past, number, day)
                 for _ in range(rng.randint(5, 15))]
    Person.objects.bulk_create(people, batch_size=500)
    awards = [_decided(person.unit if person else unit, person, *rest, actor) for unit, person, *rest in plan]

    # Nominations in progress: units recognised ANTT-safe in the year (periodic), else Festival Day ones.
    met = list(Unit.objects.filter(pk__in=RecognitionCase.objects.filter(
        unit__path__startswith=province.path, year=year, status=CaseStatus.DECIDED, result="met")
        .values("unit_id")[:6]))
    in_progress = (AwardStatus.NOMINATED,) * 3 + (AwardStatus.REVIEWED,) * 2 + (AwardStatus.RETURNED,)
    for index, status in enumerate(in_progress):
        unit = met[index] if index < len(met) else rng.choice(grassroots or communes)
        awards.append(Award(
            unit=unit, recipient_type=RecipientType.COLLECTIVE, issuer="giam_doc_cong_an_tinh",
            form="commendation_letter", kind="periodic" if index < len(met) else "thematic", year=year, status=status,
            source=AwardSource.NOMINATED, nominated_by=actor, nominated_at=timezone.now(),
            achievement="Tổ chức tốt Ngày hội toàn dân bảo vệ ANTQ; không để xảy ra tội phạm nghiêm trọng",
            returned_reason="Bổ sung số liệu kết quả phong trào" if status == AwardStatus.RETURNED else ""))
    Award.objects.bulk_create(awards, batch_size=500)
    audit_record(actor=ctx.actor, action="demo.commendations", target=province,
                 detail={"year": year, "seed": ctx.seed, "awards": len(awards), "people": len(people)})
    ctx.say(f"Commendations {FIRST_YEAR}–{year}: {len(awards)} awards and nominations, {len(people)} people")
