import datetime

import pytest
from django.core.exceptions import ValidationError

from antq.clubs.models import ModelEvaluation, MovementModel, Sector
from antq.clubs.selectors import counts, model_list
from antq.clubs.services import (
    club_add,
    club_update,
    model_evaluate,
    model_type_create,
    model_types_load_national,
    movement_model_create,
    movement_model_dissolve,
    movement_model_update,
)
from antq.clubs.tests.factories import ClubFactory, ModelEvaluationFactory, MovementModelFactory, national
from antq.core.models import AuditEvent


def test_the_national_catalogue_is_loaded_once(db):
    assert national("camera_antt").name == "Camera giám sát ANTT"
    assert model_types_load_national() == 0  # the data migration loaded it already: nothing changes


def test_register_a_model_with_clubs_and_evaluate_it(tree, commune_officer, english):
    model = movement_model_create(actor=commune_officer, site=tree.kdc_a, type=national("tieng_keng"),
                                  decision_number=" 5/QĐ-UBND ", established_on=datetime.date(2024, 1, 5))
    assert model.name == "Tiếng kẻng an ninh" and model.decision_number == "5/QĐ-UBND"
    club = club_add(actor=commune_officer, model=model, name="Tổ kẻng số 1", member_names="An\n\nBình\nChi")
    assert club.members_count == 3  # the list is the count when none is given
    with pytest.raises(ValidationError, match="more members"):
        club_add(actor=commune_officer, model=model, name="Tổ 2", members_count=1, member_names="An\nBình")
    evaluation = model_evaluate(actor=commune_officer, model=model, year=2025, effective=True, note="Tốt")
    assert evaluation.effective and not evaluation.typical
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["clubs.model_create", "clubs.club_add", "clubs.model_evaluate"]


def test_site_must_match_the_sector(tree, commune_officer, english):
    with pytest.raises(ValidationError, match="agency, an enterprise or a school"):
        movement_model_create(actor=commune_officer, site=tree.kdc_a, type=national("truong_hoc_an_toan"))
    with pytest.raises(ValidationError, match="commune or a residential area"):
        movement_model_create(actor=commune_officer, site=tree.agency_a, type=national("camera_antt"))
    assert not MovementModel.objects.exists()


def test_only_who_decides_marks_a_model_typical(tree, commune_officer, province_officer, english):
    model = MovementModelFactory(site=tree.kdc_a)
    with pytest.raises(ValidationError, match="mark a model typical"):
        model_evaluate(actor=commune_officer, model=model, year=2025, effective=True, typical=True)
    assert not ModelEvaluation.objects.exists()
    with pytest.raises(ValidationError, match="effective model can be typical"):
        model_evaluate(actor=province_officer, model=model, year=2025, effective=False, typical=True)
    model_evaluate(actor=province_officer, model=model, year=2025, effective=True, typical=True)
    # The commune officer may still correct the note, without touching the mark.
    model_evaluate(actor=commune_officer, model=model, year=2025, effective=True, typical=True, note="Sửa")
    assert ModelEvaluation.objects.get().note == "Sửa"


def test_another_commune_cannot_write(tree, commune_officer, english):
    with pytest.raises(ValidationError, match="may not enter data"):
        movement_model_create(actor=commune_officer, site=tree.kdc_b, type=national("camera_antt"))
    model = MovementModelFactory(site=tree.kdc_b)
    with pytest.raises(ValidationError):
        club_add(actor=commune_officer, model=model, name="Tổ 1")
    assert not model.clubs.exists()


def test_replication_of_the_same_type_from_another_site(tree, commune_officer, english):
    source = MovementModelFactory(site=tree.kdc_a)
    copy = movement_model_create(actor=commune_officer, site=tree.commune_a, type=national("camera_antt"),
                                 replicated_from=source)
    assert list(source.replicas.all()) == [copy]
    with pytest.raises(ValidationError, match="same type"):
        movement_model_update(actor=commune_officer, model=copy, type=national("dong_ho"))
    with pytest.raises(ValidationError, match="replicate each other"):
        movement_model_update(actor=commune_officer, model=source, replicated_from=copy)


def test_a_dissolved_model_is_closed_and_leaves_the_counts(tree, commune_officer, english):
    model = MovementModelFactory(site=tree.kdc_a, established_on=datetime.date(2023, 1, 1))
    club = ClubFactory(model=model, established_on=datetime.date(2023, 2, 1))
    movement_model_dissolve(actor=commune_officer, model=model, dissolved_on=datetime.date(2025, 6, 1))
    club.refresh_from_db()
    assert club.dissolved_on == datetime.date(2025, 6, 1)
    with pytest.raises(ValidationError, match="dissolved"):
        club_update(actor=commune_officer, club=club, name="Tổ mới")
    assert counts(actor=commune_officer, area=tree.commune_a, year=2024).clubs == 1
    assert counts(actor=commune_officer, area=tree.commune_a, year=2025).clubs == 0


def test_a_province_variant_counts_under_its_national_type(tree, province_officer, english):
    variant = model_type_create(actor=province_officer, province=tree.province_a, sector=Sector.ORGANISATIONS,
                                name="Camera giám sát tại cơ quan", national=national("camera_antt"))
    MovementModelFactory(site=tree.kdc_a)
    ClubFactory(model=MovementModelFactory(site=tree.agency_a, type=variant))
    result = counts(actor=province_officer, area=tree.province_a, year=2025)
    assert result.types == 1  # the variant is a camera model province-wide
    assert (result.of(Sector.SOCIETY).types, result.of(Sector.ORGANISATIONS).types) == (1, 1)
    assert result.clubs == result.of(Sector.SOCIETY).clubs + result.of(Sector.ORGANISATIONS).clubs == 1
    with pytest.raises(ValidationError, match="already exists"):
        model_type_create(actor=province_officer, province=tree.province_a, sector=Sector.SOCIETY,
                          name="camera giam sat antt")


def test_list_filters_and_accent_insensitive_search(tree, commune_officer):
    typical = MovementModelFactory(site=tree.kdc_a, type=national("dong_ho"))
    ModelEvaluationFactory(model=typical, year=2025, typical=True)
    other = MovementModelFactory(site=tree.agency_a, type=national("co_quan_an_toan"))
    MovementModelFactory(site=tree.kdc_b)  # another province: never listed
    assert set(model_list(actor=commune_officer)) == {typical, other}
    assert list(model_list(actor=commune_officer, q="dong ho")) == [typical]
    assert list(model_list(actor=commune_officer, q="TRUC BACH")) == [typical]
    assert list(model_list(actor=commune_officer, typical=True, year=2025)) == [typical]
    assert list(model_list(actor=commune_officer, sector=Sector.ORGANISATIONS)) == [other]
    assert list(model_list(actor=commune_officer, typical=False)) == [other]
