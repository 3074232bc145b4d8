# Import and export of KDC and CQ/DN/CSGD (.xlsx, .csv), included under the "units:" namespace.
from django.urls import path

from antq.units.transfer import views

urlpatterns = [
    path("<int:pk>/import/", views.ImportView.as_view(), name="import"),
    path("imports/<int:job_pk>/", views.ImportJobView.as_view(), name="import_job"),
    path("<int:pk>/export.<str:fmt>", views.ExportView.as_view(), name="export"),
    path("template.<str:fmt>", views.TemplateDownloadView.as_view(), name="template"),
]
