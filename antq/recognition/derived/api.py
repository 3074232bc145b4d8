"""API of the derived national criteria: one commune's results for a year.

GET /api/v1/recognition/derived/<commune id>/?year=YYYY (default: this year). The commune is fetched in
the caller's scope: a missing unit, one out of scope, or one that is not a commune answers 404.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from antq.api.base import ScopedAPIView
from antq.recognition.derived.rules import MAX_YEAR, MIN_YEAR
from antq.recognition.derived.selectors import commune_results, get_commune_for
from antq.recognition.selectors import case_list, current_year


class DerivedQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR, required=False)


# Plain text fields with the values in their help: an enum named "status" would collide in the schema with
# the other components' "status" choices.
_RESULT = "met | not_met | missing_data | not_applicable"
_DEFINITION = "confirmed | unconfirmed"
_CONTENT = inline_serializer("DerivedContentResult", {
    "code": serializers.CharField(), "text_vi": serializers.CharField(), "text_en": serializers.CharField(),
    "source": serializers.CharField(),
    "status_of_definition": serializers.CharField(help_text=_DEFINITION),
    "decided_by": serializers.CharField(help_text="from_recognition | entered"),
    "criteria": serializers.ListField(child=serializers.CharField()),
    "status": serializers.CharField(help_text=_RESULT),
    "explanation": serializers.CharField(),
}, many=True)
_RESPONSE = inline_serializer("DerivedCommuneResults", {
    "unit": inline_serializer("DerivedCommune", {
        "id": serializers.IntegerField(), "name": serializers.CharField(), "local_kind": serializers.CharField()}),
    "year": serializers.IntegerField(),
    "recognition": inline_serializer("DerivedRecognition", {
        "status": serializers.CharField(), "result": serializers.CharField(),
        "decision_number": serializers.CharField(), "decision_date": serializers.DateField(allow_null=True),
    }, allow_null=True),
    "indicators": inline_serializer("DerivedIndicatorResult", {
        "indicator": serializers.CharField(), "title_vi": serializers.CharField(), "title_en": serializers.CharField(),
        "source": serializers.CharField(),
        "status_of_definition": serializers.CharField(help_text=_DEFINITION),
        "status": serializers.CharField(help_text=_RESULT),
        "explanation": serializers.CharField(),
        "contents": _CONTENT,
    }, many=True),
})


class CommuneDerivedAPIView(ScopedAPIView):
    """The derived national criteria (NTM 19.2, civilised-urban criterion 4) that apply to a commune, for a year:
    each indicator's and content's status with its explanation (in the request's language)."""

    @extend_schema(
        parameters=[OpenApiParameter("unit_pk", int, OpenApiParameter.PATH, description="Commune id"),
                    OpenApiParameter("year", int, description="Evaluation year (default: this year)")],
        responses={200: _RESPONSE},
    )
    def get(self, request, unit_pk):
        commune = get_commune_for(request.user, unit_pk)
        query = DerivedQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year") or current_year()
        case = case_list(actor=request.user).filter(unit=commune, year=year).first()
        results = [r for r in commune_results(commune=commune, year=year) if r.indicator.applies_to(commune.local_kind)]
        return Response({
            "unit": {"id": commune.pk, "name": commune.name, "local_kind": commune.local_kind},
            "year": year,
            "recognition": None if case is None else {
                "status": case.status, "result": case.result, "decision_number": case.decision_number,
                "decision_date": case.decision_date.isoformat() if case.decision_date else None},
            "indicators": [r.as_dict() for r in results],
        })
