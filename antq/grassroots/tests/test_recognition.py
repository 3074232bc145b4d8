import datetime

from antq.grassroots.models import RatingLevel
from antq.grassroots.services import team_rate
from antq.grassroots.tests.factories import SecurityTeamFactory
from antq.recognition.evaluation import case_evaluate
from antq.recognition.tests.factories import RecognitionCaseFactory


def test_a_kdc_whose_team_did_not_complete_its_tasks_fails_kdc_5(tree, commune_officer):
    team = SecurityTeamFactory(commune=tree.commune_a, areas=[tree.kdc_a], name="Tổ bảo vệ ANTT Trúc Bạch",
                               decision_date=datetime.date(2024, 7, 1))
    case = RecognitionCaseFactory(unit=tree.kdc_a, year=2025)
    before = case_evaluate(case, language="vi").result("KDC-5a")
    assert before.status == "missing_data"  # no answer, no rating yet

    team_rate(actor=commune_officer, team=team, year=2025, level=RatingLevel.NOT_COMPLETED)
    result = case_evaluate(case, language="vi").result("KDC-5a")
    assert result.status == "not_met"
    assert "Tổ bảo vệ ANTT Trúc Bạch" in result.explanation
    assert "2025" in result.explanation

    team_rate(actor=commune_officer, team=team, year=2025, level=RatingLevel.GOOD)
    assert case_evaluate(case, language="vi").result("KDC-5a").status == "met"


def test_the_case_page_asks_no_answer_for_kdc_5a_once_the_team_is_rated(tree, commune_officer, unit_reporter,
                                                                       client):
    from django.urls import reverse

    from antq.recognition.workflow import case_register

    team = SecurityTeamFactory(commune=tree.commune_a, areas=[tree.kdc_a], name="Tổ bảo vệ ANTT Trúc Bạch",
                               decision_date=datetime.date(2024, 7, 1))
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=2025)
    client.force_login(unit_reporter)
    url = reverse("recognition:case", args=[case.pk])
    assert 'id="id_answer_KDC-5a_met' in client.get(url).content.decode()
    team_rate(actor=commune_officer, team=team, year=2025, level=RatingLevel.GOOD)
    html = client.get(url).content.decode()
    assert 'id="id_answer_KDC-5a_met' not in html and "data-from-registry" in html
    assert 'id="id_answer_KDC-2_met' in html  # the others are still answered
