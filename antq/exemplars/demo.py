"""Demo step: the exemplars of the demo year in the demo province.

In each current commune: one or two KDC recorded as advanced collectives, two or three advanced
individuals, and now and then a citizen who denounced a crime, helped catch a criminal, or handed over
weapons or explosives (guns, rounds, detonators, kilograms of explosive, with the date). About two in
three agree to be named publicly (the public portal shows those). Personal data is invented: ID numbers
start with the province's code and "000", which no real căn cước holds. Drawn from each commune's random
stream; idempotent (an exemplar already recorded under its unit, year, category and name is skipped);
bulk-inserted with one "demo.exemplars" audit event.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from antq.core.audit import audit_record
from antq.core.text import fold
from antq.exemplars.models import Exemplar, ExemplarCategory, ExemplarKind, Sex
from antq.grassroots.demo import _name
from antq.incidents.demo import demo_year
from antq.units.models import Unit, UnitKind

CONSENT_SHARE = 0.65
COLLECTIVE_ACHIEVEMENTS = (
    "Duy trì mô hình “Camera giám sát ANTT”, không để xảy ra trọng án; 100 % hộ gia đình ký cam kết.",
    "Xây dựng mô hình “Tổ liên gia tự quản”, hòa giải thành 12 vụ mâu thuẫn trong Nhân dân.",
    "Khu dân cư nhiều năm liền đạt danh hiệu “An toàn về an ninh, trật tự”, không có tệ nạn ma túy.",
    "Phối hợp tuần tra, phát hiện và báo tin kịp thời 5 vụ việc về ANTT.",
)
INDIVIDUAL_ACHIEVEMENTS = (
    "Tích cực tham gia tuần tra, vận động quần chúng tham gia phong trào toàn dân bảo vệ ANTQ.",
    "Vận động 3 đối tượng nghiện ma túy đi cai nghiện; tham gia hòa giải mâu thuẫn ở cơ sở.",
    "Gương mẫu trong phong trào, tham gia giữ gìn trật tự an toàn giao thông tại địa phương.",
)
ACT_ACHIEVEMENTS = {
    ExemplarCategory.DENOUNCED_CRIME: "Tố giác kịp thời đối tượng trộm cắp tài sản, giúp cơ quan Công an xử lý.",
    ExemplarCategory.HELPED_ARREST: "Dũng cảm cùng lực lượng Công an bắt giữ đối tượng cướp giật tài sản.",
    ExemplarCategory.HANDED_OVER_WEAPONS: "Tự nguyện giao nộp vũ khí, vật liệu nổ cho Công an xã.",
}


def _person(rng, commune: Unit, kdc: Unit | None, province_code: str, year: int) -> dict:
    sex = rng.choice((Sex.MALE, Sex.MALE, Sex.FEMALE))
    return {
        "kind": ExemplarKind.INDIVIDUAL, "name": _name(rng, sex), "sex": sex,
        "birth_date": datetime.date(year - rng.randint(22, 68), rng.randint(1, 12), rng.randint(1, 28)),
        "id_number": f"{int(province_code):03d}000{rng.randint(0, 999_999):06d}",
        "address": f"{kdc.name if kdc else ''}, {commune.name}".lstrip(", "),
        "phone": f"09{rng.randint(0, 99_999_999):08d}",
    }


def _commune_exemplars(rng, commune: Unit, kdcs: list[Unit], province_code: str, year: int) -> list[dict]:
    proposer = f"Công an {commune.name}"
    rows = []
    for kdc in rng.sample(kdcs, min(len(kdcs), rng.randint(1, 2))):
        rows.append({"unit": kdc, "kind": ExemplarKind.COLLECTIVE, "name": kdc.name,
                     "achievement": rng.choice(COLLECTIVE_ACHIEVEMENTS), "proposed_by": proposer})
    for _n in range(rng.randint(2, 3)):
        kdc = rng.choice(kdcs) if kdcs else None
        rows.append({"unit": kdc or commune, **_person(rng, commune, kdc, province_code, year),
                     "achievement": rng.choice(INDIVIDUAL_ACHIEVEMENTS), "proposed_by": proposer})
    for category, chance in ((ExemplarCategory.DENOUNCED_CRIME, 0.6), (ExemplarCategory.HELPED_ARREST, 0.3),
                             (ExemplarCategory.HANDED_OVER_WEAPONS, 0.35)):
        if rng.random() >= chance:
            continue
        kdc = rng.choice(kdcs) if kdcs else None
        row = {"unit": kdc or commune, "category": category, **_person(rng, commune, kdc, province_code, year),
               "achievement": ACT_ACHIEVEMENTS[category], "proposed_by": proposer,
               "act_date": datetime.date(year, rng.randint(1, 10), rng.randint(1, 28))}
        if category == ExemplarCategory.HANDED_OVER_WEAPONS:
            row.update(guns=rng.choice((0, 1, 1, 2)), ammunition=rng.choice((0, 12, 30)),
                       detonators=rng.choice((0, 0, 5)), explosives_kg=Decimal(rng.choice(("0", "0.5", "2.25"))))
            if not (row["guns"] or row["ammunition"] or row["detonators"] or row["explosives_kg"]):
                row["guns"] = 1
        rows.append(row)
    return rows


def build(ctx) -> None:
    province = ctx.province
    year = demo_year(timezone.localdate())
    communes = list(Unit.objects.filter(parent=province, kind=UnitKind.COMMUNE, valid_to__isnull=True)
                    .order_by("path"))
    kdcs_by_commune: dict[int, list[Unit]] = {}
    for kdc in Unit.objects.filter(parent__in=communes, kind=UnitKind.RESIDENTIAL_AREA,
                                   valid_to__isnull=True).order_by("path"):
        kdcs_by_commune.setdefault(kdc.parent_id, []).append(kdc)
    taken = set(Exemplar.objects.filter(year=year, unit__path__startswith=province.path)
                .values_list("unit_id", "category", "name_folded"))
    now = timezone.now()
    new = []
    for commune in communes:
        rng = ctx.rng_for("exemplars", year, commune.code or commune.pk)
        for row in _commune_exemplars(rng, commune, kdcs_by_commune.get(commune.pk, []), province.code, year):
            exemplar = Exemplar(year=year, **row)
            exemplar.name_folded = fold(exemplar.name)
            key = (exemplar.unit.pk, exemplar.category, exemplar.name_folded)
            if key in taken:
                continue
            taken.add(key)
            if rng.random() < CONSENT_SHARE:
                exemplar.public_consent, exemplar.consent_at = True, now
            new.append(exemplar)
    Exemplar.objects.bulk_create(new, batch_size=1000)
    if new:
        audit_record(actor=ctx.actor, action="demo.exemplars", target=province,
                     detail={"year": year, "seed": ctx.seed, "exemplars": len(new)})
    ctx.say(f"Exemplars {year}: {len(new)} created in {len(communes)} communes")
