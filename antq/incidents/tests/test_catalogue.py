"""The catalogue file parses, keeps its codes, and refuses a malformed file with a precise message."""

import copy

import pytest
import yaml
from django.utils import translation

from antq.incidents import catalogue
from antq.incidents.catalogue import DATA_FILE, CatalogueError, parse
from antq.incidents.models import Incident

# The codes the criteria files refer to: they must never disappear or be renamed.
CONTRACT_TYPES = {
    "anti_state_activity", "sabotage", "unlawful_religion", "exploiting_religion_ethnicity", "separatism",
    "prolonged_dispute", "mass_complaint_disorder", "crime", "social_evil", "other_violation", "new_hotspot",
    "new_social_evil_person", "fire_explosion_accident", "environment_food_safety", "unlawful_strike",
    "state_secret_breach", "staff_sanctioned", "school_violence", "police_officer_disciplined",
    "force_member_disciplined",
}


@pytest.fixture
def raw():
    with open(DATA_FILE, encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def test_the_contract_codes_are_all_there():
    cat = catalogue.catalogue()
    assert {t.code for t in cat.types} == CONTRACT_TYPES
    assert [s.code for s in cat.severities] == ["less_serious", "serious", "very_serious", "especially_serious"]
    assert [s.rank for s in cat.severities] == [1, 2, 3, 4]
    assert [d.code for d in cat.disciplines][:2] == ["reprimand", "warning"]
    assert cat.discipline("warning").rank > cat.discipline("reprimand").rank


def test_flags():
    cat = catalogue.catalogue()
    assert cat.type_codes(has_severity=True) == ("crime",)
    assert set(cat.type_codes(counts_for_trend=True)) == {"crime", "social_evil", "other_violation"}
    assert set(cat.type_codes(has_people=True)) == {
        "staff_sanctioned", "police_officer_disciplined", "force_member_disciplined"}
    with pytest.raises(TypeError):
        cat.type_codes(has_colour=True)


def test_labels_follow_the_active_language():
    crime = catalogue.catalogue().type("crime")
    with translation.override("vi"):
        assert crime.label == "Tội phạm"
        assert ("serious", "Nghiêm trọng") in catalogue.severity_choices()
    with translation.override("en"):
        assert crime.label == "Crime"
        assert ("warning", "Warning") in catalogue.discipline_choices()


def test_type_choices_are_grouped_and_cover_every_type():
    with translation.override("vi"):
        grouped = catalogue.type_choices()
    assert grouped[0][0] == "An ninh chính trị, an ninh quốc gia"
    assert sorted(code for _label, members in grouped for code, _l in members) == sorted(CONTRACT_TYPES)


def test_model_fields_use_the_callables_so_no_migration_follows_a_catalogue_change():
    field = Incident._meta.get_field("type")
    assert field.deconstruct()[3]["choices"] is catalogue.type_choices
    with translation.override("en"):
        assert dict(field.flatchoices)["school_violence"] == "School violence"


def test_the_file_is_read_once():
    assert catalogue.load(DATA_FILE) is catalogue.load(DATA_FILE)


def test_as_dict_for_the_api():
    with translation.override("en"):
        data = catalogue.as_dict()
    crime = next(t for t in data["types"] if t["code"] == "crime")
    assert crime == {"code": "crime", "label": "Crime", "label_vi": "Tội phạm", "label_en": "Crime",
                     "group": "crime_social_order", "has_severity": True, "has_people": False,
                     "counts_for_trend": True}
    assert data["severities"]["source"] == "Bộ luật Hình sự 2015, Điều 9"
    assert data["severities"]["levels"][2]["rank"] == 3


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["types"].append(copy.deepcopy(d["types"][0])), "duplicate codes"),
        (lambda d: d["types"][0].update(has_severty=True), "unknown keys"),
        (lambda d: d["types"][7].update(has_severity="yes"), "must be true or false"),
        (lambda d: d["types"][0].update(code="Anti State"), "lower-case"),
        (lambda d: d["types"][0].update(label_vi=""), "label_vi"),
        (lambda d: d["types"][0].update(group="nowhere"), "not one of the groups"),
        (lambda d: d["severities"]["levels"][1].update(rank=1), "share a rank"),
        (lambda d: d["disciplines"]["levels"][0].update(rank=0), "positive"),
        (lambda d: d["types"][7].pop("has_severity"), "no type has a severity"),
        (lambda d: d.update(extra=1), "unknown top-level"),
        (lambda d: d.update(version="one"), "version"),
    ],
)
def test_a_malformed_file_is_refused_with_the_reason(raw, mutate, message):
    assert raw["types"][7]["code"] == "crime"
    mutate(raw)
    with pytest.raises(CatalogueError, match=message):
        parse(raw)
