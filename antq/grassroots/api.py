"""API of the security-team registry: teams with their members and ratings, and the writes through the
services. The ID number (căn cước) is returned only to callers with data entry on the team's commune,
masked for everyone else. Out of scope and missing both answer 404."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from antq.accounts.scope import Capability, get_unit_for
from antq.api.base import ScopedViewSet
from antq.grassroots import selectors
from antq.grassroots.models import (
    Education,
    MemberRating,
    MemberRole,
    Origin,
    RatingLevel,
    SecurityTeam,
    Sex,
    TeamMember,
    TeamRating,
)
from antq.grassroots.services import (
    member_add,
    member_leave,
    member_rate,
    team_create,
    team_dissolve,
    team_rate,
)
from antq.units.models import Unit, UnitKind

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class RatingSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    level = serializers.CharField()
    level_label = serializers.CharField(source="get_level_display")
    note = serializers.CharField()


class MemberSerializer(serializers.ModelSerializer):
    id_number = serializers.SerializerMethodField()
    ratings = RatingSerializer(many=True, read_only=True)

    class Meta:
        model = TeamMember
        fields = ["id", "team", "full_name", "birth_date", "sex", "id_number", "education", "resident_since", "role",
                  "decision_number", "joined_on", "origin", "status", "left_on", "leave_reason", "age_exception",
                  "age_exception_reason", "ratings"]
        read_only_fields = fields

    def get_id_number(self, obj) -> str:
        """Masked unless the caller enters data on the team's commune."""
        show = self.context.get("show_ids", False)
        return obj.id_number if show else selectors.mask_id_number(obj.id_number)


class TeamSerializer(serializers.ModelSerializer):
    commune_name = serializers.CharField(source="commune.name", read_only=True)
    areas = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = SecurityTeam
        fields = ["id", "commune", "commune_name", "name", "areas", "households", "decision_number", "decision_date",
                  "status", "dissolution_number", "dissolution_date", "dissolution_reason"]
        read_only_fields = fields


class TeamDetailSerializer(TeamSerializer):
    members = serializers.SerializerMethodField()
    ratings = RatingSerializer(many=True, read_only=True)

    class Meta(TeamSerializer.Meta):
        fields = [*TeamSerializer.Meta.fields, "members", "ratings"]
        read_only_fields = fields

    @extend_schema_field(MemberSerializer(many=True))
    def get_members(self, obj):
        return MemberSerializer(obj.members.all(), many=True, context=self.context).data


class TeamWriteSerializer(serializers.Serializer):
    commune = serializers.IntegerField()
    name = serializers.CharField(max_length=255)
    areas = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    households = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    decision_number = serializers.CharField(max_length=60)
    decision_date = serializers.DateField(input_formats=DATE_FORMATS)


class DissolveSerializer(serializers.Serializer):
    decision_number = serializers.CharField(max_length=60)
    decision_date = serializers.DateField(input_formats=DATE_FORMATS)
    reason = serializers.CharField(max_length=2000)


class MemberWriteSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=150)
    birth_date = serializers.DateField(input_formats=DATE_FORMATS)
    sex = serializers.ChoiceField(choices=Sex.choices)
    id_number = serializers.CharField(max_length=14, required=False, allow_blank=True, default="")
    education = serializers.ChoiceField(choices=Education.choices)
    resident_since = serializers.DateField(input_formats=DATE_FORMATS)
    role = serializers.ChoiceField(choices=MemberRole.choices, default=MemberRole.MEMBER)
    origin = serializers.ChoiceField(choices=Origin.choices, default=Origin.NEW)
    decision_number = serializers.CharField(max_length=60)
    joined_on = serializers.DateField(input_formats=DATE_FORMATS)
    age_exception = serializers.BooleanField(required=False, default=False)
    age_exception_reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class LeaveSerializer(serializers.Serializer):
    left_on = serializers.DateField(input_formats=DATE_FORMATS)
    reason = serializers.CharField(max_length=2000)


class RateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2024, max_value=9999)
    level = serializers.ChoiceField(choices=RatingLevel.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class RatingOutSerializer(serializers.ModelSerializer):
    level_label = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = TeamRating
        fields = ["id", "year", "level", "level_label", "note", "rated_at"]
        read_only_fields = fields


class MemberRatingOutSerializer(RatingOutSerializer):
    class Meta(RatingOutSerializer.Meta):
        model = MemberRating


class TeamQuerySerializer(serializers.Serializer):
    area = serializers.IntegerField(required=False)
    status = serializers.ChoiceField(choices=SecurityTeam.Status.choices, required=False)
    q = serializers.CharField(required=False, allow_blank=True, max_length=100)


def _detail(request, team: SecurityTeam) -> dict:
    team = selectors.team_with_details(team)
    context = {"show_ids": selectors.may_see_id_numbers(request.user, team)}
    return TeamDetailSerializer(team, context=context).data


@extend_schema_view(
    list=extend_schema(parameters=[
        OpenApiParameter("area", int, description="A unit id: teams of that province or commune, or covering that KDC"),
        OpenApiParameter("status", str, description="active or dissolved"),
        OpenApiParameter("q", str, description="Words of the name, accent- and case-insensitive"),
    ]),
    retrieve=extend_schema(responses={200: TeamDetailSerializer}),
)
class SecurityTeamViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Grassroots security teams (Luật 30/2023/QH15) in the caller's scope, with members and yearly ratings."""

    serializer_class = TeamSerializer

    def get_queryset(self):
        return selectors.team_list(actor=self.request.user)

    def list(self, request, *args, **kwargs):
        query = TeamQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        area = get_unit_for(request.user, data["area"]) if "area" in data else None
        qs = selectors.team_list(actor=request.user, area=area, status=data.get("status", ""), q=data.get("q", ""))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(TeamSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(_detail(request, selectors.get_team_for(request.user, kwargs["pk"])))

    @extend_schema(request=TeamWriteSerializer, responses={201: TeamDetailSerializer})
    def create(self, request, *args, **kwargs):
        incoming = TeamWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        commune = get_unit_for(request.user, data.pop("commune"), Capability.ENTER_DATA)
        area_ids = data.pop("areas")
        areas = list(Unit.objects.filter(pk__in=area_ids, parent=commune, kind=UnitKind.RESIDENTIAL_AREA))
        if len(areas) != len(set(area_ids)):
            raise serializers.ValidationError({"areas": ["Unknown residential area of this commune."]})
        team = team_create(actor=request.user, commune=commune, areas=areas, **data)
        return Response(_detail(request, team), status=201)

    @extend_schema(request=DissolveSerializer, responses={200: TeamDetailSerializer})
    @action(detail=True, methods=["post"])
    def dissolve(self, request, pk=None):
        """Dissolve the team by the commune chairman's decision; its serving members leave that day."""
        team = selectors.get_team_for(request.user, pk, Capability.ENTER_DATA)
        incoming = DissolveSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        team = team_dissolve(actor=request.user, team=team, **incoming.validated_data)
        return Response(_detail(request, team))

    @extend_schema(request=MemberWriteSerializer, responses={201: MemberSerializer})
    @action(detail=True, methods=["post"])
    def members(self, request, pk=None):
        """Add a member after the eligibility rules of Luật 30/2023 art. 13 (400 with the reasons otherwise)."""
        team = selectors.get_team_for(request.user, pk, Capability.ENTER_DATA)
        incoming = MemberWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        member = member_add(actor=request.user, team=team, **incoming.validated_data)
        return Response(MemberSerializer(member, context={"show_ids": True}).data, status=201)

    @extend_schema(request=RateSerializer, responses={200: RatingOutSerializer})
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        """Rate the team for a year under HD 01/HD-BCA-V05 (9 months, 20 % cap, leader not above the team)."""
        team = selectors.get_team_for(request.user, pk, Capability.ENTER_DATA)
        incoming = RateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        return Response(RatingOutSerializer(team_rate(actor=request.user, team=team, **incoming.validated_data)).data)


@extend_schema_view(retrieve=extend_schema(responses={200: MemberSerializer}))
class TeamMemberViewSet(mixins.RetrieveModelMixin, ScopedViewSet):
    """Members of the security teams in the caller's scope; the ID number is masked unless allowed."""

    serializer_class = MemberSerializer

    def get_queryset(self):
        return TeamMember.objects.none()  # every handler fetches through the scoped selector

    def retrieve(self, request, *args, **kwargs):
        member = selectors.get_member_for(request.user, kwargs["pk"])
        context = {"show_ids": selectors.may_see_id_numbers(request.user, member.team)}
        return Response(MemberSerializer(member, context=context).data)

    @extend_schema(request=LeaveSerializer, responses={200: MemberSerializer})
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        member = selectors.get_member_for(request.user, pk, Capability.ENTER_DATA)
        incoming = LeaveSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        member = member_leave(actor=request.user, member=member, **incoming.validated_data)
        return Response(MemberSerializer(member, context={"show_ids": True}).data)

    @extend_schema(request=RateSerializer, responses={200: MemberRatingOutSerializer})
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        """Rate the member for a year under HD 01/HD-BCA-V05."""
        member = selectors.get_member_for(request.user, pk, Capability.ENTER_DATA)
        incoming = RateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        rating = member_rate(actor=request.user, member=member, **incoming.validated_data)
        return Response(MemberRatingOutSerializer(rating).data)
