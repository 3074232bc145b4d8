"""API routes of the exemplars register, included by antq.api.urls under /api/v1/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from antq.exemplars.api import ExemplarViewSet


class Router(DefaultRouter):
    include_root_view = False


router = Router()
router.register("exemplars", ExemplarViewSet, basename="exemplar")

urlpatterns = [path("", include(router.urls))]
