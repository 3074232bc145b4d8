"""API of the movement classification: sheets, classifications in scope with their steps, counts per block.

Same services and selectors as the pages: classifications are read through the actor's scope (404 for
one outside it or missing), every step calls a workflow service (a refused step is a 400 with the
service's messages; a stale `seen_version` or a step already taken is a 409, nothing changed).
Routes (antq/api/urls.py): `classifications/` (router), `classification/counts/` (the statistics of an area
and year), `classification/counts/years/` (the years compared), `classification/counts/areas/` (the areas
below, to drill down), `classification/sheets/<kind>/`.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from antq.accounts.scope import Capability, get_unit_for
from antq.api.base import ScopedAPIView, ScopedViewSet
from antq.classification import selectors
from antq.classification.models import Classification, ClassificationScore, ClassificationStatus, Level, ScoreStage
from antq.classification.rules import CLASSIFIED_KINDS, Item, regulation_for
from antq.classification.statistics import classification_statistics
from antq.classification.statistics_views import AreaYearMixin
from antq.classification.workflow import (
    RETURNED,
    REVIEWED,
    SUBMITTED,
    ConflictError,
    classification_decide,
    classification_reopen,
    classification_score,
    classification_start,
    classification_transition,
)
from antq.units.models import UnitKind


# Codes are served as plain text fields: the same choice sets as enums under many names (level, stage, status
# are used by recognition too) would make drf-spectacular warn, and the values are documented per field.
def _code(help_text: str):
    return serializers.CharField(read_only=True, help_text=help_text)


LEVELS_HELP = "excellent | good | average | weak, or empty"


class ScoreSerializer(serializers.ModelSerializer):
    stage = _code("self | review")

    class Meta:
        model = ClassificationScore
        fields = ["item_id", "stage", "points", "note", "entered_at"]
        read_only_fields = fields


class ClassificationSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    unit_kind = serializers.CharField(source="unit.kind", read_only=True)
    status = _code("draft | submitted | reviewed | decided")
    source = _code("entered | imported")
    block = _code("commune | org_local | org_province | school | residential_area | district, or empty")
    antt_safe = _code("met | not_met | unknown")
    self_level = _code(LEVELS_HELP)
    reviewed_level = _code(LEVELS_HELP)
    level = _code(LEVELS_HELP)
    imported_level = _code(LEVELS_HELP)

    class Meta:
        model = Classification
        fields = ["id", "unit", "unit_name", "unit_kind", "year", "regulation", "status", "version", "source",
                  "block", "antt_safe", "self_total", "self_level", "reviewed_total", "reviewed_level", "level",
                  "level_reason", "returned_reason", "imported_level", "imported_score", "decided_at"]
        read_only_fields = fields


class ClassificationDetailSerializer(ClassificationSerializer):
    scores = ScoreSerializer(many=True, read_only=True)

    class Meta(ClassificationSerializer.Meta):
        fields = [*ClassificationSerializer.Meta.fields, "scores", "self_result", "reviewed_result"]
        read_only_fields = fields


class ListQuerySerializer(serializers.Serializer):
    area = serializers.IntegerField(required=False)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    status = serializers.ChoiceField(choices=ClassificationStatus.choices, required=False)


class StartSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class ItemScoreSerializer(serializers.Serializer):
    item_id = serializers.CharField(max_length=40)
    points = serializers.CharField(max_length=10, allow_blank=True, allow_null=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ScoresSerializer(serializers.Serializer):
    stage = serializers.CharField(help_text="self | review")
    scores = ItemScoreSerializer(many=True)
    seen_version = serializers.IntegerField(min_value=1, required=False)

    def validate_stage(self, value: str) -> str:
        if value not in ScoreStage.values:
            raise serializers.ValidationError("self | review")
        return value


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=[SUBMITTED, REVIEWED, RETURNED])
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    seen_version = serializers.IntegerField(min_value=1, required=False)


class DecideSerializer(serializers.Serializer):
    level = serializers.CharField(required=False, allow_blank=True, default="",
                                  help_text="excellent | good | average | weak; empty: the reviewed level")
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    seen_version = serializers.IntegerField(min_value=1, required=False)

    def validate_level(self, value: str) -> str:
        if value and value not in Level.values:
            raise serializers.ValidationError(LEVELS_HELP)
        return value


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
    seen_version = serializers.IntegerField(min_value=1, required=False)


@extend_schema_view(
    list=extend_schema(parameters=[
        OpenApiParameter("area", int, description="A unit id: classifications of that unit and every unit below it"),
        OpenApiParameter("year", int, description="Evaluation year"),
        OpenApiParameter("status", str, enum=ClassificationStatus.values),
    ]),
)
class ClassificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Classifications of the units in the caller's scope. Out of scope and missing both answer 404."""

    serializer_class = ClassificationSerializer

    def get_queryset(self):
        return selectors.classification_list(actor=self.request.user)

    def list(self, request, *args, **kwargs):
        query = ListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        area = get_unit_for(request.user, data["area"]) if "area" in data else None
        qs = selectors.classification_list(actor=request.user, area=area, year=data.get("year"),
                                           status=data.get("status"))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(ClassificationSerializer(page, many=True).data)

    def _detail(self, classification, status=200):
        fresh = selectors.get_classification_for(self.request.user, classification.pk)
        return Response(ClassificationDetailSerializer(fresh).data, status=status)

    @extend_schema(responses={200: ClassificationDetailSerializer})
    def retrieve(self, request, *args, **kwargs):
        return self._detail(selectors.get_classification_for(request.user, kwargs["pk"]))

    @extend_schema(request=StartSerializer, responses={201: ClassificationDetailSerializer})
    def create(self, request, *args, **kwargs):
        """Start the classification of a unit for a year (data entry on the unit)."""
        incoming = StartSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        unit = get_unit_for(request.user, incoming.validated_data["unit"], Capability.ENTER_DATA)
        classification = classification_start(actor=request.user, unit=unit, year=incoming.validated_data["year"])
        return self._detail(classification, status=201)

    def _run(self, request, pk, serializer_class, perform):
        """Validate the body, run one workflow step; a stale version or a step already taken answers 409."""
        classification = selectors.get_classification_for(request.user, pk)
        incoming = serializer_class(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            classification = perform(classification, incoming.validated_data)
        except ConflictError as error:
            return Response({"detail": " ".join(error.messages)}, status=status.HTTP_409_CONFLICT)
        return self._detail(classification)

    @extend_schema(request=ScoresSerializer, responses={200: ClassificationDetailSerializer, 409: dict})
    @action(detail=True, methods=["post"])
    def scores(self, request, pk=None):
        """Points per item: the unit's own (stage self) or the reviewer's (stage review, with a reason if different)."""
        def perform(classification, data):
            scores = {s["item_id"]: {"points": s["points"], "note": s["note"]} for s in data["scores"]}
            return classification_score(actor=request.user, classification=classification, stage=data["stage"],
                                        scores=scores, seen_version=data.get("seen_version"))
        return self._run(request, pk, ScoresSerializer, perform)

    @extend_schema(request=TransitionSerializer, responses={200: ClassificationDetailSerializer, 409: dict})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Submit (the unit's side), record the review or return with a reason (the level above)."""
        return self._run(request, pk, TransitionSerializer, lambda c, data: classification_transition(
            actor=request.user, classification=c, to=data["to"], reason=data["reason"],
            seen_version=data.get("seen_version")))

    @extend_schema(request=DecideSerializer, responses={200: ClassificationDetailSerializer, 409: dict})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Decide the final level (default: the reviewed one); the classification is then locked."""
        return self._run(request, pk, DecideSerializer, lambda c, data: classification_decide(
            actor=request.user, classification=c, level=data["level"], reason=data["reason"],
            seen_version=data.get("seen_version")))

    @extend_schema(request=ReopenSerializer, responses={200: ClassificationDetailSerializer, 409: dict})
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Reopen a decided classification (only the level above the reviewer), with a reason."""
        return self._run(request, pk, ReopenSerializer, lambda c, data: classification_reopen(
            actor=request.user, classification=c, reason=data["reason"], seen_version=data.get("seen_version")))


_AREA_YEAR_PARAMETERS = [
    OpenApiParameter("area", int, description="Unit id (default: the first role's unit)"),
    OpenApiParameter("year", int, description="Evaluation year (default: this year)"),
    OpenApiParameter("remap", bool, description="Count the years before 1/7/2025 on today's units: a unit of that "
                     "time merged wholly into one of today's counts for it; a split one counts for none"),
]


def _area(area) -> dict:
    return {"id": area.pk, "name": area.name, "kind": area.kind}


class CountsAPIView(AreaYearMixin, ScopedAPIView):
    """GET ?area=<unit id>&year=YYYY: per block the units, the count, fraction ("131/159") and share of each
    level, and the units not classified: the figures of the statistics page."""

    @extend_schema(parameters=_AREA_YEAR_PARAMETERS, responses={200: dict})
    def get(self, request):
        self.resolve_area_year(request)
        stats = classification_statistics(actor=request.user, year=self.year, area=self.area, remap=self.remap)
        return Response({"area": _area(self.area), "year": self.year, "remapped": stats.remapped,
                         "blocks": [row.as_dict() for row in stats.blocks]})


class YearsAPIView(AreaYearMixin, ScopedAPIView):
    """GET ?area=<unit id>&year=YYYY&years=N: the blocks of the area in the N years up to `year` (default 5) and
    every earlier year with results, oldest first, each level with its change from the year before in the list
    (`change.count`, and `change.share` in percentage points): the page's year-over-year tables."""

    @extend_schema(parameters=[*_AREA_YEAR_PARAMETERS,
                               OpenApiParameter("years", int, description="How many years up to `year` (1–20)")],
                   responses={200: dict})
    def get(self, request):
        self.resolve_area_year(request)
        stats = classification_statistics(actor=request.user, year=self.year, area=self.area, remap=self.remap,
                                          history=self.history)
        return Response({"area": _area(self.area), "year": self.year,
                         "years": [counts.as_dict() for counts in stats.years]})


class AreasAPIView(AreaYearMixin, ScopedAPIView):
    """GET ?area=<unit id>&year=YYYY: the administrative units right below the area, each with its blocks (and
    `all`, every block added up); with `remap` for a year before 1/7/2025, today's units, and under
    `unattributed` the units of that time counted in none of them (split, or districts). Drill down by asking
    again with a child's id."""

    @extend_schema(parameters=_AREA_YEAR_PARAMETERS, responses={200: dict})
    def get(self, request):
        self.resolve_area_year(request)
        stats = classification_statistics(actor=request.user, year=self.year, area=self.area, remap=self.remap,
                                          children=True)
        return Response({"area": _area(self.area), "year": self.year, "remapped": stats.remapped,
                         "blocks": [row.as_dict() for row in stats.blocks],
                         "areas": [row.as_dict() for row in stats.children],
                         "unattributed": [row.as_dict() for row in stats.unattributed]})


def _item_dict(item: Item) -> dict:
    return {"id": item.id, "text_vi": item.text_vi, "text_en": item.text_en, "max_points": str(item.max_points),
            "source": item.source, "status": item.status, "items": [_item_dict(c) for c in item.children]}


class SheetQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    province = serializers.IntegerField(required=False)


class SheetAPIView(ScopedAPIView):
    """The score sheet, bands and caps in force for a kind of unit and a year (a province's own when asked)."""

    @extend_schema(parameters=[OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=list(CLASSIFIED_KINDS)),
                               OpenApiParameter("year", int, required=True, description="Evaluation year"),
                               OpenApiParameter("province", int, description="A province id: its own version")],
                   responses={200: dict})
    def get(self, request, kind):
        query = SheetQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data["year"]
        province = None
        if "province" in query.validated_data:
            province = get_unit_for(request.user, query.validated_data["province"])
            if province.kind != UnitKind.PROVINCE:
                raise NotFound
        if kind not in CLASSIFIED_KINDS:
            raise NotFound
        try:
            regulation = regulation_for(year, province=province)
        except LookupError:
            raise NotFound from None
        sheet = regulation.sheet_for(kind)
        return Response({
            "regulation": {"code": regulation.code, "legal_basis": regulation.legal_basis,
                           "title_vi": regulation.title_vi, "status": regulation.status},
            "year": year, "unit_kind": kind, "province": province.pk if province else None,
            "sheet": {"code": sheet.code, "title_vi": sheet.title_vi, "title_en": sheet.title_en,
                      "source": sheet.source, "status": sheet.status, "max_total": str(sheet.max_total),
                      "items": [_item_dict(i) for i in sheet.items]},
            "bands": [{"level": b.level, "min_points": str(b.min_points)} for b in regulation.bands.levels],
            "bands_source": regulation.bands.source,
            "caps": [{"id": c.id, "when": c.when, "max_level": c.max_level, "text_vi": c.text_vi,
                      "source": c.source} for c in regulation.caps],
            "deadline": regulation.deadlines.for_kind(kind, year).isoformat(),
            "deadline_source": regulation.deadlines.source,
        })

