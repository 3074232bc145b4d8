from django.urls import path

from antq.reports import views
from antq.reports.dashboard_views import DashboardView

app_name = "reports"
urlpatterns = [
    path("annual/", views.AnnualReportView.as_view(), name="annual"),
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
    path("jobs/<int:pk>/", views.ReportJobView.as_view(), name="job"),
    path("jobs/<int:pk>/download/", views.ReportJobDownloadView.as_view(), name="job_download"),
]
