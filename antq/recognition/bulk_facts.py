"""The facts of every case of an area and year, gathered in bulk: the same `Facts` as `case_facts`, with a
fixed number of queries instead of a dozen per case.

`case_facts` (evaluation.py) is the reference: it reads each piece for one case — answers, registry
answers, the incident register, trend counts, the results of a commune's sub-units, the province's extra
criteria. `AreaFacts` reads each piece once for the whole subtree of an area (cases with their units,
answers of both stages, the links of merged units, the incidents of the periods and their people, the
entered trend figures, the team ratings, the effective models, the sub-units of the communes, provinces
and their extra criteria) and then builds each case's facts from memory. Only the fetching differs: the
rows become facts through the functions `case_facts` uses (`facts_from`, `answer_from`, `incident_fact`,
`rating_answers`, `models_answers`, `outcomes_of_sub_units`, …), and the test `test_bulk_facts.py` holds
the two paths to the same result for every case of a varied area.

Memory grows with the area: for the whole country, take it one province at a time (`area_parts`);
`gathered_parts` does so, reading the next provinces in threads while the caller judges the current one.
A case may be a model instance (`area_cases`) or a `CaseRow` (`area_case_rows`): the rows carry only the
columns the facts need, because building 400,000 model instances (the cases of a year and their units) is
a third of the CPU time of re-evaluating the country. Callers have checked scope.
"""

import json
import threading
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import fields
from decimal import Decimal
from functools import cache
from operator import attrgetter
from typing import NamedTuple

from django.db import connection, connections
from django.db.models import Q, TextField
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils.translation import get_language

from antq.clubs.models import MovementModel
from antq.clubs.recognition import models_answers, models_figures
from antq.grassroots.models import SecurityTeam, TeamRating
from antq.grassroots.recognition import rating_answers
from antq.incidents.models import Incident, IncidentPerson, YearlyTrendFigure
from antq.incidents.selectors import incident_fact, trend_types, trend_year, wholly_merged
from antq.recognition.criteria import CriteriaSet, criteria_set_for, evaluation_period
from antq.recognition.engine import Evaluation, evaluate, outcome
from antq.recognition.evaluation import (
    ANSWER_FIELDS,
    SUB_UNIT_FIELDS,
    answer_from,
    extra_spec,
    facts_from,
    outcomes_of_sub_units,
    sub_unit_day,
)
from antq.recognition.facts import Facts, IncidentFact, Period
from antq.recognition.models import AnswerStage, CaseAnswer, CaseStatus, ProvincialCriterion, RecognitionCase
from antq.units.models import GRASSROOTS_KINDS, Unit, UnitKind

# The order `antq.grassroots.selectors.team_rating_of_area` takes the worst rating by, when several teams
# cover one KDC.
_RATING_ORDER = ("not_completed", "completed", "good", "excellent")


def area_parts(area: Unit) -> Iterator[Unit]:
    """The country one province (current or former) at a time; any other area whole."""
    if area.kind == UnitKind.COUNTRY:
        yield from Unit.objects.filter(parent=area).order_by("path")
    else:
        yield area


def area_cases(area: Unit, year: int):
    """The cases `AreaFacts(area=area, year=year, …)` expects: every case of the subtree, its unit loaded.
    Only the columns the facts need are read (building model instances is most of the cost of a province);
    others load on access."""
    return (RecognitionCase.objects.filter(unit__path__startswith=area.path, year=year).select_related("unit")
            .only("id", "year", "status", "result", "figures", "appraised_figures",
                  "unit__id", "unit__kind", "unit__path", "unit__name"))


class UnitRow(NamedTuple):
    """The columns of a case's unit that the facts read."""

    pk: int
    kind: str
    path: str
    name: str


class CaseRow(NamedTuple):
    """A case as `area_case_rows` reads it: what `AreaFacts` and `facts_from` read of a `RecognitionCase`,
    and the outcomes stored in its evaluations."""

    pk: int
    unit_id: int
    unit: UnitRow
    year: int
    status: str
    result: str
    figures: dict | None  # shared between rows with the same figures: read only
    appraised_figures: dict | None
    stored_self: str | None  # the outcome of `self_evaluation`
    stored_appraised: str | None

    def get_status_display(self) -> str:
        """As the model's, for listing a case."""
        return str(CaseStatus(self.status).label)


def area_case_rows(area: Unit, year: int) -> list[CaseRow]:
    """The cases of `area`'s subtree for `year` as `CaseRow`s, in the order of their units' paths."""
    decoded: dict[str | None, dict | None] = {None: None}

    def figures(text: str | None) -> dict | None:
        # The figures come as JSON text, decoded once per distinct text: most units of a year enter the
        # same few sets of figures.
        if text not in decoded:
            decoded[text] = json.loads(text)
        return decoded[text]

    # Only the stored outcome of each JSON evaluation is read: decoding them whole costs more than
    # evaluating the case.
    rows = (RecognitionCase.objects.filter(unit__path__startswith=area.path, year=year)
            .annotate(figures_text=Cast("figures", TextField()),
                      appraised_text=Cast("appraised_figures", TextField()),
                      stored_self=KT("self_evaluation__outcome"),
                      stored_appraised=KT("appraised_evaluation__outcome"))
            .order_by("unit__path")
            .values_list("id", "unit_id", "unit__kind", "unit__path", "unit__name", "year", "status", "result",
                         "figures_text", "appraised_text", "stored_self", "stored_appraised"))
    return [CaseRow(pk, unit_id, UnitRow(unit_id, kind, path, name), year, status, result, figures(entered),
                    figures(appraised), stored_self, stored_appraised)
            for (pk, unit_id, kind, path, name, year, status, result, entered, appraised, stored_self,
                 stored_appraised) in rows]


def merger_links() -> dict[int, list[int]]:
    """Every unit's predecessors (unit id → ids of the units merged or split into it), for
    `AreaFacts(predecessors=…)` when several parts of the country are gathered."""
    # Every link of the country is read (one per former unit, about ten thousand): filtering them by the
    # path of the evaluated units makes PostgreSQL scan the units instead.
    links: dict[int, list[int]] = defaultdict(list)
    for unit_id, predecessor_id in Unit.predecessors.through.objects.values_list("from_unit_id", "to_unit_id"):
        links[unit_id].append(predecessor_id)
    return dict(links)


# Parts read at once, ahead of the part being judged: the database answers one while the other's rows
# become Python objects, and both overlap the judging.
READERS = 2


def gathered_parts(area: Unit, year: int) -> Iterator[tuple[list[CaseRow], "AreaFacts"]]:
    """Each part of `area` (`area_parts`) that has cases of `year`, in order: its `CaseRow`s and their
    `AreaFacts`.

    With several parts, the next ones are read in `READERS` threads with their own connections while the
    caller judges the current one: psycopg waits for the database without holding the GIL, so the reading
    overlaps the evaluation. Inside a transaction the parts are read here, one after the other, since
    another connection would not see what this one wrote."""
    parts = list(area_parts(area))
    predecessors = merger_links() if len(parts) > 1 else None

    def gather(part: Unit) -> tuple[list[CaseRow], AreaFacts | None]:
        cases = area_case_rows(part, year)
        return cases, AreaFacts(area=part, year=year, cases=cases, predecessors=predecessors) if cases else None

    if len(parts) < 2 or connection.in_atomic_block:
        for part in parts:
            cases, gathered = gather(part)
            if gathered is not None:
                yield cases, gathered
        return
    readers = min(READERS, len(parts))
    pool = ThreadPoolExecutor(max_workers=readers, thread_name_prefix="area-facts")
    ahead = deque(pool.submit(gather, part) for part in parts[:readers])
    following = iter(parts[readers:])
    try:
        while ahead:
            cases, gathered = ahead.popleft().result()
            part = next(following, None)
            if part is not None:
                ahead.append(pool.submit(gather, part))
            if gathered is not None:
                yield cases, gathered
    finally:
        for future in ahead:
            future.cancel()
        _close_connections(pool, readers)
        pool.shutdown()


def _close_connections(pool: ThreadPoolExecutor, threads: int) -> None:
    """Close the connection each thread of `pool` opened: one task per thread, held at a barrier until all
    have started, so that no thread takes two."""
    barrier = threading.Barrier(threads)

    def close() -> None:
        barrier.wait()
        connections.close_all()

    for done in [pool.submit(close) for _ in range(threads)]:
        done.result()


def _path_ids(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/") if part]


def _prefixes(paths: Iterable[str], depth: int) -> list[str]:
    """Paths cut to `depth` levels, without those inside another: few prefixes that cover every path."""
    cut = sorted({"/" + "/".join(path.strip("/").split("/")[:depth]) + "/" for path in paths})
    kept: list[str] = []
    for path in cut:
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return kept


@cache
def _trend_types() -> frozenset[str]:
    return frozenset(trend_types())


class AreaFacts:
    """The facts of `cases` — all the cases of `area`'s subtree for `year`, units loaded (`area_cases`) or
    as rows (`area_case_rows`). `predecessors` (`merger_links`) saves reading the links again per part."""

    def __init__(self, *, area: Unit, year: int, cases: list[RecognitionCase] | list[CaseRow],
                 predecessors: Mapping[int, list[int]] | None = None):
        self.year = year
        self._path = area.path
        units = {case.unit_id: case.unit for case in cases}
        self._results = {case.unit_id: case.result for case in cases}
        self._periods: dict[str, tuple[Period, Period]] = {
            kind: (evaluation_period(kind, year), evaluation_period(kind, year - 1))
            for kind in {unit.kind for unit in units.values()}
        }
        self._answers = self._read_answers()
        self._lineage = self._read_lineage(units, merger_links() if predecessors is None else predecessors)
        self._read_incidents()
        self._trend_figures = self._read_trend_figures()
        self._ratings = self._read_ratings()
        self._models = self._read_models()
        self._sub_units = self._read_sub_units(units)
        self._read_provinces(units)
        self._criteria: dict[tuple[str, int | None], CriteriaSet] = {}
        self._evaluations: dict[tuple, Evaluation] = {}
        self._outcomes: dict[tuple, str] = {}
        self._rating_notes: dict[tuple, dict] = {}
        self.shared = 0  # evaluations given again to a case with the same facts

    # --- Reading --------------------------------------------------------------------------------------

    def _read_answers(self) -> dict[tuple[int, str], dict]:
        answers: dict[tuple[int, str], dict] = defaultdict(dict)
        rows = CaseAnswer.objects.filter(case__unit__path__startswith=self._path, case__year=self.year).values_list(
            "case_id", "stage", "criterion_id", *ANSWER_FIELDS)
        for case_id, stage, criterion_id, *row in rows:
            answers[case_id, stage][criterion_id] = answer_from(*row)
        return answers

    def _read_lineage(self, units: Mapping[int, Unit | UnitRow],
                      predecessors: Mapping[int, list[int]]) -> dict[int, list[int]]:
        """Each unit's id and those of the earlier units wholly merged into it (as `incidents.selectors._lineage`)."""
        links = [(unit_id, predecessor_id) for unit_id in units for predecessor_id in predecessors.get(unit_id, ())]
        merged = dict(wholly_merged(Unit.objects.filter(pk__in={p for _u, p in links})).values_list("id", "path"))
        self._merged_paths = list(merged.values())
        lineage = {unit_id: [unit_id] for unit_id in units}
        for unit_id, predecessor_id in links:
            if predecessor_id in merged:
                lineage[unit_id].append(predecessor_id)
        return lineage

    def _read_incidents(self) -> None:
        """The active incidents of every period (and previous period) of the area and of the merged units,
        indexed by unit and by every unit above it; the discipline codes of their people."""
        periods = [p for pair in self._periods.values() for p in pair]
        if not periods:
            self._own, self._below, self._disciplines = {}, {}, {}
            return
        depth = len(_path_ids(self._path))
        in_area = Q()
        for prefix in _prefixes([self._path, *self._merged_paths], depth):
            in_area |= Q(unit__path__startswith=prefix)
        register = Incident.objects.active().filter(
            in_area, occurred_on__gte=min(p.start for p in periods), occurred_on__lte=max(p.end for p in periods))
        own: dict[int, list[Incident]] = defaultdict(list)
        below: dict[int, list[Incident]] = defaultdict(list)  # unit id → incidents of it and of its subtree
        incidents = register.select_related("unit").only(
            "id", "type", "occurred_on", "title", "severity", "force_majeure", "detected_mitigated_reported",
            "unit__id", "unit__name", "unit__path").order_by("occurred_on", "id")
        for incident in incidents:
            own[incident.unit_id].append(incident)
            for unit_id in _path_ids(incident.unit.path):
                below[unit_id].append(incident)
        disciplines: dict[int, list[str]] = defaultdict(list)
        people = IncidentPerson.objects.filter(incident__in=register.values("pk")).order_by("incident_id", "id")
        for incident_id, discipline in people.values_list("incident_id", "discipline"):
            disciplines[incident_id].append(discipline)
        self._own, self._below = own, below
        self._disciplines = {incident_id: tuple(codes) for incident_id, codes in disciplines.items()}

    def _read_trend_figures(self) -> dict[tuple[int, int], int]:
        years = {trend_year(p) for pair in self._periods.values() for p in pair}
        rows = YearlyTrendFigure.objects.filter(unit__path__startswith=self._path, year__in=years)
        return {(unit_id, year): count for unit_id, year, count in rows.values_list("unit_id", "year", "count")}

    def _read_ratings(self) -> dict[int, TeamRating]:
        """The worst rating of the year of the teams covering each KDC (as `team_rating_of_area`)."""
        links = SecurityTeam.areas.through.objects.filter(unit__path__startswith=self._path)
        ratings = {r.team_id: r for r in TeamRating.objects.filter(
            year=self.year, team_id__in=links.values("securityteam_id")).select_related("team").order_by("pk")}
        worst: dict[int, TeamRating] = {}
        for area_id, team_id in links.values_list("unit_id", "securityteam_id").order_by("securityteam_id"):
            rating = ratings.get(team_id)
            if rating is None:
                continue
            current = worst.get(area_id)
            if current is None or _RATING_ORDER.index(rating.level) < _RATING_ORDER.index(current.level):
                worst[area_id] = rating
        return worst

    def _read_models(self) -> dict[int, list[MovementModel]]:
        """Each unit's models evaluated effective for the year — a commune's with its KDC's — in the order of
        `effective_models_of`."""
        models = (MovementModel.objects.filter(site__path__startswith=self._path, evaluations__year=self.year,
                                               evaluations__effective=True)
                  .select_related("site").order_by("name_folded", "pk").distinct())
        at: dict[int, list[MovementModel]] = defaultdict(list)
        self._model_rank: dict[int, int] = {}
        for model in models:  # in the registry's order, so each list keeps it
            self._model_rank[model.pk] = len(self._model_rank)
            at[model.site_id].append(model)
            if model.site.kind == UnitKind.RESIDENTIAL_AREA:
                at[-model.site.parent_id].append(model)  # negative key: models at the commune's KDC
        return at

    def _read_sub_units(self, units: Mapping[int, Unit | UnitRow]) -> dict[int, list[dict]]:
        communes = {unit_id for unit_id, unit in units.items() if unit.kind == UnitKind.COMMUNE}
        rows = (Unit.objects.filter(path__startswith=self._path, kind__in=GRASSROOTS_KINDS)
                .valid_on(sub_unit_day(self.year)).values("parent_id", *SUB_UNIT_FIELDS))
        by_commune: dict[int, list[dict]] = {commune: [] for commune in communes}
        for row in rows:
            if row["parent_id"] in by_commune:
                by_commune[row["parent_id"]].append(row)
        return by_commune

    def _read_provinces(self, units: Mapping[int, Unit | UnitRow]) -> None:
        provinces = {p.pk: p for p in Unit.objects.filter(kind=UnitKind.PROVINCE).only("id", "code", "name_folded")}
        self._province: dict[int, Unit | None] = {}
        of_parent: dict[str, Unit | None] = {}  # units under one parent share their ancestors
        for unit_id, unit in units.items():
            parent_path = unit.path[:unit.path.rindex("/", 0, -1) + 1]
            if parent_path not in of_parent:
                candidates = [provinces[i] for i in _path_ids(parent_path) if i in provinces]
                # `_province_of` takes the first by the model's ordering; a unit lies in one province.
                of_parent[parent_path] = min(candidates, key=lambda p: (p.name_folded, p.pk)) if candidates else None
            self._province[unit_id] = of_parent[parent_path]
        wanted = {p.pk for p in self._province.values() if p is not None}
        self._extras: dict[int, list] = defaultdict(list)
        for criterion in ProvincialCriterion.objects.filter(province_id__in=wanted, year=self.year).order_by("code"):
            self._extras[criterion.province_id].append(extra_spec(criterion))

    # --- Building ----------------------------------------------------------------------------------------

    def _register(self, unit: Unit | UnitRow) -> list[Incident]:
        """The incidents `incidents.selectors._register` would find for the unit (any date read)."""
        lineage = self._lineage[unit.pk]
        index = self._below if unit.kind == UnitKind.COMMUNE else self._own
        if len(lineage) == 1:
            return index.get(unit.pk, [])
        seen: dict[int, Incident] = {}
        for member in lineage:
            for incident in index.get(member, ()):
                seen.setdefault(incident.pk, incident)
        return sorted(seen.values(), key=lambda i: (i.occurred_on, i.pk))

    def _incident_facts(self, unit: Unit | UnitRow, register: list[Incident],
                        period: Period) -> tuple[IncidentFact, ...]:
        if not register:
            return ()
        own = set(self._lineage[unit.pk])
        return tuple(
            incident_fact(incident, disciplines=self._disciplines.get(incident.pk, ()), own=own)
            for incident in register if period.start <= incident.occurred_on <= period.end
        )

    def _trend_count(self, unit: Unit | UnitRow, register: list[Incident], period: Period) -> int:
        figure = self._trend_figures.get((unit.pk, trend_year(period)))
        if figure is not None:
            return figure  # an entered figure replaces the register's count
        if not register:
            return 0
        types = _trend_types()
        return sum(1 for i in register if i.type in types and period.start <= i.occurred_on <= period.end)

    def _rating_answers(self, unit_kind: str, rating: TeamRating | None, year: int) -> dict:
        """`rating_answers`, written once per rating and language: the KDC of one team share it (read only)."""
        key = (unit_kind, rating.pk if rating else None, year, get_language())
        if key not in self._rating_notes:
            self._rating_notes[key] = rating_answers(unit_kind=unit_kind, rating=rating, year=year)
        return self._rating_notes[key]

    def facts(self, case: RecognitionCase | CaseRow, *, stage: str = AnswerStage.SELF) -> Facts:
        """What `case_facts(case, stage=stage)` gives, from what was read."""
        unit = case.unit
        period, previous = self._periods[unit.kind]
        register = self._register(unit)
        models = self._models.get(unit.pk, [])
        if unit.kind == UnitKind.COMMUNE and -unit.pk in self._models:
            models = sorted(models + self._models[-unit.pk], key=lambda m: self._model_rank[m.pk])
        province = self._province[unit.pk]
        return facts_from(
            case=case,
            stage=stage,
            province_code=province.code if province else "",
            self_answers=self._answers.get((case.pk, AnswerStage.SELF), {}),
            appraisal_answers=self._answers.get((case.pk, AnswerStage.APPRAISAL), {}),
            registry=(self._rating_answers(unit.kind, self._ratings.get(unit.pk), case.year)
                      | models_answers(unit_kind=unit.kind, models=models, year=case.year)),
            model_figures=models_figures(unit_kind=unit.kind, models=models),
            sub_units=(outcomes_of_sub_units(self._sub_units[unit.pk], self._results)
                       if unit.kind == UnitKind.COMMUNE else None),
            incidents=self._incident_facts(unit, register, period),
            trend=(self._trend_count(unit, register, period), self._trend_count(unit, register, previous)),
        )

    def criteria(self, case: RecognitionCase | CaseRow) -> CriteriaSet:
        """The criteria `case_evaluate` judges the case by: its kind's and year's, with its province's extras."""
        province = self._province[case.unit_id]
        key = (case.unit.kind, province.pk if province else None)
        if key not in self._criteria:
            self._criteria[key] = criteria_set_for(case.unit.kind, case.year,
                                                   self._extras.get(key[1], []) if key[1] else [])
        return self._criteria[key]

    def evaluate(self, case: RecognitionCase | CaseRow, *, stage: str = AnswerStage.SELF) -> Evaluation:
        """What `case_evaluate(case, stage=stage)` gives, in the active language.

        The engine is pure, so cases with the same criteria and the same facts share one evaluation (an
        immutable value): in a province most KDC without incidents answer and count alike."""
        criteria, facts = self.criteria(case), self.facts(case, stage=stage)
        key = (id(criteria), get_language(), _facts_key(facts))
        evaluation = self._evaluations.get(key)
        if evaluation is None:
            evaluation = self._evaluations[key] = evaluate(criteria, facts)
        else:
            self.shared += 1
        return evaluation

    def outcome(self, case: RecognitionCase | CaseRow, *, stage: str = AnswerStage.SELF) -> str:
        """What `case_evaluate(case, stage=stage).outcome` gives, judged without writing the explanations
        (`engine.outcome`); shared between cases with the same criteria and facts, as in `evaluate`."""
        criteria, facts = self.criteria(case), self.facts(case, stage=stage)
        key = (id(criteria), _facts_key(facts))  # an outcome is a code, the same in every language
        live = self._outcomes.get(key)
        if live is None:
            live = self._outcomes[key] = outcome(criteria, facts)
        else:
            self.shared += 1
        return live


# Every field of `Facts`, read at once (`dataclasses.fields` per case costs more than the rest of the key).
_FACT_FIELDS = attrgetter(*(f.name for f in fields(Facts)))


def _facts_key(facts: Facts) -> tuple:
    """Every field of `facts`, hashable; figures by their text, so 1 and 1.0 (shown differently) differ."""
    return tuple(_hashable(value) if isinstance(value, dict) else value for value in _FACT_FIELDS(facts))


def _hashable(value: dict) -> frozenset:
    # answers (immutable `Answer`s) and figures (decimals)
    return frozenset((name, (Decimal, str(item)) if isinstance(item, Decimal) else item)
                     for name, item in value.items())
