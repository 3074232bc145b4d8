"""API of the models-and-clubs registry. Out of scope and missing both answer 404."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from antq.accounts.scope import Capability, get_unit_for
from antq.api.base import ScopedAPIView, ScopedViewSet
from antq.clubs import selectors
from antq.clubs.models import Club, ModelEvaluation, ModelType, MovementModel, Sector
from antq.clubs.services import club_add, model_evaluate, movement_model_create, movement_model_update

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class ModelTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ModelType
        fields = ["id", "code", "name", "sector", "province", "national", "description"]
        read_only_fields = fields


class ClubSerializer(serializers.ModelSerializer):
    class Meta:
        model = Club
        fields = ["id", "name", "members_count", "member_names", "leader", "established_on", "status",
                  "dissolved_on"]
        read_only_fields = fields


class EvaluationSerializer(serializers.ModelSerializer):
    class Meta:
        model = ModelEvaluation
        fields = ["year", "effective", "typical", "note"]
        read_only_fields = fields


class MovementModelSerializer(serializers.ModelSerializer):
    type_name = serializers.CharField(source="type.name", read_only=True)
    sector = serializers.CharField(source="type.sector", read_only=True)
    site_name = serializers.CharField(source="site.name", read_only=True)

    class Meta:
        model = MovementModel
        fields = ["id", "name", "type", "type_name", "sector", "site", "site_name", "decision_number",
                  "decision_date", "established_on", "status", "dissolved_on", "replicated_from", "note",
                  "created_at", "updated_at"]
        read_only_fields = fields


class MovementModelDetailSerializer(MovementModelSerializer):
    clubs = ClubSerializer(many=True, read_only=True)
    evaluations = EvaluationSerializer(many=True, read_only=True)

    class Meta(MovementModelSerializer.Meta):
        fields = [*MovementModelSerializer.Meta.fields, "clubs", "evaluations"]
        read_only_fields = fields


class MovementModelWriteSerializer(serializers.Serializer):
    site = serializers.IntegerField()
    type = serializers.IntegerField()
    name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    decision_number = serializers.CharField(max_length=100, required=False, allow_blank=True)
    decision_date = serializers.DateField(input_formats=DATE_FORMATS, required=False, allow_null=True)
    established_on = serializers.DateField(input_formats=DATE_FORMATS, required=False, allow_null=True)
    replicated_from = serializers.IntegerField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)


class ClubWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    members_count = serializers.IntegerField(min_value=0, required=False)
    member_names = serializers.CharField(required=False, allow_blank=True, help_text="One name a line")
    leader = serializers.CharField(max_length=255, required=False, allow_blank=True)
    established_on = serializers.DateField(input_formats=DATE_FORMATS, required=False, allow_null=True)


class EvaluationWriteSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=1990, max_value=9999)
    effective = serializers.BooleanField()
    typical = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(required=False, allow_blank=True)


class ModelQuerySerializer(serializers.Serializer):
    area = serializers.IntegerField(required=False)
    sector = serializers.ChoiceField(choices=Sector.choices, required=False)
    type = serializers.IntegerField(required=False)
    status = serializers.ChoiceField(choices=MovementModel.Status.choices, required=False)
    year = serializers.IntegerField(required=False, min_value=1990, max_value=9999)
    typical = serializers.BooleanField(required=False, allow_null=True, default=None)
    q = serializers.CharField(required=False, allow_blank=True)


class SectorCountSerializer(serializers.Serializer):
    sector = serializers.CharField()
    label = serializers.CharField()
    types = serializers.IntegerField()
    sites = serializers.IntegerField()
    models = serializers.IntegerField()
    clubs = serializers.IntegerField()
    members = serializers.IntegerField()


class CountsSerializer(serializers.Serializer):
    area = serializers.IntegerField(source="area.pk")
    day = serializers.DateField()
    types = serializers.IntegerField(help_text="Distinct national types (variants counted under theirs)")
    sites = serializers.IntegerField()
    models = serializers.IntegerField()
    clubs = serializers.IntegerField()
    members = serializers.IntegerField()
    typical = serializers.IntegerField()
    sectors = SectorCountSerializer(many=True)


class CountsQuerySerializer(serializers.Serializer):
    area = serializers.IntegerField()
    year = serializers.IntegerField(required=False, min_value=1990, max_value=9999)


def _resolve(request, data: dict) -> dict:
    """Ids of the write serializer → objects the actor may use (404 otherwise)."""
    values = dict(data)
    if "site" in values:
        values["site"] = get_unit_for(request.user, values["site"], Capability.ENTER_DATA)
    if "type" in values:
        values["type"] = selectors.get_type_for(request.user, values["type"])
    if values.get("replicated_from"):
        values["replicated_from"] = selectors.get_model_for(request.user, values["replicated_from"])
    return values


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("area", int, description="A unit id: models at that unit and every unit below it"),
    OpenApiParameter("sector", str, enum=Sector.values),
    OpenApiParameter("type", int, description="A type id (a national type also finds its variants)"),
    OpenApiParameter("status", str, enum=MovementModel.Status.values),
    OpenApiParameter("year", int, description="Evaluated that year"),
    OpenApiParameter("typical", bool),
    OpenApiParameter("q", str, description="Accent-insensitive search in model, type and site names"),
]))
class MovementModelViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Self-management models at the sites in the caller's scope, with their clubs and evaluations."""

    serializer_class = MovementModelSerializer

    def get_queryset(self):
        return selectors.model_list(actor=self.request.user)

    def list(self, request, *args, **kwargs):
        query = ModelQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        area = get_unit_for(request.user, data["area"]) if "area" in data else None
        qs = selectors.model_list(actor=request.user, area=area, sector=data.get("sector"),
                                  type_id=data.get("type"), status=data.get("status"), year=data.get("year"),
                                  typical=data.get("typical"), q=data.get("q", ""))
        return self.get_paginated_response(MovementModelSerializer(self.paginate_queryset(qs), many=True).data)

    @extend_schema(responses={200: MovementModelDetailSerializer})
    def retrieve(self, request, *args, **kwargs):
        model = selectors.model_with_details(selectors.get_model_for(request.user, kwargs["pk"]))
        return Response(MovementModelDetailSerializer(model).data)

    @extend_schema(request=MovementModelWriteSerializer, responses={201: MovementModelDetailSerializer})
    def create(self, request, *args, **kwargs):
        incoming = MovementModelWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        model = movement_model_create(actor=request.user, **_resolve(request, incoming.validated_data))
        return Response(MovementModelDetailSerializer(selectors.model_with_details(model)).data, status=201)

    @extend_schema(request=MovementModelWriteSerializer, responses={200: MovementModelDetailSerializer})
    def partial_update(self, request, *args, **kwargs):
        model = selectors.get_model_for(request.user, kwargs["pk"])
        incoming = MovementModelWriteSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        model = movement_model_update(actor=request.user, model=model, **_resolve(request, incoming.validated_data))
        return Response(MovementModelDetailSerializer(selectors.model_with_details(model)).data)

    @extend_schema(request=ClubWriteSerializer, responses={201: ClubSerializer})
    @action(detail=True, methods=["post"], url_path="clubs")
    def add_club(self, request, pk=None):
        """Add a team or club to the model."""
        model = selectors.get_model_for(request.user, pk)
        incoming = ClubWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        club = club_add(actor=request.user, model=model, **incoming.validated_data)
        return Response(ClubSerializer(club).data, status=201)

    @extend_schema(request=EvaluationWriteSerializer, responses={200: EvaluationSerializer})
    @action(detail=True, methods=["post"])
    def evaluate(self, request, pk=None):
        """Record the year's evaluation (effective, typical)."""
        model = selectors.get_model_for(request.user, pk)
        incoming = EvaluationWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        evaluation = model_evaluate(actor=request.user, model=model, **incoming.validated_data)
        return Response(EvaluationSerializer(evaluation).data)


class ModelTypeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The national catalogue of model types and the caller's province's own types."""

    serializer_class = ModelTypeSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.type_list(actor=self.request.user,
                                   province=selectors.province_of_actor(self.request.user))

    def retrieve(self, request, *args, **kwargs):
        return Response(ModelTypeSerializer(selectors.get_type_for(request.user, kwargs["pk"])).data)


class CountsView(ScopedAPIView):
    """Distinct types, sites, models and clubs below `area` at the end of `year`, per sector (no double
    counting: see `antq.clubs.selectors.counts`)."""

    @extend_schema(parameters=[OpenApiParameter("area", int, required=True), OpenApiParameter("year", int)],
                   responses={200: CountsSerializer})
    def get(self, request):
        query = CountsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        area = get_unit_for(request.user, query.validated_data["area"])
        return Response(CountsSerializer(selectors.counts(actor=request.user, area=area,
                                                          year=query.validated_data.get("year"))).data)
