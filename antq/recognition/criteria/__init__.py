"""The law as data: criteria of the ANTT-safe standard per legal basis (see `catalogue`)."""

from antq.recognition.criteria.catalogue import (
    CONFIRMED,
    EXCEPTION_LABELS,
    KIND_LABELS,
    OWN,
    OWN_AND_SUB_UNITS,
    SCOPE_LABELS,
    UNCONFIRMED,
    UNIT_KINDS,
    CriteriaError,
    CriteriaSet,
    Criterion,
    CriterionKind,
    CriterionSpec,
    IncidentCodes,
    LegalBasis,
    PeriodRule,
    criteria_set_for,
    evaluation_period,
    incident_codes,
    legal_bases,
    legal_basis,
    legal_basis_for_year,
)

__all__ = [
    "CONFIRMED", "EXCEPTION_LABELS", "KIND_LABELS", "OWN", "OWN_AND_SUB_UNITS", "SCOPE_LABELS", "UNCONFIRMED",
    "UNIT_KINDS", "CriteriaError", "CriteriaSet", "Criterion", "CriterionKind", "CriterionSpec", "IncidentCodes",
    "LegalBasis", "PeriodRule", "criteria_set_for", "evaluation_period", "incident_codes", "legal_basis",
    "legal_basis_for_year", "legal_bases",
]
