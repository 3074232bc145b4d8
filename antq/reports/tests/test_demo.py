from django.utils import timezone

from antq.accounts.models import User
from antq.core.tests.test_demo import demo_tree, run_demo  # noqa: F401 — the demo's fixture tree
from antq.recognition.demo import demo_year
from antq.reports.models import ReportText
from antq.reports.sections import report_sections


def test_demo_writes_the_provinces_report_text_once_and_the_figures_are_there(demo_tree):  # noqa: F811
    run_demo()
    year = demo_year(timezone.localdate())
    text = ReportText.objects.get(area=demo_tree.province_a, year=year)
    assert "Chỉ thị 09-CT/TW" in text.summary and text.limitations and text.next_year_tasks
    officer = User.objects.get(username="tinh")
    sections = report_sections(actor=officer, area=demo_tree.province_a, year=year)
    # Every module's demo makes figures for the current year, so every module has its section.
    assert [s.key for s in sections] == ["classification", "recognition", "festival", "outreach", "grassroots",
                                         "clubs", "exemplars", "commendations", "directives"]
    run_demo()
    assert ReportText.objects.get(area=demo_tree.province_a, year=year).version == 1
