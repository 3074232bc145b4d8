import datetime

from django.urls import reverse

from antq.core.models import AuditEvent
from antq.units.models import Unit
from antq.units.tests.factories import CommuneFactory, ProvinceFactory


def test_home_shows_counts_by_kind_in_scope(province_officer, tree, client_for):
    response = client_for(province_officer).get(reverse("core:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-kind="commune">2<' in html  # Ba Đình and Đông Hà, not Bảo Yên
    assert 'data-kind="residential_area">1<' in html
    assert 'data-kind="province">1<' in html


def test_index_goes_straight_to_the_only_root(commune_officer, tree, client_for):
    response = client_for(commune_officer).get(reverse("units:index"))
    assert response.status_code == 302 and response.url == reverse("units:detail", args=[tree.commune_a.pk])


def test_search_is_accent_insensitive_and_scoped(province_officer, tree, client_for):
    client = client_for(province_officer)
    html = client.get(reverse("units:search"), {"q": "ba dinh"}).content.decode()
    assert "Phường Ba Đình" in html
    html = client.get(reverse("units:search"), {"q": "bao yen"}).content.decode()
    assert "Xã Bảo Yên" not in html  # another province


def test_search_partial_for_htmx(province_officer, tree, client_for):
    response = client_for(province_officer).get(
        reverse("units:search"), {"q": "dong ha"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "Xã Đông Hà" in html and "<html" not in html


def test_commune_page_lists_children_with_counts(province_officer, tree, client_for):
    html = client_for(province_officer).get(reverse("units:detail", args=[tree.province_a.pk])).content.decode()
    assert "Phường Ba Đình" in html and "Xã Đông Hà" in html
    html = client_for(province_officer).get(reverse("units:detail", args=[tree.commune_a.pk])).content.decode()
    assert 'id="children-residential_area"' in html and "Tổ dân phố Trúc Bạch" in html
    assert 'id="children-agency"' in html and "Trung tâm Y tế Ba Đình" in html


def test_historical_view_shows_units_valid_on_that_day(national_admin, tree, client_for):
    old = ProvinceFactory(
        parent=tree.country, name="Tỉnh Quảng Bình", valid_from=None, valid_to=datetime.date(2025, 6, 30)
    )
    CommuneFactory(parent=old, name="Xã Cũ Ngày Xưa", valid_from=None, valid_to=datetime.date(2025, 6, 30))
    tree.province_a.predecessors.add(old)
    client = client_for(national_admin)
    today = client.get(reverse("units:detail", args=[tree.country.pk])).content.decode()
    assert "Tỉnh Quảng Trị" in today and "Tỉnh Quảng Bình" not in today
    past = client.get(reverse("units:detail", args=[tree.country.pk]), {"on": "05/03/2020"}).content.decode()
    assert "Tỉnh Quảng Bình" in past and "Tỉnh Quảng Trị" not in past
    lineage = client.get(reverse("units:detail", args=[tree.province_a.pk])).content.decode()
    assert 'id="predecessors"' in lineage and "Tỉnh Quảng Bình" in lineage


def test_create_form_reads_dates_day_first(commune_officer, tree, client_for):
    response = client_for(commune_officer).post(
        reverse("units:create", args=[tree.commune_a.pk]) + "?kind=residential_area",
        {"kind": "residential_area", "name": "Tổ dân phố Số 9", "local_kind": "to_dan_pho", "valid_from": "05/03/2025"},
    )
    assert response.status_code == 302
    assert Unit.objects.get(name="Tổ dân phố Số 9").valid_from == datetime.date(2025, 3, 5)


def test_create_form_shows_errors_and_creates_nothing(commune_officer, tree, client_for):
    before = Unit.objects.count()
    response = client_for(commune_officer).post(
        reverse("units:create", args=[tree.commune_a.pk]) + "?kind=enterprise",
        {"kind": "enterprise", "name": "Công ty Lỗi", "valid_from": "31/02/2025"},
    )
    assert response.status_code == 200
    assert b"invalid-feedback" in response.content
    assert Unit.objects.count() == before


def test_edit_page_updates_an_organisation(commune_officer, tree, client_for):
    response = client_for(commune_officer).post(
        reverse("units:update", args=[tree.agency_a.pk]),
        {"name": "Trung tâm Y tế Ba Đình", "managing_level": "province", "address": "Phố Đội Cấn"},
    )
    assert response.status_code == 302
    tree.agency_a.refresh_from_db()
    assert tree.agency_a.managing_level == "province"


def test_official_commune_cannot_be_edited_by_its_officer(commune_officer, tree, client_for):
    response = client_for(commune_officer).get(reverse("units:update", args=[tree.commune_a.pk]))
    assert response.status_code == 404


def test_audit_trail_is_for_administrators(national_admin, commune_officer, tree, client_for, client):
    client_for(commune_officer).post(
        reverse("units:create", args=[tree.commune_a.pk]) + "?kind=residential_area",
        {"kind": "residential_area", "name": "Thôn Ghi Vết", "local_kind": "thon"},
    )
    assert client.get(reverse("core:audit")).status_code == 404
    client.logout()
    unit = Unit.objects.get(name="Thôn Ghi Vết")
    html = client_for(national_admin).get(reverse("core:audit"), {"type": "units.unit", "id": unit.pk}).content.decode()
    assert "unit.create" in html and "Thôn Ghi Vết" in html and str(commune_officer) in html
    assert AuditEvent.objects.filter(target_id=str(unit.pk)).count() == 1


def test_commune_page_orders_numbers_naturally_and_flags_uncovered_organisations(commune_officer, tree, client_for):
    from antq.units.tests.factories import EnterpriseFactory, ResidentialAreaFactory

    for n in (10, 2, 1):
        ResidentialAreaFactory(parent=tree.commune_a, name=f"Tổ dân phố {n}", local_kind="to_dan_pho")
    EnterpriseFactory(parent=tree.commune_a, name="Cơ sở May Nhỏ", enterprise_size="micro")
    html = client_for(commune_officer).get(reverse("units:detail", args=[tree.commune_a.pk])).content.decode()
    assert html.index("Tổ dân phố 1<") < html.index("Tổ dân phố 2<") < html.index("Tổ dân phố 10<")
    enterprise_row = html[html.index("Cơ sở May Nhỏ") :][:600]
    assert 'class="badge' in enterprise_row
