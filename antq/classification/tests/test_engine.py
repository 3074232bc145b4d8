"""The engine as a table: totals, bands, caps and explanations; band data changes the level, not code."""

import copy
from decimal import Decimal

import pytest
import yaml
from django.utils import translation

from antq.classification.engine import AnttSafe, classify, highest_allowed, level_for, points_problems
from antq.classification.rules import DATA_DIR, file_regulations, parse_regulation

QD510 = next(r for r in file_regulations() if r.code == "qd510_2022")
SHEET = QD510.sheet_for("residential_area")


def scores_totalling(total: Decimal, sheet=SHEET) -> dict[str, Decimal]:
    """Points on every leaf adding up to `total`: full marks from the top until the total is reached."""
    scores, left = {}, Decimal(total)
    for item in sheet.leaves():
        given = min(item.max_points, left)
        scores[item.id], left = given, left - given
    assert left == 0
    return scores


def _classify(total, antt=AnttSafe.MET, regulation=QD510, sheet=SHEET):
    return classify(sheet, regulation.bands, regulation.caps, scores=scores_totalling(Decimal(total), sheet),
                    antt_safe=antt, year=2024)


@pytest.mark.parametrize("total, level", [
    ("100", "excellent"), ("90", "excellent"), ("89.99", "good"), ("70", "good"), ("69.5", "average"),
    ("50", "average"), ("49.75", "weak"), ("0", "weak"),
])
def test_bands(total, level):
    result = _classify(total)
    assert result.total == Decimal(total) and result.complete
    assert result.level_before_cap == result.level == level and not result.capped


@pytest.mark.parametrize("total, antt, before, after, capped", [
    ("95", AnttSafe.NOT_MET, "excellent", "average", True),
    ("80", AnttSafe.NOT_MET, "good", "average", True),
    ("60", AnttSafe.NOT_MET, "average", "average", False),
    ("30", AnttSafe.NOT_MET, "weak", "weak", False),
    ("95", AnttSafe.UNKNOWN, "excellent", "excellent", False),
    ("95", AnttSafe.MET, "excellent", "excellent", False),
])
def test_cap_for_units_not_recognised_antt_safe(total, antt, before, after, capped):
    result = _classify(total, antt)
    assert (result.level_before_cap, result.level, result.capped) == (before, after, capped)
    assert result.cap_id == ("CAP-ANTT" if capped else "")


def test_changing_the_band_data_changes_the_level_without_code():
    raw = yaml.safe_load((DATA_DIR / "qd510_2022.yaml").read_text(encoding="utf-8"))
    assert _classify("85").level == "good"
    changed = copy.deepcopy(raw)
    changed["bands"]["levels"][0]["min_points"] = 85
    regulation = parse_regulation(changed, source="edited")
    assert _classify("85", regulation=regulation, sheet=regulation.sheet_for("residential_area")).level == "excellent"
    changed["caps"][0]["max_level"] = "good"
    regulation = parse_regulation(changed, source="edited")
    result = _classify("95", AnttSafe.NOT_MET, regulation=regulation, sheet=regulation.sheet_for("residential_area"))
    assert result.level == "good"


def test_groups_add_up_their_sub_items_and_missing_items_leave_no_level():
    scores = scores_totalling(Decimal(100))
    del scores["PT-KDC-1b"]
    result = classify(SHEET, QD510.bands, QD510.caps, scores=scores, antt_safe=AnttSafe.NOT_MET, year=2024)
    assert result.missing == ("PT-KDC-1b",) and not result.complete
    assert result.total == 98 and result.level == result.level_before_cap == "" and result.cap_id == ""
    by_id = {r.item_id: r for r in result.items}
    assert by_id["PT-KDC-1"].points is None and not by_id["PT-KDC-1"].is_leaf
    assert by_id["PT-KDC-2"].points == 15 and by_id["PT-KDC-2a"].depth == 1
    assert [r.item_id for r in result.items][:4] == ["PT-KDC-1", "PT-KDC-1a", "PT-KDC-1b", "PT-KDC-1c"]


def test_explanations_cite_the_source_in_vietnamese():
    with translation.override("vi"):
        result = _classify("95", AnttSafe.NOT_MET)
    item = next(r for r in result.items if r.item_id == "PT-KDC-1a")
    assert "TT 124/2021 Điều 4 khoản 1" in item.explanation and "PT-KDC-1a" in item.explanation
    assert "95" in result.band_explanation and QD510.bands.source in result.band_explanation
    assert any("CAP-ANTT" in e and "Trung bình" in QD510.caps[0].text_vi for e in result.cap_explanations)
    assert "2024" in result.cap_explanations[0]


def test_same_inputs_same_result():
    first, second = _classify("77.25", AnttSafe.NOT_MET), _classify("77.25", AnttSafe.NOT_MET)
    assert first == second and first.as_dict() == second.as_dict()
    assert first.as_dict()["total"] == "77.25"


def test_points_problems():
    problems = points_problems(SHEET, {"PT-KDC-1a": "5", "PT-KDC-1": "3", "PT-KDC-1b": "-1", "PT-KDC-1c": "2,5",
                                       "PT-KDC-2a": "abc", "PT-KDC-2b": "1.125", "NOPE": "1"})
    assert set(problems) == {"PT-KDC-1a", "PT-KDC-1", "PT-KDC-1b", "PT-KDC-2a", "PT-KDC-2b", "NOPE"}


def test_level_for_and_highest_allowed():
    assert level_for(QD510.bands, Decimal("70.00")) == "good"
    assert highest_allowed(QD510.caps, AnttSafe.NOT_MET) == "average"
    assert highest_allowed(QD510.caps, AnttSafe.UNKNOWN) == "excellent"
