from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from antq.accounts.services import token_issue
from antq.core.access import PUBLIC


class TokenView(APIView):
    """POST username and password, receive `{"token": …}`; send it as `Authorization: Token …`."""

    antq_access = PUBLIC
    authentication_classes: list = []
    permission_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth_token"

    @extend_schema(
        request=AuthTokenSerializer,
        responses={200: inline_serializer("Token", {"token": serializers.CharField()})},
    )
    def post(self, request):
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token = token_issue(actor=serializer.validated_data["user"], user=serializer.validated_data["user"])
        return Response({"token": token.key}, status=status.HTTP_200_OK)
