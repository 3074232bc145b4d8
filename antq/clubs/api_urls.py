"""API routes of the models-and-clubs registry, included by antq.api.urls under /api/v1/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from antq.clubs.api import CountsView, ModelTypeViewSet, MovementModelViewSet


class Router(DefaultRouter):
    include_root_view = False


router = Router()
router.register("clubs/models", MovementModelViewSet, basename="clubs-model")
router.register("clubs/types", ModelTypeViewSet, basename="clubs-type")

urlpatterns = [
    path("clubs/counts/", CountsView.as_view(), name="clubs-counts"),
    path("", include(router.urls)),
]
