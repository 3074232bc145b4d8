"""The score sheets, bands, caps, deadlines and reviewers as data: the files load, broken data is refused."""

import copy
import datetime
from decimal import Decimal

import pytest
import yaml
from django.utils import translation

from antq.classification.rules import (
    CLASSIFIED_KINDS,
    DATA_DIR,
    RulesError,
    file_regulations,
    json_ready,
    parse_regulation,
    regulation_code_for_year,
    regulation_for,
)
from antq.core import law_data


def _raw(code="qd510_2022") -> dict:
    return yaml.safe_load((DATA_DIR / f"{code}.yaml").read_text(encoding="utf-8"))


def _refused(data, *fragments):
    # The messages are checked in English (their msgids); the Vietnamese catalogue is tested elsewhere.
    with translation.override("en"), pytest.raises(RulesError) as error:
        parse_regulation(data, source="test.yaml")
    message = str(error.value)
    assert message.startswith("test.yaml"), message
    for fragment in fragments:
        assert fragment in message, message
    return message


@pytest.mark.parametrize("regulation", file_regulations(), ids=lambda r: r.code)
def test_every_sheet_of_every_file_adds_up_to_100(regulation):
    for sheet in regulation.sheets:
        assert sheet.max_total == 100
        for item, _depth in sheet.walk():
            assert item.source and item.text_vi
            if item.children:
                assert sum(c.max_points for c in item.children) == item.max_points
    assert {kind for s in regulation.sheets for kind in s.unit_kinds} == set(CLASSIFIED_KINDS)


def test_the_known_items_of_qd510_are_confirmed_and_the_rest_labelled():
    qd510 = next(r for r in file_regulations() if r.code == "qd510_2022")
    sheet = qd510.sheet_for("enterprise")
    assert sheet is qd510.sheet_for("school") is qd510.sheet_for("agency")
    known = {"PT-CQ-1": 3, "PT-CQ-2": 3, "PT-CQ-3": 5, "PT-CQ-4a": 1}
    for item_id, points in known.items():
        item = sheet.item(item_id)
        assert item.confirmed and item.max_points == points and "Điều 7" in item.source
    assert not sheet.item("PT-CQ-4b").confirmed
    assert [(b.level, b.min_points) for b in qd510.bands.levels] == [
        ("excellent", 90), ("good", 70), ("average", 50), ("weak", 0)]
    assert qd510.bands.status == "unconfirmed"
    assert [(c.when, c.max_level) for c in qd510.caps] == [("not_recognised", "average")]


def test_deadlines_and_reviewers_follow_art_11_and_the_2025_reform():
    qd510 = next(r for r in file_regulations() if r.code == "qd510_2022")
    assert qd510.deadlines.for_kind("residential_area", 2024) == datetime.date(2024, 11, 20)
    assert qd510.deadlines.for_kind("school", 2024) == datetime.date(2024, 11, 30)
    assert qd510.deadlines.for_kind("district", 2023) == datetime.date(2023, 12, 15)
    assert "Điều 11 khoản 3" in qd510.deadlines.source
    before, after = datetime.date(2024, 11, 30), datetime.date(2025, 11, 30)
    assert qd510.review_level("residential_area", "", after) == "commune"
    assert qd510.review_level("commune", "", before) == "district"
    assert qd510.review_level("commune", "", after) == "province"
    assert qd510.review_level("enterprise", "district", after) == "province"
    assert qd510.review_level("school", "commune", after) == "commune"
    assert qd510.review_level("agency", "ministry", after) == "ministry"


def test_years_pick_the_regulation():
    assert regulation_code_for_year(2011) == "before_2022"
    assert regulation_code_for_year(2021) == "before_2022"
    assert regulation_code_for_year(2022) == "qd510_2022"
    assert regulation_code_for_year(2030) == "qd510_2022"


def test_a_sheet_that_does_not_add_up_to_100_is_refused_naming_file_and_sheet():
    data = _raw()
    data["sheets"][0]["items"][-1]["max_points"] = 11
    _refused(data, "sheet KDC", "101", "100")


def test_sub_items_must_add_up_to_their_group():
    data = _raw()
    data["sheets"][0]["items"][0]["items"][0]["max_points"] = 5
    _refused(data, "sheet KDC", "item PT-KDC-1", "11", "10")


@pytest.mark.parametrize("change, fragments", [
    (lambda d: d["sheets"][1]["items"][0]["items"][1].update(id="PT-XA-1a"), ["sheet XA", "PT-XA-1a", "twice"]),
    (lambda d: d["sheets"][2]["items"][0].update(colour="red"), ["sheet CQ", "PT-CQ-1", "colour"]),
    (lambda d: d["sheets"][2]["items"][0].pop("source"), ["PT-CQ-1", "source"]),
    (lambda d: d["sheets"][2]["items"][0].update(status="maybe"), ["PT-CQ-1", "status"]),
    (lambda d: d["sheets"][2]["items"][0].update(max_points="three"), ["PT-CQ-1", "max_points"]),
    (lambda d: d["sheets"][2]["items"][0].update(max_points=2.555), ["PT-CQ-1", "two decimals"]),
    (lambda d: d["sheets"][2]["items"][0].update(id="PT CQ 1"), ["sheet CQ", "item 1", "id"]),
    (lambda d: d["sheets"][3].update(unit_kinds=["district", "commune"]), ["commune", "2 sheets"]),
    (lambda d: d["sheets"][3].update(unit_kinds=["hamlet"]), ["sheet HUYEN", "unit_kinds"]),
    (lambda d: d["bands"]["levels"].reverse(), ["bands", "best"]),
    (lambda d: d["bands"]["levels"].pop(), ["bands", "0 points"]),
    (lambda d: d["bands"]["levels"][0].update(level="outstanding"), ["bands", "outstanding"]),
    (lambda d: d["caps"][0].update(max_level="superb"), ["cap 1", "max_level"]),
    (lambda d: d["caps"][0].update(when="always"), ["cap 1", "when"]),
    (lambda d: d["deadlines"]["by_kind"].pop("school"), ["deadlines", "school"]),
    (lambda d: d["deadlines"]["by_kind"].update(school="30-11"), ["deadlines", "school", "MM-DD"]),
    (lambda d: d["reviewers"][1]["rules"].pop(1), ["reviewers", "commune", "0 rules"]),
    (lambda d: d["reviewers"][1].update(valid_from=datetime.date(2025, 6, 1)), ["overlap"]),
    (lambda d: d.update(applies_to_year=2020), ["applies_to_year"]),
])
def test_broken_data_is_refused_with_a_message_naming_the_place(change, fragments):
    data = copy.deepcopy(_raw())
    change(data)
    _refused(data, *fragments)


def test_the_files_are_registered_as_editable_province_scoped_data_sets():
    for code in ("qd510_2022", "before_2022"):
        entry = law_data.data_set(f"classification.{code}")
        assert entry.scoped and entry.path.name == f"{code}.yaml"
        assert entry.parse(law_data.file_data(entry.key)).code == code


@pytest.mark.django_db
def test_a_saved_version_and_a_province_version_are_in_force(tree, national_admin):
    data = _raw()
    data["bands"]["levels"][1]["min_points"] = 75
    law_data.data_version_save(actor=national_admin, key="classification.qd510_2022",
                               data=json_ready(data), reason="Công văn số 1/V05")
    assert regulation_for(2024).bands.levels[1].min_points == Decimal(75)
    assert regulation_for(2020).bands.levels[1].min_points == Decimal(70)  # another regulation
    assert regulation_for(2024, province=tree.province_b).bands.levels[1].min_points == Decimal(75)
