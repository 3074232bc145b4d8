from django.urls import path

from antq.incidents import views

app_name = "incidents"
urlpatterns = [
    path("", views.IncidentListView.as_view(), name="list"),
    path("new/", views.IncidentCreateView.as_view(), name="create"),
    path("<int:pk>/", views.IncidentDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.IncidentUpdateView.as_view(), name="update"),
    path("<int:pk>/withdraw/", views.IncidentWithdrawView.as_view(), name="withdraw"),
    path("<int:pk>/people/new/", views.PersonAddView.as_view(), name="person_add"),
    path("people/<int:pk>/remove/", views.PersonRemoveView.as_view(), name="person_remove"),
    path("<int:pk>/evidence/new/", views.EvidenceAddView.as_view(), name="evidence_add"),
    path("evidence/<int:pk>/", views.EvidenceDownloadView.as_view(), name="evidence_download"),
    path("evidence/<int:pk>/remove/", views.EvidenceRemoveView.as_view(), name="evidence_remove"),
    path("figures/", views.TrendFigureListView.as_view(), name="figures"),
    path("figures/<int:pk>/", views.TrendFigureEditView.as_view(), name="figure_edit"),
]
