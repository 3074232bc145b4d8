"""What the engine is told about one unit for one evaluation period: plain, immutable values.

The recognition services gather these from the database (answers of the self-assessment and the
appraisal, the incident register, entered figures, the results of sub-units); the engine
(`antq.recognition.engine`) turns them into a result per criterion without touching the database.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class IncidentFact:
    """One incident of the register, as the criteria see it."""

    id: int
    type: str  # a code of antq/incidents/data/incident_types.yaml
    occurred_on: datetime.date
    unit_name: str
    severity: str = ""  # for crimes: a severity code of the catalogue
    force_majeure: bool = False
    detected_mitigated_reported: bool = False  # detected in time, mitigated and reported at once
    discipline_levels: tuple[str, ...] = ()  # discipline codes of the people involved
    in_sub_unit: bool = False  # happened in a KDC/organisation below the evaluated unit
    title: str = ""  # a short name shown in explanations ("Trộm cắp tài sản"); the type's label if empty


@dataclass(frozen=True)
class Answer:
    """A person's answer to a `must_have` criterion (or an override of any criterion by the appraiser)."""

    met: bool | None  # None: not answered yet
    note: str = ""
    evidence: tuple[str, ...] = ()  # names of the evidence files
    # "Does not apply here"; accepted only for criteria with an `applies_when` condition
    # ("nơi có tổ chức Đảng", "lực lượng bảo vệ (nếu có)" …).
    not_applicable: bool = False


@dataclass(frozen=True)
class Facts:
    unit_kind: str  # residential_area, commune, agency, enterprise, school
    year: int
    period: Period
    province_code: str = ""
    answers: dict[str, Answer] = field(default_factory=dict)
    incidents: tuple[IncidentFact, ...] = ()
    # Named figures for numeric criteria, e.g. "households_registered_percent", "effective_models",
    # "registered_percent", "recognised_percent", "staff_briefed_percent", "sub_units_good_percent".
    figures: dict[str, Decimal] = field(default_factory=dict)
    # Counts for the trend criterion: this period and the previous one (None when unknown).
    trend_current: int | None = None
    trend_previous: int | None = None
    # The appraiser's decision on any criterion (by criterion id), replacing the computed status;
    # `note` is the written reason. Kept apart from `answers` so both results can be shown.
    overrides: dict[str, Answer] = field(default_factory=dict)
