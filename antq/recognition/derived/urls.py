from django.urls import path

from antq.recognition.derived import views

app_name = "derived"
urlpatterns = [
    path("<int:unit_pk>/<int:year>/", views.CommuneDerivedView.as_view(), name="commune"),
    path("<int:unit_pk>/<int:year>/answer/", views.CommuneDerivedAnswerView.as_view(), name="answer"),
    path("definitions/", views.RulesEditView.as_view(), name="definitions"),
    path("definitions/history/", views.RulesHistoryView.as_view(), name="history"),
    path("definitions/versions/<int:number>/", views.RulesVersionView.as_view(), name="version"),
    path("definitions/restore/", views.RulesRestoreView.as_view(), name="restore"),
]
