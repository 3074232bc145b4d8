from django.urls import path

from antq.festival import views

app_name = "festival"
urlpatterns = [
    path("", views.EventListView.as_view(), name="list"),
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
    path("export/", views.EventExportView.as_view(), name="export"),
    path("import/", views.EventImportView.as_view(), name="import"),
    path("import/template/", views.EventTemplateView.as_view(), name="import_template"),
    path("new/", views.EventCreateView.as_view(), name="create"),
    path("<int:pk>/", views.EventDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.EventUpdateView.as_view(), name="update"),
    path("<int:pk>/record/", views.EventRecordView.as_view(), name="record"),
    path("<int:pk>/delete/", views.EventDeleteView.as_view(), name="delete"),
    path("<int:pk>/photos/new/", views.PhotoAddView.as_view(), name="photo_add"),
    path("photos/<int:pk>/", views.PhotoDownloadView.as_view(), name="photo"),
]
