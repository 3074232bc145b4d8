import pytest
from django.urls import reverse

CRITERIA = reverse("recognition:criteria")
KDC_124 = reverse("recognition:criteria_set", args=["tt124_2021", "residential_area"])
COMMUNE_124 = reverse("recognition:criteria_set", args=["tt124_2021", "commune"])
SCHOOL_124 = reverse("recognition:criteria_set", args=["tt124_2021", "school"])
KDC_23 = reverse("recognition:criteria_set", args=["tt23_2012", "residential_area"])
AUTHORITIES = reverse("recognition:authorities")
PAGES = [CRITERIA, KDC_124, COMMUNE_124, KDC_23, AUTHORITIES]


def test_national_admin_sees_both_legal_bases(national_admin, client_for):
    html = client_for(national_admin).get(CRITERIA).content.decode()
    assert "Thông tư 124/2021/TT-BCA" in html and "Thông tư 23/2012/TT-BCA" in html
    assert "2012–2021" in html and "2022–" in html  # years, not "2.022" with the Vietnamese separator
    for code, kind in (("tt124_2021", "residential_area"), ("tt124_2021", "agency"), ("tt23_2012", "school")):
        assert reverse("recognition:criteria_set", args=[code, kind]) in html


def test_criteria_page_lists_each_criterion_with_article_text_and_exceptions(national_admin, client_for):
    response = client_for(national_admin).get(KDC_124)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="criterion-KDC-4b"' in html
    assert "Điều 4 khoản 4 điểm b" in html
    assert "Không để xảy ra tội phạm nghiêm trọng trở lên (trừ trường hợp bất khả kháng)" in html
    assert 'data-exceptions="force_majeure detected_mitigated_reported"' in html
    assert 'data-exceptions="force_majeure"' in html  # KDC-4d
    assert html.count('id="criterion-') == 18
    assert 'data-status="unconfirmed"' not in html


def test_inherited_criteria_are_shown_under_the_inheriting_clause(national_admin, client_for):
    html = client_for(national_admin).get(COMMUNE_124).content.decode()
    assert 'id="criterion-XA-2"' in html
    assert html.count('data-inherited="KDC-') == 14
    school = client_for(national_admin).get(SCHOOL_124).content.decode()
    inherited = [part.split('"')[0] for part in school.split('data-inherited="')[1:]]
    assert inherited == ["CQDN-3a", "CQDN-3b", "CQDN-3c", "CQDN-3dd", "CQDN-3e", "CQDN-3g"]


def test_unconfirmed_criteria_carry_a_badge(national_admin, client_for):
    html = client_for(national_admin).get(KDC_23).content.decode()
    assert 'data-status="unconfirmed"' in html and "Điều 5 khoản 4" in html


def test_authorities_page_shows_both_regimes_and_deadlines(national_admin, client_for):
    html = client_for(national_admin).get(AUTHORITIES).content.decode()
    assert 'id="regime-tt124_2021"' in html and 'id="regime-two_tier_2025"' in html
    assert "Chủ tịch Ủy ban nhân dân cấp huyện" in html and "20/11" in html and "15/11" in html
    assert 'data-rule="agency enterprise school:district province"' in html  # after the reform


@pytest.mark.parametrize("path", [
    reverse("recognition:criteria_set", args=["tt99_2030", "residential_area"]),
    reverse("recognition:criteria_set", args=["tt124_2021", "province"]),
])
def test_unknown_basis_or_kind_is_404(national_admin, client_for, path):
    assert client_for(national_admin).get(path).status_code == 404


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("role", ["province_officer", "commune_officer", "viewer"])
def test_other_roles_get_404(request, client_for, path, role):
    user = request.getfixturevalue(role)
    assert client_for(user).get(path).status_code == 404


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_is_sent_to_login(client, tree, path):
    response = client.get(path)
    assert response.status_code == 302 and reverse("accounts:login") in response.url


@pytest.mark.parametrize(("path", "queries"), [(CRITERIA, 7), (COMMUNE_124, 7), (AUTHORITIES, 8)])
def test_pages_read_no_data_beyond_the_request_baseline(national_admin, client_for, django_assert_num_queries, path,
                                                        queries):
    client = client_for(national_admin)
    client.get(path)
    # Session, user, role assignments and their units' predecessors, and the session save
    # (SESSION_SAVE_EVERY_REQUEST, in a savepoint): the criteria come from files, not the database.
    # The authority table adds one: the version in force (the file until an administrator saves one).
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 200
