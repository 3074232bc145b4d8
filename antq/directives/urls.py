from django.urls import path

from antq.directives import views

app_name = "directives"
urlpatterns = [
    path("", views.DocumentListView.as_view(), name="list"),
    path("export/", views.DocumentExportView.as_view(), name="export"),
    path("import/", views.DocumentImportView.as_view(), name="import"),
    path("import/template/", views.TemplateDownloadView.as_view(), name="template"),
    path("new/", views.DocumentCreateView.as_view(), name="create"),
    path("<int:pk>/", views.DocumentDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.DocumentUpdateView.as_view(), name="update"),
    path("<int:pk>/delete/", views.DocumentDeleteView.as_view(), name="delete"),
    path("<int:pk>/obligations/new/", views.ObligationCreateView.as_view(), name="obligation_create"),
    path("obligations/<int:pk>/edit/", views.ObligationUpdateView.as_view(), name="obligation_update"),
    path("obligations/<int:pk>/submit/", views.SubmissionCreateView.as_view(), name="submit"),
    path("reports/<int:pk>/file/", views.SubmissionFileView.as_view(), name="submission_file"),
]
