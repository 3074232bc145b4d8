from django.urls import include, path

from antq.units import views

app_name = "units"
urlpatterns = [
    path("", views.UnitIndexView.as_view(), name="index"),
    path("search/", views.UnitSearchView.as_view(), name="search"),
    path("<int:pk>/", views.UnitDetailView.as_view(), name="detail"),
    path("<int:pk>/new/", views.UnitCreateView.as_view(), name="create"),
    path("<int:pk>/edit/", views.UnitUpdateView.as_view(), name="update"),
    path("", include("antq.units.transfer.urls")),
]
