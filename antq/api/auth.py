from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from antq.accounts.services import token_issue
from antq.accounts.two_factor import token_matches, two_factor_required
from antq.core.access import PUBLIC


class TokenRequestSerializer(AuthTokenSerializer):
    otp = serializers.CharField(required=False, allow_blank=True, write_only=True,
                                help_text="The current code of the authenticator app, for users with two-step sign-in.")


class TokenView(APIView):
    """POST username and password (and `otp`, the app's code, for users with two-step sign-in), receive
    `{"token": …}`; send it as `Authorization: Token …`."""

    antq_access = PUBLIC
    authentication_classes: list = []
    permission_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth_token"

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: inline_serializer("Token", {"token": serializers.CharField()})},
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        if two_factor_required(user) and not token_matches(user, serializer.validated_data.get("otp", "")):
            raise serializers.ValidationError({"otp": ["A current code of the authenticator app is required."]})
        token = token_issue(actor=user, user=user)
        return Response({"token": token.key}, status=status.HTTP_200_OK)
