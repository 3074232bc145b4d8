from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.response import Response

from antq.accounts.scope import Capability, get_unit_for
from antq.api.base import ScopedViewSet
from antq.units import selectors
from antq.units.models import Unit, UnitKind
from antq.units.services import EDITABLE_FIELDS, unit_create, unit_update


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Unit
        fields = ["id", "kind", "local_kind", "code", "name", "parent", "valid_from", "valid_to", "address",
                  "is_armed_forces", "enterprise_size", "school_level", "managing_level"]
        read_only_fields = ["id", "kind", "parent"]


class UnitCreateSerializer(UnitSerializer):
    """Shape of a new unit; the service checks scope and the rules of the kind."""

    kind = serializers.ChoiceField(choices=[c for c in UnitKind.choices if c[0] != UnitKind.COUNTRY])
    parent = serializers.IntegerField()

    class Meta(UnitSerializer.Meta):
        read_only_fields = ["id"]


class UnitQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=UnitKind.choices, required=False)
    parent = serializers.IntegerField(required=False)
    on = serializers.DateField(required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    q = serializers.CharField(required=False, allow_blank=True, max_length=100)


@extend_schema_view(
    list=extend_schema(parameters=[
        OpenApiParameter("kind", enum=UnitKind.values, description=str(_("Unit kind"))),
        OpenApiParameter("parent", int, description="Parent unit id"),
        OpenApiParameter("on", str, description="Units valid on this date (YYYY-MM-DD or dd/mm/yyyy); default today"),
        OpenApiParameter("q", str, description="Name, accent- and case-insensitive"),
    ]),
)
class UnitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Units in the caller's scope. Out of scope and missing both answer 404."""

    serializer_class = UnitSerializer

    def get_queryset(self):
        return selectors.unit_list(actor=self.request.user)

    def list(self, request, *args, **kwargs):
        query = UnitQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        qs = selectors.unit_list(actor=request.user, kind=data.get("kind"), parent_id=data.get("parent"),
                                 on=data.get("on"), q=data.get("q", ""))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(UnitSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(UnitSerializer(get_unit_for(request.user, kwargs["pk"])).data)

    @extend_schema(request=UnitCreateSerializer, responses={201: UnitSerializer})
    def create(self, request, *args, **kwargs):
        incoming = UnitCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        parent = get_unit_for(request.user, data.pop("parent"), Capability.ENTER_DATA)
        kind = data.pop("kind")
        unit = unit_create(actor=request.user, parent=parent, kind=kind, **data)
        return Response(UnitSerializer(unit).data, status=201)

    @extend_schema(request=UnitSerializer, responses={200: UnitSerializer})
    def partial_update(self, request, *args, **kwargs):
        unit = get_unit_for(request.user, kwargs["pk"], Capability.ENTER_DATA)
        incoming = UnitSerializer(unit, data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        values = {k: v for k, v in incoming.validated_data.items() if k in EDITABLE_FIELDS}
        unit = unit_update(actor=request.user, unit=unit, **values)
        return Response(UnitSerializer(unit).data)

    @extend_schema(request=UnitSerializer, responses={200: UnitSerializer})
    def update(self, request, *args, **kwargs):
        unit = get_unit_for(request.user, kwargs["pk"], Capability.ENTER_DATA)
        incoming = UnitSerializer(unit, data=request.data)
        incoming.is_valid(raise_exception=True)
        values = {k: v for k, v in incoming.validated_data.items() if k in EDITABLE_FIELDS}
        unit = unit_update(actor=request.user, unit=unit, **values)
        return Response(UnitSerializer(unit).data)
