"""Pages: scope (404 for another area, same as missing), forms, evidence downloads, query counts."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from antq.accounts.models import Role
from antq.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from antq.core.models import AuditEvent
from antq.incidents.models import Incident, IncidentEvidence, IncidentPerson, YearlyTrendFigure
from antq.incidents.tests.factories import (
    PDF_BYTES,
    CrimeFactory,
    DisciplineIncidentFactory,
    IncidentEvidenceFactory,
    IncidentFactory,
    IncidentPersonFactory,
    YearlyTrendFigureFactory,
)


@pytest.fixture
def other_commune_officer(tree):
    user = UserFactory(username="xa_b")
    RoleAssignmentFactory(user=user, role=Role.COMMUNE_OFFICER, unit=tree.commune_b)
    return user


def _state():
    return (list(Incident.objects.values_list("id", "title", "type", "withdrawn_at")),
            IncidentPerson.objects.count(), IncidentEvidence.objects.count(),
            list(YearlyTrendFigure.objects.values_list("id", "count")), AuditEvent.objects.count())


def _new_crime_data(unit, **extra):
    return {"unit": unit.pk, "type": "crime", "occurred_on": "05/03/2025", "title": "Trộm cắp xe máy",
            "severity": "less_serious", "description": "", **extra}


# List ---------------------------------------------------------------------------------------------------------------

def test_list_shows_the_province_to_its_officer_with_filters(province_officer, tree, client_for):
    CrimeFactory(unit=tree.kdc_a, title="Trộm cắp tài sản", severity="serious")
    IncidentFactory(unit=tree.commune_a2, title="Đánh bạc ăn tiền", occurred_on=datetime.date(2024, 6, 1))
    CrimeFactory(unit=tree.kdc_b, title="Vụ ở Lào Cai")
    client = client_for(province_officer)

    html = client.get(reverse("incidents:list")).content.decode()
    assert "Trộm cắp tài sản" in html and "Đánh bạc ăn tiền" in html and "Vụ ở Lào Cai" not in html
    assert "Nghiêm trọng" in html  # the severity label, in Vietnamese by default

    html = client.get(reverse("incidents:list"), {"q": "danh bac"}).content.decode()
    assert "Đánh bạc ăn tiền" in html and "Trộm cắp tài sản" not in html
    html = client.get(reverse("incidents:list"), {"area": tree.commune_a.pk}).content.decode()
    assert "Trộm cắp tài sản" in html and "Đánh bạc ăn tiền" not in html
    html = client.get(reverse("incidents:list"), {"year": "2024", "type": "social_evil"}).content.decode()
    assert "Đánh bạc ăn tiền" in html and "Trộm cắp tài sản" not in html


def test_list_of_another_area_is_404(commune_officer, tree, client_for):
    CrimeFactory(unit=tree.kdc_b, title="Vụ ở Lào Cai")
    response = client_for(commune_officer).get(reverse("incidents:list"), {"area": tree.commune_b.pk})
    assert response.status_code == 404


def test_list_partial_for_htmx_and_ids_unlocalized(province_officer, tree, client_for):
    incident = CrimeFactory(unit=tree.kdc_a)
    response = client_for(province_officer).get(reverse("incidents:list"), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert f'data-incident-id="{incident.pk}"' in html
    assert not re.search(r'data-incident-id="\d+\.\d+', html)


def test_list_query_count_does_not_grow_with_rows(province_officer, tree, client_for, django_assert_num_queries):
    client = client_for(province_officer)
    client.get(reverse("incidents:list"))  # warm the session
    for index in range(30):
        CrimeFactory(unit=tree.kdc_a if index % 2 else tree.agency_a)
    # Session and user (2), grants (2), years, areas (2), count, can-create, page (1), session save (3).
    with django_assert_num_queries(13):
        response = client.get(reverse("incidents:list"))
    assert response.context["page"].paginator.count == 30


def test_withdrawn_incidents_are_hidden_unless_asked_for(commune_officer, tree, client_for):
    CrimeFactory(unit=tree.kdc_a, title="Nhập nhầm", withdrawal_reason="Trùng",
                 withdrawn_at=timezone.now())
    client = client_for(commune_officer)
    assert "Nhập nhầm" not in client.get(reverse("incidents:list")).content.decode()
    assert "Nhập nhầm" in client.get(reverse("incidents:list"), {"withdrawn": "on"}).content.decode()


# Detail ----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("role", "status"),
    [("national_admin", 200), ("province_officer", 200), ("viewer", 200), ("commune_officer", 200),
     ("unit_reporter", 200), ("other_commune_officer", 404)],
)
def test_detail_by_role(request, tree, client_for, role, status):
    incident = DisciplineIncidentFactory(unit=tree.kdc_a, description="Dòng một\nDòng hai")
    IncidentPersonFactory(incident=incident, full_name="Lê Thị Lan", discipline="warning")
    IncidentEvidenceFactory(incident=incident, original_name="bien-ban.pdf")
    response = client_for(request.getfixturevalue(role)).get(reverse("incidents:detail", args=[incident.pk]))
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "Lê Thị Lan" in html and "Cảnh cáo" in html and "bien-ban.pdf" in html
        assert "Dòng một<br>Dòng hai" in html
        assert ('id="incident-edit"' in html) == (role != "viewer")


def test_detail_of_a_missing_incident_is_404(national_admin, client_for, tree):
    assert client_for(national_admin).get(reverse("incidents:detail", args=[10**9])).status_code == 404


def test_pages_need_login(client, tree):
    incident = CrimeFactory(unit=tree.kdc_a)
    for url in (reverse("incidents:list"), reverse("incidents:detail", args=[incident.pk]),
                reverse("incidents:create"), reverse("incidents:figures")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


# Create and edit -------------------------------------------------------------------------------------------------

def test_a_commune_officer_records_a_crime_with_a_day_first_date(commune_officer, tree, client_for):
    client = client_for(commune_officer)
    page = client.get(reverse("incidents:create")).content.decode()
    assert "Tổ dân phố Trúc Bạch" in page and "Xã Đông Hà" not in page
    assert "<optgroup" in page and "Tội phạm" in page
    assert 'name="severity"' not in page  # shown once a crime is chosen

    response = client.post(reverse("incidents:create"), _new_crime_data(tree.kdc_a))

    incident = Incident.objects.get()
    assert response.status_code == 302 and response.url == reverse("incidents:detail", args=[incident.pk])
    assert incident.occurred_on == datetime.date(2025, 3, 5)
    assert incident.created_by == commune_officer and incident.unit == tree.kdc_a


def test_choosing_crime_shows_the_severity_through_htmx(commune_officer, tree, client_for):
    client = client_for(commune_officer)
    html = client.get(reverse("incidents:create"), {"partial": "severity", "type": "crime"},
                      headers={"HX-Request": "true"}).content.decode()
    assert 'id="severity-block"' in html and 'name="severity"' in html and "<html" not in html
    html = client.get(reverse("incidents:create"), {"partial": "severity", "type": "staff_sanctioned"},
                      headers={"HX-Request": "true"}).content.decode()
    assert 'name="severity"' not in html and 'id="people-hint"' in html


def test_without_javascript_the_missing_severity_is_asked_for(commune_officer, tree, client_for):
    client = client_for(commune_officer)
    response = client.post(reverse("incidents:create"), _new_crime_data(tree.kdc_a, severity=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="severity"' in html and "invalid-feedback" in html
    assert not Incident.objects.exists()


def test_a_future_date_is_refused_on_the_form(commune_officer, tree, client_for):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client_for(commune_officer).post(
        reverse("incidents:create"), _new_crime_data(tree.kdc_a, occurred_on=tomorrow.strftime("%d/%m/%Y")))
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
    assert not Incident.objects.exists()


def test_a_commune_officer_cannot_record_for_another_commune(commune_officer, tree, client_for):
    client = client_for(commune_officer)
    before = _state()
    assert client.get(reverse("incidents:create"), {"area": tree.commune_b.pk}).status_code == 404
    assert client.post(reverse("incidents:create") + f"?area={tree.commune_b.pk}",
                       _new_crime_data(tree.kdc_b)).status_code == 404
    # Posting another commune's unit into one's own form is refused by the form's choices.
    response = client.post(reverse("incidents:create"), _new_crime_data(tree.kdc_b))
    assert response.status_code == 200
    assert _state() == before


@pytest.mark.parametrize("role", ["viewer"])
def test_a_viewer_cannot_open_the_form(request, tree, client_for, role):
    client = client_for(request.getfixturevalue(role))
    assert client.get(reverse("incidents:create")).status_code == 404
    assert client.get(reverse("incidents:create"), {"area": tree.commune_a.pk}).status_code == 404
    before = _state()
    assert client.post(reverse("incidents:create"), _new_crime_data(tree.kdc_a)).status_code == 404
    assert _state() == before


def test_a_province_officer_first_chooses_the_commune(province_officer, tree, client_for):
    client = client_for(province_officer)
    html = client.get(reverse("incidents:create")).content.decode()
    assert 'id="choose-commune"' in html and "Xã Đông Hà" in html and "Xã Bảo Yên" not in html
    assert f'value="{tree.commune_a.pk}"' in html
    html = client.get(reverse("incidents:create"), {"area": tree.commune_a.pk}).content.decode()
    assert "Tổ dân phố Trúc Bạch" in html


def test_edit_and_withdraw(commune_officer, tree, client_for):
    incident = CrimeFactory(unit=tree.kdc_a, title="Trộm cắp")
    client = client_for(commune_officer)
    form = client.get(reverse("incidents:update", args=[incident.pk])).content.decode()
    assert 'value="05/03/2025"' in form
    response = client.post(reverse("incidents:update", args=[incident.pk]),
                           _new_crime_data(tree.agency_a, title="Trộm cắp tài sản", severity="serious"))
    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.unit, incident.title, incident.severity) == (tree.agency_a, "Trộm cắp tài sản", "serious")

    assert client.post(reverse("incidents:withdraw", args=[incident.pk]), {"reason": ""}).status_code == 200
    response = client.post(reverse("incidents:withdraw", args=[incident.pk]), {"reason": "Nhập trùng"})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.is_withdrawn and incident.withdrawal_reason == "Nhập trùng"
    html = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert 'id="withdrawn-notice"' in html and 'id="incident-edit"' not in html
    assert client.get(reverse("incidents:update", args=[incident.pk])).status_code == 404


@pytest.mark.parametrize("role", ["viewer", "other_commune_officer"])
def test_others_cannot_edit_or_withdraw(request, tree, client_for, role):
    incident = CrimeFactory(unit=tree.kdc_a)
    client = client_for(request.getfixturevalue(role))
    before = _state()
    for name in ("incidents:update", "incidents:withdraw", "incidents:person_add", "incidents:evidence_add"):
        assert client.get(reverse(name, args=[incident.pk])).status_code == 404
    assert client.post(reverse("incidents:update", args=[incident.pk]),
                       _new_crime_data(tree.kdc_a, title="Đổi")).status_code == 404
    assert client.post(reverse("incidents:withdraw", args=[incident.pk]), {"reason": "x"}).status_code == 404
    assert _state() == before


def test_people_are_added_and_removed(commune_officer, tree, client_for):
    client = client_for(commune_officer)
    response = client.post(reverse("incidents:create"), {
        **_new_crime_data(tree.agency_a), "type": "staff_sanctioned", "severity": "", "title": "Viên chức bị kỷ luật"})
    incident = Incident.objects.get()
    assert response.url == reverse("incidents:person_add", args=[incident.pk])
    response = client.post(reverse("incidents:person_add", args=[incident.pk]),
                           {"full_name": "Lê Văn Bình", "role_in_unit": "staff", "discipline": "warning"})
    assert response.status_code == 302
    person = IncidentPerson.objects.get()
    response = client.post(reverse("incidents:person_remove", args=[person.pk]))
    assert response.status_code == 302 and not IncidentPerson.objects.exists()
    crime = CrimeFactory(unit=tree.kdc_a)
    assert client.get(reverse("incidents:person_add", args=[crime.pk])).status_code == 404


# Evidence ----------------------------------------------------------------------------------------------------------

def test_evidence_upload_and_scoped_download(commune_officer, viewer, other_commune_officer, tree, client_for):
    incident = CrimeFactory(unit=tree.kdc_a)
    client = client_for(commune_officer)
    response = client.post(reverse("incidents:evidence_add", args=[incident.pk]),
                           {"file": SimpleUploadedFile("Biên bản.pdf", PDF_BYTES, content_type="application/pdf")})
    assert response.status_code == 302
    evidence = IncidentEvidence.objects.get()
    assert not evidence.file.url.endswith("Biên bản.pdf")

    download = client.get(reverse("incidents:evidence_download", args=[evidence.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES  # reading it to the end closes the file
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download["Content-Disposition"] and "Bi%C3%AAn%20b%E1%BA%A3n.pdf" in download[
        "Content-Disposition"]

    client.logout()
    seen_by_viewer = client_for(viewer).get(reverse("incidents:evidence_download", args=[evidence.pk]))
    assert seen_by_viewer.status_code == 200 and b"".join(seen_by_viewer.streaming_content) == PDF_BYTES
    client.logout()
    other = client_for(other_commune_officer)
    assert other.get(reverse("incidents:evidence_download", args=[evidence.pk])).status_code == 404
    assert other.post(reverse("incidents:evidence_remove", args=[evidence.pk])).status_code == 404
    assert IncidentEvidence.objects.count() == 1


def test_a_wrong_file_is_refused_on_the_form(commune_officer, tree, client_for):
    incident = CrimeFactory(unit=tree.kdc_a)
    response = client_for(commune_officer).post(reverse("incidents:evidence_add", args=[incident.pk]),
                                                 {"file": SimpleUploadedFile("script.html", b"<script>")})
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
    assert not IncidentEvidence.objects.exists()


def test_evidence_is_removed_by_whoever_enters_data(commune_officer, viewer, tree, client_for):
    evidence = IncidentEvidenceFactory(incident=CrimeFactory(unit=tree.kdc_a))
    assert client_for(viewer).post(reverse("incidents:evidence_remove", args=[evidence.pk])).status_code == 404
    assert client_for(commune_officer).post(reverse("incidents:evidence_remove", args=[evidence.pk])).status_code == 302
    assert not IncidentEvidence.objects.exists()


# Yearly figures ------------------------------------------------------------------------------------------------

def test_figures_page_lists_the_communes_of_the_province(province_officer, tree, client_for):
    YearlyTrendFigureFactory(unit=tree.commune_a, year=2024, count=1234)
    client = client_for(province_officer)
    html = client.get(reverse("incidents:figures"), {"year": "2024"}).content.decode()
    rows = html[html.index('id="figure-rows"'):]
    assert "Phường Ba Đình" in rows and "Xã Đông Hà" in rows and "Xã Bảo Yên" not in html
    assert "1.234" in rows  # a count, localised
    assert "2.024" not in html and 'value="2024"' in html  # a year, never
    html = client.get(reverse("incidents:figures"), {"area": tree.commune_a.pk, "year": "2024"}).content.decode()
    rows = html[html.index('id="figure-rows"'):]
    assert "Tổ dân phố Trúc Bạch" in rows and "Xã Đông Hà" not in rows
    assert client.get(reverse("incidents:figures"), {"area": tree.commune_b.pk}).status_code == 404


def test_a_commune_officer_enters_a_figure(commune_officer, tree, client_for):
    client = client_for(commune_officer)
    url = reverse("incidents:figure_edit", args=[tree.kdc_a.pk])
    assert client.get(url, {"year": "2024"}).status_code == 200
    response = client.post(url, {"year": "2024", "count": "6", "note": "Sổ theo dõi"})
    assert response.status_code == 302
    assert YearlyTrendFigure.objects.get().count == 6
    html = client.get(url).content.decode()
    assert 'data-year="2024"' in html
    response = client.post(url, {"year": "2024", "delete": "1"})
    assert response.status_code == 302 and not YearlyTrendFigure.objects.exists()


@pytest.mark.parametrize(("role", "unit_attr"), [("viewer", "kdc_a"), ("other_commune_officer", "kdc_a"),
                                                 ("commune_officer", "agency_a"), ("commune_officer", "kdc_b")])
def test_figures_cannot_be_entered_outside_data_entry(request, tree, client_for, role, unit_attr):
    client = client_for(request.getfixturevalue(role))
    url = reverse("incidents:figure_edit", args=[getattr(tree, unit_attr).pk])
    before = _state()
    assert client.get(url).status_code == 404
    assert client.post(url, {"year": "2024", "count": "6"}).status_code == 404
    assert _state() == before


def test_a_filter_that_does_not_validate_leaves_the_others_working(province_officer, tree, client_for):
    CrimeFactory(unit=tree.kdc_a, title="Trộm cắp tài sản")
    IncidentFactory(unit=tree.kdc_a, title="Đánh bạc")
    client = client_for(province_officer)
    response = client.get(reverse("incidents:list"), {"type": "crime", "year": "1999"})
    assert response.context["page"].paginator.count == 0  # a valid year, with nothing in it
    response = client.get(reverse("incidents:list"), {"type": "crime", "year": "soon"})
    assert [i.title for i in response.context["page"]] == ["Trộm cắp tài sản"]
