"""The dashboard: each module's figures for the area and year, charts with their tables, scope, queries."""

import datetime
import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from antq.accounts.scope import forget_grants
from antq.accounts.tests.factories import UserFactory
from antq.classification.deadlines import classification_deadlines
from antq.classification.tallies import tally_rebuild
from antq.classification.tests.factories import ClassificationFactory
from antq.festival.tests.factories import FestivalEventFactory
from antq.recognition.deadlines import deadline_board, deadline_rows
from antq.recognition.statistics import recognition_statistics
from antq.recognition.tests.factories import RecognitionCaseFactory
from antq.reports.dashboard import dashboard, recognition_years
from antq.units.models import LEGACY_END, LocalKind, UnitKind
from antq.units.tests.factories import CommuneFactory, ResidentialAreaFactory, SchoolFactory, UnitFactory

YEAR = 2026
DASHBOARD = reverse("reports:dashboard")


def _recognised(unit, year, result="met", **extra):
    return RecognitionCaseFactory(unit=unit, year=year, status="decided", result=result,
                                  decision_date=datetime.date(year, 11, 10), **extra)


@pytest.fixture
def movement(tree):
    """Province A: commune A "good" in 2026 and "average" in 2025; two KDC (one "excellent" in 2026); recognition:
    kdc_a recognised in 2025 and 2026, commune A registered in 2026 and not decided, a school not registered."""
    kdc = ResidentialAreaFactory(parent=tree.commune_a, name="Thôn Mới")
    SchoolFactory(parent=tree.commune_a2, school_level="upper_secondary")
    ClassificationFactory(unit=tree.commune_a, status="decided", level="good", block="commune")
    ClassificationFactory(unit=tree.commune_a, year=2025, status="decided", level="average", block="commune")
    ClassificationFactory(unit=kdc, status="decided", level="excellent", block="residential_area")
    for year in (2025, 2026):
        tally_rebuild(year=year)
        _recognised(tree.kdc_a, year)
    RecognitionCaseFactory(unit=tree.commune_a, year=YEAR)
    return tree


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_the_dashboard_shows_each_modules_figures(movement, province_officer, client):
    client.force_login(province_officer)
    html = _html(client.get(DASHBOARD, {"area": movement.province_a.pk, "year": YEAR}))
    levels = html[html.index('id="dashboard-levels-table"'):]
    start = levels.index('data-block="commune"')
    commune_row = levels[start:levels.index("</tr>", start)]
    assert '<td class="text-end" data-level="good"><span data-fraction>1/2</span>' in commune_row
    recognition = html[html.index('id="dashboard-recognition-table"'):]
    kdc_row = recognition[recognition.index('data-kind="residential_area"'):]
    assert '<td class="text-end" data-field="recognised">1</td>' in kdc_row[:kdc_row.index("</tr>")]
    assert 'data-summary="recognised">1/' in html
    # Both trend tables hold the years up to the one shown.
    for table in ("dashboard-recognised-trend-table", "dashboard-level-trend-table"):
        part = html[html.index(f'id="{table}"'):]
        assert all(f'data-year="{y}"' in part[:part.index("</table>")] for y in range(2022, 2027))
    trend = html[html.index('id="dashboard-level-trend-table"'):]
    row_2025 = trend[trend.index('data-year="2025"'):trend.index('data-year="2026"')]
    assert 'data-level="average">1/' in row_2025
    assert f'href="{reverse("recognition:deadlines")}?area={movement.province_a.pk}&amp;year=2026"' in html
    assert f'{reverse("classification:statistics")}?area={movement.province_a.pk}&amp;year=2026' in html


def test_the_other_modules_show_their_report_sections_in_the_interface_language(movement, province_officer, client):
    FestivalEventFactory(unit=movement.kdc_a, held_on=datetime.date(YEAR, 8, 1), participants=120)
    client.force_login(province_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = _html(client.get(DASHBOARD, {"area": movement.province_a.pk, "year": YEAR}))
    festival = html[html.index('id="dashboard-section-festival"'):]
    festival = festival[:festival.index("</section>")]
    assert "Festival Day" in festival and "participants" in festival
    assert f'href="{reverse("festival:list")}?area={movement.province_a.pk}&amp;year=2026"' in festival
    # Recognition and classification have their own panels, not a second copy of their report section.
    assert 'id="dashboard-section-recognition"' not in html
    assert 'id="dashboard-section-classification"' not in html
    # A year with nothing recorded shows no empty section.
    assert 'id="dashboard-section-festival"' not in _html(
        client.get(DASHBOARD, {"area": movement.province_a.pk, "year": 2025}))


def test_charts_are_accessible_svg_drawn_on_the_server(movement, province_officer, client):
    client.force_login(province_officer)
    html = _html(client.get(DASHBOARD, {"area": movement.province_a.pk, "year": YEAR}))
    for chart in ("chart-levels", "chart-recognition", "chart-recognised-trend", "chart-level-trend"):
        svg = html[html.index(f'<figure class="mb-2 dashboard-chart" id="{chart}">'):]
        svg = svg[:svg.index("</svg>")]
        assert 'role="img"' in svg and f'aria-labelledby="{chart}-title {chart}-desc"' in svg
        assert f'<title id="{chart}-title">' in svg and f'<desc id="{chart}-desc">' in svg
        assert "<g aria-label=" in svg and "<rect " in svg
        # Coordinates are written with a dot whatever the language (Vietnamese writes 12,5).
        assert not re.search(r' (x|y|width|height)="[^"]*,', svg), chart
    levels = html[html.index('id="chart-levels"'):html.index("</figure>", html.index('id="chart-levels"'))]
    assert 'data-segment="good" data-count="1"' in levels and "<details" not in levels
    # Tables as alternatives: visible for the year, in a <details> for the trends.
    assert html.count('<details class="small"><summary>') >= 2
    # No script beyond the layout's own, nothing from elsewhere.
    assert html.count("<script") == 2 and "//cdn" not in html.lower() and "https://" not in html


def test_the_overdue_counts_are_the_boards(movement, province_officer):
    today = datetime.date(YEAR, 12, 5)
    board = dashboard(actor=province_officer, area=movement.province_a, year=YEAR, today=today)
    recognition = deadline_board(deadline_rows(area=movement.province_a, year=YEAR), year=YEAR, today=today).total
    assert board.overdue.recognition == recognition and recognition.decision_late == 1
    entries = classification_deadlines(area=movement.province_a, year=YEAR, today=today)
    assert board.overdue.classification["late"] == sum(e.state == "late" for e in entries) > 0
    assert board.overdue.late == recognition.registration_late + recognition.decision_late + \
        board.overdue.classification["late"]
    early = dashboard(actor=province_officer, area=movement.province_a, year=YEAR, today=datetime.date(YEAR, 10, 1))
    assert early.overdue.classification["late"] == 0 and early.overdue.classification["due"] > 0


def test_recognition_years_count_as_the_recognition_statistics(movement):
    _recognised(movement.commune_a2, 2024, result="not_met")
    years = [2024, 2025, 2026]
    by_year = recognition_years(paths=[movement.province_a.path], years=years)
    for year in years:
        assert by_year[year] == recognition_statistics(area=movement.province_a, year=year), year


def test_years_before_the_reform_are_counted_on_todays_units(movement, province_officer):
    old = UnitFactory(kind=UnitKind.PROVINCE, local_kind=LocalKind.TINH, parent=movement.country, code="45",
                      name="Tỉnh Cũ", valid_from=None, valid_to=LEGACY_END)
    communes = [CommuneFactory(parent=old, name=f"Xã Cũ {i}", valid_from=None, valid_to=LEGACY_END) for i in (1, 2)]
    movement.province_a.predecessors.add(old)
    movement.commune_a.predecessors.add(communes[0])
    ClassificationFactory(unit=communes[0], year=2023, status="decided", level="excellent", block="commune")
    tally_rebuild(year=2023)
    _recognised(communes[0], 2023)
    _recognised(communes[1], 2023, result="not_met")
    board = dashboard(actor=province_officer, area=movement.province_a, year=YEAR)
    assert board.remapped and board.years == [2022, 2023, 2024, 2025, 2026]
    trend = dict(board.level_trend())
    assert trend[2023].fraction("excellent").startswith("1/")
    recognised = dict(board.recognition_trend())
    assert (recognised[2023].recognised, recognised[2023].not_recognised) == (1, 1)


@pytest.mark.parametrize("who, area", [("commune_officer", "province_a"), ("commune_officer", "commune_a2"),
                                       ("province_officer", "province_b"), ("viewer", "commune_b")])
def test_areas_out_of_scope_answer_404(request, movement, client, who, area):
    client.force_login(request.getfixturevalue(who))
    assert client.get(DASHBOARD, {"area": getattr(movement, area).pk, "year": YEAR}).status_code == 404


def test_default_area_no_role_and_no_login(movement, commune_officer, client):
    assert client.get(DASHBOARD).status_code == 302
    client.force_login(UserFactory(username="khong_vai_tro"))
    assert client.get(DASHBOARD).status_code == 404
    client.force_login(commune_officer)
    html = _html(client.get(DASHBOARD, {"year": YEAR}))
    assert f'data-area-id="{movement.commune_a.pk}"' in html


def test_navigation_and_home_lead_to_the_dashboard(movement, province_officer, client):
    client.force_login(province_officer)
    home = _html(client.get(reverse("core:home")))
    assert f'id="home-dashboard" href="{DASHBOARD}"' in home
    page = _html(client.get(DASHBOARD))
    assert f'<a class="nav-link active" href="{DASHBOARD}"' in page
    assert f'<a class="nav-link" href="{reverse("reports:annual")}"' in page  # not both marked


def _queries(client, area) -> int:
    cache.clear()  # the uncached path, the one that reads the units and could grow with them
    with CaptureQueriesContext(connection) as queries:
        _html(client.get(DASHBOARD, {"area": area.pk, "year": YEAR}))
    return len(queries)


def test_queries_are_pinned_and_do_not_grow(movement, province_officer, client, django_assert_num_queries):
    client.force_login(province_officer)
    forget_grants(province_officer)
    # session (read, and saved on every request), user, grants and their predecessors, area; classification:
    # visibility, lineage, units, summary rows; recognition over the years (units, cases); deadline board (units,
    # authority table); classification deadlines (rules, units); area picker (2) — 20; then the other modules'
    # report sections (festival, outreach, teams, models and clubs, exemplars, commendations, directives) — 30;
    # the units' generation, which keys the cached unit counts — 1
    with django_assert_num_queries(51):
        client.get(DASHBOARD, {"area": movement.province_a.pk, "year": YEAR})
    before = _queries(client, movement.province_a)
    for index in range(8):
        commune = CommuneFactory(parent=movement.province_a, name=f"Xã Thêm {index}")
        kdc = ResidentialAreaFactory(parent=commune)
        ClassificationFactory(unit=kdc, status="decided", level="good", block="residential_area")
        ClassificationFactory(unit=kdc, year=2024, status="decided", level="weak", block="residential_area")
        _recognised(kdc, 2024)
        _recognised(commune, YEAR)
    tally_rebuild(year=2024)
    tally_rebuild(year=YEAR)
    assert _queries(client, movement.province_a) == before
