"""API routes of the portal, included by antq.api.urls under /api/v1/: public reads only."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from antq.portal.api import ExemplarsView, PublicNewsViewSet, RecognisedUnitsView


class Router(DefaultRouter):
    include_root_view = False
    include_format_suffixes = False  # one URL per endpoint: the list of public URLs stays short


router = Router()
router.register("portal/news", PublicNewsViewSet, basename="portal-news")

urlpatterns = [
    path("portal/recognised/", RecognisedUnitsView.as_view(), name="portal-recognised"),
    path("portal/exemplars/", ExemplarsView.as_view(), name="portal-exemplars"),
    *router.urls,
]
