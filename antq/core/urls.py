from django.urls import path

from antq.core import views

app_name = "core"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("audit/", views.AuditTrailView.as_view(), name="audit"),
]
