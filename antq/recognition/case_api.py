"""The recognition cycle over the API: cases in the caller's scope, their per-criterion evaluation, and
every transition, each going through the same services as the pages (`workflow.py`).

Each write carries the `version` the caller read; a stale version or a second decision on the same
case answers 409 Conflict with the reason, and changes nothing.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from antq.accounts.scope import Capability, get_unit_for
from antq.api.base import ScopedViewSet
from antq.recognition import selectors, workflow
from antq.recognition.evaluation import case_evaluate
from antq.recognition.models import AnswerStage, CaseResult, CaseStatus, RecognitionCase

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class CaseSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    unit_kind = serializers.CharField(source="unit.kind", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    result_label = serializers.CharField(source="get_result_display", read_only=True)
    # Declared: a read-only model field loses `allow_blank`, and the schema would forbid "" (undecided).
    result = serializers.ChoiceField(choices=CaseResult.choices, allow_blank=True, read_only=True)

    class Meta:
        model = RecognitionCase
        fields = ["id", "unit", "unit_name", "unit_kind", "year", "legal_basis", "status", "status_label",
                  "version", "registered_at", "registration_note", "figures", "appraised_figures",
                  "returned_reason", "result", "result_label", "decision_number", "decision_date",
                  "decision_signer", "decided_at", "certificate_number", "updated_at"]
        read_only_fields = fields


class CaseQuerySerializer(serializers.Serializer):
    area = serializers.IntegerField(required=False)
    year = serializers.IntegerField(required=False, min_value=1900, max_value=2200)
    status = serializers.ChoiceField(choices=CaseStatus.choices, required=False)


class CaseRegisterSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    year = serializers.IntegerField(min_value=2012, max_value=2200)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class CaseVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="The case version the caller read.")


class CaseAnswerSerializer(CaseVersionSerializer):
    criterion_id = serializers.CharField(max_length=40)
    stage = serializers.ChoiceField(choices=AnswerStage.choices, default=AnswerStage.SELF)
    met = serializers.BooleanField(allow_null=True, required=False, default=None)
    not_applicable = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class CaseFiguresSerializer(CaseVersionSerializer):
    stage = serializers.ChoiceField(choices=AnswerStage.choices, default=AnswerStage.SELF)
    figures = serializers.DictField(child=serializers.CharField(allow_blank=True, max_length=30))


class CaseTransitionSerializer(CaseVersionSerializer):
    to = serializers.ChoiceField(choices=[CaseStatus.SELF_ASSESSED, CaseStatus.SUBMITTED, CaseStatus.APPRAISED,
                                          ("returned", "returned")])
    reason = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class CaseDecideSerializer(CaseVersionSerializer):
    result = serializers.ChoiceField(choices=CaseResult.choices)
    decision_number = serializers.CharField(max_length=60)
    decision_date = serializers.DateField(input_formats=DATE_FORMATS)
    signer = serializers.CharField(max_length=150)


class CaseReopenSerializer(CaseVersionSerializer):
    reason = serializers.CharField(max_length=4000)


def _conflict(error: workflow.ConflictError) -> Response:
    return Response({"detail": " ".join(error.messages)}, status=status.HTTP_409_CONFLICT)


@extend_schema_view(
    list=extend_schema(parameters=[
        OpenApiParameter("area", int, description="A unit id: cases of that unit and every unit below it"),
        OpenApiParameter("year", int, description="Evaluation year"),
        OpenApiParameter("status", str, enum=CaseStatus.values),
    ]),
)
class RecognitionCaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Recognition cases of the units in the caller's scope; out of scope and missing both answer 404."""

    serializer_class = CaseSerializer

    def get_queryset(self):
        return selectors.case_list(actor=self.request.user)

    def list(self, request, *args, **kwargs):
        query = CaseQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        area = get_unit_for(request.user, data["area"]) if "area" in data else None
        qs = selectors.case_list(actor=request.user, area=area, year=data.get("year"), status=data.get("status"))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(CaseSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(CaseSerializer(selectors.get_case_for(request.user, kwargs["pk"])).data)

    @extend_schema(request=CaseRegisterSerializer, responses={201: CaseSerializer})
    def create(self, request, *args, **kwargs):
        """Register a unit for a year (Quarter I)."""
        incoming = CaseRegisterSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        unit = get_unit_for(request.user, data["unit"], Capability.ENTER_DATA)
        case = workflow.case_register(actor=request.user, unit=unit, year=data["year"], note=data.get("note", ""))
        return Response(CaseSerializer(case).data, status=201)

    @extend_schema(parameters=[OpenApiParameter("stage", str, enum=AnswerStage.values)], responses={200: dict})
    @action(detail=True, methods=["get"])
    def evaluation(self, request, pk=None):
        """The engine's result per criterion (met, not met, not applicable, missing data) with its
        explanation citing the article, and the overall outcome; the stored result once decided."""
        case = selectors.get_case_for(request.user, pk)
        stage = request.query_params.get("stage", AnswerStage.SELF)
        if stage not in AnswerStage.values:
            raise serializers.ValidationError({"stage": ["self | appraisal"]})
        stored = case.appraised_evaluation if stage == AnswerStage.APPRAISAL else case.self_evaluation
        if case.is_locked and stored:
            return Response({**stored, "stored": True})
        return Response({**case_evaluate(case, stage=stage).as_dict(), "stored": False})

    def _run(self, request, pk, serializer_class, perform):
        case = selectors.get_case_for(request.user, pk)
        incoming = serializer_class(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            perform(case, incoming.validated_data)
        except workflow.ConflictError as error:
            return _conflict(error)
        case.refresh_from_db()
        return Response(CaseSerializer(case).data)

    @extend_schema(request=CaseAnswerSerializer, responses={200: CaseSerializer, 409: dict})
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """Answer a criterion: the unit's own (stage self) or the appraiser's (stage appraisal, note = reason)."""
        return self._run(request, pk, CaseAnswerSerializer, lambda case, d: workflow.case_answer(
            actor=request.user, case=case, criterion_id=d["criterion_id"], met=d.get("met"), note=d.get("note", ""),
            stage=d["stage"], seen_version=d["version"], not_applicable=d["not_applicable"]))

    @extend_schema(request=CaseFiguresSerializer, responses={200: CaseSerializer, 409: dict})
    @action(detail=True, methods=["post"])
    def figures(self, request, pk=None):
        """Replace the entered figures of a stage."""
        return self._run(request, pk, CaseFiguresSerializer, lambda case, d: workflow.case_set_figures(
            actor=request.user, case=case, figures=d["figures"], stage=d["stage"], seen_version=d["version"]))

    @extend_schema(request=CaseTransitionSerializer, responses={200: CaseSerializer, 409: dict})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Move the case on (self_assessed, submitted, appraised) or return it with a reason."""
        return self._run(request, pk, CaseTransitionSerializer, lambda case, d: workflow.case_transition(
            actor=request.user, case=case, to=d["to"], seen_version=d["version"], reason=d.get("reason", "")))

    @extend_schema(request=CaseDecideSerializer, responses={200: CaseSerializer, 409: dict})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Record the decision; the case is locked afterwards."""
        return self._run(request, pk, CaseDecideSerializer, lambda case, d: workflow.case_decide(
            actor=request.user, case=case, result=d["result"], decision_number=d["decision_number"],
            decision_date=d["decision_date"], signer=d["signer"], seen_version=d["version"]))

    @extend_schema(request=CaseReopenSerializer, responses={200: CaseSerializer, 409: dict})
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Reopen a decided case (the level above the decider), with a reason."""
        return self._run(request, pk, CaseReopenSerializer, lambda case, d: workflow.case_reopen(
            actor=request.user, case=case, reason=d["reason"], seen_version=d["version"]))

