"""Builders for the engine's plain inputs (no database): incidents, answers and whole `Facts`."""

import datetime
from decimal import Decimal

import factory

from antq.recognition.criteria import CriterionKind, criteria_set_for, evaluation_period
from antq.recognition.facts import Answer, Facts, IncidentFact

# Figures that meet every national threshold.
GOOD_FIGURES = {
    "households_registered_percent": Decimal(100),
    "effective_models": Decimal(1),
    "registered_percent": Decimal(100),
    "recognised_percent": Decimal(100),
    "kdc_recognised_percent": Decimal(100),
    "staff_briefed_percent": Decimal(100),
    "people_briefed_percent": Decimal(100),
    "sub_units_good_percent": Decimal(100),
    "staff_disciplined_warning_count": Decimal(0),
}


class IncidentFactFactory(factory.Factory):
    class Meta:
        model = IncidentFact

    id = factory.Sequence(lambda n: n + 1)
    type = "crime"
    occurred_on = datetime.date(2023, 5, 3)
    unit_name = "Thôn Đông"
    severity = factory.LazyAttribute(lambda o: "very_serious" if o.type == "crime" else "")
    title = ""


def good_facts(unit_kind: str, year: int, *, extra=(), **changes) -> Facts:
    """Facts on which every criterion of the kind and year (with `extra`) is met; `changes` replace fields."""
    criteria = criteria_set_for(unit_kind, year, extra).criteria
    answers = {c.id: Answer(met=True, note="Có biên bản") for c in criteria if c.kind == CriterionKind.MUST_HAVE}
    values = {
        "unit_kind": unit_kind,
        "year": year,
        "period": evaluation_period(unit_kind, year),
        "answers": answers,
        "figures": dict(GOOD_FIGURES),
        "trend_current": 1,
        "trend_previous": 3,
    }
    values.update(changes)
    return Facts(**values)


class RecognitionCaseFactory(factory.django.DjangoModelFactory):
    """A case in any state (tests of roll-ups and statistics); the workflow tests go through services."""

    class Meta:
        model = "recognition.RecognitionCase"

    year = 2026
    legal_basis = factory.LazyAttribute(lambda o: "tt124_2021" if o.year >= 2022 else "tt23_2012")
    registered_at = factory.LazyFunction(lambda: datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC))
    status = "registered"
    result = ""


SCAN_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def file_dossier(case, actor) -> None:
    """File the three signed scans a case needs before submission (TT 124/2021 art. 9.1), as `actor`."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from antq.recognition.dossier.rules import SUBMISSION_KINDS
    from antq.recognition.dossier.services import case_document_upload

    for kind in SUBMISSION_KINDS:
        case_document_upload(actor=actor, case=case, kind=kind,
                             file=SimpleUploadedFile(f"{kind}.pdf", SCAN_PDF, content_type="application/pdf"))
