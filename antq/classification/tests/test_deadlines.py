import datetime

from antq.classification.deadlines import classification_deadlines
from antq.classification.tests.factories import ClassificationFactory
from antq.units.tests.factories import EnterpriseFactory

YEAR = 2026


def test_due_late_and_decided_late_against_art_11_3(tree):
    EnterpriseFactory(parent=tree.commune_a, enterprise_size="micro")  # not covered: never due
    ClassificationFactory(unit=tree.kdc_a, status="decided", level="good", block="residential_area",
                          decided_at=datetime.datetime(YEAR, 11, 25, 3, tzinfo=datetime.UTC))
    ClassificationFactory(unit=tree.commune_a2, status="submitted")
    entries = {e.name: e for e in classification_deadlines(area=tree.province_a, year=YEAR,
                                                           today=datetime.date(YEAR, 11, 26))}
    assert set(entries) == {"Tổ dân phố Trúc Bạch", "Phường Ba Đình", "Xã Đông Hà", "Trung tâm Y tế Ba Đình"}
    kdc = entries["Tổ dân phố Trúc Bạch"]
    assert (kdc.state, kdc.deadline, kdc.days_late) == ("done_late", datetime.date(YEAR, 11, 20), 5)
    commune = entries["Xã Đông Hà"]
    assert (commune.state, commune.status, commune.days_late) == ("due", "submitted", -4)
    late = classification_deadlines(area=tree.province_a, year=YEAR, today=datetime.date(YEAR, 12, 2))
    assert [(e.name, e.state, e.days_late) for e in late] == [
        ("Tổ dân phố Trúc Bạch", "done_late", 5), ("Phường Ba Đình", "late", 2), ("Trung tâm Y tế Ba Đình", "late", 2),
        ("Xã Đông Hà", "late", 2)]
