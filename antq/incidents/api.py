from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from antq.accounts.scope import Capability, get_unit_for
from antq.api.base import ScopedAPIView, ScopedViewSet
from antq.incidents import catalogue, selectors
from antq.incidents.models import Incident, IncidentEvidence, IncidentPerson, PersonRole
from antq.incidents.services import (
    incident_create,
    incident_evidence_add,
    incident_person_add,
    incident_update,
    incident_withdraw,
)

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = IncidentPerson
        fields = ["id", "full_name", "role_in_unit", "discipline", "note"]


class PersonCreateSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=150)
    role_in_unit = serializers.ChoiceField(choices=PersonRole.choices)
    discipline = serializers.ChoiceField(choices=[])
    note = serializers.CharField(max_length=255, required=False, allow_blank=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["discipline"].choices = catalogue.discipline_choices()


class EvidenceSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = IncidentEvidence
        fields = ["id", "original_name", "size", "uploaded_at", "uploaded_by", "download_url"]

    def get_download_url(self, obj) -> str:
        return reverse("incidents:evidence_download", args=[obj.pk])


class IncidentSerializer(serializers.ModelSerializer):
    """An incident as read: codes plus their labels in the request's language."""

    unit_name = serializers.CharField(source="unit.name", read_only=True)
    type_label = serializers.CharField(source="get_type_display", read_only=True)
    severity_label = serializers.CharField(source="get_severity_display", read_only=True)
    withdrawn = serializers.BooleanField(source="is_withdrawn", read_only=True)
    people = PersonSerializer(many=True, read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    # Declared: a read-only model field loses `allow_blank`, and the schema would forbid "" (no severity).
    severity = serializers.ChoiceField(choices=[], allow_blank=True, read_only=True)

    class Meta:
        model = Incident
        fields = [
            "id", "unit", "unit_name", "type", "type_label", "occurred_on", "title", "description", "severity",
            "severity_label", "force_majeure", "detected_mitigated_reported", "withdrawn", "withdrawn_at",
            "withdrawal_reason", "created_by", "created_at", "updated_at", "people", "evidence",
        ]
        read_only_fields = fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["severity"].choices = catalogue.severity_choices()


class IncidentWriteSerializer(serializers.Serializer):
    """Shape of a new or changed incident; the service checks scope, severity and dates."""

    unit = serializers.IntegerField()
    type = serializers.ChoiceField(choices=[])
    occurred_on = serializers.DateField(input_formats=DATE_FORMATS)
    title = serializers.CharField(max_length=255)
    description = serializers.CharField(required=False, allow_blank=True)
    severity = serializers.ChoiceField(choices=[], required=False, allow_blank=True)
    force_majeure = serializers.BooleanField(required=False, default=False)
    detected_mitigated_reported = serializers.BooleanField(required=False, default=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = catalogue.type_choices_flat()
        self.fields["severity"].choices = catalogue.severity_choices()


class IncidentQuerySerializer(serializers.Serializer):
    area = serializers.IntegerField(required=False)
    year = serializers.IntegerField(required=False, min_value=1900, max_value=9999)
    type = serializers.CharField(required=False, max_length=40)
    q = serializers.CharField(required=False, allow_blank=True, max_length=100)
    include_withdrawn = serializers.BooleanField(required=False, default=False)


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class EvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


@extend_schema_view(
    list=extend_schema(parameters=[
        OpenApiParameter("area", int, description="A unit id: incidents of that unit and every unit below it"),
        OpenApiParameter("year", int, description="Calendar year of the incident date"),
        OpenApiParameter("type", str, description="An incident type code (see /api/v1/incidents/catalogue/)"),
        OpenApiParameter("q", str, description="Words of the title, accent- and case-insensitive"),
        OpenApiParameter("include_withdrawn", bool, description="Also list withdrawn incidents"),
    ]),
)
class IncidentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Incidents of the units in the caller's scope. Out of scope and missing both answer 404."""

    serializer_class = IncidentSerializer

    def get_queryset(self):
        return selectors.incident_list(actor=self.request.user)

    def list(self, request, *args, **kwargs):
        query = IncidentQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        area = get_unit_for(request.user, data["area"]) if "area" in data else None
        qs = selectors.incident_list(
            actor=request.user, unit=area, year=data.get("year"), type=data.get("type"), q=data.get("q", ""),
            include_withdrawn=data["include_withdrawn"],
        ).prefetch_related("people", "evidence")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(IncidentSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        incident = selectors.get_incident_for(request.user, kwargs["pk"])
        return Response(IncidentSerializer(selectors.incident_with_details(incident)).data)

    @extend_schema(request=IncidentWriteSerializer, responses={201: IncidentSerializer})
    def create(self, request, *args, **kwargs):
        incoming = IncidentWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        unit = get_unit_for(request.user, data.pop("unit"), Capability.ENTER_DATA)
        incident = incident_create(actor=request.user, unit=unit, **data)
        return Response(IncidentSerializer(selectors.incident_with_details(incident)).data, status=201)

    def _update(self, request, pk, *, partial: bool):
        incident = selectors.get_incident_for(request.user, pk, Capability.ENTER_DATA)
        incoming = IncidentWriteSerializer(data=request.data, partial=partial)
        incoming.is_valid(raise_exception=True)
        values = dict(incoming.validated_data)
        if "unit" in values:
            values["unit"] = get_unit_for(request.user, values["unit"], Capability.ENTER_DATA)
        incident = incident_update(actor=request.user, incident=incident, **values)
        return Response(IncidentSerializer(selectors.incident_with_details(incident)).data)

    @extend_schema(request=IncidentWriteSerializer, responses={200: IncidentSerializer})
    def update(self, request, *args, **kwargs):
        return self._update(request, kwargs["pk"], partial=False)

    @extend_schema(request=IncidentWriteSerializer, responses={200: IncidentSerializer})
    def partial_update(self, request, *args, **kwargs):
        return self._update(request, kwargs["pk"], partial=True)

    @extend_schema(request=WithdrawSerializer, responses={200: IncidentSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw an incident entered in error; it stays in the register, marked, with the reason."""
        incident = selectors.get_incident_for(request.user, pk, Capability.ENTER_DATA)
        incoming = WithdrawSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        incident = incident_withdraw(actor=request.user, incident=incident, reason=incoming.validated_data["reason"])
        return Response(IncidentSerializer(selectors.incident_with_details(incident)).data)

    @extend_schema(request=PersonCreateSerializer, responses={201: PersonSerializer})
    @action(detail=True, methods=["post"])
    def people(self, request, pk=None):
        """Add a person involved, with their discipline level (types with people only)."""
        incident = selectors.get_incident_for(request.user, pk, Capability.ENTER_DATA)
        incoming = PersonCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        person = incident_person_add(actor=request.user, incident=incident, **incoming.validated_data)
        return Response(PersonSerializer(person).data, status=201)

    @extend_schema(request={"multipart/form-data": EvidenceUploadSerializer}, responses={201: EvidenceSerializer})
    @action(detail=True, methods=["post"])
    def evidence(self, request, pk=None):
        """Upload an evidence file (multipart, field "file"): PDF, JPEG, PNG, .docx or .xlsx."""
        incident = selectors.get_incident_for(request.user, pk, Capability.ENTER_DATA)
        incoming = EvidenceUploadSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        evidence = incident_evidence_add(actor=request.user, incident=incident, upload=incoming.validated_data["file"])
        return Response(EvidenceSerializer(evidence).data, status=201)


class CatalogueView(ScopedAPIView):
    """The incident catalogue: types (with their flags and groups), crime severities and discipline levels,
    labelled in both languages and in the request's language."""

    @extend_schema(responses={200: dict})
    def get(self, request):
        return Response(catalogue.as_dict())
