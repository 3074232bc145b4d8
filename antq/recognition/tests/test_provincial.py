"""A province's extra criteria (TT 124/2021 art. 8.1): services, pages, and their effect on results."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from antq.accounts.models import Role
from antq.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from antq.core.models import AuditEvent
from antq.recognition.criteria import CriterionKind, criteria_set_for
from antq.recognition.evaluation import case_evaluate
from antq.recognition.models import AnswerStage, CaseAnswer, ProvincialCriterion
from antq.recognition.provincial import (
    provincial_criterion_create,
    provincial_criterion_delete,
    provincial_criterion_update,
    spec_of,
)
from antq.recognition.tests.factories import GOOD_FIGURES, RecognitionCaseFactory

YEAR = 2025
ARTICLE = "Quyết định 15/2025/QĐ-UBND tỉnh Quảng Trị, Điều 2"
MODELS = {  # at least two effective movement models: the national threshold (KDC-5) asks for one
    "code": "QT-1", "article": ARTICLE, "kind": "numeric", "unit_kinds": ["residential_area"],
    "text_vi": "Có từ 2 mô hình tự quản về an ninh, trật tự hoạt động hiệu quả trở lên",
    "figure": "effective_models", "operator": ">=", "value": Decimal(2),
}


@pytest.fixture(autouse=True)
def english(client, settings):
    """Messages are compared with their English msgids, whatever the catalogue holds (pages too)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def other_province_officer(tree):
    user = UserFactory(username="tinh_b")
    RoleAssignmentFactory(user=user, role=Role.PROVINCE_OFFICER, unit=tree.province_b)
    return user


def _create(actor, province, **changes):
    return provincial_criterion_create(actor=actor, province=province, year=YEAR, **{**MODELS, **changes})


def _complete_case(unit, year=YEAR, **kwargs):
    """A case whose every national must-have is answered "met" and every figure meets its threshold."""
    case = RecognitionCaseFactory(unit=unit, year=year, figures={k: str(v) for k, v in GOOD_FIGURES.items()},
                                  **kwargs)
    for criterion in criteria_set_for(unit.kind, year).criteria:
        if criterion.kind == CriterionKind.MUST_HAVE:
            CaseAnswer.objects.create(case=case, criterion_id=criterion.id, stage=AnswerStage.SELF, met=True,
                                      note="Có biên bản")
    return case


# --- acceptance: the extra criterion changes the result only in its province ---------------------


def test_a_provincial_extra_criterion_changes_the_result_only_in_that_province(tree, province_officer):
    _create(province_officer, tree.province_a)
    in_a = case_evaluate(_complete_case(tree.kdc_a), language="vi")
    in_b = case_evaluate(_complete_case(tree.kdc_b), language="vi")  # the same facts, another province
    extra = next(r for r in in_a.results if r.criterion.id == "QT-1")
    assert extra.status == "not_met" and extra.criterion.provincial
    assert ARTICLE in extra.explanation
    assert in_a.outcome == "not_recognised"
    assert "QT-1" not in {r.criterion.id for r in in_b.results}
    assert in_b.outcome == "recognised"


# --- services --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["province_officer", "national_admin"])
def test_the_province_and_the_national_administrator_add_criteria_audited(request, tree, role):
    actor = request.getfixturevalue(role)
    criterion = _create(actor, tree.province_a, text_vi="Có  2 mô hình\u0301", code="QT-1")
    criterion.refresh_from_db()
    assert (criterion.province, criterion.year, criterion.value) == (tree.province_a, YEAR, Decimal(2))
    assert criterion.created_by == actor and "  " not in criterion.text_vi
    event = AuditEvent.objects.get(action="recognition.extra_criterion.create")
    assert event.actor == actor and event.target_id == str(criterion.pk)
    assert event.after["code"] == "QT-1" and event.after["value"] == "2.00"


@pytest.mark.parametrize("role", ["commune_officer", "viewer", "unit_reporter", "other_province_officer"])
def test_others_may_not_add_change_or_remove(request, tree, province_officer, role):
    actor = request.getfixturevalue(role)
    with pytest.raises(ValidationError, match="You may not change the extra criteria of this province"):
        _create(actor, tree.province_a)
    criterion = _create(province_officer, tree.province_a)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="You may not change"):
        provincial_criterion_update(actor=actor, criterion=criterion, **{**MODELS, "value": Decimal(9)})
    with pytest.raises(ValidationError, match="You may not change"):
        provincial_criterion_delete(actor=actor, criterion=criterion)
    criterion.refresh_from_db()
    assert criterion.value == Decimal(2) and ProvincialCriterion.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_a_province_officer_may_not_add_criteria_to_a_commune(tree, province_officer):
    with pytest.raises(ValidationError, match="You may not change"):
        _create(province_officer, tree.commune_a)
    assert not ProvincialCriterion.objects.exists()


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"code": "QT 1"}, None, "bad criterion id"),
    ({"code": "KDC-4b"}, "code", "KDC-4b is a criterion of Thông tư 124/2021/TT-BCA"),
    ({"kind": "must_not_happen", "figure": "", "operator": "", "value": None}, "kind", "A provincial criterion is"),
    ({"kind": "inherited", "figure": "", "operator": "", "value": None}, "kind", "A provincial criterion is"),
    ({"kind": "bogus"}, "kind", "A provincial criterion is"),
    ({"figure": "camera_count"}, "figure", "Choose the figure"),
    ({"operator": "=>"}, "operator", "Choose how the figure is compared"),
    ({"value": None}, "value", "Give the threshold"),
    ({"figure": "households_registered_percent", "value": Decimal(120)}, "value", "between 0 and 100"),
    ({"kind": "must_have"}, "figure", "Only a threshold criterion compares a figure"),
    ({"unit_kinds": ["province"]}, "unit_kinds", "Choose among residential areas"),
    ({"article": " "}, "article", "cannot be blank"),
    ({"text_vi": ""}, "text_vi", "cannot be blank"),
    ({"value": Decimal("2.555")}, "value", "decimal places"),
])
def test_a_criterion_the_engine_could_not_apply_is_refused_and_nothing_is_saved(tree, province_officer, changes,
                                                                                field, message):
    with pytest.raises(ValidationError) as raised:
        _create(province_officer, tree.province_a, **changes)
    errors = raised.value.message_dict.get(field) if field else raised.value.messages
    assert errors and any(message in e for e in errors), raised.value
    assert not ProvincialCriterion.objects.exists() and not AuditEvent.objects.exists()


def test_a_year_no_criteria_set_governs_is_refused(tree, province_officer):
    with pytest.raises(ValidationError, match="No criteria set governs 1990"):
        provincial_criterion_create(actor=province_officer, province=tree.province_a, year=1990, **MODELS)


def test_codes_are_unique_per_province_and_year_only(tree, province_officer, national_admin):
    _create(province_officer, tree.province_a)
    with pytest.raises(ValidationError, match="already has a criterion QT-1 for 2025"):
        _create(province_officer, tree.province_a)
    provincial_criterion_create(actor=province_officer, province=tree.province_a, year=YEAR + 1, **MODELS)
    _create(national_admin, tree.province_b)
    assert ProvincialCriterion.objects.count() == 3


def test_a_must_have_extra_is_answered_by_the_unit_and_empty_kinds_mean_every_kind(tree, province_officer):
    _create(province_officer, tree.province_a, code="QT-2", kind="must_have", unit_kinds=[], figure="",
            operator="", value=None, text_vi="Có mô hình camera an ninh")
    assert "QT-2" in criteria_set_for("commune", YEAR, [_spec("QT-2")]).ids
    evaluation = case_evaluate(_complete_case(tree.kdc_a))
    assert next(r for r in evaluation.results if r.criterion.id == "QT-2").status == "missing_data"


def _spec(code):
    return spec_of(ProvincialCriterion.objects.get(code=code))


def test_update_changes_the_criterion_and_records_before_and_after(tree, province_officer):
    criterion = _create(province_officer, tree.province_a)
    provincial_criterion_update(actor=province_officer, criterion=criterion,
                                **{**MODELS, "value": Decimal(1), "text_en": "At least one model"})
    criterion.refresh_from_db()
    assert criterion.value == Decimal(1) and criterion.text_en == "At least one model"
    event = AuditEvent.objects.get(action="recognition.extra_criterion.update")
    assert (event.before["value"], event.after["value"]) == ("2.00", "1.00")
    assert case_evaluate(_complete_case(tree.kdc_a)).outcome == "recognised"
    # Saving the same values again records nothing.
    provincial_criterion_update(actor=province_officer, criterion=criterion, **{**MODELS, "value": Decimal(1),
                                                                                "text_en": "At least one model"})
    assert AuditEvent.objects.filter(action="recognition.extra_criterion.update").count() == 1


def test_delete_removes_the_criterion_audited(tree, province_officer):
    criterion = _create(province_officer, tree.province_a)
    provincial_criterion_delete(actor=province_officer, criterion=criterion)
    assert not ProvincialCriterion.objects.exists()
    event = AuditEvent.objects.get(action="recognition.extra_criterion.delete")
    assert event.before["code"] == "QT-1" and event.target_id == str(criterion.pk)


def test_the_year_is_frozen_once_a_case_of_the_province_is_decided(tree, province_officer):
    criterion = _create(province_officer, tree.province_a)
    RecognitionCaseFactory(unit=tree.kdc_b, year=YEAR, status="decided", result="met")  # another province
    RecognitionCaseFactory(unit=tree.agency_a, year=YEAR - 1, status="decided", result="met")  # another year
    _create(province_officer, tree.province_a, code="QT-2")
    RecognitionCaseFactory(unit=tree.agency_a, year=YEAR, status="decided", result="met")
    events = AuditEvent.objects.count()
    for attempt in (
        lambda: _create(province_officer, tree.province_a, code="QT-3"),
        lambda: provincial_criterion_update(actor=province_officer, criterion=criterion,
                                            **{**MODELS, "value": Decimal(5)}),
        lambda: provincial_criterion_delete(actor=province_officer, criterion=criterion),
    ):
        with pytest.raises(ValidationError, match="The extra criteria of 2025 can no longer change"):
            attempt()
    criterion.refresh_from_db()
    assert criterion.value == Decimal(2) and ProvincialCriterion.objects.count() == 2
    assert AuditEvent.objects.count() == events
    # The next year is still open.
    provincial_criterion_create(actor=province_officer, province=tree.province_a, year=YEAR + 1, **MODELS)


def test_a_reopened_case_no_longer_freezes_the_year(tree, province_officer):
    RecognitionCaseFactory(unit=tree.agency_a, year=YEAR, status="appraised")
    _create(province_officer, tree.province_a)
    assert ProvincialCriterion.objects.count() == 1


# --- pages -----------------------------------------------------------------------------------------

INDEX = reverse("recognition:provincial_index")


def _list_url(province, year=YEAR):
    return f"{reverse('recognition:provincial_criteria', args=[province.pk])}?year={year}"


def _add_url(province, year=YEAR):
    return f"{reverse('recognition:provincial_criterion_add', args=[province.pk])}?year={year}"


def _form(**changes) -> dict:
    data = {**MODELS, "value": "2", **changes}
    return {k: v for k, v in data.items() if v is not None}


def test_the_province_adds_edits_and_removes_a_criterion_through_the_pages(tree, province_officer, client_for):
    client = client_for(province_officer)
    page = client.get(_add_url(tree.province_a))
    assert page.status_code == 200 and 'name="code"' in page.content.decode()
    response = client.post(_add_url(tree.province_a), _form())
    assert response.status_code == 302 and response.url == _list_url(tree.province_a)
    criterion = ProvincialCriterion.objects.get()
    assert (criterion.year, criterion.figure, criterion.value) == (YEAR, "effective_models", Decimal(2))
    listing = client.get(_list_url(tree.province_a)).content.decode()
    assert 'id="criterion-QT-1"' in listing and ARTICLE in listing and 'id="criterion-add"' in listing

    edit = reverse("recognition:provincial_criterion_edit", args=[criterion.pk])
    assert 'value="QT-1"' in client.get(edit).content.decode()
    # A must-have criterion: the threshold fields left on the page are ignored.
    response = client.post(edit, _form(kind="must_have", text_vi="Có mô hình camera"))
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert (criterion.kind, criterion.figure, criterion.value) == ("must_have", "", None)

    delete = reverse("recognition:provincial_criterion_delete", args=[criterion.pk])
    confirm = client.get(delete).content.decode()
    assert 'id="criterion-delete"' in confirm and not AuditEvent.objects.filter(action__endswith="delete").exists()
    assert client.post(delete).status_code == 302
    assert not ProvincialCriterion.objects.exists()


def test_a_refused_form_shows_the_reason_and_saves_nothing(tree, province_officer, client_for):
    client = client_for(province_officer)
    response = client.post(_add_url(tree.province_a), _form(code="KDC-2"))
    assert response.status_code == 200
    assert "KDC-2 is a criterion of Thông tư 124/2021/TT-BCA" in response.content.decode()
    response = client.post(_add_url(tree.province_a), _form(figure=""))
    assert "Choose the figure the criterion compares." in response.content.decode()
    assert not ProvincialCriterion.objects.exists()


def test_a_frozen_year_offers_no_changes_and_refuses_them(tree, province_officer, client_for):
    criterion = _create(province_officer, tree.province_a)
    RecognitionCaseFactory(unit=tree.kdc_a, year=YEAR, status="decided", result="not_met")
    client = client_for(province_officer)
    listing = client.get(_list_url(tree.province_a)).content.decode()
    assert 'id="year-frozen"' in listing and 'id="criterion-add"' not in listing
    response = client.post(reverse("recognition:provincial_criterion_delete", args=[criterion.pk]))
    assert response.status_code == 302 and ProvincialCriterion.objects.exists()
    follow = client.get(response.url).content.decode()
    assert "can no longer change" in follow


def test_viewers_of_the_province_read_the_criteria_but_get_no_forms(tree, province_officer, viewer, client_for):
    criterion = _create(province_officer, tree.province_a)
    client = client_for(viewer)
    listing = client.get(_list_url(tree.province_a)).content.decode()
    assert 'id="criterion-QT-1"' in listing and 'id="criterion-add"' not in listing
    assert client.get(_add_url(tree.province_a)).status_code == 404
    assert client.get(reverse("recognition:provincial_criterion_edit", args=[criterion.pk])).status_code == 404


@pytest.mark.parametrize("role", ["commune_officer", "other_province_officer"])
def test_outside_the_province_every_page_is_404_and_nothing_changes(request, tree, province_officer, client_for,
                                                                    role):
    criterion = _create(province_officer, tree.province_a)
    client = client_for(request.getfixturevalue(role))
    edit = reverse("recognition:provincial_criterion_edit", args=[criterion.pk])
    delete = reverse("recognition:provincial_criterion_delete", args=[criterion.pk])
    for url in (_list_url(tree.province_a), _add_url(tree.province_a), edit, delete):
        assert client.get(url).status_code == 404, url
    assert client.post(_add_url(tree.province_a), _form(code="QT-9")).status_code == 404
    assert client.post(edit, _form(value="9")).status_code == 404
    assert client.post(delete).status_code == 404
    criterion.refresh_from_db()
    assert criterion.value == Decimal(2) and ProvincialCriterion.objects.count() == 1


def test_a_unit_that_is_not_a_province_has_no_extra_criteria_page(tree, national_admin, client_for):
    client = client_for(national_admin)
    assert client.get(_list_url(tree.commune_a)).status_code == 404
    assert client.get(_add_url(tree.commune_a)).status_code == 404


def test_the_index_lists_the_provinces_the_user_sees_with_their_counts(tree, province_officer, national_admin,
                                                                       client_for):
    _create(province_officer, tree.province_a)
    everyone = client_for(national_admin).get(INDEX, {"year": YEAR}).content.decode()
    assert f'data-province-id="{tree.province_a.pk}"' in everyone
    assert f'data-province-id="{tree.province_b.pk}"' in everyone and 'data-count="1"' in everyone
    own = client_for(province_officer).get(INDEX, {"year": YEAR}).content.decode()
    assert f'data-province-id="{tree.province_b.pk}"' not in own


def test_the_criteria_index_and_the_province_page_link_to_the_extra_criteria(tree, national_admin, client_for):
    client = client_for(national_admin)
    assert INDEX in client.get(reverse("recognition:criteria")).content.decode()
    unit_page = client.get(reverse("units:detail", args=[tree.province_a.pk])).content.decode()
    assert reverse("recognition:provincial_criteria", args=[tree.province_a.pk]) in unit_page


def test_the_list_reads_a_fixed_number_of_queries(tree, province_officer, client_for, django_assert_num_queries):
    _create(province_officer, tree.province_a)
    client = client_for(province_officer)
    client.get(_list_url(tree.province_a))
    with django_assert_num_queries(11) as first:
        client.get(_list_url(tree.province_a))
    for number in range(2, 6):
        _create(province_officer, tree.province_a, code=f"QT-{number}")
    with django_assert_num_queries(len(first)):
        response = client.get(_list_url(tree.province_a))
    assert response.content.decode().count('data-criterion-id="') == 5


def test_ids_and_years_render_plainly(tree, province_officer, client_for):
    criterion = _create(province_officer, tree.province_a)
    html = client_for(province_officer).get(_list_url(tree.province_a)).content.decode()
    assert f'data-criterion-id="{criterion.pk}"' in html and ">2025<" in html
