"""API routes of tips, included by antq.api.urls under /api/v1/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from antq.tips import api


class Router(DefaultRouter):
    include_root_view = False


router = Router()
router.register("tips/queue", api.TipQueueViewSet, basename="tip")

urlpatterns = [
    path("tips/challenge/", api.TipChallengeView.as_view(), name="tip-challenge"),
    path("tips/submit/", api.TipSubmitView.as_view(), name="tip-submit"),
    path("tips/follow-up/", api.TipFollowUpView.as_view(), name="tip-follow-up"),
    path("tips/follow-up/messages/", api.TipFollowUpMessageView.as_view(), name="tip-follow-up-message"),
    path("", include(router.urls)),
]
