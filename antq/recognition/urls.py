from django.urls import path

from antq.recognition import views

app_name = "recognition"
urlpatterns = [
    path("criteria/", views.CriteriaIndexView.as_view(), name="criteria"),
    path("criteria/<slug:code>/<slug:kind>/", views.CriteriaSetView.as_view(), name="criteria_set"),
    path("authorities/", views.AuthorityListView.as_view(), name="authorities"),
]
