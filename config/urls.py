from django.urls import include, path
from django.views.i18n import set_language

from antq.core.access import public

urlpatterns = [
    path("", include("antq.core.urls")),
    path("accounts/", include("antq.accounts.urls")),
    path("units/", include("antq.units.urls")),
    path("incidents/", include("antq.incidents.urls")),
    path("recognition/", include("antq.recognition.urls")),
    path("classification/", include("antq.classification.urls")),
    path("reports/", include("antq.reports.urls")),
    path("registries/models/", include("antq.clubs.urls")),
    path("registries/exemplars/", include("antq.exemplars.urls")),
    path("registries/", include("antq.grassroots.urls")),
    path("festival/", include("antq.festival.urls")),
    path("outreach/", include("antq.outreach.urls")),
    path("awards/", include("antq.commendations.urls")),
    path("directives/", include("antq.directives.urls")),
    path("portal/", include("antq.portal.urls")),
    path("tips/", include("antq.tips.urls")),
    path("api/", include("antq.api.urls")),
    path("i18n/setlang/", public(set_language), name="set_language"),
]
