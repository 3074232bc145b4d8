from django.urls import path

from antq.commendations import views

app_name = "commendations"
urlpatterns = [
    path("", views.AwardListView.as_view(), name="list"),
    path("new/", views.NominateView.as_view(), name="nominate"),
    path("record/", views.RecordView.as_view(), name="record"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/template.xlsx", views.TemplateDownloadView.as_view(), name="template"),
    path("export.xlsx", views.ExportView.as_view(), name="export"),
    path("counts/", views.CountsView.as_view(), name="counts"),
    path("candidates/", views.CandidatesView.as_view(), name="candidates"),
    path("<int:pk>/", views.AwardDetailView.as_view(), name="detail"),
    path("<int:pk>/<slug:step>/", views.AwardStepView.as_view(), name="step"),
    path("unit/<int:unit_pk>/", views.UnitHistoryView.as_view(), name="unit_history"),
    path("person/<int:pk>/", views.PersonHistoryView.as_view(), name="person_history"),
    path("rules/", views.RulesView.as_view(), name="rules"),
    path("rules/history/", views.RulesHistoryView.as_view(), name="rules_history"),
    path("rules/history/<int:number>/", views.RulesVersionView.as_view(), name="rules_version"),
    path("rules/restore/", views.RulesRestoreView.as_view(), name="rules_restore"),
]
