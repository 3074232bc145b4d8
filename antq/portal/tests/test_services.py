"""Who writes and publishes portal news, and what every write leaves in the audit trail."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from antq.core.models import AuditEvent
from antq.portal.models import NewsImage, NewsItem
from antq.portal.services import (
    news_create,
    news_delete,
    news_image_add,
    news_publish,
    news_unpublish,
    news_update,
)
from antq.portal.tests.factories import PNG, NewsItemFactory, PublishedNewsFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("user", "area", "allowed"), [
    ("province_officer", "province_a", True),
    ("province_officer", "province_b", False),
    ("province_officer", "country", False),
    ("national_admin", "country", True),
    ("national_admin", "province_b", True),
    ("commune_officer", "province_a", False),
    ("unit_reporter", "province_a", False),
    ("viewer", "province_a", False),
])
def test_publishing_rights_by_role(request, tree, user, area, allowed, english):
    actor, unit = request.getfixturevalue(user), getattr(tree, area)
    if not allowed:
        with pytest.raises(ValidationError, match="may not write news"):
            news_create(actor=actor, unit=unit, title="Tin", body="Nội dung")
        item = NewsItemFactory(unit=unit)
        for service in (news_publish, news_update, news_delete):
            with pytest.raises(ValidationError, match="may not write news"):
                service(actor=actor, item=item)
        item.refresh_from_db()
        assert item.status == NewsItem.Status.DRAFT and not AuditEvent.objects.exists()
        return
    item = news_create(actor=actor, unit=unit, title="  Tin   mới ", body="Dòng 1\n\nDòng 2")
    assert (item.title, item.status, item.created_by) == ("Tin mới", NewsItem.Status.DRAFT, actor)
    news_publish(actor=actor, item=item)
    item.refresh_from_db()
    assert item.is_published and item.published_at and item.published_by == actor
    news_unpublish(actor=actor, item=item)
    item.refresh_from_db()
    assert item.status == NewsItem.Status.DRAFT
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["news.create", "news.publish", "news.unpublish"]


def test_commune_and_legacy_units_carry_no_news(tree, national_admin, english):
    with pytest.raises(ValidationError):
        news_create(actor=national_admin, unit=tree.commune_a, title="Tin", body="Nội dung")


def test_update_is_audited_and_a_published_item_cannot_be_deleted(tree, province_officer, english):
    item = PublishedNewsFactory(unit=tree.province_a)
    news_update(actor=province_officer, item=item, title="Tiêu đề sửa", body="Nội dung sửa")
    event = AuditEvent.objects.get(action="news.update")
    assert event.before["title"] != "Tiêu đề sửa" and event.after["title"] == "Tiêu đề sửa"
    news_update(actor=province_officer, item=item, title="Tiêu đề sửa", body="Nội dung sửa")
    assert AuditEvent.objects.filter(action="news.update").count() == 1  # nothing changed, nothing recorded
    with pytest.raises(ValidationError, match="Unpublish"):
        news_delete(actor=province_officer, item=item)
    with pytest.raises(ValidationError, match="already published"):
        news_publish(actor=province_officer, item=item)
    with pytest.raises(ValidationError, match="title"):
        news_update(actor=province_officer, item=item, title="  ")


def test_image_is_checked_by_its_content(tree, province_officer, english):
    item = NewsItemFactory(unit=tree.province_a)
    with pytest.raises(ValidationError, match="JPEG or PNG"):
        news_image_add(actor=province_officer, item=item, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4"))
    with pytest.raises(ValidationError, match="does not match"):
        news_image_add(actor=province_officer, item=item, upload=SimpleUploadedFile("a.png", b"MZ not a png"))
    image = news_image_add(actor=province_officer, item=item, upload=SimpleUploadedFile("ảnh.png", PNG),
                           caption="Lễ ra quân")
    assert image.file.name.startswith("portal/") and "ảnh" not in image.file.name
    assert NewsImage.objects.count() == 1
    assert AuditEvent.objects.filter(action="news.image_add").count() == 1
