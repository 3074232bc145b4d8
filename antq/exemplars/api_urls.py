"""API routes of this app, included by antq.api.urls under /api/v1/ (to be filled)."""

urlpatterns: list = []
