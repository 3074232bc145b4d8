import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import translation

from antq.core.models import AuditEvent
from antq.outreach.models import OutreachActivity, OutreachForm
from antq.outreach.report_section import over_text, report_section, totals_sentences
from antq.outreach.selectors import get_activity_for, outreach_totals
from antq.outreach.services import (
    outreach_activity_create,
    outreach_activity_delete,
    outreach_activity_update,
)
from antq.outreach.tests.factories import OutreachActivityFactory


def _create(actor, unit, **values):
    return outreach_activity_create(actor=actor, unit=unit, **{
        "held_on": datetime.date(2025, 4, 2), "form": OutreachForm.LEAFLET, "topic": "cyber_fraud",
        "title": "  Phát  tờ rơi ", **values})


def test_create_update_delete_are_audited(commune_officer, tree):
    activity = _create(commune_officer, tree.kdc_a, pages=12, copies=500)
    assert activity.title == "Phát tờ rơi" and activity.topic_label == "Cyber fraud"
    outreach_activity_update(actor=commune_officer, activity=activity, audience=80)
    outreach_activity_delete(actor=commune_officer, activity=activity)
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "outreach_activity.create", "outreach_activity.update", "outreach_activity.delete"]


@pytest.mark.parametrize("values, field", [
    ({"topic": "astrology"}, "topic"),
    ({"form": "telepathy"}, "form"),
    ({"held_on": datetime.date(2999, 1, 1)}, "held_on"),
    ({"title": " "}, "title"),
])
def test_bad_input_is_refused(commune_officer, tree, values, field):
    with pytest.raises(ValidationError) as exc:
        _create(commune_officer, tree.kdc_a, **values)
    assert field in exc.value.message_dict
    assert not OutreachActivity.objects.exists()


def test_scope(commune_officer, viewer, tree):
    with pytest.raises(ValidationError):
        _create(commune_officer, tree.kdc_b)
    with pytest.raises(ValidationError):
        _create(viewer, tree.kdc_a)
    other = OutreachActivityFactory(unit=tree.kdc_b)
    with pytest.raises(Http404):
        get_activity_for(commune_officer, other.pk)
    with pytest.raises(Http404):
        outreach_totals(actor=commune_officer, area=tree.commune_b)


def test_totals_per_period_and_area_read_like_the_reports(commune_officer, tree):
    OutreachActivityFactory(unit=tree.kdc_a, audience=1500, pages=2100, copies=3000)
    OutreachActivityFactory(unit=tree.agency_a, form=OutreachForm.VIDEO, topic="traffic", pages=2020, clips=3)
    OutreachActivityFactory(unit=tree.kdc_a, held_on=datetime.date(2024, 5, 1), pages=999)  # another year
    OutreachActivityFactory(unit=tree.kdc_b, pages=10_000)  # another province
    totals = outreach_totals(actor=commune_officer, area=tree.commune_a, start=datetime.date(2025, 1, 1),
                             end=datetime.date(2025, 12, 31))
    assert (totals.activities, totals.pages, totals.copies, totals.clips) == (2, 4120, 3000, 3)
    assert [line.code for line in totals.by_form] == ["oral", "video"]
    with translation.override("vi"):
        assert over_text(4120) == "over 4.000" or over_text(4120).endswith("4.000")
        sentences = totals_sentences(totals)
    assert "4.000" in sentences[1] and "3.000" in sentences[1]
    section = report_section(actor=commune_officer, area=tree.commune_a, year=2025)
    assert section.key == "outreach" and section.tables[0].total[1] == "2"
    assert report_section(actor=commune_officer, area=tree.commune_a, year=2023) is None


def test_pages(commune_officer, tree, client_for):
    client = client_for(commune_officer)
    assert client.get(reverse("outreach:create")).status_code == 200
    response = client.post(reverse("outreach:create"), {
        "unit": tree.kdc_a.pk, "held_on": "02/04/2025", "form": "oral", "topic": "drugs", "title": "Nói chuyện",
        "audience": "120"})
    assert response.status_code == 302
    activity = OutreachActivity.objects.get()
    assert activity.held_on == datetime.date(2025, 4, 2)
    response = client.get(reverse("outreach:list") + "?start=01/01/2025&end=31/12/2025")
    assert response.status_code == 200 and response.context["totals"].audience == 120
    assert client.get(reverse("outreach:update", args=[activity.pk])).status_code == 200
    other = OutreachActivityFactory(unit=tree.kdc_b)
    assert client.get(reverse("outreach:update", args=[other.pk])).status_code == 404
    assert client.post(reverse("outreach:delete", args=[other.pk])).status_code == 404
    assert client.get(reverse("outreach:list") + f"?area={tree.commune_b.pk}").status_code == 404
