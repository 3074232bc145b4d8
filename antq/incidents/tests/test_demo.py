"""The demo step on conftest's tree after the units and accounts steps (province_a has the code "44")."""

import datetime
import io

import pytest
from django.utils import timezone

from antq.accounts.demo import residential_area_of_reporter
from antq.core.demo import demo_run
from antq.core.models import AuditEvent
from antq.incidents.demo import SET_PIECES, demo_year, window
from antq.incidents.models import Incident, IncidentPerson, YearlyTrendFigure
from antq.incidents.selectors import incident_facts, trend_counts
from antq.incidents.services import incident_validate
from antq.recognition.facts import Period
from antq.units.models import UnitKind

STEPS = ["antq.units.demo", "antq.accounts.demo", "antq.incidents.demo"]


def run() -> str:
    out = io.StringIO()
    demo_run(province_code="44", stdout=out, steps=STEPS)
    return out.getvalue()


def _kdc_period(year: int) -> Period:
    return Period(datetime.date(year - 1, 11, 1), datetime.date(year, 10, 31))


@pytest.fixture
def demo(tree):
    run()
    return tree


def test_demo_year_is_the_last_one_whose_periods_ended():
    assert demo_year(datetime.date(2026, 11, 22)) == 2026
    assert demo_year(datetime.date(2026, 11, 15)) == 2025
    assert demo_year(datetime.date(2026, 3, 1)) == 2025
    assert window(2026) == (datetime.date(2025, 11, 16), datetime.date(2026, 10, 31))


def test_a_realistic_year_in_the_demo_province_only(demo):
    year = demo_year(timezone.localdate())
    incidents = list(Incident.objects.select_related("unit"))
    assert len(incidents) > 10
    assert all(i.unit.path.startswith(demo.province_a.path) for i in incidents)
    start, end = window(year - 1)[0], window(year)[1]
    assert all(start <= i.occurred_on <= end <= timezone.localdate() for i in incidents)
    for incident in incidents:
        incident_validate(incident, people_count=incident.people.count())
    crimes = [i for i in incidents if i.type == "crime"]
    less_serious = sum(1 for i in crimes if i.severity == "less_serious")
    assert less_serious > len(crimes) - less_serious
    assert {"social_evil", "other_violation"} <= {i.type for i in incidents}
    this_year = sum(1 for i in incidents if window(year)[0] <= i.occurred_on)
    assert this_year < len(incidents)  # the year before is in the register too


def test_the_set_pieces(demo):
    year = demo_year(timezone.localdate())
    by_title = {i.title: i for i in Incident.objects.select_related("unit__parent")}
    reported = by_title[SET_PIECES["kdc_reported"].title]
    unreported = by_title[SET_PIECES["kdc_unreported"].title]
    assert reported.unit == residential_area_of_reporter(demo.province_a)
    assert (reported.severity, reported.detected_mitigated_reported) == ("very_serious", True)
    assert (unreported.severity, unreported.detected_mitigated_reported) == ("very_serious", False)
    new_person = by_title[SET_PIECES["kdc_new_person"].title]
    kdcs = {reported.unit, unreported.unit, new_person.unit}
    assert len(kdcs) == 3 and all(u.kind == UnitKind.RESIDENTIAL_AREA and u.parent == demo.commune_a for u in kdcs)
    assert new_person.type == "new_social_evil_person"

    strike = by_title[SET_PIECES["enterprise_strike"].title]
    assert strike.type == "unlawful_strike" and strike.unit.kind == UnitKind.ENTERPRISE
    fire = by_title[SET_PIECES["kdc_fire"].title]
    assert fire.force_majeure and fire.type == "fire_explosion_accident" and fire.unit.parent == demo.commune_a2
    school = by_title[SET_PIECES["school_violence"].title]
    assert school.type == "school_violence" and school.unit.kind == UnitKind.SCHOOL
    staff = by_title[SET_PIECES["agency_staff"].title]
    assert list(staff.people.values_list("discipline", flat=True)) == ["warning"]

    # The KDC with the reported crime: only that incident this year, fewer than the year before.
    facts = incident_facts(unit=reported.unit, period=_kdc_period(year), include_sub_units=True)
    assert [f.id for f in facts] == [reported.pk]
    assert trend_counts(unit=reported.unit, period=_kdc_period(year), previous_period=_kdc_period(year - 1),
                        include_sub_units=True) == (1, 3)


def test_yearly_figures_for_the_year_before(demo):
    year = demo_year(timezone.localdate())
    figures = list(YearlyTrendFigure.objects.select_related("unit"))
    assert {f.year for f in figures} == {year - 1}
    assert {f.unit.kind for f in figures} == {UnitKind.COMMUNE, UnitKind.RESIDENTIAL_AREA}
    assert all(f.count >= 2 for f in figures if f.unit.kind == UnitKind.COMMUNE)


def test_second_run_changes_nothing(demo):
    incidents = set(Incident.objects.values_list("id", "unit_id", "title", "occurred_on"))
    people = IncidentPerson.objects.count()
    figures = set(YearlyTrendFigure.objects.values_list("id", "unit_id", "year", "count"))
    audit = set(AuditEvent.objects.values_list("id", flat=True))
    assert AuditEvent.objects.filter(action="demo.incidents").count() == 1

    output = run()

    assert set(Incident.objects.values_list("id", "unit_id", "title", "occurred_on")) == incidents
    assert IncidentPerson.objects.count() == people
    assert set(YearlyTrendFigure.objects.values_list("id", "unit_id", "year", "count")) == figures
    assert set(AuditEvent.objects.values_list("id", flat=True)) == audit
    assert "Incidents: 0 created" in output and "0 yearly figures created" in output


def test_a_deleted_incident_comes_back_the_same(demo):
    incident = Incident.objects.filter(type="crime").order_by("id").first()
    values = (incident.unit_id, incident.title, incident.occurred_on, incident.severity)
    incident.delete()
    run()
    again = Incident.objects.get(unit_id=values[0], title=values[1], occurred_on=values[2])
    assert again.severity == values[3] and again.pk != incident.pk


def test_incident_step_queries_do_not_grow_with_the_number_of_units(tree, django_assert_max_num_queries):
    demo_run(province_code="44", stdout=io.StringIO(), steps=STEPS[:2])
    with django_assert_max_num_queries(30):
        demo_run(province_code="44", stdout=io.StringIO(), steps=STEPS[2:])
    assert Incident.objects.count() > 10
