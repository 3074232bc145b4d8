from django.urls import path

from antq.exemplars import views

app_name = "exemplars"
urlpatterns = [
    path("", views.ExemplarListView.as_view(), name="list"),
    path("new/", views.ExemplarCreateView.as_view(), name="create"),
    path("export.xlsx", views.ExportView.as_view(), name="export"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/template.xlsx", views.TemplateDownloadView.as_view(), name="template"),
    path("<int:pk>/", views.ExemplarDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ExemplarUpdateView.as_view(), name="update"),
    path("<int:pk>/consent/", views.ExemplarConsentView.as_view(), name="consent"),
    path("<int:pk>/delete/", views.ExemplarDeleteView.as_view(), name="delete"),
]
