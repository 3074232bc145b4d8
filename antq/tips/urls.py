from django.urls import path

from antq.tips import views

app_name = "tips"
urlpatterns = [
    path("", views.TipSubmitView.as_view(), name="submit"),
    path("communes/", views.CommuneOptionsView.as_view(), name="communes"),
    path("follow-up/", views.FollowUpView.as_view(), name="follow_up"),
    path("queue/", views.QueueView.as_view(), name="queue"),
    path("<int:pk>/", views.TipDetailView.as_view(), name="detail"),
    path("<int:pk>/reply/", views.TipReplyView.as_view(), name="reply"),
    path("<int:pk>/note/", views.TipNoteView.as_view(), name="note"),
    path("<int:pk>/state/", views.TipStateView.as_view(), name="state"),
    path("<int:pk>/reassign/", views.TipReassignView.as_view(), name="reassign"),
    path("attachments/<int:pk>/", views.AttachmentView.as_view(), name="attachment"),
]
