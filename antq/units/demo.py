"""Demo step: residential areas (KDC), agencies (CQ), enterprises (DN) and schools (CSGD) for every
current commune of the demo province.

Names are generated from lists of common Vietnamese place-name syllables, from one random stream per
commune (`ctx.rng_for("units", commune code)`), so every run plans the same units. A planned unit is
created only when its commune has no unit of the same kind and name yet: a second run creates nothing.
Each planned unit passes the same shape rules as `unit_create` before the bulk insert.
"""

import random
from collections import Counter

from django.db.models import Count

from antq.core.audit import audit_record
from antq.core.text import fold, nfc
from antq.units.models import (
    GRASSROOTS_KINDS,
    EnterpriseSize,
    LocalKind,
    ManagingLevel,
    SchoolLevel,
    Unit,
    UnitKind,
)
from antq.units.services import unit_validate

# Syllables of village and brand names ("Tân Lập", "Phú Hòa", "Đông Thành" …).
PLACE_FIRST = (
    "Tân", "Phú", "An", "Hòa", "Đông", "Tây", "Trung", "Thượng", "Hạ", "Vĩnh", "Xuân", "Thanh", "Quang",
    "Minh", "Lộc", "Thuận", "Mỹ", "Bình", "Hưng", "Phước", "Long", "Kim", "Phong", "Hải", "Gia", "Đức",
    "Cam", "Mai", "Lương", "Diêm", "Quy", "Văn", "Thạch", "Cổ", "Hiền",
)
PLACE_SECOND = (
    "Lập", "Hòa", "Phú", "Thành", "Lộc", "Mỹ", "Xuân", "An", "Bình", "Ninh", "Hưng", "Thịnh", "Sơn",
    "Trung", "Đông", "Tây", "Tiến", "Phước", "Hải", "Khánh", "Lợi", "Hợp", "Định", "Thủy", "Châu", "Lý",
    "Trạch", "Giang", "Điền", "Hậu", "Lai", "Xá", "Phong", "Đức", "Cát",
)
# Villages of the Vân Kiều, Pa Kô and Chứt in the Trường Sơn range ("Bản Ka Ai", "Bản Cha Lo" …).
HIGHLAND_FIRST = ("Ka", "Cha", "Ra", "Tà", "A", "Pa", "La", "Xy", "Y", "Cu", "Khe", "Dộ", "Sy", "Xà", "Ta", "Ploang")
HIGHLAND_SECOND = (
    "Ai", "Lo", "Mai", "Rà", "Rông", "Lê", "Leng", "Pua", "Vin", "Ho", "Ru", "Lăng", "Ngát", "Dinh", "Chăm",
    "Nông", "Lìa", "Mút", "Tăng", "Rooc", "Cô", "Bời",
)
HAMLETS = ("Mới", "Chùa", "Bến", "Đình", "Rú", "Bàu", "Trại", "Cồn", "Đồng", "Giữa", "Chợ", "Ngoài")
# Words that mark a highland or a coastal commune in its name; the demo gives the first "Bản …"
# villages and both a border-guard post.
HIGHLAND_WORDS = frozenset({
    "A", "Lìa", "Tà", "La", "Lay", "Hướng", "Khe", "Lao", "Đakrông", "Thượng", "Sơn", "Lâm", "Mường",
    "Nậm", "Pác", "Mù", "Phìn", "Chải", "Sìn", "Lũng", "Pa", "Krông", "Ea", "Đắk", "Ia", "Kon", "Chiềng",
})
COASTAL_WORDS = frozenset({"Cửa", "Hải", "Biển", "Cồn", "Ngư", "Vũng", "Đảo", "Hòn"})

# People after whom streets and schools are named.
STREETS = (
    "Trần Hưng Đạo", "Lê Lợi", "Nguyễn Trãi", "Quang Trung", "Lý Thường Kiệt", "Hai Bà Trưng", "Nguyễn Du",
    "Phan Bội Châu", "Lê Duẩn", "Hùng Vương", "Nguyễn Huệ", "Trần Phú", "Võ Thị Sáu", "Lê Quý Đôn",
    "Tôn Đức Thắng", "Nguyễn Văn Cừ", "Hàm Nghi", "Ngô Quyền", "Đinh Tiên Hoàng", "Phan Chu Trinh",
    "Nguyễn Thị Minh Khai", "Trường Chinh", "Hoàng Diệu", "Lý Tự Trọng", "Kim Đồng", "Mẹ Suốt",
    "Lê Thánh Tông", "Bà Triệu", "Nguyễn Hàm Ninh", "Đào Duy Từ",
)
SCHOOL_PATRONS = (
    "Lê Quý Đôn", "Phan Đình Phùng", "Đào Duy Từ", "Nguyễn Chí Thanh", "Chu Văn An", "Huỳnh Thúc Kháng",
    "Nguyễn Du", "Hàm Nghi", "Lê Lợi", "Nguyễn Hàm Ninh", "Trần Phú", "Lý Tự Trọng", "Kim Đồng",
    "Võ Thị Sáu", "Nguyễn Bỉnh Khiêm",
)
KINDERGARTEN_NAMES = ("Hoa Sen", "Sơn Ca", "Hoa Mai", "Hoa Hồng", "Hướng Dương", "Họa Mi", "Vành Khuyên")
BRANDS = (
    "Hoàng Long", "Minh Phát", "Thành Đạt", "Phú Gia", "Tân Tiến", "Đại Phong", "Hưng Thịnh", "An Khang",
    "Trường Thịnh", "Việt Hà", "Quảng Phát", "Hồng Phúc", "Bảo Ngọc", "Đức Tài", "Nhật Minh", "Sơn Hải",
    "Thiên Ân", "Phúc Lộc", "Vạn Xuân", "Hải Đăng", "Đông Á", "Toàn Thắng", "Bình Minh", "Gia Huy",
)
TRADES = (
    "Thương mại và Dịch vụ", "Xây dựng", "Vận tải", "Du lịch", "Thủy sản", "Chế biến lâm sản",
    "Vật liệu xây dựng", "Nông sản", "May mặc", "Cơ khí", "Xăng dầu", "Tư vấn và Đầu tư",
)
COOPERATIVE_TRADES = ("Nông nghiệp", "Dịch vụ nông nghiệp", "Mây tre đan", "Chăn nuôi")
HIGHLAND_COOPERATIVE_TRADES = ("Nông lâm nghiệp", "Dược liệu", "Dịch vụ nông nghiệp")
COASTAL_COOPERATIVE_TRADES = ("Nuôi trồng thủy sản", "Khai thác hải sản", "Chế biến nước mắm")
# Pairs of syllables that read as somewhere else ("Thượng Hải" is Shanghai).
AVOIDED_NAMES = frozenset({"Thượng Hải", "Đông Kinh", "Tây An", "Hải Phong"})
COMMUNE_WORD = {
    LocalKind.XA: "xã", LocalKind.PHUONG: "phường", LocalKind.THI_TRAN: "thị trấn", LocalKind.DAC_KHU: "đặc khu",
}
URBAN = (LocalKind.PHUONG, LocalKind.THI_TRAN)

# Enterprise forms: name prefix, size weights (large, medium, small, micro).
ENTERPRISE_FORMS = {
    "Công ty TNHH": (3, 12, 35, 50),
    "Công ty Cổ phần": (25, 45, 30, 0),
    "Doanh nghiệp tư nhân": (0, 0, 30, 70),
    "Hợp tác xã": (0, 0, 40, 60),
}
SIZES = (EnterpriseSize.LARGE, EnterpriseSize.MEDIUM, EnterpriseSize.SMALL, EnterpriseSize.MICRO)

KIND_LABELS = {
    UnitKind.RESIDENTIAL_AREA: "KDC",
    UnitKind.AGENCY: "CQ",
    UnitKind.ENTERPRISE: "DN",
    UnitKind.SCHOOL: "CSGD",
}


def place_of(commune: Unit) -> str:
    """The commune's name without its kind: "Xã Minh Hóa" → "Minh Hóa"."""
    for word in COMMUNE_WORD.values():
        if commune.name.casefold().startswith(word + " "):
            return commune.name[len(word) + 1:]
    return commune.name


def is_highland(commune: Unit) -> bool:
    return commune.local_kind == LocalKind.XA and bool(HIGHLAND_WORDS & set(place_of(commune).split()))


def is_coastal(commune: Unit) -> bool:
    return commune.local_kind == LocalKind.DAC_KHU or bool(COASTAL_WORDS & set(place_of(commune).split()))


class _Plan:
    """The units planned for one commune, with names unique per kind."""

    def __init__(self, commune: Unit, rng: random.Random) -> None:
        self.commune, self.rng = commune, rng
        self.place = place_of(commune)
        self.word = COMMUNE_WORD.get(commune.local_kind, "xã")
        self.units: list[Unit] = []
        self.taken: set[tuple[str, str]] = set()
        self.villages: list[str] = []

    def add(self, kind: str, name: str, **values) -> bool:
        name = nfc(name)
        if (kind, name) in self.taken:
            return False
        self.taken.add((kind, name))
        self.units.append(Unit(kind=kind, name=name, parent=self.commune, **values))
        if kind == UnitKind.RESIDENTIAL_AREA:
            self.villages.append(name)
        return True

    def add_one_of(self, kind: str, make, **values) -> None:
        """Add the first fresh name `make()` returns (a few tries, then give up quietly)."""
        for _attempt in range(12):
            if self.add(kind, make(), **values):
                return

    # Names -----------------------------------------------------------------------------------------

    def two_syllables(self) -> str:
        while True:
            first = self.rng.choice(PLACE_FIRST)
            second = self.rng.choice([s for s in PLACE_SECOND if s != first])
            if f"{first} {second}" not in AVOIDED_NAMES:
                return f"{first} {second}"

    def highland_name(self) -> str:
        return f"{self.rng.choice(HIGHLAND_FIRST)} {self.rng.choice(HIGHLAND_SECOND)}"

    def street_address(self) -> str:
        return f"Số {self.rng.randint(1, 250)} {self.rng.choice(STREETS)}, {self.commune.name}"

    def address(self) -> str:
        """Where an organisation sits: a street in a town, a village in the country."""
        if self.commune.local_kind in URBAN or not self.villages:
            return self.street_address()
        return f"{self.rng.choice(self.villages)}, {self.commune.name}"

    # Residential areas -----------------------------------------------------------------------------

    def residential_areas(self) -> None:
        kind, rng = self.commune.local_kind, self.rng
        if kind in URBAN:
            self._urban_areas(rng.randint(8, 15) if kind == LocalKind.PHUONG else rng.randint(6, 12))
        elif kind == LocalKind.DAC_KHU:
            self._urban_areas(rng.randint(2, 4))
            for _index in range(rng.randint(3, 5)):
                self.add_one_of(UnitKind.RESIDENTIAL_AREA, lambda: f"Thôn {self.two_syllables()}",
                                local_kind=LocalKind.THON)
        else:
            self._rural_areas(rng.randint(5, 14))

    def _urban_areas(self, count: int) -> None:
        style = self.rng.choices(["tdp", "tdp_named", "kp", "kp_named"], weights=[5, 2, 2, 1])[0]
        label, local_kind = (
            ("Tổ dân phố", LocalKind.TO_DAN_PHO) if style.startswith("tdp") else ("Khu phố", LocalKind.KHU_PHO)
        )
        for number in range(1, count + 1):
            if style.endswith("named"):
                self.add_one_of(UnitKind.RESIDENTIAL_AREA, lambda: f"{label} {self.two_syllables()}",
                                local_kind=local_kind, address=self.street_address())
            else:
                self.add(UnitKind.RESIDENTIAL_AREA, f"{label} {number}", local_kind=local_kind,
                         address=self.street_address())

    def _rural_areas(self, count: int) -> None:
        rng = self.rng
        bans = rng.randint(2, max(2, count // 2)) if is_highland(self.commune) else 0
        hamlets = rng.choice((0, 0, 1, 2)) if count - bans > 3 else 0
        for _index in range(bans):
            self.add_one_of(UnitKind.RESIDENTIAL_AREA, lambda: f"Bản {self.highland_name()}", local_kind=LocalKind.BAN)
        for _index in range(hamlets):
            self.add_one_of(UnitKind.RESIDENTIAL_AREA, lambda: f"Xóm {rng.choice(HAMLETS)}", local_kind=LocalKind.XOM)
        villages = count - bans - hamlets
        if rng.random() < 0.2:
            for number in range(1, villages + 1):
                self.add(UnitKind.RESIDENTIAL_AREA, f"Thôn {number}", local_kind=LocalKind.THON)
        else:
            for _index in range(villages):
                self.add_one_of(UnitKind.RESIDENTIAL_AREA, lambda: f"Thôn {self.two_syllables()}",
                                local_kind=LocalKind.THON)

    # Organisations ---------------------------------------------------------------------------------

    def agencies(self) -> None:
        place, word, rng = self.place, self.word, self.rng
        commune_level = {"managing_level": ManagingLevel.COMMUNE}
        self.add(UnitKind.AGENCY, f"Ủy ban nhân dân {word} {place}", address=self.address(), **commune_level)
        self.add(UnitKind.AGENCY, f"Trung tâm Phục vụ hành chính công {word} {place}", address=self.address(),
                 **commune_level)
        self.add(UnitKind.AGENCY, f"Trạm Y tế {word} {place}", address=self.address(), **commune_level)
        post = f"Bưu điện văn hóa xã {place}" if self.commune.local_kind == LocalKind.XA else f"Bưu cục {place}"
        self.add(UnitKind.AGENCY, post, address=self.address(), managing_level=ManagingLevel.PROVINCE)
        # Border guards serve highland and coastal communes; as armed forces they are outside
        # TT 124/2021 and show how the exclusion looks.
        border_odds = 1.0 if self.commune.local_kind == LocalKind.DAC_KHU else 0.4
        if (is_highland(self.commune) or is_coastal(self.commune)) and rng.random() < border_odds:
            self.add(UnitKind.AGENCY, f"Đồn Biên phòng {place}", address=self.address(), is_armed_forces=True,
                     managing_level=ManagingLevel.MINISTRY)

    def enterprises(self) -> None:
        kind, rng = self.commune.local_kind, self.rng
        count = {LocalKind.PHUONG: rng.randint(3, 7), LocalKind.THI_TRAN: rng.randint(2, 5),
                 LocalKind.DAC_KHU: rng.randint(1, 2)}.get(kind, rng.randint(1, 4))
        forms = list(ENTERPRISE_FORMS)
        form_weights = [5, 2, 1, 1] if kind in URBAN else [3, 1, 1, 3]
        for _index in range(count):
            form = rng.choices(forms, weights=form_weights)[0]
            size = rng.choices(SIZES, weights=ENTERPRISE_FORMS[form])[0]
            level = ManagingLevel.PROVINCE if size in (EnterpriseSize.LARGE, EnterpriseSize.MEDIUM) else (
                ManagingLevel.COMMUNE)
            self.add_one_of(UnitKind.ENTERPRISE, lambda form=form: self.enterprise_name(form),
                            enterprise_size=size, managing_level=level, address=self.address())

    def enterprise_name(self, form: str) -> str:
        rng = self.rng
        if form == "Hợp tác xã":
            trades = (
                HIGHLAND_COOPERATIVE_TRADES if is_highland(self.commune)
                else COASTAL_COOPERATIVE_TRADES if is_coastal(self.commune)
                else COOPERATIVE_TRADES
            )
            return f"Hợp tác xã {rng.choice(trades)} {self.place}"
        if form == "Doanh nghiệp tư nhân":
            return f"Doanh nghiệp tư nhân {rng.choice(BRANDS)}"
        return f"{form} {rng.choice(TRADES)} {rng.choice(BRANDS)}"

    def schools(self) -> None:
        kind, place, rng = self.commune.local_kind, self.place, self.rng
        commune_level = {"managing_level": ManagingLevel.COMMUNE}

        def school(name: str, level: str, managing: str = ManagingLevel.COMMUNE) -> None:
            self.add(UnitKind.SCHOOL, name, school_level=level, managing_level=managing, address=self.address())

        school(f"Trường Mầm non {place}", SchoolLevel.KINDERGARTEN)
        if kind in URBAN and rng.random() < 0.6:
            self.add_one_of(UnitKind.SCHOOL, lambda: f"Trường Mầm non {rng.choice(KINDERGARTEN_NAMES)}",
                            school_level=SchoolLevel.KINDERGARTEN, address=self.address(), **commune_level)
        if is_highland(self.commune) and rng.random() < 0.5:
            school(f"Trường PTDTBT Tiểu học và THCS {place}", SchoolLevel.MULTI_LEVEL)
        else:
            school(f"Trường Tiểu học {place}", SchoolLevel.PRIMARY)
            if rng.random() < 0.4:
                school(f"Trường Tiểu học số 2 {place}", SchoolLevel.PRIMARY)
            if kind in URBAN and rng.random() < 0.5:
                self.add_one_of(UnitKind.SCHOOL, lambda: f"Trường THCS {rng.choice(SCHOOL_PATRONS)}",
                                school_level=SchoolLevel.LOWER_SECONDARY, address=self.address(), **commune_level)
            else:
                school(f"Trường THCS {place}", SchoolLevel.LOWER_SECONDARY)
        if rng.random() < (0.6 if kind in URBAN else 0.3):
            # Patrons only in towns, so that two communes rarely share a high school's name.
            patron = kind in URBAN and rng.random() < 0.5
            name = f"Trường THPT {rng.choice(SCHOOL_PATRONS)}" if patron else f"Trường THPT {place}"
            school(name, SchoolLevel.UPPER_SECONDARY, ManagingLevel.PROVINCE)
        if kind in URBAN and rng.random() < 0.3:
            school(f"Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên {place}", SchoolLevel.CONTINUING,
                   ManagingLevel.PROVINCE)
        if kind == LocalKind.PHUONG and rng.random() < 0.2:
            trade = rng.choice(("Kỹ thuật Công nghiệp", "Y tế", "Sư phạm", "Nông Lâm"))
            school(f"Trường Cao đẳng {trade} {place}", SchoolLevel.COLLEGE, ManagingLevel.PROVINCE)


def plan_commune(commune: Unit, rng: random.Random) -> list[Unit]:
    """The demo units of one commune, unsaved, the same for the same random stream."""
    plan = _Plan(commune, rng)
    plan.residential_areas()
    plan.agencies()
    plan.enterprises()
    plan.schools()
    return plan.units


def build(ctx) -> None:
    """Create the missing demo units under every current commune of `ctx.province`."""
    province = ctx.province
    communes = list(
        Unit.objects.within([province.path])
        .filter(kind=UnitKind.COMMUNE, valid_to__isnull=True)
        .order_by("code", "id")
    )
    existing = set(
        Unit.objects.within([province.path])
        .filter(kind__in=GRASSROOTS_KINDS)
        .values_list("parent_id", "kind", "name")
    )
    new_units: list[Unit] = []
    for commune in communes:
        for unit in plan_commune(commune, ctx.rng_for("units", commune.code or commune.pk)):
            if (commune.pk, unit.kind, unit.name) in existing:
                continue
            unit.name_folded = fold(unit.name)
            unit.path = "/pending/"
            # In bulk: the parent is the commune just read, and one query per unit adds up.
            unit_validate(unit, in_bulk=True)
            new_units.append(unit)

    Unit.objects.bulk_create(new_units, batch_size=1000)
    for unit in new_units:
        unit.path = f"{unit.parent.path}{unit.pk}/"
    Unit.objects.bulk_update(new_units, ["path"], batch_size=1000)

    created = Counter(unit.kind for unit in new_units)
    counts = {kind: created.get(kind, 0) for kind in KIND_LABELS}
    if new_units:
        audit_record(actor=ctx.actor, action="demo.units", target=province,
                     detail={"communes": len(communes), "seed": ctx.seed, "created": counts})
    totals = dict(
        Unit.objects.within([province.path]).filter(kind__in=GRASSROOTS_KINDS)
        .values_list("kind").annotate(n=Count("id")).order_by()
    )
    ctx.say(f"Units: {len(communes)} communes in {province.name}")
    for kind, label in KIND_LABELS.items():
        ctx.say(f"  {label:<5} {counts[kind]:>5} created  ({totals.get(kind, 0)} in the province)")
