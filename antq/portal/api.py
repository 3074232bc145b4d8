"""The portal's public API: published news, recognised units and consented exemplars, for anyone.

No authentication is read (nothing depends on who asks), so the answers are the same for everyone and
carry the same caching headers as the pages (`caching.make_public`).
"""

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from antq.api.pagination import Pagination
from antq.core.access import PUBLIC
from antq.portal import selectors
from antq.portal.caching import make_public
from antq.portal.models import NewsImage, NewsItem
from antq.units.models import UnitKind

PROVINCE = OpenApiParameter("province", str, description="Official code of a current province")
COMMUNE = OpenApiParameter("commune", str, description="Official code of a commune of the province")
YEAR = OpenApiParameter("year", int, description="Year")
QUERY = OpenApiParameter("q", str, description="Search by name; accents and case are ignored")


class PublicAPIMixin:
    antq_access = PUBLIC
    permission_classes = [AllowAny]
    authentication_classes: list = []

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        return make_public(request, response)


class NewsImageSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = NewsImage
        fields = ["id", "url", "caption"]

    def get_url(self, image) -> str:
        return reverse("portal:image", args=[image.pk])


class AreaSerializer(serializers.Serializer):
    national = serializers.BooleanField()
    name = serializers.CharField()
    code = serializers.CharField()


class PublicNewsSerializer(serializers.ModelSerializer):
    area = serializers.SerializerMethodField()
    paragraphs = serializers.ListField(child=serializers.CharField(), read_only=True,
                                       help_text="The text as plain-text paragraphs")
    images = NewsImageSerializer(many=True, read_only=True)

    class Meta:
        model = NewsItem
        fields = ["id", "title", "area", "published_at", "paragraphs", "images"]
        read_only_fields = fields

    @extend_schema_field(AreaSerializer)
    def get_area(self, item) -> dict:
        return {"national": item.unit.kind == UnitKind.COUNTRY, "name": item.unit.name, "code": item.unit.code}


@extend_schema_view(list=extend_schema(parameters=[PROVINCE], summary="Published news (national and provincial)"),
                    retrieve=extend_schema(summary="A published news item"))
class PublicNewsViewSet(PublicAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = PublicNewsSerializer
    queryset = NewsItem.objects.none()

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.public_news()
        province = selectors.province_by_code(selectors.portal_provinces(), self.request.query_params.get(
            "province", ""))
        return selectors.public_news(province=province)


class RecognisedEntrySerializer(serializers.Serializer):
    commune = serializers.CharField(help_text="Empty for units directly under the province")
    name = serializers.CharField()
    kind_label = serializers.CharField()
    decision_number = serializers.CharField()
    decision_date = serializers.DateField(allow_null=True)


def _place(request) -> tuple:
    """The province (required) and commune named by the query's codes; 400 for an unknown one."""
    params = request.query_params
    province = selectors.province_by_code(selectors.portal_provinces(), params.get("province", ""))
    if params.get("province") and province is None:
        raise ValidationError({"province": "Unknown province code."})
    commune = None
    if province is not None and params.get("commune"):
        commune = next((c for c in selectors.province_communes(province) if c.code == params["commune"]), None)
        if commune is None:
            raise ValidationError({"commune": "Unknown commune code in this province."})
    return province, commune


def _year(request, *, default: int | None) -> int | None:
    value = request.query_params.get("year", "")
    if not value:
        return default
    if not value.isdigit():
        raise ValidationError({"year": "A year, such as 2025."})
    return int(value)


class RecognisedUnitsView(PublicAPIMixin, APIView):
    pagination_class = Pagination

    @extend_schema(parameters=[PROVINCE, COMMUNE, YEAR, QUERY], responses=RecognisedEntrySerializer(many=True),
                   summary="Units recognised safe in security and order (TT 124/2021 art. 3)",
                   description="`province` is required; `year` defaults to this year.")
    def get(self, request):
        province, commune = _place(request)
        if province is None:
            raise ValidationError({"province": "Give the code of a province."})
        year = _year(request, default=max(selectors.portal_years()))
        entries = selectors.public_recognised(province=province, year=year, commune=commune,
                                              query=request.query_params.get("q", "")[:100])
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(entries, request, view=self)
        return paginator.get_paginated_response(RecognisedEntrySerializer(page, many=True).data)


class ExemplarSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField(help_text="collective or individual")
    kind_label = serializers.CharField()
    category = serializers.CharField()
    category_label = serializers.CharField()
    achievement = serializers.CharField()
    year = serializers.IntegerField()
    commune_name = serializers.CharField()
    province_name = serializers.CharField()


class ExemplarsView(PublicAPIMixin, APIView):
    pagination_class = Pagination

    @extend_schema(parameters=[PROVINCE, COMMUNE, YEAR, QUERY], responses=ExemplarSerializer(many=True),
                   summary="Exemplars that agreed to be shown")
    def get(self, request):
        province, commune = _place(request)
        exemplars = selectors.public_exemplars(province=province, commune=commune,
                                               year=_year(request, default=None),
                                               query=request.query_params.get("q", "")[:100])
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(exemplars, request, view=self)
        return paginator.get_paginated_response(ExemplarSerializer(page, many=True).data)
