"""API routes of the directives register, included by antq.api.urls under /api/v1/."""

from rest_framework.routers import DefaultRouter

from antq.directives.api import DocumentViewSet, SubmissionViewSet


class Router(DefaultRouter):
    include_root_view = False


router = Router()
router.register("directives/documents", DocumentViewSet, basename="directive-document")
router.register("directives/submissions", SubmissionViewSet, basename="directive-submission")

urlpatterns = router.urls
