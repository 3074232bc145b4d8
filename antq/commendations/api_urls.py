"""API routes of commendations, included by antq.api.urls under /api/v1/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from antq.commendations.api import AwardCountsView, AwardViewSet


class Router(DefaultRouter):
    include_root_view = False


router = Router()
router.register("commendations/awards", AwardViewSet, basename="commendation-award")

urlpatterns = [
    path("commendations/counts/", AwardCountsView.as_view(), name="commendation-counts"),
    path("", include(router.urls)),
]
