"""API of commendations: awards and nominations in scope, nominating, the workflow steps, past awards and
counts. The same services and selectors as the pages; out of scope and missing both answer 404, a stale
version or an award already decided 409 (`antq.core.review.ConflictError`)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from antq.accounts.scope import Capability, get_unit_for, units_for
from antq.api.base import ScopedAPIView, ScopedViewSet
from antq.commendations import selectors, services
from antq.commendations.models import Award, AwardForm, AwardKind, AwardStatus, PersonCategory, RecipientType, Sex
from antq.commendations.summary import counts_sentences
from antq.core.review import ConflictError
from antq.festival.models import FestivalEvent

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class AwardPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    full_name = serializers.CharField()
    sex = serializers.ChoiceField(choices=Sex.choices)
    birth_date = serializers.DateField(allow_null=True, help_text="Only to those who enter data for the unit")
    id_number = serializers.CharField(allow_blank=True, help_text="Only to those who enter data for the unit")
    position = serializers.CharField(allow_blank=True)
    category = serializers.ChoiceField(choices=PersonCategory.choices)
    in_post_since = serializers.DateField(allow_null=True)
    in_force_since = serializers.DateField(allow_null=True)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        actor = self.context["request"].user
        if not selectors.may_see_personal(actor, instance):
            data["birth_date"], data["id_number"] = None, ""
        return data


class AwardSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    person = AwardPersonSerializer(read_only=True, allow_null=True)
    eligibility = serializers.JSONField(read_only=True, allow_null=True)

    class Meta:
        model = Award
        fields = ["id", "unit", "unit_name", "recipient_type", "person", "form", "issuer", "kind", "year",
                  "achievement", "festival_event", "status", "source", "version", "eligibility", "review_note",
                  "returned_reason", "decision_number", "decision_date", "decision_signer", "nominated_at",
                  "decided_at"]
        read_only_fields = fields


class AwardPersonWriteSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=150)
    sex = serializers.ChoiceField(choices=Sex.choices)
    birth_date = serializers.DateField(required=False, allow_null=True, input_formats=DATE_FORMATS)
    id_number = serializers.CharField(required=False, allow_blank=True, max_length=20)
    position = serializers.CharField(required=False, allow_blank=True, max_length=150)
    category = serializers.ChoiceField(choices=PersonCategory.choices, required=False)
    in_post_since = serializers.DateField(required=False, allow_null=True, input_formats=DATE_FORMATS)
    in_force_since = serializers.DateField(required=False, allow_null=True, input_formats=DATE_FORMATS)


class AwardNominationSerializer(serializers.Serializer):
    unit = serializers.IntegerField(help_text="The collective, or the unit of the person")
    person = AwardPersonWriteSerializer(required=False, help_text="Given for an individual")
    form = serializers.ChoiceField(choices=AwardForm.choices)
    issuer = serializers.CharField(help_text="An issuer key of the commendation rules, e.g. giam_doc_cong_an_tinh")
    kind = serializers.ChoiceField(choices=AwardKind.choices)
    year = serializers.IntegerField(min_value=1945, max_value=9999)
    achievement = serializers.CharField(required=False, allow_blank=True, default="")
    festival_event = serializers.IntegerField(required=False, allow_null=True)


class AwardDecisionSerializer(serializers.Serializer):
    decision_number = serializers.CharField(max_length=60)
    decision_date = serializers.DateField(input_formats=DATE_FORMATS)
    decision_signer = serializers.CharField(max_length=150)


class AwardRecordSerializer(AwardNominationSerializer, AwardDecisionSerializer):
    festival_event = None


class AwardStepSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="The version the caller saw")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    achievement = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)


class AwardDecideSerializer(AwardStepSerializer, AwardDecisionSerializer):
    pass


class AwardQuerySerializer(serializers.Serializer):
    area = serializers.IntegerField(required=False)
    status = serializers.ChoiceField(choices=AwardStatus.choices, required=False)
    form = serializers.ChoiceField(choices=AwardForm.choices, required=False)
    issuer = serializers.CharField(required=False)
    recipient_type = serializers.ChoiceField(choices=RecipientType.choices, required=False)
    year_from = serializers.IntegerField(required=False, min_value=1945, max_value=9999)
    year_to = serializers.IntegerField(required=False, min_value=1945, max_value=9999)


class AwardCountsQuerySerializer(serializers.Serializer):
    area = serializers.IntegerField()
    year_from = serializers.IntegerField(min_value=1945, max_value=9999)
    year_to = serializers.IntegerField(min_value=1945, max_value=9999)


class AwardIssuerCountSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    level = serializers.CharField()
    forms = serializers.DictField(child=serializers.IntegerField())
    collectives = serializers.IntegerField()
    individuals = serializers.IntegerField()


class AwardCountsSerializer(serializers.Serializer):
    area = serializers.IntegerField(source="area.pk")
    year_from = serializers.IntegerField()
    year_to = serializers.IntegerField()
    collectives = serializers.IntegerField()
    individuals = serializers.IntegerField()
    issuers = AwardIssuerCountSerializer(many=True)
    sentences = serializers.ListField(child=serializers.CharField())


def _event(actor, pk):
    if not pk:
        return None
    return FestivalEvent.objects.filter(pk=pk, unit__in=units_for(actor)).first()


@extend_schema_view(list=extend_schema(parameters=[AwardQuerySerializer]))
class AwardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Awards and nominations of the units in the caller's scope."""

    serializer_class = AwardSerializer

    def get_queryset(self):
        return selectors.award_list(actor=self.request.user)

    def _out(self, award, code=200):
        return Response(AwardSerializer(award, context={"request": self.request}).data, status=code)

    def list(self, request, *args, **kwargs):
        query = AwardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = dict(query.validated_data)
        area = get_unit_for(request.user, data.pop("area")) if "area" in data else None
        qs = selectors.award_list(actor=request.user, area=area, **data)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(AwardSerializer(page, many=True, context={"request": request}).data)

    def retrieve(self, request, *args, **kwargs):
        return self._out(selectors.get_award_for(request.user, kwargs["pk"]))

    @extend_schema(request=AwardNominationSerializer, responses={201: AwardSerializer})
    def create(self, request, *args, **kwargs):
        """Nominate a unit, or a person of it; refused with the reasons when not eligible."""
        incoming = AwardNominationSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        unit = get_unit_for(request.user, data.pop("unit"), Capability.ENTER_DATA)
        award = services.award_nominate(actor=request.user, unit=unit, person_data=data.pop("person", None),
                                        festival_event=_event(request.user, data.pop("festival_event", None)), **data)
        return self._out(award, code=201)

    @extend_schema(request=AwardRecordSerializer, responses={201: AwardSerializer})
    @action(detail=False, methods=["post"])
    def record(self, request):
        """Enter an award decided earlier outside the system (decide rights on the unit)."""
        incoming = AwardRecordSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        unit = get_unit_for(request.user, data.pop("unit"), Capability.DECIDE)
        award = services.award_record(actor=request.user, unit=unit, person_data=data.pop("person", None), **data)
        return self._out(award, code=201)

    def _step(self, request, pk, serializer_class, run):
        award = selectors.get_award_for(request.user, pk)
        incoming = serializer_class(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            done = run(award, data, {"actor": request.user, "award": award, "seen_version": data["version"]})
        except ConflictError as error:
            return Response({"detail": " ".join(error.messages)}, status=status.HTTP_409_CONFLICT)
        return self._out(done)

    @extend_schema(request=AwardStepSerializer, responses={200: AwardSerializer, 409: dict})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """The reviewing level sends the nomination on to be decided."""
        return self._step(request, pk, AwardStepSerializer, lambda a, d, c: services.award_review(note=d["note"], **c))

    @extend_schema(request=AwardStepSerializer, responses={200: AwardSerializer, 409: dict})
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        """Return the nomination with a reason."""
        return self._step(request, pk, AwardStepSerializer,
                          lambda a, d, c: services.award_return(reason=d["reason"], **c))

    @extend_schema(request=AwardStepSerializer, responses={200: AwardSerializer, 409: dict})
    @action(detail=True, methods=["post"])
    def resubmit(self, request, pk=None):
        """Send a returned nomination again."""
        return self._step(request, pk, AwardStepSerializer,
                          lambda a, d, c: services.award_resubmit(achievement=d["achievement"], **c))

    @extend_schema(request=AwardDecideSerializer, responses={200: AwardSerializer, 409: dict})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Decide the award (the issuer's level), with the decision's number, date and signer; it is locked."""
        return self._step(request, pk, AwardDecideSerializer, lambda a, d, c: services.award_decide(
            decision_number=d["decision_number"], decision_date=d["decision_date"],
            decision_signer=d["decision_signer"], **c))


class AwardCountsView(ScopedAPIView):
    """Decided awards under `area` per issuer, form and recipient type for the years `year_from`–`year_to`."""

    @extend_schema(parameters=[OpenApiParameter("area", int, required=True),
                               OpenApiParameter("year_from", int, required=True),
                               OpenApiParameter("year_to", int, required=True)],
                   responses={200: AwardCountsSerializer})
    def get(self, request):
        query = AwardCountsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        area = get_unit_for(request.user, data["area"])
        counts = selectors.award_counts(actor=request.user, area=area, year_from=data["year_from"],
                                        year_to=data["year_to"])
        payload = {"area": area, "year_from": counts.year_from, "year_to": counts.year_to,
                   "collectives": counts.collectives, "individuals": counts.individuals, "issuers": counts.issuers,
                   "sentences": counts_sentences(counts)}
        return Response(AwardCountsSerializer(payload).data)
