from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from antq.accounts.models import RoleAssignment
from antq.accounts.scope import CAPABILITIES
from antq.api.base import ScopedAPIView


class RoleSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name")
    unit_kind = serializers.CharField(source="unit.kind")
    capabilities = serializers.SerializerMethodField()

    class Meta:
        model = RoleAssignment
        fields = ["role", "unit", "unit_name", "unit_kind", "capabilities"]

    def get_capabilities(self, obj) -> list[str]:
        return sorted(CAPABILITIES[obj.role])


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField()
    roles = RoleSerializer(many=True)


class MeView(ScopedAPIView):
    """The caller and the roles they hold."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        roles = RoleAssignment.objects.filter(user=request.user).select_related("unit")
        return Response(MeSerializer({"username": request.user.username, "full_name": request.user.full_name,
                                      "roles": roles}).data)
