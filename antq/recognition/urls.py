from django.urls import include, path

from antq.recognition import admin_views, deadline_views, views

app_name = "recognition"
urlpatterns = [
    path("criteria/", views.CriteriaIndexView.as_view(), name="criteria"),
    path("criteria/<slug:code>/<slug:kind>/", views.CriteriaSetView.as_view(), name="criteria_set"),
    path("authorities/", views.AuthorityListView.as_view(), name="authorities"),
    path("cases/", views.CaseListView.as_view(), name="cases"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case"),
    path("cases/<int:pk>/answer/", views.CaseAnswerView.as_view(), name="case_answer"),
    path("cases/<int:pk>/figures/", views.CaseFiguresView.as_view(), name="case_figures"),
    path("cases/<int:pk>/self-assess/", views.CaseSelfAssessView.as_view(), name="case_self_assess"),
    path("cases/<int:pk>/submit/", views.CaseSubmitView.as_view(), name="case_submit"),
    path("cases/<int:pk>/override/", views.CaseOverrideView.as_view(), name="case_override"),
    path("cases/<int:pk>/appraised-figures/", views.CaseAppraisedFiguresView.as_view(),
         name="case_appraised_figures"),
    path("cases/<int:pk>/appraise/", views.CaseAppraiseView.as_view(), name="case_appraise"),
    path("cases/<int:pk>/return/", views.CaseReturnView.as_view(), name="case_return"),
    path("cases/<int:pk>/decide/", views.CaseDecideView.as_view(), name="case_decide"),
    path("cases/<int:pk>/reopen/", views.CaseReopenView.as_view(), name="case_reopen"),
    path("register/<int:unit_pk>/", views.RegisterView.as_view(), name="register"),
]
urlpatterns += [
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("statistics.xlsx", views.StatisticsXlsxView.as_view(), name="statistics_xlsx"),
    path("public/", views.PublicRecognitionView.as_view(), name="public"),
]
urlpatterns += [
    path("deadlines/", deadline_views.DeadlineBoardView.as_view(), name="deadlines"),
]
urlpatterns += [
    path("derived/", include("antq.recognition.derived.urls")),
]
urlpatterns += [path("", include("antq.recognition.dossier.urls"))]
urlpatterns += [  # administrators: the authority table (national) and provinces' extra criteria
    path("authorities/history/", admin_views.AuthorityHistoryView.as_view(), name="authority_history"),
    path("authorities/restore/", admin_views.AuthorityRestoreView.as_view(), name="authority_restore"),
    path("authorities/versions/<int:number>/", admin_views.AuthorityVersionView.as_view(),
         name="authority_version"),
    path("authorities/<slug:code>/edit/", admin_views.AuthorityRegimeEditView.as_view(), name="authority_edit"),
    path("extra-criteria/", admin_views.ProvincialCriteriaIndexView.as_view(), name="provincial_index"),
    path("provinces/<int:province_pk>/extra-criteria/", admin_views.ProvincialCriterionListView.as_view(),
         name="provincial_criteria"),
    path("provinces/<int:province_pk>/extra-criteria/add/", admin_views.ProvincialCriterionFormView.as_view(),
         name="provincial_criterion_add"),
    path("extra-criteria/<int:pk>/edit/", admin_views.ProvincialCriterionFormView.as_view(),
         name="provincial_criterion_edit"),
    path("extra-criteria/<int:pk>/delete/", admin_views.ProvincialCriterionDeleteView.as_view(),
         name="provincial_criterion_delete"),
]
