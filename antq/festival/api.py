"""API of Festival Day events and coverage. Out of scope and missing both answer 404."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from antq.accounts.scope import Capability, get_unit_for
from antq.api.base import ScopedAPIView, ScopedViewSet
from antq.festival import selectors
from antq.festival.models import FestivalEvent
from antq.festival.services import festival_event_create, festival_event_record, festival_event_update

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
FIGURES = ("participants", "gifts_count", "gifts_value", "awards_count", "awards", "report")


class FestivalEventSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = FestivalEvent
        fields = ["id", "unit", "unit_name", "year", "held_on", "status", "place", "ceremony", "festivities",
                  "participants", "guests", "gifts_count", "gifts_value", "awards_count", "awards", "report",
                  "exception_reason", "exception_by", "created_at", "updated_at"]
        read_only_fields = fields


class FestivalFiguresSerializer(serializers.Serializer):
    participants = serializers.IntegerField(min_value=0, required=False)
    gifts_count = serializers.IntegerField(min_value=0, required=False)
    gifts_value = serializers.IntegerField(min_value=0, required=False)
    awards_count = serializers.IntegerField(min_value=0, required=False)
    awards = serializers.CharField(required=False, allow_blank=True)
    report = serializers.CharField(required=False, allow_blank=True)


class FestivalEventWriteSerializer(FestivalFiguresSerializer):
    unit = serializers.IntegerField()
    held_on = serializers.DateField(input_formats=DATE_FORMATS)
    place = serializers.CharField(max_length=255)
    held = serializers.BooleanField(required=False, default=False, help_text="Record as held at once")
    ceremony = serializers.CharField(required=False, allow_blank=True)
    festivities = serializers.CharField(required=False, allow_blank=True)
    guests = serializers.CharField(required=False, allow_blank=True)
    exception_reason = serializers.CharField(required=False, allow_blank=True,
                                             help_text="Needed for a date outside the campaign window")


class KindCoverageSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    total = serializers.IntegerField()
    held = serializers.IntegerField()
    share = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)


class MissingUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    kind = serializers.CharField()


class CoverageSerializer(serializers.Serializer):
    area = serializers.IntegerField(source="area.pk")
    year = serializers.IntegerField()
    deadline = serializers.DateField()
    total = serializers.IntegerField()
    held = serializers.IntegerField()
    share = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    kinds = KindCoverageSerializer(many=True)
    missing = MissingUnitSerializer(many=True)
    events_held = serializers.IntegerField()
    participants = serializers.IntegerField()
    gifts_count = serializers.IntegerField()
    gifts_value = serializers.IntegerField()
    awards_count = serializers.IntegerField()


class EventQuerySerializer(serializers.Serializer):
    area = serializers.IntegerField(required=False)
    year = serializers.IntegerField(required=False, min_value=2005, max_value=9999)
    status = serializers.ChoiceField(choices=FestivalEvent.Status.choices, required=False)


class CoverageQuerySerializer(serializers.Serializer):
    area = serializers.IntegerField()
    year = serializers.IntegerField(min_value=2005, max_value=9999)


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("area", int, description="A unit id: events of that unit and every unit below it"),
    OpenApiParameter("year", int),
    OpenApiParameter("status", str, enum=FestivalEvent.Status.values),
]))
class FestivalEventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Festival Day events of the units in the caller's scope."""

    serializer_class = FestivalEventSerializer

    def get_queryset(self):
        return selectors.event_list(actor=self.request.user)

    def list(self, request, *args, **kwargs):
        query = EventQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        area = get_unit_for(request.user, data["area"]) if "area" in data else None
        qs = selectors.event_list(actor=request.user, area=area, year=data.get("year"), status=data.get("status"))
        return self.get_paginated_response(FestivalEventSerializer(self.paginate_queryset(qs), many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(FestivalEventSerializer(selectors.get_event_for(request.user, kwargs["pk"])).data)

    @extend_schema(request=FestivalEventWriteSerializer, responses={201: FestivalEventSerializer})
    def create(self, request, *args, **kwargs):
        incoming = FestivalEventWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        unit = get_unit_for(request.user, data.pop("unit"), Capability.ENTER_DATA)
        event = festival_event_create(actor=request.user, unit=unit, **data)
        return Response(FestivalEventSerializer(event).data, status=201)

    @extend_schema(request=FestivalEventWriteSerializer, responses={200: FestivalEventSerializer})
    def partial_update(self, request, *args, **kwargs):
        event = selectors.get_event_for(request.user, kwargs["pk"])
        incoming = FestivalEventWriteSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        values = dict(incoming.validated_data)
        values.pop("held", None)
        if "unit" in values:
            values["unit"] = get_unit_for(request.user, values["unit"], Capability.ENTER_DATA)
        event = festival_event_update(actor=request.user, event=event, **values)
        return Response(FestivalEventSerializer(event).data)

    @extend_schema(request=FestivalFiguresSerializer, responses={200: FestivalEventSerializer})
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        """Record a planned event as held, with its figures."""
        event = selectors.get_event_for(request.user, pk)
        incoming = FestivalFiguresSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        event = festival_event_record(actor=request.user, event=event, **incoming.validated_data)
        return Response(FestivalEventSerializer(event).data)


class FestivalCoverageView(ScopedAPIView):
    """Share of KDC/CQ/DN/CSGD below `area` that held the Festival Day of `year`, and the missing ones."""

    @extend_schema(parameters=[OpenApiParameter("area", int, required=True),
                               OpenApiParameter("year", int, required=True)],
                   responses={200: CoverageSerializer})
    def get(self, request):
        query = CoverageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        area = get_unit_for(request.user, query.validated_data["area"])
        result = selectors.coverage(actor=request.user, area=area, year=query.validated_data["year"])
        return Response(CoverageSerializer(result).data)
