import datetime

import pytest
from django.http import Http404

from antq.festival.models import FestivalEvent
from antq.festival.selectors import coverage, festival_missing, get_event_for
from antq.festival.tests.factories import FestivalEventFactory
from antq.units.tests.factories import ResidentialAreaFactory, SchoolFactory


def test_acceptance_100_percent_when_every_kdc_held_it(commune_officer, tree):
    second = ResidentialAreaFactory(parent=tree.commune_a, name="Tổ dân phố 2")
    FestivalEventFactory(unit=tree.kdc_a)
    FestivalEventFactory(unit=second)
    result = coverage(actor=commune_officer, area=tree.commune_a, year=2025)
    kdc = result.of("residential_area")
    assert (kdc.held, kdc.total, kdc.share) == (2, 2, 100)
    assert result.missing == [tree.agency_a]  # the agency has not held its own
    assert result.deadline == datetime.date(2025, 8, 19)


def test_missing_units_are_listed_and_planned_events_do_not_count(commune_officer, tree):
    second = ResidentialAreaFactory(parent=tree.commune_a, name="Tổ dân phố 10")
    school = SchoolFactory(parent=tree.commune_a, name="Trường THCS Ba Đình")
    FestivalEventFactory(unit=tree.kdc_a)
    FestivalEventFactory(unit=second, status=FestivalEvent.Status.PLANNED, held_on=datetime.date(2025, 8, 10))
    FestivalEventFactory(unit=tree.kdc_b)  # another province: not counted
    result = coverage(actor=commune_officer, area=tree.commune_a, year=2025)
    assert result.of("residential_area").share == 50
    assert result.missing == [second, tree.agency_a, school]
    lines = festival_missing(actor=commune_officer, area=tree.commune_a, year=2025)
    assert [(m.unit, m.planned_on) for m in lines][0] == (second, datetime.date(2025, 8, 10))
    assert result.participants == 100 and result.events_held == 1


def test_coverage_and_events_are_scoped(commune_officer, tree):
    with pytest.raises(Http404):
        coverage(actor=commune_officer, area=tree.commune_b, year=2025)
    other = FestivalEventFactory(unit=tree.kdc_b)
    with pytest.raises(Http404):
        get_event_for(commune_officer, other.pk)
    with pytest.raises(Http404):
        get_event_for(commune_officer, "x")


def test_a_unit_closed_before_the_window_ended_is_not_counted(commune_officer, tree):
    ResidentialAreaFactory(parent=tree.commune_a, valid_from=datetime.date(2020, 1, 1),
                           valid_to=datetime.date(2025, 7, 1))
    assert coverage(actor=commune_officer, area=tree.commune_a, year=2025).of("residential_area").total == 1


def test_report_section_prints_100_percent_of_kdc(commune_officer, national_admin, tree):
    from django.utils import translation

    from antq.festival.report_section import report_section

    FestivalEventFactory(unit=tree.kdc_a, gifts_value=5_000_000)
    with translation.override("vi"):
        section = report_section(actor=commune_officer, area=tree.commune_a, year=2025)
    assert section.sentences[0].startswith("100\u00a0%")
    assert "(1/1)" in section.sentences[0]
    assert "Trung tâm Y tế Ba Đình" in section.sentences[-1]
    assert section.tables[0].total == ("Total", "2", "1", "50\u00a0%") or section.tables[0].total[3] == "50\u00a0%"
    assert report_section(actor=national_admin, area=tree.commune_a2, year=2025) is None
