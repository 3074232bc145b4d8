import datetime

import pytest
from django.core.files.base import ContentFile
from django.http import Http404

from antq.directives.models import ReportSubmission
from antq.directives.selectors import (
    DONE_LATE,
    DUE,
    LATE,
    ON_TIME,
    directive_deadline_section,
    document_list,
    get_document_for,
    reports_owed,
)
from antq.directives.tests.factories import DocumentFactory, ObligationFactory


def submit(obligation, unit, due_on, submitted_on):
    s = ReportSubmission(obligation=obligation, unit=unit, due_on=due_on, submitted_on=submitted_on, number="1/BC",
                         original_name="a.pdf")
    s.file.save("a.pdf", ContentFile(b"%PDF-1.4"), save=False)
    s.save()
    return s


def test_national_documents_are_seen_by_all_and_plans_only_below(tree, commune_officer, viewer, unit_reporter):
    directive = DocumentFactory(unit=tree.country, title="Về phong trào toàn dân bảo vệ an ninh Tổ quốc")
    plan_a = DocumentFactory(unit=tree.province_a, kind="plan", parent=directive, number="35/KH-UBND")
    plan_b = DocumentFactory(unit=tree.province_b, kind="plan", parent=directive, number="12/KH-UBND")
    assert set(document_list(actor=commune_officer)) == {directive, plan_a}
    assert set(document_list(actor=unit_reporter)) == {directive, plan_a}
    with pytest.raises(Http404):
        get_document_for(commune_officer, plan_b.pk)
    assert set(document_list(actor=viewer, q="bao ve AN NINH")) == {directive, plan_a}
    assert list(document_list(actor=viewer, q="chi thi")) == [directive]  # the kind's Vietnamese word
    assert list(document_list(actor=viewer, q="35/kh")) == [plan_a]


def test_reports_owed_due_late_and_submitted(tree, national_admin, commune_officer):
    obligation = ObligationFactory(document=DocumentFactory(unit=tree.province_a, kind="plan", number="1/KH"),
                                   first_due_on=datetime.date(2025, 6, 15), recurrence="half_yearly")
    submit(obligation, tree.commune_a, datetime.date(2025, 6, 15), datetime.date(2025, 6, 10))
    submit(obligation, tree.commune_a2, datetime.date(2025, 6, 15), datetime.date(2025, 6, 20))
    today = datetime.date(2025, 11, 1)
    owed = reports_owed(actor=national_admin, area=tree.province_a, year=2025, today=today)
    states = {(r.unit.pk, r.due_on): r.state for r in owed}
    assert states == {
        (tree.commune_a.pk, datetime.date(2025, 6, 15)): ON_TIME,
        (tree.commune_a2.pk, datetime.date(2025, 6, 15)): DONE_LATE,
        (tree.commune_a.pk, datetime.date(2025, 12, 15)): DUE,
        (tree.commune_a2.pk, datetime.date(2025, 12, 15)): DUE,
    }
    late = directive_deadline_section(actor=commune_officer, area=tree.commune_a, year=2025,
                                      today=datetime.date(2025, 12, 16))
    assert late["count"] == 1 and late["late"] == 1 and late["on_time"] == 1
    assert late["entries"][0].state == LATE and late["entries"][0].unit == tree.commune_a
    with pytest.raises(Http404):
        reports_owed(actor=commune_officer, area=tree.province_b, year=2025, today=today)
