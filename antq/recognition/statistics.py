"""Yearly recognition figures of an area, and the public list of recognised units (TT 124/2021 art. 3).

Pure reads with no actor: the caller has resolved `area` or `province` (in the actor's scope for the
statistics; any current province for the public list, which shows only what the law makes public).
A unit counts for a year when it exists on 31 December of that year, as in `sub_unit_outcomes`, and an
organisation counts only when TT 124/2021 art. 1.2 covers it (`coverage_of`).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, FilteredRelation, Q
from django.utils import timezone

from antq.core.numbers import share
from antq.core.text import natural_key
from antq.recognition.models import CaseResult, CaseStatus, RecognitionCase
from antq.units.coverage import coverage_fields, coverage_of
from antq.units.models import ORGANISATION_KINDS, Unit, UnitKind

STATISTICS_KINDS = (UnitKind.RESIDENTIAL_AREA, UnitKind.COMMUNE, UnitKind.AGENCY, UnitKind.ENTERPRISE,
                    UnitKind.SCHOOL)
_COVERAGE_FIELDS = coverage_fields()


@dataclass(frozen=True)
class StatisticsRow:
    """The figures of one unit kind; every share is a percentage of `total`, one decimal, None when 0 units."""

    kind: str
    total: int = 0
    registered: int = 0
    recognised: int = 0
    not_recognised: int = 0

    @property
    def kind_label(self) -> str:
        return str(UnitKind(self.kind).label)

    @property
    def pending(self) -> int:
        """Registered and not decided yet."""
        return self.registered - self.recognised - self.not_recognised

    @property
    def not_registered(self) -> int:
        return self.total - self.registered

    def share(self, count: int) -> Decimal | None:
        return share(count, self.total)

    @property
    def shares(self) -> dict[str, Decimal | None]:
        return {name: self.share(getattr(self, name)) for name in COUNT_FIELDS}

    def as_dict(self) -> dict:
        return {"kind": self.kind, **{name: getattr(self, name) for name in ("total", *COUNT_FIELDS)},
                "shares": {k: None if v is None else str(v) for k, v in self.shares.items()}}


COUNT_FIELDS = ("registered", "recognised", "not_recognised", "pending", "not_registered")


def recognition_statistics(*, area: Unit, year: int) -> list[StatisticsRow]:
    """Per unit kind (KDC, commune, agency, enterprise, school) in the subtree of `area` (itself included):
    how many units, registered for `year`, recognised, not recognised, pending and not registered.

    One grouped query: units joined to their case of the year (at most one, by the unique constraint),
    grouped by kind, the coverage fields and the case's status and result; coverage is then decided once
    per distinct group, not per unit.
    """
    day = datetime.date(year, 12, 31)
    groups = (
        Unit.objects.filter(path__startswith=area.path, kind__in=STATISTICS_KINDS).valid_on(day)
        .annotate(case=FilteredRelation("recognition_cases", condition=Q(recognition_cases__year=year)))
        .values("kind", *_COVERAGE_FIELDS, "case__status", "case__result")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {kind: dict.fromkeys(("total", "registered", "recognised", "not_recognised"), 0)
              for kind in STATISTICS_KINDS}
    covered: dict[tuple, bool] = {}
    for group in groups:
        kind = group["kind"]
        if kind in ORGANISATION_KINDS:
            key = (kind, *(group[f] for f in _COVERAGE_FIELDS))
            if key not in covered:
                covered[key] = coverage_of(kind=kind, attributes={f: group[f] for f in _COVERAGE_FIELDS}).covered
            if not covered[key]:
                continue
        row, n, status = counts[kind], group["n"], group["case__status"]
        row["total"] += n
        if status is None:
            continue
        row["registered"] += n
        if status == CaseStatus.DECIDED:
            row["recognised" if group["case__result"] == CaseResult.MET else "not_recognised"] += n
    return [StatisticsRow(kind=kind, **counts[kind]) for kind in STATISTICS_KINDS]


# --- derived national criteria (NTM 19.2, civilised-urban criterion 4) ------------------------------------

# The .xlsx is in Vietnamese whatever the interface language (see views.StatisticsXlsxView).
DERIVED_XLSX_HEADERS = ["Tiêu chí", "Áp dụng cho", "Số đơn vị", "Đạt", "Tỷ lệ đạt (%)", "Chưa đạt",
                        "Tỷ lệ chưa đạt (%)", "Thiếu dữ liệu", "Tỷ lệ thiếu dữ liệu (%)", "Căn cứ"]
_XLSX_LOCAL_KINDS = {"xa": "xã", "phuong": "phường", "thi_tran": "thị trấn", "dac_khu": "đặc khu"}


def derived_xlsx_rows(counts, *, year: int, area: Unit) -> list[list]:
    """The sheet of derived criteria (`antq.recognition.derived.selectors.derived_counts`): a title, the headers,
    one row per indicator; an indicator that does not cover the year says so instead of counting."""
    rows: list[list] = [[f"Tiêu chí quốc gia dẫn xuất từ kết quả công nhận năm {year} — {area.name}"], [],
                        DERIVED_XLSX_HEADERS]
    for count in counts:
        kinds = ", ".join(_XLSX_LOCAL_KINDS.get(k, k) for k in count.indicator.local_kinds)
        if not count.defined:
            rows.append([count.indicator.title_vi, kinds, count.eligible,
                         f"Không áp dụng cho năm {year} (áp dụng {count.indicator.years_label})"])
            continue
        cells = [count.indicator.title_vi, kinds, count.eligible]
        for name in ("met", "not_met", "missing_data"):
            value = count.shares[name]
            cells += [getattr(count, name), None if value is None else float(value)]
        rows.append([*cells, count.indicator.source])
    return rows


# --- the public list (publicity principle, TT 124/2021 art. 3) -----------------------------------------


@dataclass(frozen=True)
class PublicEntry:
    """What is published about one recognised unit, and nothing else."""

    name: str
    kind_label: str
    decision_number: str
    decision_date: datetime.date | None


@dataclass(frozen=True)
class PublicCommune:
    name: str  # empty for units directly under the province
    entries: list[PublicEntry]


def public_provinces() -> list[Unit]:
    """The provinces in force today, by name."""
    return list(Unit.objects.filter(kind=UnitKind.PROVINCE).valid_on(timezone.localdate()).order_by("name_folded"))


def public_years() -> list[int]:
    """The years in which some unit was recognised, newest first."""
    return list(
        RecognitionCase.objects.filter(status=CaseStatus.DECIDED, result=CaseResult.MET)
        .order_by("-year").values_list("year", flat=True).distinct()
    )


def recognised_units(*, province: Unit, year: int) -> list[PublicCommune]:
    """The units recognised (decided met) for `year` in `province` and the legacy provinces it was formed
    from, grouped by commune: a commune's own recognition is listed in its group, and units right under a
    province come first, in a group without a name."""
    paths = [province.path, *province.predecessors.values_list("path", flat=True)]
    cases = (
        RecognitionCase.objects.filter(year=year, status=CaseStatus.DECIDED, result=CaseResult.MET,
                                       unit__in=Unit.objects.within(paths).values("pk"))
        .select_related("unit", "unit__parent")
        # Only what the list prints: the cases' evaluations (JSON) would be most of the bytes read.
        .only("decision_number", "decision_date", "unit__name", "unit__kind", "unit__local_kind",
              "unit__parent__name", "unit__parent__kind")
        .order_by("unit__name_folded", "pk")
    )
    groups: dict[str, list[PublicEntry]] = {}
    labels: dict[tuple[str, str], str] = {}  # a label per kind, not one translation lookup per unit
    for case in cases:
        unit = case.unit
        if unit.kind == UnitKind.COMMUNE:
            commune = unit.name
        elif unit.parent is not None and unit.parent.kind == UnitKind.COMMUNE:
            commune = unit.parent.name
        else:
            commune = ""
        key = (unit.kind, unit.local_kind)
        if key not in labels:
            labels[key] = str(unit.get_local_kind_display() or unit.get_kind_display())
        groups.setdefault(commune, []).append(PublicEntry(
            name=unit.name, kind_label=labels[key],
            decision_number=case.decision_number, decision_date=case.decision_date))
    return [PublicCommune(name=name, entries=groups[name]) for name in sorted(groups, key=_commune_order)]


def _commune_order(name: str) -> tuple:
    return (name != "", natural_key(name))
