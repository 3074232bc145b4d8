"""API of outreach activities and their totals. Out of scope and missing both answer 404."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.response import Response

from antq.accounts.scope import Capability, get_unit_for
from antq.api.base import ScopedAPIView, ScopedViewSet
from antq.outreach import selectors
from antq.outreach.models import OutreachActivity, OutreachForm
from antq.outreach.services import outreach_activity_create, outreach_activity_update
from antq.outreach.topics import topics

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class OutreachActivitySerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    topic_label = serializers.SerializerMethodField()

    class Meta:
        model = OutreachActivity
        fields = ["id", "unit", "unit_name", "held_on", "form", "topic", "topic_label", "title", "audience", "pages",
                  "copies", "clips", "note", "created_at", "updated_at"]
        read_only_fields = fields

    def get_topic_label(self, obj) -> str:
        # The topics are law data (a query to see whether they changed): read once per response, not per row.
        if "topic_labels" not in self.context:
            self.context["topic_labels"] = {code: topic.label for code, topic in topics().items()}
        return self.context["topic_labels"].get(obj.topic, obj.topic)


class OutreachActivityWriteSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    held_on = serializers.DateField(input_formats=DATE_FORMATS)
    form = serializers.ChoiceField(choices=OutreachForm.choices)
    topic = serializers.CharField(max_length=40, help_text="A topic code of the outreach topics data")
    title = serializers.CharField(max_length=255)
    audience = serializers.IntegerField(min_value=0, required=False, default=0)
    pages = serializers.IntegerField(min_value=0, required=False, default=0)
    copies = serializers.IntegerField(min_value=0, required=False, default=0)
    clips = serializers.IntegerField(min_value=0, required=False, default=0)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PeriodQuerySerializer(serializers.Serializer):
    area = serializers.IntegerField(required=False)
    start = serializers.DateField(required=False, input_formats=DATE_FORMATS)
    end = serializers.DateField(required=False, input_formats=DATE_FORMATS)


class LineSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    activities = serializers.IntegerField()
    audience = serializers.IntegerField()
    pages = serializers.IntegerField()
    copies = serializers.IntegerField()
    clips = serializers.IntegerField()


class TotalsSerializer(serializers.Serializer):
    activities = serializers.IntegerField()
    audience = serializers.IntegerField()
    pages = serializers.IntegerField()
    copies = serializers.IntegerField()
    clips = serializers.IntegerField()
    by_form = LineSerializer(many=True)
    by_topic = LineSerializer(many=True)


PERIOD_PARAMETERS = [
    OpenApiParameter("area", int, description="A unit id: that unit and every unit below it"),
    OpenApiParameter("start", str, description="First day (YYYY-MM-DD or dd/mm/yyyy)"),
    OpenApiParameter("end", str, description="Last day (YYYY-MM-DD or dd/mm/yyyy)"),
]


def _period(request) -> dict:
    query = PeriodQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    data = query.validated_data
    area = get_unit_for(request.user, data["area"]) if "area" in data else None
    return {"area": area, "start": data.get("start"), "end": data.get("end")}


@extend_schema_view(list=extend_schema(parameters=PERIOD_PARAMETERS))
class OutreachActivityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Outreach and legal-education activities of the units in the caller's scope."""

    serializer_class = OutreachActivitySerializer

    def get_queryset(self):
        return selectors.activity_list(actor=self.request.user)

    def list(self, request, *args, **kwargs):
        qs = selectors.activity_list(actor=request.user, **_period(request))
        return self.get_paginated_response(OutreachActivitySerializer(self.paginate_queryset(qs), many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(OutreachActivitySerializer(selectors.get_activity_for(request.user, kwargs["pk"])).data)

    @extend_schema(request=OutreachActivityWriteSerializer, responses={201: OutreachActivitySerializer})
    def create(self, request, *args, **kwargs):
        incoming = OutreachActivityWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        unit = get_unit_for(request.user, data.pop("unit"), Capability.ENTER_DATA)
        activity = outreach_activity_create(actor=request.user, unit=unit, **data)
        return Response(OutreachActivitySerializer(activity).data, status=201)

    @extend_schema(request=OutreachActivityWriteSerializer, responses={200: OutreachActivitySerializer})
    def partial_update(self, request, *args, **kwargs):
        activity = selectors.get_activity_for(request.user, kwargs["pk"])
        incoming = OutreachActivityWriteSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        values = dict(incoming.validated_data)
        if "unit" in values:
            values["unit"] = get_unit_for(request.user, values["unit"], Capability.ENTER_DATA)
        activity = outreach_activity_update(actor=request.user, activity=activity, **values)
        return Response(OutreachActivitySerializer(activity).data)


class OutreachTotalsView(ScopedAPIView):
    """Totals of activities, audience, pages, copies and clips for a period and area, by form and topic."""

    @extend_schema(parameters=PERIOD_PARAMETERS, responses={200: TotalsSerializer})
    def get(self, request):
        return Response(TotalsSerializer(selectors.outreach_totals(actor=request.user, **_period(request))).data)
