from django.urls import path

from antq.grassroots import law_views, transfer_views, views

app_name = "grassroots"
urlpatterns = [
    path("teams/", views.TeamListView.as_view(), name="teams"),
    path("teams/new/", views.TeamCreateView.as_view(), name="team_create"),
    path("teams/<int:pk>/", views.TeamDetailView.as_view(), name="team_detail"),
    path("teams/<int:pk>/edit/", views.TeamUpdateView.as_view(), name="team_update"),
    path("teams/<int:pk>/dissolve/", views.TeamDissolveView.as_view(), name="team_dissolve"),
    path("teams/<int:pk>/members/new/", views.MemberAddView.as_view(), name="member_add"),
    path("teams/<int:pk>/rate/", views.RatingView.as_view(), name="team_rate"),
    path("members/<int:pk>/edit/", views.MemberUpdateView.as_view(), name="member_update"),
    path("members/<int:pk>/leave/", views.MemberLeaveView.as_view(), name="member_leave"),
    path("communes/<int:pk>/flags/", views.CommuneFlagsView.as_view(), name="commune_flags"),
    # Spreadsheets (transfer_views.py).
    path("teams/export.xlsx", transfer_views.TeamsExportView.as_view(), name="teams_export"),
    path("teams/template.xlsx", transfer_views.TemplateDownloadView.as_view(), name="teams_template"),
    path("teams/<int:pk>/export.xlsx", transfer_views.TeamExportView.as_view(), name="team_export"),
    path("teams/<int:pk>/members/import/", transfer_views.MembersImportView.as_view(), name="members_import"),
    path("communes/<int:pk>/teams/import/", transfer_views.TeamsImportView.as_view(), name="teams_import"),
    # The law data of the teams (law_views.py): national rules and quota, a province's own quota.
    path("teams/law/rules/", law_views.RulesEditView.as_view(), name="law_rules"),
    path("teams/law/rules/history/", law_views.RulesHistoryView.as_view(), name="law_rules_history"),
    path("teams/law/rules/history/<int:number>/", law_views.RulesVersionView.as_view(), name="law_rules_version"),
    path("teams/law/rules/restore/", law_views.RulesRestoreView.as_view(), name="law_rules_restore"),
    path("teams/law/quota/", law_views.QuotaEditView.as_view(), name="law_quota"),
    path("teams/law/quota/history/", law_views.QuotaHistoryView.as_view(), name="law_quota_history"),
    path("teams/law/quota/history/<int:number>/", law_views.QuotaVersionView.as_view(), name="law_quota_version"),
    path("teams/law/quota/restore/", law_views.QuotaRestoreView.as_view(), name="law_quota_restore"),
    path("teams/law/quota/province/<int:pk>/", law_views.ProvinceQuotaEditView.as_view(),
         name="law_quota_province"),
]
