"""The staff's news pages: only for those who write news, each item 404 outside the writer's area."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from antq.accounts.models import Role
from antq.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from antq.core.models import AuditEvent
from antq.portal.models import NewsItem
from antq.portal.services import news_image_add
from antq.portal.tests.factories import PNG, NewsItemFactory, PublishedNewsFactory
from antq.units.tests.factories import ProvinceFactory

pytestmark = pytest.mark.django_db


def test_staff_pages_need_a_login(client, tree):
    item = NewsItemFactory(unit=tree.province_a)
    for url in (reverse("portal:staff_news_list"), reverse("portal:staff_news", args=[item.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_province_officer_writes_and_publishes_through_the_pages(client_for, tree, province_officer, english):
    client = client_for(province_officer)
    form = client.get(reverse("portal:staff_news_create")).context["form"]
    assert [u.pk for u in form.fields["unit"].queryset] == [tree.province_a.pk]
    response = client.post(reverse("portal:staff_news_create"),
                           {"unit": tree.province_a.pk, "title": "Ra quân tổ bảo vệ ANTT", "body": "Nội dung"})
    item = NewsItem.objects.get()
    assert response["Location"] == reverse("portal:staff_news", args=[item.pk])
    client.post(reverse("portal:staff_image_add", args=[item.pk]),
                {"file": SimpleUploadedFile("a.png", PNG), "caption": "Ảnh"})
    assert item.images.count() == 1
    image = client.get(reverse("portal:staff_image", args=[item.images.get().pk]))
    assert image.status_code == 200 and image["Cache-Control"] == "private, no-store"
    assert b"".join(image.streaming_content) == PNG
    client.post(reverse("portal:staff_news_publish", args=[item.pk]))
    item.refresh_from_db()
    assert item.is_published
    client.post(reverse("portal:staff_news", args=[item.pk]), {"title": "Tiêu đề mới", "body": "Nội dung mới"})
    item.refresh_from_db()
    assert item.title == "Tiêu đề mới"
    client.post(reverse("portal:staff_news_unpublish", args=[item.pk]))
    client.post(reverse("portal:staff_news_delete", args=[item.pk]))
    assert not NewsItem.objects.exists()
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "news.create", "news.image_add", "news.publish", "news.update", "news.unpublish", "news.delete"]


def test_a_posted_area_outside_the_writer_is_refused(client_for, tree, province_officer, english):
    response = client_for(province_officer).post(reverse("portal:staff_news_create"), {
        "unit": tree.province_b.pk, "title": "Tin", "body": "Nội dung"})
    assert response.status_code == 200 and not NewsItem.objects.exists()


def test_officer_of_another_province_gets_404(client_for, tree, province_officer):
    other = PublishedNewsFactory(unit=tree.province_b)
    national = NewsItemFactory(unit=tree.country)
    client = client_for(province_officer)
    for item in (other, national):
        for name in ("staff_news", "staff_news_publish", "staff_news_unpublish", "staff_news_delete"):
            url = reverse(f"portal:{name}", args=[item.pk])
            assert client.get(url).status_code == 404
            assert client.post(url).status_code == 404
    assert client.get(reverse("portal:staff_news", args=[987654])).status_code == 404
    listed = client.get(reverse("portal:staff_news_list")).context["page"].object_list
    assert other not in listed and national not in listed
    other.refresh_from_db()
    assert other.is_published and not AuditEvent.objects.exists()


@pytest.mark.parametrize("user", ["commune_officer", "unit_reporter", "viewer"])
def test_who_does_not_write_news_cannot_open_the_form(request, client_for, tree, user):
    client = client_for(request.getfixturevalue(user))
    assert client.get(reverse("portal:staff_news_create")).status_code == 404
    item = NewsItemFactory(unit=tree.province_a)
    assert client.post(reverse("portal:staff_news_publish", args=[item.pk])).status_code == 404
    assert client.get(reverse("portal:staff_news_list")).context["can_create"] is False


def test_national_admin_writes_for_the_nation(client_for, tree, national_admin):
    ProvinceFactory(parent=tree.country, name="Tỉnh Cũ", code="99", valid_from=datetime.date(2008, 1, 1),
                    valid_to=datetime.date(2025, 6, 30))
    form = client_for(national_admin).get(reverse("portal:staff_news_create")).context["form"]
    assert [u.pk for u in form.fields["unit"].queryset] == [tree.country.pk, tree.province_b.pk,
                                                            tree.province_a.pk]



def test_image_removal_by_the_writer_only(client, tree, province_officer, english):
    item = PublishedNewsFactory(unit=tree.province_a)
    kept = news_image_add(actor=province_officer, item=item, upload=SimpleUploadedFile("a.png", PNG))
    gone = news_image_add(actor=province_officer, item=item, upload=SimpleUploadedFile("b.png", PNG))
    officer_b = UserFactory(username="tinh_b")
    RoleAssignmentFactory(user=officer_b, role=Role.PROVINCE_OFFICER, unit=tree.province_b)
    client.force_login(officer_b)
    assert client.post(reverse("portal:staff_image_remove", args=[kept.pk])).status_code == 404
    assert client.get(reverse("portal:staff_image", args=[kept.pk])).status_code == 404
    client.force_login(province_officer)
    assert client.get(reverse("portal:staff_image_remove", args=[gone.pk])).status_code == 404  # a POST action
    response = client.post(reverse("portal:staff_image_remove", args=[gone.pk]))
    assert response["Location"] == reverse("portal:staff_news", args=[item.pk])
    assert list(item.images.all()) == [kept]
    assert AuditEvent.objects.filter(action="news.image_remove").count() == 1
