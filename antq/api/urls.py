from django.conf import settings
from django.urls import include, path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from antq.accounts.api import MeView
from antq.api.auth import TokenView
from antq.classification.api import AreasAPIView, ClassificationViewSet, CountsAPIView, SheetAPIView, YearsAPIView
from antq.core.access import PUBLIC
from antq.festival.api import FestivalCoverageView, FestivalEventViewSet
from antq.grassroots.api import SecurityTeamViewSet, TeamMemberViewSet
from antq.incidents.api import CatalogueView as IncidentCatalogueView
from antq.incidents.api import IncidentViewSet
from antq.outreach.api import OutreachActivityViewSet, OutreachTotalsView
from antq.recognition.api import CriteriaSetAPIView
from antq.recognition.case_api import RecognitionCaseViewSet
from antq.recognition.derived.api import CommuneDerivedAPIView
from antq.recognition.views import StatisticsAPIView
from antq.units.api import UnitViewSet


class Router(DefaultRouter):
    include_root_view = False


router = Router()
router.register("units", UnitViewSet, basename="unit")
router.register("incidents", IncidentViewSet, basename="incident")
router.register("recognition/cases", RecognitionCaseViewSet, basename="recognition-case")
router.register("classifications", ClassificationViewSet, basename="classification")
router.register("security-teams", SecurityTeamViewSet, basename="security-team")
router.register("security-team-members", TeamMemberViewSet, basename="security-team-member")
router.register("festival/events", FestivalEventViewSet, basename="festival-event")
router.register("outreach/activities", OutreachActivityViewSet, basename="outreach-activity")


class SchemaView(SpectacularAPIView):
    antq_access = PUBLIC


DOCS_CSP = {**settings.SECURE_CSP, "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
            "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}


class DocsView(SpectacularSwaggerView):
    antq_access = PUBLIC


v1 = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("me/", MeView.as_view(), name="me"),
    # Before the router, whose "incidents/<pk>/" would otherwise take "catalogue" for an id.
    path("incidents/catalogue/", IncidentCatalogueView.as_view(), name="incident-catalogue"),
    path("recognition/criteria/<slug:kind>/", CriteriaSetAPIView.as_view(), name="recognition-criteria"),
    path("recognition/statistics/", StatisticsAPIView.as_view(), name="recognition-statistics"),
    path("recognition/derived/<int:unit_pk>/", CommuneDerivedAPIView.as_view(), name="recognition-derived"),
    path("classification/counts/", CountsAPIView.as_view(), name="classification-counts"),
    path("classification/counts/years/", YearsAPIView.as_view(), name="classification-counts-years"),
    path("classification/counts/areas/", AreasAPIView.as_view(), name="classification-counts-areas"),
    path("classification/sheets/<slug:kind>/", SheetAPIView.as_view(), name="classification-sheet"),
    path("festival/coverage/", FestivalCoverageView.as_view(), name="festival-coverage"),
    path("outreach/totals/", OutreachTotalsView.as_view(), name="outreach-totals"),
    # Each later module routes its own endpoints (antq/<app>/api_urls.py).
    path("", include("antq.clubs.api_urls")),
    path("", include("antq.exemplars.api_urls")),
    path("", include("antq.commendations.api_urls")),
    path("", include("antq.directives.api_urls")),
    path("", include("antq.portal.api_urls")),
    path("", include("antq.tips.api_urls")),
    path("", include(router.urls)),
]

urlpatterns = [
    path("v1/", include((v1, "api"), namespace="v1")),
    path("schema/", SchemaView.as_view(), name="schema"),
    # Swagger UI writes an inline script and style; the rest of the site allows neither (SECURE_CSP).
    path("docs/", csp_override(DOCS_CSP)(DocsView.as_view(url_name="schema")), name="docs"),
]
