"""API of the directives register: documents (list, read, create, change), their report obligations and the
reports submitted. Same services and selectors as the pages; out of scope and missing both answer 404."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from antq.accounts.scope import Capability, get_unit_for
from antq.api.base import ScopedViewSet
from antq.directives import selectors
from antq.directives.models import Document, DocumentKind, ReportObligation, ReportSubmission, Validity
from antq.directives.services import (
    document_create,
    document_update,
    obligation_create,
    report_submission_create,
)

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class ObligationSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportObligation
        fields = ["id", "document", "subject", "reporter_kind", "first_due_on", "recurrence", "ends_on", "note"]
        read_only_fields = fields


class DocumentSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    obligations = ObligationSerializer(many=True, read_only=True)

    class Meta:
        model = Document
        fields = ["id", "unit", "unit_name", "parent", "kind", "number", "issued_on", "year", "issuer", "title",
                  "summary", "validity", "effective_from", "effective_to", "obligations", "created_at", "updated_at"]
        read_only_fields = fields


class DocumentWriteSerializer(serializers.Serializer):
    unit = serializers.IntegerField(help_text="The issuing unit (the country root for a national document)")
    parent = serializers.IntegerField(required=False, allow_null=True, help_text="The document a plan implements")
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    number = serializers.CharField(max_length=60)
    issued_on = serializers.DateField(input_formats=DATE_FORMATS)
    issuer = serializers.CharField(max_length=255)
    title = serializers.CharField(max_length=500)
    summary = serializers.CharField(required=False, allow_blank=True)
    validity = serializers.ChoiceField(choices=Validity.choices, required=False)
    effective_from = serializers.DateField(input_formats=DATE_FORMATS, required=False, allow_null=True)
    effective_to = serializers.DateField(input_formats=DATE_FORMATS, required=False, allow_null=True)


class ObligationWriteSerializer(serializers.Serializer):
    subject = serializers.CharField(max_length=255)
    reporter_kind = serializers.ChoiceField(choices=ReportObligation._meta.get_field("reporter_kind").choices)
    first_due_on = serializers.DateField(input_formats=DATE_FORMATS)
    recurrence = serializers.ChoiceField(choices=ReportObligation._meta.get_field("recurrence").choices,
                                         required=False)
    ends_on = serializers.DateField(input_formats=DATE_FORMATS, required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)


class SubmissionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportSubmission
        fields = ["id", "obligation", "unit", "due_on", "submitted_on", "number", "original_name", "size",
                  "created_at"]
        read_only_fields = fields


class SubmissionWriteSerializer(serializers.Serializer):
    obligation = serializers.IntegerField()
    unit = serializers.IntegerField()
    due_on = serializers.DateField(input_formats=DATE_FORMATS)
    submitted_on = serializers.DateField(input_formats=DATE_FORMATS)
    number = serializers.CharField(max_length=60)
    file = serializers.FileField(help_text="The signed report, PDF or DOCX")


class DocumentQuerySerializer(serializers.Serializer):
    area = serializers.IntegerField(required=False)
    year = serializers.IntegerField(required=False, min_value=1945, max_value=9999)
    kind = serializers.ChoiceField(choices=DocumentKind.choices, required=False)
    validity = serializers.ChoiceField(choices=Validity.choices, required=False)
    q = serializers.CharField(required=False, allow_blank=True)


def _write_values(request, data: dict) -> dict:
    if data.get("parent") is not None:
        data["parent"] = selectors.get_document_for(request.user, data["parent"])
    return data


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("area", int, description="A unit id: documents issued in it or above it"),
    OpenApiParameter("year", int, description="Year issued"),
    OpenApiParameter("kind", str, enum=DocumentKind.values),
    OpenApiParameter("validity", str, enum=Validity.values),
    OpenApiParameter("q", str, description="Accent-insensitive search in number, title and issuer"),
]))
class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The documents of the register the caller may see (national documents, plans of their area)."""

    serializer_class = DocumentSerializer

    def get_queryset(self):
        return selectors.document_list(actor=self.request.user).prefetch_related("obligations")

    def list(self, request, *args, **kwargs):
        query = DocumentQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = dict(query.validated_data)
        area = get_unit_for(request.user, data.pop("area")) if "area" in data else None
        qs = selectors.document_list(actor=request.user, area=area, **data).prefetch_related("obligations")
        return self.get_paginated_response(DocumentSerializer(self.paginate_queryset(qs), many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(DocumentSerializer(selectors.get_document_for(request.user, kwargs["pk"])).data)

    @extend_schema(request=DocumentWriteSerializer, responses={201: DocumentSerializer})
    def create(self, request, *args, **kwargs):
        incoming = DocumentWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = _write_values(request, dict(incoming.validated_data))
        unit = get_unit_for(request.user, data.pop("unit"))
        document = document_create(actor=request.user, unit=unit, **data)
        return Response(DocumentSerializer(document).data, status=201)

    @extend_schema(request=DocumentWriteSerializer, responses={200: DocumentSerializer})
    def partial_update(self, request, *args, **kwargs):
        document = selectors.get_document_for(request.user, kwargs["pk"])
        incoming = DocumentWriteSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        data = _write_values(request, dict(incoming.validated_data))
        data.pop("unit", None)
        document = document_update(actor=request.user, document=document, **data)
        return Response(DocumentSerializer(document).data)

    @extend_schema(request=ObligationWriteSerializer, responses={201: ObligationSerializer})
    @action(detail=True, methods=["post"])
    def obligations(self, request, pk=None):
        """Add a report obligation: which units below the issuer report, what, and from when."""
        document = selectors.get_document_for(request.user, pk)
        incoming = ObligationWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        obligation = obligation_create(actor=request.user, document=document, **incoming.validated_data)
        return Response(ObligationSerializer(obligation).data, status=201)


class SubmissionViewSet(ScopedViewSet):
    """Record a report submitted for one due date (multipart, with the signed PDF or DOCX). Locked once made."""

    serializer_class = SubmissionSerializer
    parser_classes = [MultiPartParser]

    def get_queryset(self):
        return ReportSubmission.objects.none()

    @extend_schema(request={"multipart/form-data": SubmissionWriteSerializer}, responses={201: SubmissionSerializer})
    def create(self, request, *args, **kwargs):
        incoming = SubmissionWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        obligation = selectors.get_obligation_for(request.user, data["obligation"])
        unit = get_unit_for(request.user, data["unit"], Capability.ENTER_DATA)
        submission = report_submission_create(actor=request.user, obligation=obligation, unit=unit,
                                              due_on=data["due_on"], submitted_on=data["submitted_on"],
                                              number=data["number"], upload=data["file"])
        return Response(SubmissionSerializer(submission).data, status=201)
