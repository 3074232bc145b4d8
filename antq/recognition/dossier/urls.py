"""Included by antq/recognition/urls.py (namespace "recognition")."""

from django.urls import path

from antq.recognition.dossier import views
from antq.recognition.dossier.drafts import PAPERS

urlpatterns = [
    *[path(f"cases/<int:pk>/dossier/{paper.slug}.docx", views.DraftDownloadView.as_view(paper=kind),
           name=f"dossier_draft_{kind}") for kind, paper in PAPERS.items()],
    path("cases/<int:pk>/dossier/upload/", views.DocumentUploadView.as_view(), name="dossier_upload"),
    path("cases/<int:pk>/certificate/issue/", views.CertificateIssueView.as_view(), name="certificate_issue"),
    path("cases/<int:pk>/certificate.pdf", views.CertificateView.as_view(), name="certificate"),
    path("dossier/documents/<int:pk>/", views.DocumentDownloadView.as_view(), name="dossier_document"),
    path("dossier/documents/<int:pk>/delete/", views.DocumentDeleteView.as_view(), name="dossier_document_delete"),
]
