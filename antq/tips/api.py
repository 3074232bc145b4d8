"""API of tips. Public: a challenge, sending a tip, reading and adding to it by receipt code (in the body,
never the URL). Officers: the queue of the tips they handle and its actions (404 outside their area)."""

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from antq.api.base import ScopedViewSet
from antq.core.access import PUBLIC
from antq.tips import abuse, files, selectors
from antq.tips.models import Tip, TipCategory, TipMessage, TipMode, TipState
from antq.tips.services import tip_follow_up, tip_note_add, tip_reassign, tip_reply, tip_state_change, tip_submit

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class _PublicAPIView(APIView):
    """No authentication at all (so no session is read or written), open to anyone, rate-limited."""

    antq_access = PUBLIC
    authentication_classes: list = []
    permission_classes = [AllowAny]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response


def _too_many(message: str) -> Response:
    return Response({"detail": message}, status=429)


class ChallengeSerializer(serializers.Serializer):
    challenge = serializers.CharField()
    bits = serializers.IntegerField(help_text="Find N such that SHA-256('<challenge>:N') starts with this many "
                                              "zero bits; send N as `solution`.")


class TipSubmitSerializer(serializers.Serializer):
    commune = serializers.IntegerField(help_text="Id of a current commune")
    category = serializers.ChoiceField(choices=TipCategory.choices)
    what = serializers.CharField(max_length=10_000)
    occurred_on = serializers.DateField(input_formats=DATE_FORMATS, required=False, allow_null=True)
    occurred_time = serializers.CharField(max_length=50, required=False, allow_blank=True)
    place = serializers.CharField(max_length=255, required=False, allow_blank=True)
    mode = serializers.ChoiceField(choices=TipMode.choices)
    contact_name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=50, required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    attachments = serializers.ListField(child=serializers.FileField(), required=False,
                                        max_length=files.MAX_FILES, help_text="JPEG, PNG or PDF (multipart)")
    challenge = serializers.CharField()
    solution = serializers.CharField(max_length=12)


class ReceiptSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The receipt code; shown once, never stored")
    commune_name = serializers.CharField()


class CodeSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=100)


class FollowUpMessageSerializer(CodeSerializer):
    body = serializers.CharField(max_length=10_000)
    attachments = serializers.ListField(child=serializers.FileField(), required=False, max_length=files.MAX_FILES)


class SenderMessageSerializer(serializers.ModelSerializer):
    class Meta:
        model = TipMessage
        fields = ["kind", "body", "created_at"]
        read_only_fields = fields


class ConversationSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=TipCategory.choices)
    state = serializers.ChoiceField(choices=TipState.choices)
    received_at = serializers.DateTimeField()
    what = serializers.CharField()
    messages = SenderMessageSerializer(many=True)


def _conversation(tip: Tip) -> dict:
    return {"category": tip.category, "state": tip.state, "received_at": tip.received_at, "what": tip.what,
            "messages": selectors.sender_conversation(tip=tip)}


class TipChallengeView(_PublicAPIView):
    """A fresh anti-robot challenge for one tip."""

    @extend_schema(responses={200: ChallengeSerializer})
    def get(self, request):
        return Response(abuse.new_challenge())


class TipSubmitView(_PublicAPIView):
    """Send a tip (no account). The answer holds the receipt code, the only time it is ever given."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request={"application/json": TipSubmitSerializer, "multipart/form-data": TipSubmitSerializer},
                   responses={201: ReceiptSerializer, 400: OpenApiResponse(description="Invalid tip"),
                              429: OpenApiResponse(description="Too many requests")})
    def post(self, request):
        if abuse.is_limited("submit", request):
            return _too_many("Too many tips from this connection; try again in an hour.")
        abuse.hit("submit", request)
        incoming = TipSubmitSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        if not abuse.check_solution(data.pop("challenge"), data.pop("solution")):
            raise serializers.ValidationError({"solution": ["The anti-robot check failed; get a new challenge."]})
        commune = selectors.current_commune(data.pop("commune"))
        sent = tip_submit(actor=None, commune=commune, **data)
        return Response({"code": sent.code, "commune_name": sent.tip.commune.name}, status=201)


class _ByCodeView(_PublicAPIView):
    def tip_from(self, request, code: str) -> Tip:
        tip = selectors.tip_by_code(code)
        if tip is None:
            abuse.hit("code", request)
            raise Http404
        return tip


class TipFollowUpView(_ByCodeView):
    """Read the state, the sender's messages and the officers' replies of the tip with this code."""

    @extend_schema(request=CodeSerializer, responses={200: ConversationSerializer,
                                                       404: OpenApiResponse(description="No tip has this code"),
                                                       429: OpenApiResponse(description="Too many wrong codes")})
    def post(self, request):
        if abuse.is_limited("code", request):
            return _too_many("Too many wrong codes from this connection; try again in an hour.")
        incoming = CodeSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        tip = self.tip_from(request, incoming.validated_data["code"])
        return Response(ConversationSerializer(_conversation(tip)).data)


class TipFollowUpMessageView(_ByCodeView):
    """Add information to the tip with this code."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request={"application/json": FollowUpMessageSerializer,
                            "multipart/form-data": FollowUpMessageSerializer},
                   responses={201: ConversationSerializer, 404: OpenApiResponse(description="No tip has this code"),
                              429: OpenApiResponse(description="Too many requests")})
    def post(self, request):
        if abuse.is_limited("code", request) or abuse.is_limited("message", request):
            return _too_many("Too many requests from this connection; try again in an hour.")
        incoming = FollowUpMessageSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        tip = self.tip_from(request, incoming.validated_data["code"])
        tip_follow_up(tip=tip, body=incoming.validated_data["body"],
                      attachments=incoming.validated_data.get("attachments", []))
        abuse.hit("message", request)
        tip.refresh_from_db()
        return Response(ConversationSerializer(_conversation(tip)).data, status=201)


# --- officers ----------------------------------------------------------------------------------------------


class OfficerMessageSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.get_username", read_only=True, default=None)

    class Meta:
        model = TipMessage
        fields = ["id", "kind", "body", "author", "author_name", "created_at"]
        read_only_fields = fields


class TipSerializer(serializers.ModelSerializer):
    commune_name = serializers.CharField(source="commune.name", read_only=True)
    # Not an EmailField: the schema's "email" format would forbid "", which an anonymous tip has.
    contact_email = serializers.CharField(read_only=True, help_text="E-mail address, or empty")

    class Meta:
        model = Tip
        fields = ["id", "commune", "commune_name", "category", "what", "occurred_on", "occurred_time", "place",
                  "mode", "contact_name", "contact_phone", "contact_email", "state", "received_at", "updated_at"]
        read_only_fields = fields


class TipDetailSerializer(TipSerializer):
    messages = OfficerMessageSerializer(many=True, read_only=True)
    attachments = serializers.SerializerMethodField()

    class Meta(TipSerializer.Meta):
        fields = [*TipSerializer.Meta.fields, "messages", "attachments"]
        read_only_fields = fields

    def get_attachments(self, tip) -> list[int]:
        return [a.pk for a in tip.attachments.all()]


class BodySerializer(serializers.Serializer):
    body = serializers.CharField(max_length=10_000)


class StateSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=TipState.choices, help_text="Any state but `new`")
    note = serializers.CharField(max_length=10_000, required=False, allow_blank=True)


class ReassignSerializer(serializers.Serializer):
    commune = serializers.IntegerField()
    reason = serializers.CharField(max_length=10_000)


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("state", str, enum=TipState.values),
    OpenApiParameter("category", str, enum=TipCategory.values),
    OpenApiParameter("commune", int),
]))
class TipQueueViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The tips the caller handles (police roles only: the commune's, the province's, all for the admin)."""

    serializer_class = TipSerializer

    def get_queryset(self):
        return selectors.tip_queue(actor=self.request.user)

    def list(self, request, *args, **kwargs):
        params = request.query_params
        commune = selectors.current_commune(params.get("commune")) if params.get("commune") else None
        tips = selectors.tip_queue(actor=request.user, state=params.get("state") or None,
                                   category=params.get("category") or None, commune=commune)
        return self.get_paginated_response(TipSerializer(self.paginate_queryset(tips), many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(TipDetailSerializer(selectors.get_tip_for(request.user, kwargs["pk"])).data)

    def _detail(self, tip) -> Response:
        return Response(TipDetailSerializer(Tip.objects.get(pk=tip.pk)).data)

    @extend_schema(request=BodySerializer, responses={200: TipDetailSerializer})
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        """A reply the sender reads with the receipt code."""
        tip = selectors.get_tip_for(request.user, pk)
        incoming = BodySerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        tip_reply(actor=request.user, tip=tip, body=incoming.validated_data["body"])
        return self._detail(tip)

    @extend_schema(request=BodySerializer, responses={200: TipDetailSerializer})
    @action(detail=True, methods=["post"])
    def note(self, request, pk=None):
        """An internal note, never shown to the sender."""
        tip = selectors.get_tip_for(request.user, pk)
        incoming = BodySerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        tip_note_add(actor=request.user, tip=tip, body=incoming.validated_data["body"])
        return self._detail(tip)

    @extend_schema(request=StateSerializer, responses={200: TipDetailSerializer})
    @action(detail=True, methods=["post"])
    def state(self, request, pk=None):
        tip = selectors.get_tip_for(request.user, pk)
        incoming = StateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        tip_state_change(actor=request.user, tip=tip, **incoming.validated_data)
        return self._detail(tip)

    @extend_schema(request=ReassignSerializer, responses={200: TipDetailSerializer})
    @action(detail=True, methods=["post"])
    def reassign(self, request, pk=None):
        """Send the tip to another commune's police (it may leave the caller's queue)."""
        tip = selectors.get_tip_for(request.user, pk)
        incoming = ReassignSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        commune = selectors.current_commune(incoming.validated_data["commune"])
        tip = tip_reassign(actor=request.user, tip=tip, commune=commune, reason=incoming.validated_data["reason"])
        return Response(TipSerializer(tip).data)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=False, methods=["get"], url_path=r"attachments/(?P<attachment_pk>[0-9]+)")
    def attachment(self, request, attachment_pk=None):
        """An attachment of a tip the caller handles (ids in the tip's `attachments`)."""
        attachment = selectors.get_attachment_for(request.user, attachment_pk)
        try:
            stream = attachment.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(stream, as_attachment=True, filename=attachment.download_name,
                                content_type=attachment.content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
