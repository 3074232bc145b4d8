from django.urls import path

from antq.clubs import views

app_name = "clubs"
urlpatterns = [
    path("", views.ModelListView.as_view(), name="list"),
    path("new/", views.ModelCreateView.as_view(), name="create"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/template.xlsx", views.TemplateDownloadView.as_view(), name="template"),
    path("export.xlsx", views.ExportView.as_view(), name="export"),
    path("types/", views.TypeListView.as_view(), name="types"),
    path("types/new/", views.TypeCreateView.as_view(), name="type_create"),
    path("types/<int:pk>/edit/", views.TypeUpdateView.as_view(), name="type_update"),
    path("<int:pk>/", views.ModelDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ModelUpdateView.as_view(), name="update"),
    path("<int:pk>/clubs/new/", views.ClubAddView.as_view(), name="club_add"),
    path("<int:pk>/evaluate/", views.EvaluateView.as_view(), name="evaluate"),
    path("<int:pk>/dissolve/", views.DissolveView.as_view(), name="dissolve"),
    path("clubs/<int:pk>/edit/", views.ClubUpdateView.as_view(), name="club_update"),
]
