"""Statistics beyond one year and one area: years compared, the areas below, historic years on today's units.

Every figure is read from the summary rows: the tests change the classifications behind the rows' back and
the figures stay those of the rows.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from antq.accounts.scope import forget_grants
from antq.classification.models import Classification
from antq.classification.statistics import ALL_BLOCKS, BLOCKS, classification_statistics, lineages
from antq.classification.tallies import tally_rebuild
from antq.classification.tests.factories import ClassificationFactory
from antq.units.models import LEGACY_END, LocalKind, UnitKind
from antq.units.tests.factories import CommuneFactory, ResidentialAreaFactory, UnitFactory

PAGE = reverse("classification:statistics")


def _decided(unit, year, level, block):
    return ClassificationFactory(unit=unit, year=year, status="decided", level=level, block=block)


@pytest.fixture
def years(tree):
    """Four KDC of commune A (they exist in every year) classified in 2025 and 2026, commune A in 2026, and one
    result of 2011 (imported history)."""
    kdcs = [tree.kdc_a, *(ResidentialAreaFactory(parent=tree.commune_a, name=f"Thôn {i}") for i in (2, 3, 4))]
    for kdc, level in zip(kdcs, ("good", "good", "average"), strict=False):
        _decided(kdc, 2025, level, "residential_area")
    for kdc, level in zip(kdcs, ("excellent", "good", "good", "weak"), strict=True):
        _decided(kdc, 2026, level, "residential_area")
    _decided(tree.commune_a, 2026, "good", "commune")
    _decided(tree.kdc_a, 2011, "average", "residential_area")
    for year in (2011, 2025, 2026):
        tally_rebuild(year=year)
    # Behind the summary rows' back: the figures must not move (they are read from the rows, not grouped here).
    Classification.objects.update(level="weak")
    tree.kdcs = kdcs
    return tree


def test_years_compared_from_the_summary_rows(years, province_officer):
    stats = classification_statistics(actor=province_officer, area=years.province_a, year=2026, history=3)
    assert [y.year for y in stats.years] == [2011, 2024, 2025, 2026]  # three years, plus the earlier history
    y2026, y2025 = stats.years[-1], stats.years[-2]
    kdc = y2026.block("residential_area")
    assert (kdc.units, kdc.fraction("excellent"), kdc.fraction("good"), kdc.fraction("weak")) == (4, "1/4", "2/4",
                                                                                                 "1/4")
    assert y2025.block("residential_area").fraction("good") == "2/4"
    assert y2025.block("residential_area").not_classified == 1
    assert y2026.before is y2025 and stats.years[1].before.year == 2011
    excellent, good = y2026.change("residential_area", "excellent"), y2026.change("residential_area", "good")
    assert (excellent.count, str(excellent.share)) == (1, "25.0")
    assert (good.count, str(good.share)) == (0, "0.0")
    assert y2026.change("residential_area", "not_classified").count == -1
    assert stats.years[0].change("residential_area", "good") is None  # nothing before the first year
    # The communes only exist since 1/7/2025: none in 2024, one of two "good" in 2026.
    assert stats.years[1].block("commune").units == 0
    assert y2026.block("commune").fraction("good") == "1/2"
    assert y2026.block(ALL_BLOCKS).units == 4 + 2 + 1  # KDC, communes, the agency of commune A
    assert stats.years[0].block("residential_area").fraction("average") == "1/4"  # KDC with no dates: always


def test_years_on_the_page_and_in_the_api(years, province_officer, client):
    client.force_login(province_officer)
    html = client.get(PAGE, {"area": years.province_a.pk, "year": 2026, "years": 2}).content.decode()
    table = html[html.index('data-years-block="residential_area"'):]
    row = table[table.index('data-year="2026"'):table.index('data-year="2025"')]
    assert '<td class="text-end" data-level="excellent"><span data-fraction>1/4</span>' in row
    assert 'data-change="up"' in row and "+25,0" in row  # +1 unit, +25,0 percentage points
    assert 'data-year="2011"' in html

    api = APIClient()
    api.force_authenticate(province_officer)
    data = api.get("/api/v1/classification/counts/years/", {"area": years.province_a.pk, "year": 2026,
                                                             "years": 2}).data
    assert [y["year"] for y in data["years"]] == [2011, 2025, 2026]
    last = next(b for b in data["years"][-1]["blocks"] if b["block"] == "residential_area")
    assert last["levels"]["excellent"] == {"count": 1, "fraction": "1/4", "share": "25.0"}
    assert last["change"]["excellent"] == {"count": 1, "share": "25.0"}
    assert data["years"][-1]["compared_with"] == 2025


def test_the_areas_below_link_down_and_stay_in_scope(years, province_officer, commune_officer, national_admin,
                                                     client):
    client.force_login(province_officer)
    html = client.get(PAGE, {"area": years.province_a.pk, "year": 2026, "block": "residential_area"}).content.decode()
    areas = html[html.index('id="statistics-areas"'):]
    commune = areas[areas.index(f'data-child="{years.commune_a.pk}"'):]
    assert f'href="?area={years.commune_a.pk}&amp;year=2026&amp;block=residential_area"' in commune
    assert '<td class="text-end" data-level="good"><span data-fraction>2/4</span>' in commune[:commune.index("</tr>")]
    assert f'data-child="{years.commune_a2.pk}"' in areas
    # One level down: the commune's page, with the province in the breadcrumbs but not the country.
    html = client.get(PAGE, {"area": years.commune_a.pk, "year": 2026}).content.decode()
    crumbs = html[html.index('id="statistics-breadcrumbs"'):html.index("</nav>", html.index("statistics-breadcrumbs"))]
    assert f'data-crumb="{years.province_a.pk}"' in crumbs and f'data-crumb="{years.country.pk}"' not in crumbs

    # A commune officer sees its own commune (no breadcrumb above it) and nothing of another commune.
    client.force_login(commune_officer)
    html = client.get(PAGE, {"area": years.commune_a.pk, "year": 2026}).content.decode()
    assert "data-crumb=" not in html
    for area in (years.commune_a2, years.province_a, years.province_b):
        assert client.get(PAGE, {"area": area.pk, "year": 2026}).status_code == 404
        assert client.get(reverse("classification:statistics_xlsx"), {"area": area.pk}).status_code == 404
    api = APIClient()
    api.force_authenticate(commune_officer)
    for path in ("/api/v1/classification/counts/areas/", "/api/v1/classification/counts/years/",
                 "/api/v1/classification/counts/"):
        assert api.get(path, {"area": years.commune_a2.pk}).status_code == 404
    with pytest.raises(Http404):
        classification_statistics(actor=commune_officer, area=years.commune_a2, year=2026, children=True)

    # The Ministry drills from the nation: the provinces are the rows.
    stats = classification_statistics(actor=national_admin, area=years.country, year=2026, children=True)
    assert [row.unit for row in stats.children] == [years.province_b, years.province_a]  # Lào Cai, Quảng Trị
    assert stats.children[1].block("commune").fraction("good") == "1/2"
    api.force_authenticate(province_officer)
    data = api.get("/api/v1/classification/counts/areas/", {"area": years.province_a.pk, "year": 2026}).data
    assert [a["area"]["id"] for a in data["areas"]] == [years.commune_a.pk, years.commune_a2.pk]
    assert data["areas"][0]["all"]["levels"]["good"]["fraction"] == "3/6"  # 2 KDC and the commune, of 6 units


@pytest.fixture
def reform(tree):
    """A province of that time (Tỉnh Cũ) merged into province A, with one district and three communes:
    Xã Cũ 1 merged wholly into commune A, Xã Cũ 3 wholly into commune A2, Xã Cũ 2 split between the two.
    Results of 2024 on the units of that time (and one KDC of Xã Cũ 1)."""
    old = UnitFactory(kind=UnitKind.PROVINCE, local_kind=LocalKind.TINH, parent=tree.country, code="45",
                      name="Tỉnh Cũ", valid_from=None, valid_to=LEGACY_END)
    district = UnitFactory(kind=UnitKind.DISTRICT, local_kind=LocalKind.HUYEN, parent=old, code="451",
                           name="Huyện Cũ", valid_from=None, valid_to=LEGACY_END)
    c1, c2, c3 = (CommuneFactory(parent=district, code=f"9{i}", name=f"Xã Cũ {i}", valid_from=None,
                                 valid_to=LEGACY_END) for i in (1, 2, 3))
    kdc = ResidentialAreaFactory(parent=c1, name="Thôn Cũ", valid_to=LEGACY_END)
    tree.province_a.predecessors.add(old)
    tree.commune_a.predecessors.add(c1, c2)
    tree.commune_a2.predecessors.add(c2, c3)
    for unit, level, block in ((c1, "good", "commune"), (c2, "average", "commune"), (c3, "excellent", "commune"),
                               (kdc, "weak", "residential_area"), (district, "good", "district")):
        _decided(unit, 2024, level, block)
    tally_rebuild(year=2024)
    return type("Reform", (), {"tree": tree, "old": old, "district": district, "c1": c1, "c2": c2, "c3": c3,
                               "kdc": kdc})


def test_lineage_merged_and_split(reform):
    tree = reform.tree
    found = lineages([tree.commune_a, tree.commune_a2, tree.province_a])
    assert found[tree.commune_a.pk].merged == (reform.c1,)
    assert found[tree.commune_a.pk].split == ((reform.c2, ("Phường Ba Đình", "Xã Đông Hà")),)
    assert found[tree.commune_a2.pk].members == [tree.commune_a2, reform.c3]
    assert found[tree.province_a.pk].merged == (reform.old,)


def test_historic_year_on_the_units_of_that_time_and_on_todays(reform, province_officer, client):
    tree = reform.tree
    then = classification_statistics(actor=province_officer, area=tree.province_a, year=2024, children=True)
    assert not then.remapped and then.can_remap and not then.children  # today's communes did not exist
    assert next(b for b in then.blocks if b.block == "commune").units == 0
    # The province of that time holds the year as it was, with its district as the area below.
    old = classification_statistics(actor=province_officer, area=reform.old, year=2024, children=True)
    assert next(b for b in old.blocks if b.block == "commune").fraction("good") == "1/3"
    assert [r.unit for r in old.children] == [reform.district] and not old.can_remap

    now = classification_statistics(actor=province_officer, area=tree.province_a, year=2024, history=1,
                                    children=True, remap=True)
    assert now.remapped and now.merged == (reform.old,)
    communes = next(b for b in now.blocks if b.block == "commune")
    assert (communes.units, communes.fraction("excellent"), communes.fraction("good"),
            communes.fraction("average")) == (3, "1/3", "1/3", "1/3")
    rows = {r.unit.pk: r for r in now.children}
    assert rows[tree.commune_a.pk].block("commune").fraction("good") == "1/1"  # Xã Cũ 1, merged wholly
    assert rows[tree.commune_a.pk].block("residential_area").fraction("weak") == "1/2"  # Thôn Cũ, and kdc_a
    assert rows[tree.commune_a2.pk].block("commune").fraction("excellent") == "1/1"  # Xã Cũ 3
    apart = {r.unit.pk: r for r in now.unattributed}
    assert set(apart) == {reform.c2.pk, reform.district.pk}
    assert apart[reform.c2.pk].split_among == ("Phường Ba Đình", "Xã Đông Hà")
    assert apart[reform.c2.pk].block("commune").fraction("average") == "1/1"
    assert apart[reform.district.pk].block("district").fraction("good") == "1/1"
    # The areas below and the units apart add up to the area, block by block.
    for block in BLOCKS:
        parts = [r.block(block) for r in [*now.children, *now.unattributed]]
        total = now.years[-1].block(block)
        assert sum(p.units for p in parts) == total.units, block
        assert sum(p.classified for p in parts) == total.classified, block

    client.force_login(province_officer)
    html = client.get(PAGE, {"area": tree.province_a.pk, "year": 2024}).content.decode()
    assert f'data-historic-area="{reform.old.pk}"' in html and 'id="statistics-remap"' in html
    html = client.get(PAGE, {"area": tree.province_a.pk, "year": 2024, "remap": 1}).content.decode()
    assert 'data-remapped="yes"' in html and f'data-apart="{reform.c2.pk}"' in html
    assert f'data-child="{tree.commune_a.pk}"' in html and "data-historic-area" not in html
    assert f'href="?area={tree.commune_a.pk}&amp;year=2024&amp;remap=1"' in html
    api = APIClient()
    api.force_authenticate(province_officer)
    data = api.get("/api/v1/classification/counts/areas/", {"area": tree.province_a.pk, "year": 2024,
                                                             "remap": "true"}).data
    assert data["remapped"] and [a["area"]["id"] for a in data["unattributed"]] == [reform.district.pk, reform.c2.pk]
    counts = api.get("/api/v1/classification/counts/", {"area": tree.province_a.pk, "year": 2024, "remap": 1}).data
    assert next(b for b in counts["blocks"] if b["block"] == "commune")["levels"]["good"]["fraction"] == "1/3"


def test_a_commune_officer_sees_its_commune_with_the_communes_merged_into_it(reform, commune_officer):
    tree = reform.tree
    stats = classification_statistics(actor=commune_officer, area=tree.commune_a, year=2024, remap=True)
    assert stats.merged == (reform.c1,) and stats.split[0][0] == reform.c2
    communes = next(b for b in stats.blocks if b.block == "commune")
    assert (communes.units, communes.fraction("good")) == (1, "1/1")  # Xã Cũ 1 only; Xã Cũ 2 was split
    with pytest.raises(Http404):  # Xã Cũ 3 went to another commune: not this officer's
        classification_statistics(actor=commune_officer, area=reform.c3, year=2024)


def _page_queries(client, area, **params):
    cache.clear()  # the uncached path, the one that reads the units and could grow with them
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PAGE, {"area": area.pk, **params})
    assert response.status_code == 200
    return len(queries)


def test_the_page_reads_a_fixed_number_of_queries(reform, province_officer, client, django_assert_num_queries):
    tree = reform.tree
    client.force_login(province_officer)
    forget_grants(province_officer)
    # session (read, and saved on every request), user, grants and their predecessors, area, visibility, the
    # area's lineage (2: nothing split), the areas below and their lineage (3), units, summary rows, names of
    # the units apart, area picker (2), breadcrumbs, the units' generation (antq.core.generations)
    with django_assert_num_queries(22):
        client.get(PAGE, {"area": tree.province_a.pk, "year": 2024, "remap": 1, "years": 5})
    before = (_page_queries(client, tree.province_a, year=2024, remap=1),
              _page_queries(client, tree.province_a, year=2026))
    for index in range(10):  # more communes, each formed from a commune of that time, and more units
        commune = CommuneFactory(parent=tree.province_a, name=f"Xã Mới {index}")
        old = CommuneFactory(parent=reform.district, name=f"Xã Xưa {index}", valid_from=None, valid_to=LEGACY_END)
        commune.predecessors.add(old)
        for unit in (commune, old):
            _decided(ResidentialAreaFactory(parent=unit, valid_to=unit.valid_to), 2024 if unit is old else 2026,
                     "good", "residential_area")
    tally_rebuild(year=2024)
    tally_rebuild(year=2026)
    after = (_page_queries(client, tree.province_a, year=2024, remap=1),
             _page_queries(client, tree.province_a, year=2026))
    assert after == before
