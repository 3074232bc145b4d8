"""The dashboard of an area and year: classification levels, ANTT-safe results, what is overdue, the trend.

Reads only, through the actor's scope: the view resolves the area (`get_unit_for`, 404 outside the scope) and
every figure comes from the module that owns it — the classification statistics (summary rows), the
recognition statistics' counting rules, the recognition deadline board and the classification deadlines —
so the dashboard agrees with each module's own page. For an area of today, the years before the 1/7/2025
reform are counted on today's units (`antq.classification.statistics`: a unit of that time merged wholly into
this one counts for it; one split among several counts for none), so the trend runs across the reform.

Charts are drawn on the server as inline SVG (no JavaScript, nothing from a CDN): the functions below lay out
bars in the SVG's own coordinates as plain strings (never localised: "12.5", not "12,5"), the template draws
them with a <title>, a description and a label per bar, and every chart has a table alternative. The number
of queries does not grow with the number of units, kinds or years (pinned in the tests).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from antq.classification.deadlines import classification_deadline_counts
from antq.classification.engine import Level
from antq.classification.statistics import (
    ALL_BLOCKS,
    BlockCounts,
    Statistics,
    classification_statistics,
    combine,
    is_historic,
)
from antq.recognition.deadlines import DONE_LATE, DUE, LATE, Counts, deadline_totals
from antq.recognition.models import CaseResult, CaseStatus, RecognitionCase
from antq.recognition.statistics import STATISTICS_KINDS, StatisticsRow
from antq.units.coverage import coverage_fields, coverage_of
from antq.units.models import ORGANISATION_KINDS, Unit, UnitKind

TREND_YEARS = 5
_COVERAGE_FIELDS = coverage_fields()

# Colours of the chart segments (Bootstrap's, as the level badges use them), with a text colour readable on each.
LEVEL_COLOURS = {"excellent": "#198754", "good": "#0d6efd", "average": "#ffc107", "weak": "#dc3545",
                 "not_classified": "#ced4da"}
RECOGNITION_COLOURS = {"recognised": "#198754", "not_recognised": "#dc3545", "pending": "#ffc107",
                       "not_registered": "#ced4da"}
_DARK_TEXT = {"#ffc107", "#ced4da"}


# --- ANTT-safe recognition over several years ----------------------------------------------------------------


def recognition_years(*, paths: list[str], years: list[int]) -> dict[int, list[StatisticsRow]]:
    """Per year, the rows of `antq.recognition.statistics.recognition_statistics` for the subtrees of `paths`
    (the same counting: units existing on 31 December, organisations only when covered), in two queries
    whatever the number of years: the units grouped by validity, and the cases of the years grouped."""
    units = (Unit.objects.within(paths).filter(kind__in=STATISTICS_KINDS)
             .values("kind", *_COVERAGE_FIELDS, "valid_from", "valid_to").annotate(n=Count("pk")).order_by())
    unit = {f"unit__{f}": f for f in ("kind", *_COVERAGE_FIELDS, "valid_from", "valid_to")}
    cases = (RecognitionCase.objects.filter(year__in=years, unit__in=Unit.objects.within(paths)
                                            .filter(kind__in=STATISTICS_KINDS).values("pk"))
             .values("year", *unit, "status", "result").annotate(n=Count("pk")).order_by())
    covered: dict[tuple, bool] = {}

    def counts(group: dict) -> bool:
        kind = group["kind"]
        if kind not in ORGANISATION_KINDS:
            return True
        key = (kind, *(group[f] for f in _COVERAGE_FIELDS))
        if key not in covered:
            covered[key] = coverage_of(kind=kind, attributes={f: group[f] for f in _COVERAGE_FIELDS}).covered
        return covered[key]

    def exists(group: dict, year: int) -> bool:
        day = datetime.date(year, 12, 31)
        return (group["valid_from"] is None or group["valid_from"] <= day) and (
            group["valid_to"] is None or group["valid_to"] >= day)

    figures: dict[tuple[int, str], dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(("total", "registered", "recognised", "not_recognised"), 0))
    for group in units:
        if counts(group):
            for year in years:
                if exists(group, year):
                    figures[(year, group["kind"])]["total"] += group["n"]
    for case in cases:
        group = {plain: case[key] for key, plain in unit.items()}
        if not counts(group) or not exists(group, case["year"]):
            continue
        row = figures[(case["year"], group["kind"])]
        row["registered"] += case["n"]
        if case["status"] == CaseStatus.DECIDED:
            row["recognised" if case["result"] == CaseResult.MET else "not_recognised"] += case["n"]
    return {year: [StatisticsRow(kind=kind, **figures[(year, kind)]) for kind in STATISTICS_KINDS] for year in years}


# --- charts ----------------------------------------------------------------------------------------------------


def _num(value: float) -> str:
    """A coordinate for an SVG attribute: a dot for decimals whatever the language."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _percent(share: Decimal | None) -> str:
    return "—" if share is None else f"{number_format(share, decimal_pos=1)}\u00a0%"


@dataclass(frozen=True)
class Segment:
    key: str
    label: str
    count: int
    share: Decimal | None
    colour: str
    x: str = "0"
    y: str = "0"
    width: str = "0"
    height: str = "0"
    text_x: str = ""  # where the share is written inside the segment, empty when too narrow
    text_y: str = ""
    text_colour: str = "#fff"

    @property
    def description(self) -> str:
        return f"{self.label}: {self.count} ({_percent(self.share)})"


@dataclass(frozen=True)
class Bar:
    label: str
    total: int
    segments: list[Segment]
    label_x: str = "0"
    label_y: str = "0"
    value_text: str = ""  # a single-value bar's figure, written above it
    value_y: str = "0"

    @property
    def description(self) -> str:
        parts = "; ".join(s.description for s in self.segments if s.count)
        return f"{self.label} ({self.total}): {parts}" if parts else f"{self.label}: {self.total}"


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    width: int
    height: int
    bars: list[Bar]
    legend: list[tuple[str, str]] = field(default_factory=list)  # (colour, label)
    grid: list[tuple[str, str]] = field(default_factory=list)  # (y, label) of the horizontal lines
    axis_x: str = "0"  # where the plotting area starts and ends (vertical charts)
    axis_end: str = "0"

    @property
    def empty(self) -> bool:
        return not any(bar.total for bar in self.bars)


BAR_WIDTH = 320  # the horizontal charts' width in SVG units; the SVG scales to its container


def stacked_rows(*, chart_id: str, title: str, description: str, bars: list[tuple[str, int, list[Segment]]],
                 legend: list[tuple[str, str]]) -> Chart:
    """One horizontal bar per item, its label above it, split into segments in proportion to their counts."""
    row, bar_height, label_height = 40, 18, 14
    laid = []
    for index, (label, total, segments) in enumerate(bars):
        top = index * row + label_height + 2
        x = 0.0
        placed = []
        for segment in segments:
            width = BAR_WIDTH * segment.count / total if total else 0
            text = width >= 30
            placed.append(Segment(**{**segment.__dict__, "x": _num(x), "y": _num(top), "width": _num(width),
                                     "height": _num(bar_height), "text_x": _num(x + width / 2) if text else "",
                                     "text_y": _num(top + bar_height - 5),
                                     "text_colour": "#212529" if segment.colour in _DARK_TEXT else "#fff"}))
            x += width
        laid.append(Bar(label=label, total=total, segments=placed, label_x="0", label_y=_num(index * row + 12)))
    return Chart(id=chart_id, title=title, description=description, width=BAR_WIDTH,
                 height=max(len(bars) * row, row), bars=laid, legend=legend)


def stacked_columns(*, chart_id: str, title: str, description: str, bars: list[tuple[str, int, list[Segment]]],
                    legend: list[tuple[str, str]], show_value: bool = False) -> Chart:
    """One vertical bar per year, 0–100 % of its total, stacked from the bottom in the order given."""
    width, height, left, top, bottom = BAR_WIDTH, 190, 34, 10, 24
    plot = height - top - bottom
    step = (width - left) / max(len(bars), 1)
    column = min(step * 0.6, 40)
    laid = []
    for index, (label, total, segments) in enumerate(bars):
        x = left + index * step + (step - column) / 2
        y = float(top + plot)
        placed = []
        for segment in segments:
            size = plot * segment.count / total if total else 0
            y -= size
            text = size >= 14 and column >= 24
            placed.append(Segment(**{**segment.__dict__, "x": _num(x), "y": _num(y), "width": _num(column),
                                     "height": _num(size), "text_x": _num(x + column / 2) if text else "",
                                     "text_y": _num(y + size / 2 + 4),
                                     "text_colour": "#212529" if segment.colour in _DARK_TEXT else "#fff"}))
        value = ""
        if show_value and segments:
            value = _percent(segments[0].share) if total else "—"
        laid.append(Bar(label=label, total=total, segments=placed, label_x=_num(x + column / 2),
                        label_y=_num(height - 8), value_text=value, value_y=_num(max(y - 4, 9))))
    grid = [(_num(top + plot * (1 - p / 100)), f"{p}\u00a0%") for p in (0, 50, 100)]
    return Chart(id=chart_id, title=title, description=description, width=width, height=height, bars=laid,
                 legend=legend, grid=grid, axis_x=_num(left), axis_end=_num(width))


def _level_segments(counts: BlockCounts) -> list[Segment]:
    segments = [Segment(key=level, label=str(label), count=counts.levels.get(level, 0),
                        share=counts.share(counts.levels.get(level, 0)), colour=LEVEL_COLOURS[level])
                for level, label in Level.choices]
    return [*segments, Segment(key="not_classified", label=_("Not classified"), count=counts.not_classified,
                               share=counts.share(counts.not_classified), colour=LEVEL_COLOURS["not_classified"])]


def _recognition_segments(row: StatisticsRow) -> list[Segment]:
    labels = {"recognised": _("Recognised"), "not_recognised": _("Not recognised"), "pending": _("Not yet decided"),
              "not_registered": _("Not registered")}
    return [Segment(key=name, label=str(label), count=getattr(row, name), share=row.share(getattr(row, name)),
                    colour=RECOGNITION_COLOURS[name]) for name, label in labels.items()]


def _legend(segments: list[Segment]) -> list[tuple[str, str]]:
    return [(s.colour, s.label) for s in segments]


# --- the dashboard ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Overdue:
    """What is due or late as of `today`: the recognition board's counts and the classification deadlines'."""

    today: datetime.date
    recognition: Counts
    classification: dict[str, int]  # DUE, LATE, DONE_LATE → units
    classification_by_kind: dict[str, dict[str, int]]  # kind → state → units

    @property
    def late(self) -> int:
        return self.recognition.registration_late + self.recognition.decision_late + self.classification[LATE]


@dataclass(frozen=True)
class Dashboard:
    area: Unit
    year: int
    years: list[int]
    remapped: bool  # some years are before the reform and count earlier units merged into the area
    classification: Statistics
    recognition: list[StatisticsRow]  # the year's rows, per kind
    recognition_by_year: dict[int, list[StatisticsRow]]
    overdue: Overdue
    charts: dict[str, Chart]  # levels, recognition, recognised_trend, level_trend

    @property
    def recognition_total(self) -> StatisticsRow:
        return _recognition_total(self.recognition)

    def level_trend(self) -> list[tuple[int, BlockCounts]]:
        return [(counts.year, combine(counts.blocks)) for counts in self.classification.years
                if counts.year in self.years]

    def recognition_trend(self) -> list[tuple[int, StatisticsRow]]:
        return [(year, _recognition_total(self.recognition_by_year[year])) for year in self.years]


def _recognition_total(rows: list[StatisticsRow]) -> StatisticsRow:
    return StatisticsRow(kind=ALL_BLOCKS, total=sum(r.total for r in rows),
                         registered=sum(r.registered for r in rows), recognised=sum(r.recognised for r in rows),
                         not_recognised=sum(r.not_recognised for r in rows))


def dashboard(*, actor, area: Unit, year: int, today: datetime.date | None = None,
              trend_years: int = TREND_YEARS) -> Dashboard:
    """The dashboard of `area` (resolved in the actor's scope by the caller; 404 from the statistics otherwise)
    for `year`, with the `trend_years` years up to it; overdue items as of `today`."""
    today = today or timezone.localdate()
    stats = classification_statistics(actor=actor, area=area, year=year, history=trend_years,
                                      remap=not area.is_legacy)
    years = [counts.year for counts in stats.years][-trend_years:]
    members = [area, *stats.merged]
    by_year = recognition_years(paths=[m.path for m in members], years=years)

    # Only the counts of the two deadline boards: grouped in the database, not listed unit by unit.
    recognition = deadline_totals(area=area, year=year, today=today)
    by_kind = classification_deadline_counts(area=area, year=year, today=today)
    states = {state: sum(counts[state] for counts in by_kind.values()) for state in (DUE, LATE, DONE_LATE)}
    overdue = Overdue(today=today, recognition=recognition, classification=states,
                      classification_by_kind={k: by_kind[k] for k in (*STATISTICS_KINDS, UnitKind.DISTRICT)
                                              if k in by_kind})

    result = Dashboard(area=area, year=year, years=years, remapped=bool(stats.merged) and is_historic(min(years)),
                       classification=stats, recognition=by_year[year], recognition_by_year=by_year,
                       overdue=overdue, charts={})
    result.charts.update(_charts(result))
    return result


def _charts(board: Dashboard) -> dict[str, Chart]:
    blocks = [b for b in board.classification.blocks if b.units]
    levels = stacked_rows(
        chart_id="chart-levels", title=_("Classification levels per block, %(year)s") % {"year": board.year},
        description=_("For each block, the share of its units at each level and not classified."),
        bars=[(b.label, b.units, _level_segments(b)) for b in blocks],
        legend=_legend(_level_segments(BlockCounts(block=ALL_BLOCKS, units=0))))
    kinds = [r for r in board.recognition if r.total]
    recognition = stacked_rows(
        chart_id="chart-recognition", title=_("ANTT-safe recognition per unit kind, %(year)s") % {"year": board.year},
        description=_("For each kind of unit, the share recognised, not recognised, not yet decided and not "
                      "registered."),
        bars=[(r.kind_label, r.total, _recognition_segments(r)) for r in kinds],
        legend=_legend(_recognition_segments(StatisticsRow(kind=UnitKind.COMMUNE))))
    recognised_trend = stacked_columns(
        chart_id="chart-recognised-trend", title=_("Share of units recognised ANTT-safe, by year"),
        description=_("For each year, the units recognised as a share of all units counted."),
        bars=[(str(year), row.total, _recognition_segments(row)[:1]) for year, row in board.recognition_trend()],
        legend=[], show_value=True)
    level_trend = stacked_columns(
        chart_id="chart-level-trend", title=_("Share of units at each level, by year"),
        description=_("For each year, every block added up: the share of units at each level (best at the bottom) "
                      "and not classified."),
        bars=[(str(year), counts.units, _level_segments(counts)) for year, counts in board.level_trend()],
        legend=_legend(_level_segments(BlockCounts(block=ALL_BLOCKS, units=0))))
    return {"levels": levels, "recognition": recognition, "recognised_trend": recognised_trend,
            "level_trend": level_trend}
