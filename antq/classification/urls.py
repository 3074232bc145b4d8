from django.urls import path

from antq.classification import import_views, sheet_views, statistics_views, views

app_name = "classification"
urlpatterns = [
    path("", views.ListView.as_view(), name="list"),
    path("start/<int:unit_pk>/", views.StartView.as_view(), name="start"),
    path("<int:pk>/", views.DetailView.as_view(), name="detail"),
    path("<int:pk>/score/", views.ScoreView.as_view(), name="score"),
    path("<int:pk>/review-score/", views.ReviewScoreView.as_view(), name="review_score"),
    path("<int:pk>/submit/", views.SubmitView.as_view(), name="submit"),
    path("<int:pk>/review/", views.ReviewView.as_view(), name="review"),
    path("<int:pk>/return/", views.ReturnView.as_view(), name="return"),
    path("<int:pk>/decide/", views.DecideView.as_view(), name="decide"),
    path("<int:pk>/reopen/", views.ReopenView.as_view(), name="reopen"),
    path("statistics/", statistics_views.StatisticsView.as_view(), name="statistics"),
    path("statistics.xlsx", statistics_views.StatisticsXlsxView.as_view(), name="statistics_xlsx"),
    path("sheets/", sheet_views.SheetIndexView.as_view(), name="sheets"),
    path("sheets/<slug:code>/<slug:sheet_code>/", sheet_views.SheetView.as_view(), name="sheet"),
    path("rules/<slug:code>/edit/", sheet_views.RulesEditView.as_view(), name="rules_edit"),
    path("import/", import_views.ImportView.as_view(), name="import"),
    path("import/template.xlsx", import_views.TemplateDownloadView.as_view(), name="import_template"),
    path("imports/<int:pk>/", import_views.ImportJobView.as_view(), name="import_job"),
]
