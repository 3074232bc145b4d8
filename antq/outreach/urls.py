from django.urls import path

from antq.outreach import views

app_name = "outreach"
urlpatterns = [
    path("", views.ActivityListView.as_view(), name="list"),
    path("export/", views.ActivityExportView.as_view(), name="export"),
    path("import/", views.ActivityImportView.as_view(), name="import"),
    path("import/template/", views.ActivityTemplateView.as_view(), name="import_template"),
    path("new/", views.ActivityCreateView.as_view(), name="create"),
    path("<int:pk>/", views.ActivityUpdateView.as_view(), name="update"),
    path("<int:pk>/delete/", views.ActivityDeleteView.as_view(), name="delete"),
]
