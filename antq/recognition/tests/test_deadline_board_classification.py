"""The deadline board's classification section (QĐ 510/QĐ-BCA-V05 art. 11.3: KDC by 20/11; communes, CQ, DN,
CSGD by 30/11), read from `classification_deadlines` for the board's area, year and day."""

import datetime

import pytest
from django.urls import reverse

from antq.classification.deadlines import classification_deadlines
from antq.classification.tests.factories import ClassificationFactory
from antq.recognition.deadline_views import DeadlineBoardView
from antq.units.tests.factories import EnterpriseFactory, ResidentialAreaFactory

YEAR = 2026
BOARD = reverse("recognition:deadlines")


@pytest.fixture
def classifications(tree):
    """kdc_a decided 25/11 (5 days after 20/11), commune A2 submitted, a second KDC not started; commune A and
    agency A not started; a micro enterprise (not covered) never due."""
    EnterpriseFactory(parent=tree.commune_a, enterprise_size="micro")
    ResidentialAreaFactory(parent=tree.commune_a2, name="Thôn Đông")
    decided = ClassificationFactory(unit=tree.kdc_a, status="decided", level="good", block="residential_area",
                                    decided_at=datetime.datetime(YEAR, 11, 25, 3, tzinfo=datetime.UTC))
    submitted = ClassificationFactory(unit=tree.commune_a2, status="submitted")
    tree.decided, tree.submitted = decided, submitted
    return tree


def _section(client, **params):
    response = client.get(BOARD, {"year": YEAR, **params})
    assert response.status_code == 200
    html = response.content.decode()
    return response.context["classification"], html[html.index('id="deadlines-classification"'):]


def test_due_and_late_counts_per_kind_with_their_deadlines(classifications, province_officer, client):
    client.force_login(province_officer)
    section, html = _section(client, on="26/11/2026")
    entries = classification_deadlines(area=classifications.province_a, year=YEAR, today=datetime.date(YEAR, 11, 26))
    assert section["count"] == len(entries) == 5
    assert section["total"] == {"due": 3, "late": 1, "done_late": 1}  # KDC late after 20/11; the others due
    kinds = {row["kind"]: row for row in section["by_kind"]}
    assert list(kinds) == ["residential_area", "commune", "agency", "enterprise", "school"]
    assert (kinds["residential_area"]["deadline"], kinds["residential_area"]["late"],
            kinds["residential_area"]["done_late"]) == (datetime.date(YEAR, 11, 20), 1, 1)
    assert (kinds["commune"]["deadline"], kinds["commune"]["due"]) == (datetime.date(YEAR, 11, 30), 2)
    assert '<td class="text-end" data-field="deadline">20/11/2026</td>' in html
    assert '<td class="text-end" data-field="deadline">30/11/2026</td>' in html
    assert 'data-count="classification_late">1<' in html and 'data-count="classification_due">3<' in html
    assert f'href="{reverse("classification:detail", args=[classifications.submitted.pk])}"' in html
    assert f'data-unit="{classifications.kdc_a.pk}" data-state="done_late"' in html

    after, html = _section(client, on="01/12/2026")
    assert after["total"] == {"due": 0, "late": 4, "done_late": 1}


def test_a_commune_sees_its_own_and_the_list_is_capped(classifications, commune_officer, client, monkeypatch):
    client.force_login(commune_officer)
    section, html = _section(client, on="26/11/2026")
    assert section["count"] == 3  # kdc_a (decided late), commune A and agency A (due)
    assert f'data-unit="{classifications.commune_a2.pk}"' not in html
    monkeypatch.setattr(DeadlineBoardView, "list_size", 1)
    section, html = _section(client, on="26/11/2026")
    assert (len(section["entries"]), section["capped"]) == (1, True) and 'id="deadlines-classification-all"' in html
    section, _html = _section(client, on="26/11/2026", all="classification")
    assert (len(section["entries"]), section["capped"]) == (3, False)
    assert client.get(BOARD, {"year": YEAR, "area": classifications.commune_a2.pk}).status_code == 404
