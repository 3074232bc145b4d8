"""The derived criteria as data and the pure engine: table-driven, no database."""

import copy
import datetime

import pytest
from django.utils import translation

from antq.core.law_data import file_data
from antq.recognition.derived.engine import CaseFacts, CommuneFacts, EnteredAnswer, evaluate_derived
from antq.recognition.derived.rules import DerivedRulesError, parse_rules

FILE = file_data("derived_criteria")
RULES = parse_rules(FILE)
NTM_2024 = ("resolution_plan", "no_art_4_3_activity")
ART_4_3 = ("XA-2.KDC-3a", "XA-2.KDC-3b", "XA-2.KDC-3c", "XA-2.KDC-3d", "XA-2.KDC-3dd", "XA-2.KDC-3e")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def decided(result="met", **criteria) -> CaseFacts:
    statuses = {"XA-1a": "met", **dict.fromkeys(ART_4_3, "met"), "XA-2.KDC-3g": "met"}
    statuses.update({k.replace("__", ".").replace("_", "-"): v for k, v in criteria.items()})
    return CaseFacts(status="decided", result=result, legal_basis="tt124_2021", decision_number="7/QĐ-UBND",
                     decision_date=datetime.date(2024, 11, 18), criteria=statuses)


def answers(**by_code) -> dict:
    return {("urban_4", code.lstrip("c")): EnteredAnswer(met=met, note="Có biên bản", answered_by="Nguyễn Văn An",
                                                         answered_on=datetime.date(2024, 11, 20))
            for code, met in by_code.items()}


ALL_MET = answers(c2=True, c3=True, c4=True, c5=True, c6=True)


def results(local_kind, year, case=None, entered=None):
    facts = CommuneFacts(local_kind=local_kind, year=year, case=case, answers=entered or {})
    return {r.indicator.code: r for r in evaluate_derived(RULES, facts)}


def test_the_shipped_definitions_are_valid_and_say_what_is_confirmed():
    ntm, urban = RULES.indicator("ntm_19_2"), RULES.indicator("urban_4")
    assert (ntm.from_year, ntm.to_year, ntm.local_kinds) == (2021, 2025, ("xa",))
    assert (urban.from_year, urban.to_year, urban.local_kinds) == (2022, None, ("phuong", "thi_tran"))
    assert [c.code for c in urban.contents] == ["1", "2", "3", "4", "5", "6"]
    first = urban.content("1")
    assert (first.confirmed, first.entered, first.criteria) == (True, False, ("XA-2.KDC-3a",))
    assert all(not c.confirmed and c.entered for c in urban.contents[1:])
    assert ntm.content("recognised").decision and "3371/BCA-V05" in ntm.content("recognised").source
    assert ntm.content("no_art_4_3_activity").criteria == ART_4_3


# (local kind, year, case, answers) → (NTM 19.2, urban criterion 4)
CASES = [
    pytest.param("xa", 2023, decided(), {}, ("met", "not_applicable"), id="xa recognised 2023"),
    pytest.param("xa", 2023, decided("not_met"), {}, ("not_met", "not_applicable"), id="xa not recognised"),
    pytest.param("xa", 2023, None, {}, ("not_met", "not_applicable"), id="xa never registered"),
    pytest.param("xa", 2023, CaseFacts(status="appraised"), {}, ("missing_data", "not_applicable"),
                 id="xa undecided"),
    pytest.param("xa", 2024, decided(XA_2__KDC_3dd="not_met"), {}, ("not_met", "not_applicable"),
                 id="xa 2024 separatism (HD 04)"),
    pytest.param("xa", 2026, decided(), {}, ("not_applicable", "not_applicable"), id="xa after 2025"),
    pytest.param("xa", 2020, decided(), {}, ("not_applicable", "not_applicable"), id="xa before 2021"),
    pytest.param("phuong", 2024, decided(), ALL_MET, ("not_applicable", "met"), id="ward all six"),
    pytest.param("thi_tran", 2024, decided(), ALL_MET, ("not_applicable", "met"), id="township all six"),
    pytest.param("phuong", 2024, decided(XA_2__KDC_3a="not_met"), ALL_MET, ("not_applicable", "not_met"),
                 id="ward anti-state activity"),
    pytest.param("phuong", 2024, decided(), answers(c2=True, c3=True, c4=False, c5=True, c6=True),
                 ("not_applicable", "not_met"), id="ward one entered content not met"),
    pytest.param("phuong", 2024, decided(), answers(c2=True, c3=True, c5=True, c6=True),
                 ("not_applicable", "missing_data"), id="ward one content unanswered"),
    pytest.param("phuong", 2024, decided(), answers(c2=True, c3=True, c4=None, c5=True, c6=True),
                 ("not_applicable", "missing_data"), id="ward answered not known yet"),
    pytest.param("phuong", 2024, decided(), answers(c2=False, c3=True, c5=True, c6=True),
                 ("not_applicable", "not_met"), id="not met wins over missing"),
    pytest.param("phuong", 2024, None, ALL_MET, ("not_applicable", "missing_data"), id="ward never registered"),
    pytest.param("phuong", 2021, decided(), ALL_MET, ("not_applicable", "not_applicable"), id="ward before 2022"),
    pytest.param("dac_khu", 2024, decided(), ALL_MET, ("not_applicable", "not_applicable"), id="special zone"),
]


@pytest.mark.parametrize(("local_kind", "year", "case", "entered", "expected"), CASES)
def test_indicator_results(local_kind, year, case, entered, expected):
    got = results(local_kind, year, case, entered)
    assert (got["ntm_19_2"].status, got["urban_4"].status) == expected


def test_contents_of_ntm_19_2_change_with_the_year():
    assert [r.content.code for r in results("xa", 2021, decided())["ntm_19_2"].contents] == ["recognised_2021"]
    assert [r.content.code for r in results("xa", 2023, decided())["ntm_19_2"].contents] == ["recognised"]
    assert [r.content.code for r in results("xa", 2025, decided())["ntm_19_2"].contents] == ["recognised", *NTM_2024]


def test_explanations_cite_the_source_and_what_decided():
    ntm = results("xa", 2023, decided())["ntm_19_2"]
    assert ntm.explanation.startswith("Met: Quyết định 318/QĐ-TTg")
    assert ntm.contents[0].explanation == (
        "Met: Công văn 3371/BCA-V05 ngày 26/9/2022; Thông tư 124/2021/TT-BCA, Điều 5 — recognised ANTT-safe for "
        "2023 (decision 7/QĐ-UBND of 18/11/2024).")
    not_registered = results("xa", 2023)["ntm_19_2"].contents[0].explanation
    assert "did not register for the ANTT-safe standard of 2023" in not_registered
    urban = results("phuong", 2024, decided(XA_2__KDC_3a="not_met"), ALL_MET)["urban_4"]
    assert urban.explanation == ("Not met: Quyết định 04/2022/QĐ-TTg ngày 18/02/2022, tiêu chí 4; Hướng dẫn "
                                 "12/HD-BCA-V05 ngày 21/5/2024 — in 2024, contents not met: 1.")
    assert "XA-2.KDC-3a not met in the evaluation of 2024" in urban.contents[0].explanation
    entered = results("phuong", 2024, decided(), answers(c2=False))["urban_4"].contents[1]
    assert entered.explanation == ("Not met: Hướng dẫn 12/HD-BCA-V05, nội dung 2 (chưa đối chiếu văn bản) — "
                                   "answered “not met” by Nguyễn Văn An on 20/11/2024. Note: Có biên bản")
    assert "applies to Commune (xã) only" in results("phuong", 2024)["ntm_19_2"].explanation
    assert "defined for the years 2021–2025 only, not for 2026" in results("xa", 2026)["ntm_19_2"].explanation


def test_explanations_are_in_vietnamese_by_default():
    with translation.override("vi"):
        text = results("xa", 2023, CaseFacts(status="submitted"))["ntm_19_2"].explanation
    assert "318/QĐ-TTg" in text and "2023" in text


@pytest.mark.parametrize(("case", "expected", "fragment"), [
    (CaseFacts(status="decided", result="met", legal_basis="tt124_2021"), "missing_data", "no stored evaluation"),
    (CaseFacts(status="decided", result="met", legal_basis="tt23_2012", criteria={"XA-1": "met"}), "missing_data",
     "are not among the criteria of the case of 2024 (tt23_2012)"),
    (decided(XA_2__KDC_3a="missing_data"), "missing_data", "lack data"),
    (decided(XA_2__KDC_3a="not_applicable"), "met", "XA-2.KDC-3a met"),
])
def test_content_from_criteria_needs_a_decided_stored_evaluation(case, expected, fragment):
    content = results("phuong", 2024, case, ALL_MET)["urban_4"].contents[0]
    assert content.status == expected and fragment in content.explanation


def test_same_inputs_same_result():
    first = results("phuong", 2024, decided(), ALL_MET)
    second = results("phuong", 2024, decided(), ALL_MET)
    assert [r.as_dict() for r in first.values()] == [r.as_dict() for r in second.values()]


def _broken(change) -> dict:
    data = copy.deepcopy(FILE)
    change(data)
    return data


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["indicators"][1]["contents"][0].update(criteria=["XA-99"]), "unknown criteria XA-99"),
    (lambda d: d["indicators"][1]["contents"][1].update(criteria=["XA-1a"]),
     "an entered content takes neither"),
    (lambda d: d["indicators"][1]["contents"][0].update(decision=True), "not both"),
    (lambda d: d["indicators"][1]["contents"][0].update(decided_by="guessed"), "“decided_by” must be"),
    (lambda d: d["indicators"][1]["contents"][2].update(code="2"), "content code 2 is used twice"),
    (lambda d: d["indicators"][1].update(local_kinds=["quan"]), "unknown commune kinds quan"),
    (lambda d: d["indicators"][0].update(to_year=2019), "“to_year” is before “from_year”"),
    (lambda d: d["indicators"][0].update(status="maybe"), "confirmed or unconfirmed"),
    (lambda d: d["indicators"][0].update(colour="red"), "unknown keys: colour"),
    (lambda d: d["indicators"][0]["contents"][0].update(text_vi=" "), "“text_vi” is missing or empty"),
    (lambda d: d["indicators"][1].update(code="ntm_19_2"), "indicator code ntm_19_2 is used twice"),
    (lambda d: d.update(indicators=[]), "at least one indicator"),
])
def test_broken_data_is_refused_with_a_message_naming_the_place(change, message):
    with pytest.raises(DerivedRulesError) as error:
        parse_rules(_broken(change))
    assert message in str(error.value)
