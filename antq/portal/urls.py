from django.urls import path

from antq.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("news/", views.NewsListView.as_view(), name="news_list"),
    path("news/<int:pk>/", views.NewsDetailView.as_view(), name="news"),
    path("news/images/<int:pk>/", views.NewsImageView.as_view(), name="image"),
    path("recognised/", views.RecognisedView.as_view(), name="recognised"),
    path("exemplars/", views.ExemplarsView.as_view(), name="exemplars"),
    path("language/", views.language, name="language"),
    path("staff/news/", views.StaffNewsListView.as_view(), name="staff_news_list"),
    path("staff/news/new/", views.NewsCreateView.as_view(), name="staff_news_create"),
    path("staff/news/<int:pk>/", views.NewsEditView.as_view(), name="staff_news"),
    path("staff/news/<int:pk>/publish/", views.NewsPublishView.as_view(), name="staff_news_publish"),
    path("staff/news/<int:pk>/unpublish/", views.NewsUnpublishView.as_view(), name="staff_news_unpublish"),
    path("staff/news/<int:pk>/delete/", views.NewsDeleteView.as_view(), name="staff_news_delete"),
    path("staff/news/<int:pk>/images/new/", views.NewsImageAddView.as_view(), name="staff_image_add"),
    path("staff/news/images/<int:pk>/", views.StaffImageView.as_view(), name="staff_image"),
    path("staff/news/images/<int:pk>/remove/", views.StaffImageRemoveView.as_view(), name="staff_image_remove"),
]
