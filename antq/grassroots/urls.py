from django.urls import path

from antq.grassroots import views

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
]
