"""API of the exemplars register. Out of scope and missing both answer 404; personal data is masked for
whoever does not enter data on the exemplar's unit, as on the pages."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from antq.accounts.scope import Capability, get_unit_for
from antq.api.base import ScopedViewSet
from antq.exemplars import selectors
from antq.exemplars.models import Exemplar, ExemplarCategory, ExemplarKind, Sex
from antq.exemplars.services import exemplar_consent_set, exemplar_create, exemplar_update

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class ExemplarRecordSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    birth_date = serializers.SerializerMethodField()
    id_number = serializers.SerializerMethodField()
    address = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    personal_shown = serializers.SerializerMethodField()
    # Declared: a read-only model field loses `allow_blank`, and the schema would forbid "" (not given).
    sex = serializers.ChoiceField(choices=Sex.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Exemplar
        fields = ["id", "unit", "unit_name", "year", "kind", "category", "name", "achievement", "proposed_by",
                  "act_date", "sex", "birth_date", "id_number", "address", "phone", "personal_shown", "guns",
                  "ammunition", "explosives_kg", "detonators", "rudimentary_weapons", "support_tools", "items_note",
                  "public_consent", "consent_by", "consent_at", "created_at", "updated_at"]
        read_only_fields = fields

    def _personal(self, obj) -> selectors.Personal:
        cache = self.context.setdefault("personal", {})
        if obj.pk not in cache:
            cache[obj.pk] = selectors.personal_for(self.context["request"].user, obj)
        return cache[obj.pk]

    def get_birth_date(self, obj) -> str | None:
        day = self._personal(obj).birth_date
        return day.isoformat() if day else None

    def get_id_number(self, obj) -> str:
        return self._personal(obj).id_number

    def get_address(self, obj) -> str:
        return self._personal(obj).address

    def get_phone(self, obj) -> str:
        return self._personal(obj).phone

    def get_personal_shown(self, obj) -> bool:
        return self._personal(obj).shown


class ExemplarWriteSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    year = serializers.IntegerField(min_value=2000, max_value=9999)
    kind = serializers.ChoiceField(choices=ExemplarKind.choices)
    category = serializers.ChoiceField(choices=ExemplarCategory.choices, required=False)
    name = serializers.CharField(max_length=255)
    achievement = serializers.CharField()
    proposed_by = serializers.CharField(max_length=255)
    act_date = serializers.DateField(input_formats=DATE_FORMATS, required=False, allow_null=True)
    birth_date = serializers.DateField(input_formats=DATE_FORMATS, required=False, allow_null=True)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True)
    id_number = serializers.CharField(max_length=14, required=False, allow_blank=True)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    guns = serializers.IntegerField(min_value=0, required=False)
    ammunition = serializers.IntegerField(min_value=0, required=False)
    explosives_kg = serializers.DecimalField(max_digits=9, decimal_places=2, min_value=0, required=False)
    detonators = serializers.IntegerField(min_value=0, required=False)
    rudimentary_weapons = serializers.IntegerField(min_value=0, required=False)
    support_tools = serializers.IntegerField(min_value=0, required=False)
    items_note = serializers.CharField(required=False, allow_blank=True)
    public_consent = serializers.BooleanField(required=False, help_text="Only on create; then use /consent/")


class ConsentSerializer(serializers.Serializer):
    consent = serializers.BooleanField()


class ExemplarQuerySerializer(serializers.Serializer):
    area = serializers.IntegerField(required=False)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=9999)
    category = serializers.ChoiceField(choices=ExemplarCategory.choices, required=False)
    kind = serializers.ChoiceField(choices=ExemplarKind.choices, required=False)
    q = serializers.CharField(required=False, allow_blank=True, max_length=100)


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("area", int, description="A unit id: exemplars of that unit and every unit below it"),
    OpenApiParameter("year", int),
    OpenApiParameter("category", str, enum=ExemplarCategory.values),
    OpenApiParameter("kind", str, enum=ExemplarKind.values),
    OpenApiParameter("q", str, description="Name, accent-insensitive"),
]))
class ExemplarViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Exemplars of the units in the caller's scope."""

    serializer_class = ExemplarRecordSerializer

    def get_queryset(self):
        return selectors.exemplar_list(actor=self.request.user)

    def list(self, request, *args, **kwargs):
        query = ExemplarQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        area = get_unit_for(request.user, data["area"]) if "area" in data else None
        qs = selectors.exemplar_list(actor=request.user, area=area, year=data.get("year"),
                                     category=data.get("category", ""), kind=data.get("kind", ""),
                                     query=data.get("q", ""))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(selectors.get_exemplar_for(request.user, kwargs["pk"])).data)

    @extend_schema(request=ExemplarWriteSerializer, responses={201: ExemplarRecordSerializer})
    def create(self, request, *args, **kwargs):
        incoming = ExemplarWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        unit = get_unit_for(request.user, data.pop("unit"), Capability.ENTER_DATA)
        exemplar = exemplar_create(actor=request.user, unit=unit, **data)
        return Response(self.get_serializer(exemplar).data, status=201)

    @extend_schema(request=ExemplarWriteSerializer, responses={200: ExemplarRecordSerializer})
    def partial_update(self, request, *args, **kwargs):
        exemplar = selectors.get_exemplar_for(request.user, kwargs["pk"], Capability.ENTER_DATA)
        incoming = ExemplarWriteSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        values = dict(incoming.validated_data)
        values.pop("public_consent", None)
        if "unit" in values:
            values["unit"] = get_unit_for(request.user, values["unit"], Capability.ENTER_DATA)
        exemplar = exemplar_update(actor=request.user, exemplar=exemplar, **values)
        return Response(self.get_serializer(exemplar).data)

    @extend_schema(request=ConsentSerializer, responses={200: ExemplarRecordSerializer})
    @action(detail=True, methods=["post"])
    def consent(self, request, pk=None):
        """Record whether the exemplar agrees to be named publicly (who and when are kept, audited)."""
        exemplar = selectors.get_exemplar_for(request.user, pk, Capability.ENTER_DATA)
        incoming = ConsentSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        exemplar = exemplar_consent_set(actor=request.user, exemplar=exemplar,
                                        consent=incoming.validated_data["consent"])
        return Response(self.get_serializer(exemplar).data)
