"""The portal demo step on conftest's tree (province_a has the code "44")."""

import io

from antq.core.demo import demo_run
from antq.core.models import AuditEvent
from antq.portal.models import NewsItem

STEPS = ["antq.units.demo", "antq.accounts.demo", "antq.portal.demo"]


def run():
    demo_run(province_code="44", stdout=io.StringIO(), steps=STEPS)


def test_demo_news_published_national_and_draft_and_idempotent(tree, client):
    run()
    items = NewsItem.objects.all()
    assert items.filter(unit=tree.country, status="published").count() == 1
    assert items.filter(unit=tree.province_a, status="published").count() == 3
    assert items.filter(unit=tree.province_a, status="draft").count() == 1
    assert AuditEvent.objects.filter(action="demo.portal").count() == 1
    counts = (items.count(), AuditEvent.objects.count())
    run()
    assert (NewsItem.objects.count(), AuditEvent.objects.count()) == counts
    html = client.get("/portal/").content.decode()
    assert "Tỉnh Quảng Trị" in html and "(dự thảo)" not in html
