import pytest
from django.http import Http404

from antq.exemplars.models import ExemplarCategory, ExemplarKind
from antq.exemplars.selectors import (
    exemplar_candidates,
    exemplar_figures,
    exemplar_list,
    exemplar_public_list,
    personal_for,
)
from antq.exemplars.tests.factories import ExemplarFactory


def test_public_list_has_only_consented_exemplars_and_public_fields(tree):
    shown = ExemplarFactory(unit=tree.kdc_a, name="Phạm Văn Đức", public_consent=True)
    ExemplarFactory(unit=tree.kdc_a, name="Hồ Thị Lan", public_consent=False)
    ExemplarFactory(unit=tree.kdc_b, name="Đỗ Văn Nam", public_consent=True)
    rows = exemplar_public_list(province=tree.province_a)
    assert [r.name for r in rows] == [shown.name]
    row = rows[0]
    assert (row.commune_name, row.province_name, row.year) == ("Phường Ba Đình", "Tỉnh Quảng Trị", 2025)
    assert not hasattr(row, "id_number") and not hasattr(row, "phone") and not hasattr(row, "birth_date")
    assert [r.name for r in exemplar_public_list(query="do van")] == ["Đỗ Văn Nam"]
    assert exemplar_public_list(commune=tree.commune_b.pk, year=2024) == []


def test_search_ignores_accents_and_case(commune_officer, tree):
    ExemplarFactory(unit=tree.kdc_a, name="Nguyễn Thị Thủy")
    ExemplarFactory(unit=tree.kdc_a, name="Trần Văn Đạt")
    assert [e.name for e in exemplar_list(actor=commune_officer, query="THUY nguyen")] == ["Nguyễn Thị Thủy"]
    assert [e.name for e in exemplar_list(actor=commune_officer, query="dat")] == ["Trần Văn Đạt"]


def test_personal_data_is_masked_for_a_viewer(viewer, commune_officer, tree):
    exemplar = ExemplarFactory(unit=tree.kdc_a)
    hidden = personal_for(viewer, exemplar)
    assert not hidden.shown and hidden.birth_date is None and hidden.address == ""
    assert hidden.id_number.endswith("234") and "044070" not in hidden.id_number
    assert "0912" not in hidden.phone
    assert personal_for(commune_officer, exemplar).id_number == "044070001234"


def test_candidates_are_in_scope_and_year(commune_officer, tree):
    mine = ExemplarFactory(unit=tree.kdc_a)
    ExemplarFactory(unit=tree.kdc_a, year=2024)
    ExemplarFactory(unit=tree.kdc_b)
    assert list(exemplar_candidates(actor=commune_officer, area=tree.commune_a, year=2025)) == [mine]
    with pytest.raises(Http404):
        exemplar_candidates(actor=commune_officer, area=tree.province_b, year=2025)


def test_figures_by_category_and_kind(national_admin, tree):
    ExemplarFactory(unit=tree.kdc_a, kind=ExemplarKind.COLLECTIVE, birth_date=None, id_number="", phone="")
    ExemplarFactory(unit=tree.kdc_a)
    ExemplarFactory(unit=tree.kdc_a, category=ExemplarCategory.HANDED_OVER_WEAPONS, guns=2, ammunition=30)
    ExemplarFactory(unit=tree.kdc_b, category=ExemplarCategory.HANDED_OVER_WEAPONS, guns=5)
    figures = exemplar_figures(actor=national_admin, area=tree.province_a, year=2025)
    assert figures.total == 3 and figures.count(ExemplarCategory.ADVANCED) == 2
    assert figures.count(kind=ExemplarKind.COLLECTIVE) == 1 and (figures.guns, figures.ammunition) == (2, 30)
