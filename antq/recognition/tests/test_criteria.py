import copy
import datetime
import re

import pytest
import yaml
from django.utils import translation

from antq.recognition.authority import DATA_FILE as AUTHORITIES_FILE
from antq.recognition.authority import (
    AuthorityError,
    AuthorityNotFound,
    authority_for,
    parse_authorities,
)
from antq.recognition.criteria import (
    CriteriaError,
    CriterionKind,
    CriterionSpec,
    criteria_set_for,
    evaluation_period,
    legal_bases,
    legal_basis,
    legal_basis_for_year,
)
from antq.recognition.criteria.catalogue import CRITERIA_DIR, check_no_overlap, parse_legal_basis
from antq.recognition.figures import SubUnitOutcome, commune_rollup, sub_unit_share

VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệịỉĩọỏốồổỗộớờởỡợụủũứừửữựỳỷỹýàáèéìíòóùú]")


def _raw(name: str) -> dict:
    return yaml.safe_load((CRITERIA_DIR / name).read_text(encoding="utf-8"))


def _criteria_of(data: dict):
    for criteria_set in data["sets"]:
        yield from criteria_set["criteria"]


# --- The data files -------------------------------------------------------------------------------


def test_both_legal_bases_load_and_split_the_years():
    assert [b.code for b in legal_bases()] == ["tt23_2012", "tt124_2021"]
    assert legal_basis_for_year(2012).code == "tt23_2012"
    assert legal_basis_for_year(2021).code == "tt23_2012"
    assert legal_basis_for_year(2022).code == "tt124_2021"
    assert legal_basis_for_year(2031).code == "tt124_2021"
    with pytest.raises(LookupError):
        legal_basis_for_year(2011)


@pytest.mark.parametrize("code", ["tt23_2012", "tt124_2021"])
def test_every_criterion_has_an_article_and_vietnamese_text(code):
    basis = legal_basis(code)
    criteria = [c for s in basis.sets for c in s.criteria]
    assert len(criteria) > 20
    for c in criteria:
        assert re.match(r"^Điều \d+( khoản \d+( điểm [a-zđ])?)?$", c.article), (c.id, c.article)
        assert VIETNAMESE_LETTERS.search(c.text_vi), c.id
        assert c.text_en and c.kind in CriterionKind.__members__.values()


def test_articles_of_tt124_follow_the_clause_ids():
    basis = legal_basis("tt124_2021")
    assert basis.criterion("KDC-4b").article == "Điều 4 khoản 4 điểm b"
    assert basis.criterion("KDC-3dd").article == "Điều 4 khoản 3 điểm đ"
    assert basis.criterion("CQDN-3dd").article == "Điều 6 khoản 3 điểm đ"
    assert basis.criterion("XA-4b").article == "Điều 5 khoản 4"
    assert "nghiêm trọng trở lên" in basis.criterion("KDC-4b").text_vi


def test_exceptions_only_where_the_articles_allow_them():
    basis = legal_basis("tt124_2021")
    with_exceptions = {
        c.id: c.exceptions for s in basis.sets for c in s.criteria if c.exceptions
    }
    assert with_exceptions == {
        "KDC-4b": ("force_majeure", "detected_mitigated_reported"),
        "KDC-4d": ("force_majeure",),
        "CQDN-3dd": ("force_majeure", "detected_mitigated_reported"),
        "CQDN-3g": ("force_majeure",),
    }


def test_serious_crime_and_warning_thresholds():
    basis = legal_basis("tt124_2021")
    assert basis.criterion("KDC-4b").min_severity == "serious"
    assert basis.criterion("CQDN-3h").min_discipline == "warning"
    assert basis.criterion("KDC-5b").min_discipline == ""  # any discipline counts for the KDC force


def test_tt23_is_marked_unconfirmed_except_the_commune_article():
    header = (CRITERIA_DIR / "tt23_2012.yaml").read_text(encoding="utf-8").split("\ncode:")[0]
    assert "UNCONFIRMED" in header
    basis = legal_basis("tt23_2012")
    assert basis.status == "unconfirmed"
    statuses = {c.id: c.status for s in basis.sets for c in s.criteria}
    confirmed = sorted(i for i, s in statuses.items() if s == "confirmed")
    assert confirmed == ["XA-1", "XA-2", "XA-3a", "XA-3b", "XA-4"]
    assert basis.criterion("XA-3a").text_vi.count("Đơn vị tiên tiến") == 1
    assert basis.criterion("XA-4").figure == "kdc_recognised_percent"
    assert all(not p.confirmed for p in basis.periods)


def test_evaluation_periods_of_art_8():
    assert evaluation_period("residential_area", 2023) == evaluation_period("residential_area", 2023)
    kdc = evaluation_period("residential_area", 2023)
    assert (kdc.start, kdc.end) == (datetime.date(2022, 11, 1), datetime.date(2023, 10, 31))
    for kind in ("commune", "agency", "enterprise", "school"):
        period = evaluation_period(kind, 2023)
        assert (period.start, period.end) == (datetime.date(2022, 11, 16), datetime.date(2023, 11, 15))


# --- Inheritance and extras -----------------------------------------------------------------------


def test_commune_inherits_kdc_clauses_2_to_4_with_provenance():
    criteria = criteria_set_for("commune", 2023)
    assert criteria.resolved and criteria.year == 2023
    assert "XA-2" not in criteria.ids
    inherited = [c for c in criteria.criteria if c.via == "XA-2"]
    assert [c.inherited_from for c in inherited] == [
        "KDC-2", "KDC-3a", "KDC-3b", "KDC-3c", "KDC-3d", "KDC-3dd", "KDC-3e", "KDC-3g",
        "KDC-4a", "KDC-4b", "KDC-4c1", "KDC-4c2", "KDC-4c3", "KDC-4d",
    ]
    crime = criteria.criterion("XA-2.KDC-4b")
    assert crime.article == "Điều 4 khoản 4 điểm b"
    assert crime.applied_by == "Điều 5 khoản 2"
    assert crime.scope == "own_and_sub_units"
    assert "Điều 4 khoản 4 điểm b" in crime.citation and "Điều 5 khoản 2" in crime.citation
    assert not any(c.kind == CriterionKind.INHERITED for c in criteria.criteria)


def test_school_inherits_art_6_3_except_strikes_and_staff_sanctions():
    criteria = criteria_set_for("school", 2023)
    assert [c.inherited_from for c in criteria.criteria if c.via == "CSGD-3"] == [
        "CQDN-3a", "CQDN-3b", "CQDN-3c", "CQDN-3dd", "CQDN-3e", "CQDN-3g"]
    assert criteria.criterion("CSGD-3.CQDN-3dd").scope == "own"


def test_agencies_and_enterprises_share_a_set():
    assert criteria_set_for("agency", 2023).ids == criteria_set_for("enterprise", 2023).ids


def test_provincial_extra_criterion_is_appended_for_its_kinds_only():
    extra = CriterionSpec(id="TINH-1", article="Quyết định 12/2023/QĐ-UBND, Điều 2", kind="numeric",
                          text_vi="Có ít nhất 02 mô hình tự quản hoạt động hiệu quả.", figure="effective_models",
                          op=">=", value=2, unit_kinds=("residential_area",))
    kdc = criteria_set_for("residential_area", 2023, [extra])
    assert kdc.ids[-1] == "TINH-1" and kdc.criterion("TINH-1").provincial
    assert "TINH-1" not in criteria_set_for("commune", 2023, [extra]).ids
    assert "TINH-1" not in criteria_set_for("residential_area", 2023).ids


@pytest.mark.parametrize(("spec", "message"), [
    (CriterionSpec(id="KDC-4b", article="QĐ 1", kind="must_have", text_vi="Trùng mã"), "already used"),
    (CriterionSpec(id="TINH-1", article="QĐ 1", kind="numeric", text_vi="Số camera", figure="cameras", op=">=",
                   value=1), "unknown figure"),
    (CriterionSpec(id="TINH-1", article="QĐ 1", kind="must_not_happen", text_vi="Đua xe",
                   incident_types=("street_racing",)), "unknown incident type"),
    (CriterionSpec(id="TINH 1", article="QĐ 1", kind="must_have", text_vi="Mã sai"), "bad criterion id"),
    (CriterionSpec(id="TINH-1", article="", kind="must_have", text_vi="Thiếu điều khoản"), "'article'"),
])
def test_broken_extra_criteria_are_refused(spec, message):
    with pytest.raises(CriteriaError, match=message):
        criteria_set_for("residential_area", 2023, [spec])


# --- Validation of the files ----------------------------------------------------------------------


def _first(data, criterion_id):
    return next(c for c in _criteria_of(data) if c["id"] == criterion_id)


def _break_incident_code(data):
    _first(data, "KDC-4b")["incident_types"] = ["crimes"]


def _break_kind(data):
    _first(data, "KDC-2")["kind"] = "should_have"


def _duplicate_id(data):
    _first(data, "KDC-3b")["id"] = "KDC-3a"


def _drop_article(data):
    del _first(data, "KDC-4b")["article"]


def _english_article(data):
    _first(data, "KDC-4b")["article"] = "Art. 4.4.b"


def _misspelt_key(data):
    _first(data, "KDC-4b")["exception"] = _first(data, "KDC-4b").pop("exceptions")


def _unknown_exception(data):
    _first(data, "KDC-4d")["exceptions"] = ["act_of_god"]


def _severity_on_non_crime(data):
    _first(data, "KDC-4d")["min_severity"] = "serious"


def _unknown_severity(data):
    _first(data, "KDC-4b")["min_severity"] = "grave"


def _field_of_other_kind(data):
    _first(data, "KDC-2")["figure"] = "effective_models"


def _inherit_unknown(data):
    _first(data, "XA-2")["inherits"].append("KDC-9z")


def _percent_over_100(data):
    _first(data, "KDC-1b")["value"] = 110


def _missing_kind(data):
    data["sets"] = [s for s in data["sets"] if s["unit_kinds"] != ["school"]]


def _bad_period(data):
    data["periods"]["commune"]["end"] = "11-31"


def _bad_status(data):
    _first(data, "KDC-2")["status"] = "probable"


@pytest.mark.parametrize(("breaker", "message"), [
    (_break_incident_code, r"KDC-4b: unknown incident type\(s\) crimes"),
    (_break_kind, r"KDC-2: unknown kind 'should_have'"),
    (_duplicate_id, r"KDC-3a: duplicate criterion id"),
    (_drop_article, r"KDC-4b: missing article"),
    (_english_article, r"KDC-4b: 'article' must be in Vietnamese form"),
    (_misspelt_key, r"KDC-4b: unknown keys: exception"),
    (_unknown_exception, r"KDC-4d: unknown exception\(s\) act_of_god"),
    (_severity_on_non_crime, r"KDC-4d: 'min_severity' needs an incident type that has a crime category"),
    (_unknown_severity, r"KDC-4b: unknown severity 'grave'"),
    (_field_of_other_kind, r"KDC-2: \w+ not allowed for a must_have criterion: figure"),
    (_inherit_unknown, r"XA-2: inherits unknown criterion 'KDC-9z'"),
    (_percent_over_100, r"KDC-1b: a percentage threshold must be between 0 and 100"),
    (_missing_kind, r"no criteria for unit kind\(s\) school"),
    (_bad_period, r"period of commune: no such day '11-31'"),
    (_bad_status, r"KDC-2: 'status' must be one of"),
])
def test_loader_rejects_broken_data(breaker, message):
    data = copy.deepcopy(_raw("tt124_2021.yaml"))
    parse_legal_basis(data, source="tt124_2021.yaml")  # the untouched copy is valid
    breaker(data)
    with pytest.raises(CriteriaError, match=message):
        parse_legal_basis(data, source="tt124_2021.yaml")


def test_two_bases_may_not_govern_the_same_year():
    older = parse_legal_basis(_raw("tt23_2012.yaml"), source="tt23_2012.yaml")
    data = _raw("tt124_2021.yaml")
    data["applies_from_year"] = 2021
    with pytest.raises(CriteriaError, match="both govern 2021"):
        check_no_overlap([older, parse_legal_basis(data, source="tt124_2021.yaml")])


# --- Authorities ----------------------------------------------------------------------------------


@pytest.mark.django_db  # the table in force may be a saved version
def test_authority_before_the_reform_follows_art_9_and_10():
    kdc = authority_for("residential_area", "", datetime.date(2024, 11, 1))
    assert kdc.confirmed and kdc.rule.decider_vi == "Chủ tịch Ủy ban nhân dân cấp xã"
    assert "cấp xã" in kdc.rule.appraiser_vi
    assert kdc.decision_deadline(2024) == datetime.date(2024, 11, 15)
    assert kdc.registration_deadline(2024) == datetime.date(2024, 3, 31)
    assert "Điều 10 khoản 1" in kdc.citation
    commune = authority_for("commune", "", datetime.date(2024, 11, 1))
    assert commune.decision_level == "district" and commune.decision_deadline(2024) == datetime.date(2024, 11, 20)
    levels = {level: authority_for("school", level, datetime.date(2023, 6, 1)).decision_level
              for level in ("commune", "district", "province", "ministry")}
    assert levels == {"commune": "commune", "district": "district", "province": "province", "ministry": "ministry"}
    assert authority_for("enterprise", "ministry", datetime.date(2023, 6, 1)).rule.decider_vi == "Bộ trưởng Bộ Công an"


@pytest.mark.django_db  # the table in force may be a saved version
def test_authority_after_the_reform_has_no_district_and_is_unconfirmed():
    day = datetime.date(2025, 11, 1)
    commune = authority_for("commune", "", day)
    assert commune.decision_level == "province" and not commune.confirmed
    assert "TT 48/2025" in commune.regime.note
    assert authority_for("agency", "district", day).decision_level == "province"
    assert authority_for("residential_area", "", day).decision_level == "commune"
    assert authority_for("commune", "", datetime.date(2025, 6, 30)).decision_level == "district"


def test_organisations_need_their_managing_level():
    with pytest.raises(AuthorityNotFound):
        authority_for("agency", "", datetime.date(2024, 11, 1))


@translation.override("en")  # messages are compared with their English msgids
def test_authority_data_is_validated():
    data = yaml.safe_load(AUTHORITIES_FILE.read_text(encoding="utf-8"))
    parse_authorities(copy.deepcopy(data))
    overlapping = copy.deepcopy(data)
    overlapping["regimes"][1]["valid_to"] = datetime.date(2025, 7, 1)
    with pytest.raises(AuthorityError, match="overlap"):
        parse_authorities(overlapping)
    gap = copy.deepcopy(data)
    gap["regimes"][2]["rules"] = [r for r in gap["regimes"][2]["rules"] if r["unit_kinds"] != ["commune"]]
    with pytest.raises(AuthorityError, match="commune is covered by 0 rules"):
        parse_authorities(gap)
    bad_level = copy.deepcopy(data)
    bad_level["regimes"][0]["rules"][0]["decision_level"] = "hamlet"
    with pytest.raises(AuthorityError, match="decision_level"):
        parse_authorities(bad_level)


# --- Roll-ups -------------------------------------------------------------------------------------


def _sub_units(recognised: int, total: int, kind="residential_area"):
    return [SubUnitOutcome(kind=kind, registered=True, recognised=i < recognised) for i in range(total)]


def test_commune_rollup_computes_exact_shares():
    figures = commune_rollup(_sub_units(69, 100))
    assert figures["registered_percent"] == 100 and figures["recognised_percent"] == 69
    two_thirds = commune_rollup(_sub_units(2, 3))["recognised_percent"]
    assert 66 < two_thirds < 67  # never rounded up


def test_commune_rollup_leaves_out_what_is_not_decided():
    units = _sub_units(8, 9) + [SubUnitOutcome(kind="agency", registered=True, recognised=None)]
    figures = commune_rollup(units)
    assert "recognised_percent" not in figures
    assert float(figures["kdc_recognised_percent"]) == pytest.approx(88.888, abs=0.001)


def test_unregistered_units_lower_registration_and_count_as_failed_kdcs():
    units = _sub_units(7, 9) + [SubUnitOutcome(kind="residential_area", registered=False, recognised=None)]
    figures = commune_rollup(units)
    assert figures["registered_percent"] == 90
    assert float(figures["recognised_percent"]) == pytest.approx(77.777, abs=0.001)
    assert figures["kdc_recognised_percent"] == 70


def test_sub_unit_share_from_entered_counts():
    assert sub_unit_share(good=7, total=10) == {"sub_units_good_percent": 70}
    assert sub_unit_share(good=0, total=0) == {}
    with pytest.raises(ValueError):
        sub_unit_share(good=11, total=10)
