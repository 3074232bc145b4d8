"""Reads: what each role sees, and what the recognition engine is told."""

import datetime

import pytest
from django.http import Http404

from antq.incidents.selectors import (
    TrendCount,
    entry_units,
    get_evidence_for,
    get_incident_for,
    incident_facts,
    incident_list,
    trend_count,
    trend_counts,
)
from antq.incidents.tests.factories import (
    CrimeFactory,
    DisciplineIncidentFactory,
    IncidentEvidenceFactory,
    IncidentFactory,
    IncidentPersonFactory,
    YearlyTrendFigureFactory,
)
from antq.recognition.facts import IncidentFact, Period
from antq.units.tests.factories import CommuneFactory, ResidentialAreaFactory

# A KDC's evaluation period for 2025 (01/11/2024 – 31/10/2025) and the one before.
PERIOD = Period(datetime.date(2024, 11, 1), datetime.date(2025, 10, 31))
PREVIOUS = Period(datetime.date(2023, 11, 1), datetime.date(2024, 10, 31))


@pytest.fixture
def register(tree):
    """One incident in each unit of the tree (titles name the place)."""
    return type("Register", (), {
        name: CrimeFactory(unit=getattr(tree, name), title=f"Trộm cắp tại {getattr(tree, name).name}")
        for name in ("commune_a", "kdc_a", "agency_a", "commune_a2", "commune_b", "kdc_b")
    })


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("national_admin", {"commune_a", "kdc_a", "agency_a", "commune_a2", "commune_b", "kdc_b"}),
        ("province_officer", {"commune_a", "kdc_a", "agency_a", "commune_a2"}),
        ("viewer", {"commune_a", "kdc_a", "agency_a", "commune_a2"}),
        ("commune_officer", {"commune_a", "kdc_a", "agency_a"}),
        ("unit_reporter", {"kdc_a"}),
    ],
)
def test_each_role_sees_its_subtree(request, register, role, visible):
    actor = request.getfixturevalue(role)
    expected = {getattr(register, name).pk for name in visible}
    assert set(incident_list(actor=actor).values_list("pk", flat=True)) == expected
    for name in ("commune_a", "kdc_a", "agency_a", "commune_a2", "commune_b", "kdc_b"):
        incident = getattr(register, name)
        if name in visible:
            assert get_incident_for(actor, incident.pk) == incident
        else:
            with pytest.raises(Http404):
                get_incident_for(actor, incident.pk)


def test_anonymous_sees_nothing(register, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert not incident_list(actor=AnonymousUser()).exists()
    with pytest.raises(Http404):
        get_incident_for(AnonymousUser(), register.kdc_a.pk)


def test_missing_and_malformed_ids_answer_404(province_officer, register):
    for pk in (10**9, "abc", None):
        with pytest.raises(Http404):
            get_incident_for(province_officer, pk)


def test_list_filters(province_officer, tree, register):
    IncidentFactory(unit=tree.kdc_a, type="social_evil", title="Đánh bạc ăn tiền",
                    occurred_on=datetime.date(2024, 2, 1))
    withdrawn = CrimeFactory(unit=tree.kdc_a, title="Nhập nhầm", withdrawal_reason="Trùng",
                             withdrawn_at=datetime.datetime(2025, 4, 1, tzinfo=datetime.UTC))

    def titles(**filters):
        return set(incident_list(actor=province_officer, **filters).values_list("title", flat=True))

    assert titles(unit=tree.commune_a) == {"Trộm cắp tại Phường Ba Đình", "Trộm cắp tại Tổ dân phố Trúc Bạch",
                                           "Trộm cắp tại Trung tâm Y tế Ba Đình", "Đánh bạc ăn tiền"}
    assert titles(unit=tree.kdc_a) == {"Trộm cắp tại Tổ dân phố Trúc Bạch", "Đánh bạc ăn tiền"}
    assert titles(year=2024) == {"Đánh bạc ăn tiền"}
    assert titles(type="social_evil") == {"Đánh bạc ăn tiền"}
    assert titles(q="DANH BAC") == {"Đánh bạc ăn tiền"}
    assert titles(q="trộm  trúc") == {"Trộm cắp tại Tổ dân phố Trúc Bạch"}
    assert "Nhập nhầm" not in titles()
    assert "Nhập nhầm" in titles(include_withdrawn=True)
    assert withdrawn.is_withdrawn


def test_evidence_is_fetched_within_scope(commune_officer, viewer, tree):
    ours = IncidentEvidenceFactory(incident=CrimeFactory(unit=tree.kdc_a))
    theirs = IncidentEvidenceFactory(incident=CrimeFactory(unit=tree.kdc_b))
    assert get_evidence_for(commune_officer, ours.pk) == ours
    assert get_evidence_for(viewer, ours.pk) == ours
    with pytest.raises(Http404):
        get_evidence_for(commune_officer, theirs.pk)


def test_entry_units_are_the_commune_and_its_units_where_the_actor_enters_data(
        commune_officer, province_officer, unit_reporter, viewer, tree):
    assert entry_units(actor=commune_officer, area=None) == [tree.commune_a, tree.kdc_a, tree.agency_a]
    assert entry_units(actor=province_officer, area=None) == []  # a choice of communes first
    assert entry_units(actor=province_officer, area=tree.commune_a2) == [tree.commune_a2]
    assert entry_units(actor=unit_reporter, area=None) == [tree.kdc_a]
    assert entry_units(actor=unit_reporter, area=tree.commune_a) == [tree.kdc_a]
    assert entry_units(actor=viewer, area=tree.commune_a) == []


# For the engine ----------------------------------------------------------------------------------------------------

def test_incident_facts_of_a_kdc(tree):
    crime = CrimeFactory(unit=tree.kdc_a, severity="very_serious", detected_mitigated_reported=True,
                         occurred_on=PERIOD.start, title="Cướp tài sản")
    fire = IncidentFactory(unit=tree.kdc_a, type="fire_explosion_accident", force_majeure=True,
                           occurred_on=PERIOD.end, title="Cháy nhà do sét đánh")
    CrimeFactory(unit=tree.kdc_a, occurred_on=PERIOD.start - datetime.timedelta(days=1))  # before the period
    CrimeFactory(unit=tree.kdc_a, occurred_on=PERIOD.end + datetime.timedelta(days=1))  # after it
    CrimeFactory(unit=tree.kdc_a, occurred_on=datetime.date(2025, 1, 1), withdrawn_at=datetime.datetime(
        2025, 2, 1, tzinfo=datetime.UTC), withdrawal_reason="Nhập nhầm")
    CrimeFactory(unit=tree.commune_a, occurred_on=datetime.date(2025, 1, 1))  # the commune, above the KDC

    facts = incident_facts(unit=tree.kdc_a, period=PERIOD, include_sub_units=True)

    assert facts == (
        IncidentFact(id=crime.pk, type="crime", occurred_on=PERIOD.start, unit_name="Tổ dân phố Trúc Bạch",
                     severity="very_serious", detected_mitigated_reported=True, title="Cướp tài sản"),
        IncidentFact(id=fire.pk, type="fire_explosion_accident", occurred_on=PERIOD.end,
                     unit_name="Tổ dân phố Trúc Bạch", force_majeure=True, title="Cháy nhà do sét đánh"),
    )


def test_an_incident_in_a_kdc_counts_for_its_commune_when_sub_units_are_included(tree):
    own = CrimeFactory(unit=tree.commune_a, occurred_on=datetime.date(2025, 1, 10))
    in_kdc = CrimeFactory(unit=tree.kdc_a, occurred_on=datetime.date(2025, 2, 10))
    in_agency = IncidentFactory(unit=tree.agency_a, type="unlawful_strike", occurred_on=datetime.date(2025, 3, 10))
    deeper = ResidentialAreaFactory(parent=tree.commune_a, name="Thôn Mới")
    in_other_kdc = CrimeFactory(unit=deeper, occurred_on=datetime.date(2025, 4, 10))
    CrimeFactory(unit=tree.commune_a2, occurred_on=datetime.date(2025, 1, 10))  # another commune
    CrimeFactory(unit=tree.kdc_b, occurred_on=datetime.date(2025, 1, 10))  # another province

    with_sub = incident_facts(unit=tree.commune_a, period=PERIOD, include_sub_units=True)
    assert [(f.id, f.in_sub_unit) for f in with_sub] == [
        (own.pk, False), (in_kdc.pk, True), (in_agency.pk, True), (in_other_kdc.pk, True)]
    assert with_sub[1].unit_name == "Tổ dân phố Trúc Bạch"

    alone = incident_facts(unit=tree.commune_a, period=PERIOD, include_sub_units=False)
    assert [(f.id, f.in_sub_unit) for f in alone] == [(own.pk, False)]


def test_incidents_of_a_commune_merged_into_the_evaluated_one_count_as_its_own(tree):
    """The 2025 period straddles the reform: Jan–Jun 2025 happened in the former communes."""
    merged = CommuneFactory(parent=tree.province_a, name="Phường Trúc Bạch (cũ)", valid_from=None,
                            valid_to=datetime.date(2025, 6, 30))
    split = CommuneFactory(parent=tree.province_a, name="Xã Chia Đôi (cũ)", valid_from=None,
                           valid_to=datetime.date(2025, 6, 30))
    tree.commune_a.predecessors.add(merged, split)
    tree.commune_a2.predecessors.add(split)
    before_merger = CrimeFactory(unit=merged, occurred_on=datetime.date(2025, 3, 1))
    old_kdc = ResidentialAreaFactory(parent=merged, name="Tổ dân phố cũ")
    in_old_kdc = CrimeFactory(unit=old_kdc, occurred_on=datetime.date(2025, 4, 1))
    CrimeFactory(unit=split, occurred_on=datetime.date(2025, 3, 1))  # which side of the new border? unknown

    with_sub = incident_facts(unit=tree.commune_a, period=PERIOD, include_sub_units=True)
    assert [(f.id, f.in_sub_unit) for f in with_sub] == [(before_merger.pk, False), (in_old_kdc.pk, True)]
    alone = incident_facts(unit=tree.commune_a, period=PERIOD, include_sub_units=False)
    assert [f.id for f in alone] == [before_merger.pk]
    assert trend_count(unit=tree.commune_a, period=PERIOD, include_sub_units=True).count == 2
    assert incident_facts(unit=tree.commune_a2, period=PERIOD, include_sub_units=True) == ()


def test_incident_facts_carry_the_discipline_levels_in_three_queries(tree, django_assert_num_queries):
    incident = DisciplineIncidentFactory(unit=tree.agency_a, occurred_on=datetime.date(2025, 5, 5))
    IncidentPersonFactory(incident=incident, discipline="reprimand")
    IncidentPersonFactory(incident=incident, discipline="warning")
    other = DisciplineIncidentFactory(unit=tree.agency_a, occurred_on=datetime.date(2025, 6, 5))
    IncidentPersonFactory(incident=other, discipline="dismissal")
    with django_assert_num_queries(3):  # the merged predecessors, the incidents, their people
        facts = incident_facts(unit=tree.agency_a, period=PERIOD, include_sub_units=False)
    assert [f.discipline_levels for f in facts] == [("reprimand", "warning"), ("dismissal",)]


def test_trend_counts_from_the_register(tree):
    for day in (datetime.date(2025, 1, 1), datetime.date(2025, 2, 1)):
        CrimeFactory(unit=tree.kdc_a, occurred_on=day)
    IncidentFactory(unit=tree.kdc_a, type="social_evil", occurred_on=datetime.date(2025, 3, 1))
    IncidentFactory(unit=tree.kdc_a, type="other_violation", occurred_on=datetime.date(2025, 3, 1))
    IncidentFactory(unit=tree.kdc_a, type="fire_explosion_accident", occurred_on=datetime.date(2025, 3, 1))  # not
    IncidentFactory(unit=tree.kdc_a, type="new_hotspot", occurred_on=datetime.date(2025, 3, 1))  # not counted
    CrimeFactory(unit=tree.kdc_a, occurred_on=datetime.date(2025, 4, 1), withdrawn_at=datetime.datetime(
        2025, 5, 1, tzinfo=datetime.UTC), withdrawal_reason="Trùng")  # withdrawn
    CrimeFactory(unit=tree.kdc_a, occurred_on=datetime.date(2024, 5, 1))  # previous period
    CrimeFactory(unit=tree.commune_a, occurred_on=datetime.date(2025, 5, 1))  # the commune itself

    assert trend_counts(unit=tree.kdc_a, period=PERIOD, previous_period=PREVIOUS, include_sub_units=True) == (4, 1)
    assert trend_counts(unit=tree.commune_a, period=PERIOD, previous_period=PREVIOUS,
                        include_sub_units=True) == (5, 1)
    assert trend_counts(unit=tree.commune_a, period=PERIOD, previous_period=PREVIOUS,
                        include_sub_units=False) == (1, 0)


def test_an_entered_figure_replaces_the_registers_count_for_its_year(tree):
    CrimeFactory(unit=tree.kdc_a, occurred_on=datetime.date(2024, 5, 1))  # previous period, in the register
    CrimeFactory(unit=tree.kdc_a, occurred_on=datetime.date(2025, 5, 1))
    YearlyTrendFigureFactory(unit=tree.commune_a, year=2024, count=12)  # the previous period ends in 2024
    YearlyTrendFigureFactory(unit=tree.kdc_b, year=2025, count=40)  # someone else's

    assert trend_counts(unit=tree.commune_a, period=PERIOD, previous_period=PREVIOUS,
                        include_sub_units=True) == (1, 12)
    # The KDC's own count is not replaced by its commune's figure.
    assert trend_counts(unit=tree.kdc_a, period=PERIOD, previous_period=PREVIOUS, include_sub_units=True) == (1, 1)
    assert trend_count(unit=tree.commune_a, period=PREVIOUS, include_sub_units=True) == TrendCount(
        count=12, source="figure", year=2024)
    assert trend_count(unit=tree.commune_a, period=PERIOD, include_sub_units=True) == TrendCount(
        count=1, source="register", year=2025)


def test_a_figure_of_zero_still_replaces_the_register(tree):
    CrimeFactory(unit=tree.kdc_a, occurred_on=datetime.date(2025, 5, 1))
    YearlyTrendFigureFactory(unit=tree.kdc_a, year=2025, count=0)
    assert trend_counts(unit=tree.kdc_a, period=PERIOD, previous_period=PREVIOUS, include_sub_units=True) == (0, 0)
