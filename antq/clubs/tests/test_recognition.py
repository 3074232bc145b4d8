"""XA-1b, CQDN-1d and CSGD-1d from the models registry (TT 124/2021 art. 5.1, 6.1, 7.1)."""

from antq.clubs.recognition import effective_model_answers
from antq.clubs.services import model_evaluate
from antq.clubs.tests.factories import MovementModelFactory, national
from antq.recognition.evaluation import case_evaluate
from antq.recognition.tests.factories import RecognitionCaseFactory

YEAR = 2025


def test_a_commune_with_an_effective_model_meets_xa_1b_from_the_registry(tree, commune_officer):
    case = RecognitionCaseFactory(unit=tree.commune_a, year=YEAR)
    assert case_evaluate(case, language="en").result("XA-1b").status == "missing_data"  # nothing entered

    model = MovementModelFactory(site=tree.kdc_a, type=national("tieng_keng"), name="Tiếng kẻng an ninh Trúc Bạch")
    model_evaluate(actor=commune_officer, model=model, year=YEAR - 1, effective=True)
    assert case_evaluate(case, language="en").result("XA-1b").status == "missing_data"  # another year

    model_evaluate(actor=commune_officer, model=model, year=YEAR, effective=True)
    result = case_evaluate(case, language="en").result("XA-1b")
    assert result.status == "met"
    answer = effective_model_answers(unit=tree.commune_a, year=YEAR)["XA-1b"]
    assert answer.met and "Tiếng kẻng an ninh Trúc Bạch" in answer.note and "2025" in answer.note


def test_without_an_effective_model_the_officers_figure_stands(tree, commune_officer):
    case = RecognitionCaseFactory(unit=tree.commune_a, year=YEAR, figures={"effective_models": "2"})
    model = MovementModelFactory(site=tree.commune_a)
    model_evaluate(actor=commune_officer, model=model, year=YEAR, effective=False)
    assert effective_model_answers(unit=tree.commune_a, year=YEAR) == {}
    assert case_evaluate(case, language="en").result("XA-1b").status == "met"  # the entered 2 models
    empty = RecognitionCaseFactory(unit=tree.commune_a2, year=YEAR)
    assert case_evaluate(empty, language="en").result("XA-1b").status == "missing_data"  # not failed


def test_an_agency_meets_cqdn_1d_from_its_own_model(tree, commune_officer):
    model = MovementModelFactory(site=tree.agency_a, type=national("co_quan_an_toan"))
    model_evaluate(actor=commune_officer, model=model, year=YEAR, effective=True)
    assert set(effective_model_answers(unit=tree.agency_a, year=YEAR)) == {"CQDN-1d"}
    assert effective_model_answers(unit=tree.kdc_a, year=YEAR) == {}  # no such criterion for a KDC
