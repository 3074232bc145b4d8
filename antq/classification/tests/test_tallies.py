"""Summary rows: kept current by decide and reopen, equal to a rebuild; the counts per block read them."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.http import Http404

from antq.accounts.scope import forget_grants
from antq.classification.models import ClassificationTally
from antq.classification.statistics import classification_counts
from antq.classification.tallies import tally_rebuild
from antq.classification.tests.factories import ClassificationFactory
from antq.classification.tests.test_workflow import _reviewed
from antq.classification.workflow import classification_decide, classification_reopen
from antq.units.models import Unit
from antq.units.tests.factories import (
    AgencyFactory,
    EnterpriseFactory,
    ResidentialAreaFactory,
    SchoolFactory,
)

YEAR = 2026


def _rows(year=YEAR):
    return sorted((t.area_id, t.block, t.level, t.count)
                  for t in ClassificationTally.objects.filter(year=year) if t.count)


def test_incremental_tallies_equal_a_rebuild(tree, unit_reporter, commune_officer, province_officer):
    kdcs = [tree.kdc_a, *(ResidentialAreaFactory(parent=tree.commune_a) for _ in range(3))]
    decided = []
    for index, kdc in enumerate(kdcs):
        classification = _reviewed(kdc, commune_officer, commune_officer, total=[95, 85, 60, 40][index])
        decided.append(classification_decide(actor=commune_officer, classification=classification))
    big = EnterpriseFactory(parent=tree.commune_a, managing_level="province", enterprise_size="large")
    classification = _reviewed(big, commune_officer, province_officer, total=75)
    classification_decide(actor=province_officer, classification=classification)
    classification = _reviewed(tree.commune_a, commune_officer, province_officer, total=72)
    classification_decide(actor=province_officer, classification=classification)
    # Reopened and decided again at another level; one left reopened.
    reopened = classification_reopen(actor=province_officer, classification=decided[1], reason="Xem lại")
    classification_decide(actor=commune_officer, classification=reopened, level="average", reason="Có vụ việc")
    classification_reopen(actor=province_officer, classification=decided[3], reason="Xem lại")

    incremental = _rows()
    assert (tree.country.pk, "residential_area", "average", 2) in incremental
    assert (tree.commune_a.pk, "commune", "good", 1) in incremental
    assert (tree.province_a.pk, "org_province", "good", 1) in incremental
    assert not any(block == "residential_area" and level == "weak" for _a, block, level, _n in incremental)
    assert tally_rebuild(year=YEAR) == len(incremental)
    assert _rows() == incremental


def test_rebuild_command_is_idempotent_and_per_year(tree):
    ClassificationFactory(unit=tree.kdc_a, status="decided", level="good", block="residential_area")
    ClassificationFactory(unit=tree.kdc_b, year=2025, status="decided", level="weak", block="residential_area")
    out = io.StringIO()
    call_command("classification_tally_rebuild", "2026", stdout=out)
    call_command("classification_tally_rebuild", "2026", stdout=out)
    assert "2026" in out.getvalue()
    assert _rows() == sorted([(tree.country.pk, "residential_area", "good", 1),
                              (tree.province_a.pk, "residential_area", "good", 1),
                              (tree.commune_a.pk, "residential_area", "good", 1)])
    assert not _rows(2025)


def test_counts_per_block_with_units_not_classified(tree, province_officer, commune_officer):
    # Communes: 3 in province A; agencies: 1 local (agency_a) + 1 province-managed; schools: 1.
    AgencyFactory(parent=tree.commune_a, managing_level="province")
    SchoolFactory(parent=tree.commune_a2)
    EnterpriseFactory(parent=tree.commune_a2, enterprise_size="micro")  # not covered: not counted
    for commune, level in ((tree.commune_a, "good"), (tree.commune_a2, "average")):
        ClassificationFactory(unit=commune, status="decided", level=level, block="commune")
    ClassificationFactory(unit=tree.kdc_a, status="decided", level="excellent", block="residential_area")
    tally_rebuild(year=YEAR)

    rows = {row.block: row for row in classification_counts(actor=province_officer, year=YEAR,
                                                            area=tree.province_a)}
    assert list(rows) == ["commune", "org_local", "org_province", "school", "residential_area"]
    communes = rows["commune"]
    assert (communes.units, communes.classified, communes.not_classified) == (2, 2, 0)
    assert communes.fraction("good") == "1/2" and communes.fraction("average") == "1/2"
    assert str(communes.share(1)) == "50.0"
    assert (rows["org_local"].units, rows["org_local"].not_classified) == (1, 1)
    assert (rows["org_province"].units, rows["school"].units) == (1, 1)
    assert rows["residential_area"].as_dict()["levels"]["excellent"] == {"count": 1, "fraction": "1/1",
                                                                         "share": "100.0"}
    assert rows["org_local"].as_dict()["not_classified_fraction"] == "1/1"
    # A commune area counts itself and its own units; another province's officer gets 404.
    own = {row.block: row for row in classification_counts(actor=commune_officer, year=YEAR, area=tree.commune_a)}
    assert own["commune"].fraction("good") == "1/1" and own["residential_area"].units == 1
    with pytest.raises(Http404):
        classification_counts(actor=commune_officer, year=YEAR, area=tree.province_b)


def test_counts_read_summary_rows_in_a_fixed_number_of_queries(tree, province_officer,
                                                               django_assert_num_queries):
    for _ in range(30):
        kdc = ResidentialAreaFactory(parent=tree.commune_a)
        ClassificationFactory(unit=kdc, status="decided", level="good", block="residential_area")
    tally_rebuild(year=YEAR)
    forget_grants(province_officer)  # read the grants inside the measured block, as a page does
    # grants and their predecessors, visibility, summary rows, the units' generation, units
    with django_assert_num_queries(6):
        rows = classification_counts(actor=province_officer, year=YEAR, area=tree.province_a)
    assert next(r for r in rows if r.block == "residential_area").fraction("good") == "30/31"


def test_unit_counts_come_from_the_cache_until_a_unit_is_written(tree, province_officer,
                                                                 django_assert_num_queries):
    ClassificationFactory(unit=tree.kdc_a, status="decided", level="good", block="residential_area")
    tally_rebuild(year=YEAR)

    def good() -> str:
        rows = classification_counts(actor=province_officer, year=YEAR, area=tree.province_a)
        return next(r for r in rows if r.block == "residential_area").fraction("good")

    assert good() == "1/1"
    with django_assert_num_queries(3):  # visibility, summary rows, the units' generation: no units read
        assert good() == "1/1"
    ResidentialAreaFactory(parent=tree.commune_a)  # a write moves the generation: counted at once
    assert good() == "1/2"
    Unit.objects.filter(parent=tree.commune_a, kind="residential_area").exclude(pk=tree.kdc_a.pk).update(
        valid_to=datetime.date(YEAR - 1, 12, 31))  # closed before the year, through a queryset update
    assert good() == "1/1"
