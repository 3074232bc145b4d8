"""The deadline board: the pure computation, the one-query selector and the page."""

import datetime

import pytest
from django.urls import reverse

from antq.recognition.deadline_views import DeadlineBoardView
from antq.recognition.deadlines import (
    DECISION,
    DONE_LATE,
    DUE,
    LATE,
    REGISTRATION,
    UnitRow,
    deadline_board,
    deadline_rows,
)
from antq.recognition.tests.factories import RecognitionCaseFactory
from antq.units.tests.factories import AgencyFactory, ResidentialAreaFactory

YEAR = 2026
BOARD = reverse("recognition:deadlines")


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 9, tzinfo=datetime.UTC)


@pytest.fixture
def cases(tree):
    """Province A in YEAR (deadlines: registration 31/03; decisions KDC 15/11, others 20/11):

    kdc_a       registered 01/03, not decided
    commune_a   registered 10/04 (10 days late), dossier submitted
    agency_a    registered 15/03, decided 25/11 (5 days late)
    kdc_a2      registered 01/02, decided 10/11 (on time)
    commune_a2  not registered
    plus province B (noise) and an armed-forces agency (not covered by TT 124 art. 1.2).
    """
    tree.kdc_a2 = ResidentialAreaFactory(parent=tree.commune_a2, name="Thôn Đông")
    RecognitionCaseFactory(unit=tree.kdc_a, year=YEAR, registered_at=_at(datetime.date(YEAR, 3, 1)))
    RecognitionCaseFactory(unit=tree.commune_a, year=YEAR, status="submitted",
                           registered_at=_at(datetime.date(YEAR, 4, 10)))
    RecognitionCaseFactory(unit=tree.agency_a, year=YEAR, status="decided", result="met",
                           registered_at=_at(datetime.date(YEAR, 3, 15)), decision_date=datetime.date(YEAR, 11, 25))
    RecognitionCaseFactory(unit=tree.kdc_a2, year=YEAR, status="decided", result="met",
                           registered_at=_at(datetime.date(YEAR, 2, 1)), decision_date=datetime.date(YEAR, 11, 10))
    AgencyFactory(parent=tree.commune_a, is_armed_forces=True)
    RecognitionCaseFactory(unit=tree.commune_b, year=YEAR, registered_at=_at(datetime.date(YEAR, 6, 1)))
    return tree


def _counts(board) -> dict:
    c = board.total
    return {"units": c.units, "registered": c.registered, "registration_due": c.registration_due,
            "registration_late": c.registration_late, "registered_late": c.registered_late,
            "decision_due": c.decision_due, "decision_late": c.decision_late, "decided_late": c.decided_late}


def _board(tree, day, area=None):
    return deadline_board(deadline_rows(area=area or tree.province_a, year=YEAR), year=YEAR, today=day)


# --- the computation ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_before_the_registration_deadline(cases):
    board = _board(cases, datetime.date(YEAR, 3, 20))
    # commune_a registers only on 10/04: as of 20/03 it has not registered yet.
    assert _counts(board) == {"units": 5, "registered": 3, "registration_due": 2, "registration_late": 0,
                              "registered_late": 0, "decision_due": 3, "decision_late": 0, "decided_late": 0}
    assert {e.row.name for e in board.registration} == {cases.commune_a.name, cases.commune_a2.name}
    assert all(e.state == DUE and e.days_left == 11 for e in board.registration)


@pytest.mark.django_db
def test_after_the_registration_deadline(cases):
    board = _board(cases, datetime.date(YEAR, 4, 15))
    assert _counts(board) == {"units": 5, "registered": 4, "registration_due": 0, "registration_late": 1,
                              "registered_late": 1, "decision_due": 4, "decision_late": 0, "decided_late": 0}
    late, registered_late = board.registration
    assert late.stage == registered_late.stage == REGISTRATION
    assert (late.row.name, late.state, late.days_late) == (cases.commune_a2.name, LATE, 15)
    assert (registered_late.row.name, registered_late.state, registered_late.days_late) == (
        cases.commune_a.name, DONE_LATE, 10)


@pytest.mark.django_db
def test_kdc_decision_late_on_16_11_while_others_are_still_due(cases):
    board = _board(cases, datetime.date(YEAR, 11, 17))
    assert _counts(board) == {"units": 5, "registered": 4, "registration_due": 0, "registration_late": 1,
                              "registered_late": 1, "decision_due": 2, "decision_late": 1, "decided_late": 0}
    first, *others = board.decision
    assert (first.row.name, first.state, first.deadline, first.days_late) == (
        cases.kdc_a.name, LATE, datetime.date(YEAR, 11, 15), 2)
    assert {(e.row.name, e.state, e.deadline, e.days_left) for e in others} == {
        (cases.commune_a.name, DUE, datetime.date(YEAR, 11, 20), 3),
        (cases.agency_a.name, DUE, datetime.date(YEAR, 11, 20), 3),
    }
    assert board.by_kind["residential_area"].decision_late == 1
    assert board.by_kind["commune"].decision_due == 1 and board.by_kind["commune"].decision_late == 0
    # Deciding levels (two-tier government): KDC and commune-managed agency by the commune, communes by the province.
    assert list(board.by_level) == ["commune", "province"]
    assert (board.by_level["commune"].units, board.by_level["commune"].decision_late) == (3, 1)
    assert (board.by_level["province"].units, board.by_level["province"].decision_due) == (2, 1)


@pytest.mark.django_db
def test_after_every_decision_deadline(cases):
    board = _board(cases, datetime.date(YEAR, 11, 26))
    assert _counts(board) == {"units": 5, "registered": 4, "registration_due": 0, "registration_late": 1,
                              "registered_late": 1, "decision_due": 0, "decision_late": 2, "decided_late": 1}
    assert [(e.row.name, e.state, e.days_late) for e in board.decision] == [
        (cases.kdc_a.name, LATE, 11), (cases.commune_a.name, LATE, 6), (cases.agency_a.name, DONE_LATE, 5)]


@pytest.mark.django_db
def test_commune_area_and_province_b(cases):
    assert _counts(_board(cases, datetime.date(YEAR, 11, 26), area=cases.commune_a))["units"] == 3
    board_b = _board(cases, datetime.date(YEAR, 11, 26), area=cases.province_b)
    assert (board_b.total.units, board_b.total.registration_late, board_b.total.decision_late) == (2, 1, 1)


@pytest.mark.django_db  # the authority table in force may be a saved version
def test_deadline_day_is_still_due_and_unknown_authority_is_set_aside():
    kdc = UnitRow(unit_id=1, name="Thôn A", kind="residential_area", case_id=10, status="registered",
                  registered_on=datetime.date(YEAR, 3, 31))
    orphan = UnitRow(unit_id=2, name="Cơ quan không rõ cấp", kind="agency", managing_level="")
    on_day = deadline_board([kdc, orphan], year=YEAR, today=datetime.date(YEAR, 11, 15))
    assert [(e.stage, e.state, e.days_left) for e in on_day.decision] == [(DECISION, DUE, 0)]
    assert on_day.registration == [] and on_day.total.registered_late == 0
    assert on_day.unresolved == [orphan] and on_day.total.units == 1
    next_day = deadline_board([kdc], year=YEAR, today=datetime.date(YEAR, 11, 16))
    assert [(e.state, e.days_late) for e in next_day.decision] == [(LATE, 1)]


@pytest.mark.django_db
def test_rows_are_read_in_one_query(cases, django_assert_num_queries):
    ResidentialAreaFactory.create_batch(5, parent=cases.commune_a2)
    with django_assert_num_queries(1):
        rows = deadline_rows(area=cases.province_a, year=YEAR)
    assert len(rows) == 10
    assert {r.commune for r in rows if r.kind == "residential_area"} == {cases.commune_a.name, cases.commune_a2.name}


# --- the page -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_page_counts_and_lists(cases, province_officer, client_for):
    response = client_for(province_officer).get(BOARD, {"on": "17/11/2026"})
    assert response.status_code == 200
    assert response.context["area"] == cases.province_a and response.context["year"] == YEAR
    html = response.content.decode()
    assert 'data-count="decision_late">1<' in html
    assert 'data-count="decision_due">2<' in html
    assert 'data-count="registered_late">1<' in html
    assert f'data-unit="{cases.kdc_a.pk}" data-state="late"' in html
    assert "17/11/2026" in html


@pytest.mark.django_db
def test_default_area_is_the_first_role_unit(cases, commune_officer, client_for):
    response = client_for(commune_officer).get(BOARD, {"on": "26/11/2026"})
    assert response.context["area"] == cases.commune_a
    assert response.context["board"].total.units == 3


@pytest.mark.django_db
def test_area_out_of_scope_is_404(cases, commune_officer, client_for):
    client = client_for(commune_officer)
    assert client.get(BOARD, {"area": cases.province_b.pk}).status_code == 404
    assert client.get(BOARD, {"area": cases.province_a.pk}).status_code == 404
    assert client.get(BOARD, {"area": "abc"}).status_code == 404
    assert client.get(BOARD, {"area": cases.kdc_a.pk}).status_code == 200


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(BOARD)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.django_db
def test_invalid_day_shows_today(cases, province_officer, client_for):
    response = client_for(province_officer).get(BOARD, {"on": "31/02/2026"})
    assert response.status_code == 200 and response.context["on_invalid"]
    assert 'is-invalid' in response.content.decode()


@pytest.mark.django_db
def test_lists_are_capped_with_show_all(cases, province_officer, client_for, monkeypatch):
    monkeypatch.setattr(DeadlineBoardView, "list_size", 1)
    client = client_for(province_officer)
    capped = client.get(BOARD, {"on": "26/11/2026", "year": YEAR})
    decision = capped.context["lists"][1]
    assert (decision["total"], len(decision["entries"]), decision["capped"]) == (3, 1, True)
    assert 'id="deadlines-decision-all"' in capped.content.decode()
    full = client.get(BOARD, {"on": "26/11/2026", "year": YEAR, "area": cases.province_a.pk, "all": "decision"})
    assert len(full.context["lists"][1]["entries"]) == 3 and not full.context["lists"][1]["capped"]


# Session, user, grants, the area, the area picker (roots, communes below), the rows, the version of the
# authority table in force, and for the classification section the rules in force (read for the deadlines of
# every kind, and again by `classification_deadlines`) and its units: none per unit.
# 15 + 6 for the Festival Day section (antq.festival.selectors.festival_deadline_section) + 2 for the directives
# section (scope, obligations: antq.directives.selectors.directive_deadline_section)
PAGE_QUERIES = 23


@pytest.mark.django_db
def test_page_query_count_is_pinned(cases, province_officer, client_for, django_assert_num_queries):
    client = client_for(province_officer)
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get(BOARD, {"on": "26/11/2026"}).status_code == 200
    for unit in ResidentialAreaFactory.create_batch(6, parent=cases.commune_a2):
        RecognitionCaseFactory(unit=unit, year=YEAR)
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(BOARD, {"on": "26/11/2026"})
    assert response.context["board"].total.decision_late == 8
