"""Read-only API on the law as data: the concrete criteria of a unit kind for an evaluation year.

Criteria are public law, so any signed-in user may read them (the pages for browsing every set stay with
the national administrator). Route to register (lead): `recognition/criteria/<slug:kind>/`, name
"recognition-criteria", e.g. GET /api/v1/recognition/criteria/commune/?year=2023.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from antq.api.base import ScopedAPIView
from antq.recognition.criteria import UNIT_KINDS, CriteriaSet, Criterion, criteria_set_for, legal_basis


class YearQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=1900, max_value=2200)


def criterion_as_dict(c: Criterion) -> dict:
    return {
        "id": c.id, "article": c.article, "citation": c.citation, "text_vi": c.text_vi, "text_en": c.text_en,
        "kind": c.kind, "status": c.status, "incident_types": list(c.incident_types),
        "min_severity": c.min_severity, "min_discipline": c.min_discipline, "exceptions": list(c.exceptions),
        "scope": c.scope, "figure": c.figure, "op": c.op, "value": None if c.value is None else str(c.value),
        "applies_when": c.applies_when, "inherited_from": c.inherited_from, "via": c.via,
        "applied_by": c.applied_by, "provincial": c.provincial,
    }


def criteria_set_as_dict(criteria_set: CriteriaSet, unit_kind: str) -> dict:
    basis = legal_basis(criteria_set.legal_basis_code)
    period = basis.period_rule(unit_kind).period(criteria_set.year)
    return {
        "legal_basis": {"code": basis.code, "number": basis.legal_basis, "title": basis.title,
                        "status": basis.status},
        "article": criteria_set.article, "title_vi": criteria_set.title_vi, "unit_kind": unit_kind,
        "year": criteria_set.year, "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "criteria": [criterion_as_dict(c) for c in criteria_set.criteria],
    }


class CriteriaSetAPIView(ScopedAPIView):
    """The criteria of a unit kind for an evaluation year, inherited criteria expanded, national criteria only."""

    @extend_schema(
        parameters=[OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=list(UNIT_KINDS)),
                    OpenApiParameter("year", int, required=True, description="Evaluation year")],
        responses={200: dict},
    )
    def get(self, request, kind):
        query = YearQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data["year"]
        try:
            criteria_set = criteria_set_for(kind, year)
        except LookupError as error:
            raise NotFound(str(error)) from None
        return Response(criteria_set_as_dict(criteria_set, kind))
