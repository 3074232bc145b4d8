"""Writes to the register: who may write, what is refused, what the audit trail records."""

import ast
import datetime
import io
import unicodedata
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation

from antq.accounts.models import Role
from antq.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from antq.core.models import AuditEvent
from antq.incidents import services
from antq.incidents.models import Incident, IncidentEvidence, IncidentPerson, YearlyTrendFigure
from antq.incidents.services import (
    incident_create,
    incident_evidence_add,
    incident_evidence_remove,
    incident_person_add,
    incident_person_remove,
    incident_update,
    incident_withdraw,
    trend_figure_delete,
    trend_figure_set,
)
from antq.incidents.tests.factories import (
    PDF_BYTES,
    CrimeFactory,
    DisciplineIncidentFactory,
    IncidentEvidenceFactory,
    IncidentFactory,
    IncidentPersonFactory,
)
from antq.units.tests.factories import CommuneFactory

DAY = datetime.date(2025, 3, 5)
MODULES = [Path(services.__file__), Path(services.__file__).with_name("evidence.py")]


def _msgids() -> set[str]:
    """Every string literal passed to gettext (`_`) in the services and the evidence rules."""
    found = set()
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_" and node.args:
                found.add(ast.literal_eval(node.args[0]))
    return found


MSGIDS = _msgids()


@pytest.fixture(autouse=True)
def in_english():
    """Messages are compared with their English msgids (some already have a Vietnamese translation)."""
    with translation.override("en"):
        yield


def _messages(exc: ValidationError, field: str | None = None) -> list[str]:
    if field is None:
        return exc.messages
    return exc.message_dict[field]


def _state():
    return (list(Incident.objects.values_list("id", "title", "withdrawn_at")), IncidentPerson.objects.count(),
            IncidentEvidence.objects.count(), YearlyTrendFigure.objects.count(), AuditEvent.objects.count())


@pytest.fixture
def other_commune_officer(tree):
    user = UserFactory(username="xa_b")
    RoleAssignmentFactory(user=user, role=Role.COMMUNE_OFFICER, unit=tree.commune_b)
    return user


def _crime(actor, unit, **values):
    return incident_create(actor=actor, unit=unit, **{
        "type": "crime", "occurred_on": DAY, "title": "Trộm cắp xe máy", "severity": "less_serious", **values})


# Who may write ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("role", "unit_attr", "allowed"),
    [
        ("national_admin", "kdc_a", True),
        ("province_officer", "kdc_a", True),
        ("province_officer", "commune_a2", True),
        ("commune_officer", "kdc_a", True),
        ("commune_officer", "commune_a", True),
        ("commune_officer", "agency_a", True),
        ("unit_reporter", "kdc_a", True),
        ("unit_reporter", "commune_a", False),
        ("viewer", "kdc_a", False),
        ("commune_officer", "commune_a2", False),  # a neighbouring commune of the same province
        ("commune_officer", "kdc_b", False),
        ("other_commune_officer", "kdc_a", False),
        ("province_officer", "kdc_b", False),
    ],
)
def test_who_may_record_an_incident(request, tree, role, unit_attr, allowed):
    actor = request.getfixturevalue(role)
    unit = getattr(tree, unit_attr)
    before = _state()
    if allowed:
        incident = _crime(actor, unit)
        assert incident.unit == unit and incident.created_by == actor
    else:
        with pytest.raises(ValidationError) as info:
            _crime(actor, unit)
        assert _messages(info.value) == ["You may not enter data for this unit."]
        assert _state() == before


@pytest.mark.parametrize("role", ["viewer", "other_commune_officer", "unit_reporter"])
def test_who_may_not_change_withdraw_or_add_to_an_incident(request, tree, role):
    actor = request.getfixturevalue(role)
    incident = DisciplineIncidentFactory(unit=tree.commune_a)
    person = IncidentPersonFactory(incident=incident)
    evidence = IncidentEvidenceFactory(incident=incident)
    before = _state()
    attempts = [
        lambda: incident_update(actor=actor, incident=incident, title="Đổi tên"),
        lambda: incident_withdraw(actor=actor, incident=incident, reason="Nhập nhầm"),
        lambda: incident_person_add(actor=actor, incident=incident, full_name="Lê Văn A", role_in_unit="staff",
                                    discipline="warning"),
        lambda: incident_person_remove(actor=actor, person=person),
        lambda: incident_evidence_add(actor=actor, incident=incident,
                                      upload=SimpleUploadedFile("a.pdf", PDF_BYTES)),
        lambda: incident_evidence_remove(actor=actor, evidence=evidence),
        lambda: trend_figure_set(actor=actor, unit=tree.commune_a, year=2024, count=3),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError):
            attempt()
    assert _state() == before


def test_moving_an_incident_needs_data_entry_on_the_new_unit(commune_officer, tree):
    incident = _crime(commune_officer, tree.kdc_a)
    with pytest.raises(ValidationError):
        incident_update(actor=commune_officer, incident=incident, unit=tree.commune_a2)
    incident_update(actor=commune_officer, incident=incident, unit=tree.agency_a)
    incident.refresh_from_db()
    assert incident.unit == tree.agency_a


# What is refused ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"severity": ""}, "severity", "Choose the category of the crime (Penal Code, art. 9)."),
        ({"type": "social_evil", "severity": "serious"}, "severity",
         "Only a crime has a category; leave it empty for this type."),
        ({"type": "fire_explosion_accident", "severity": "less_serious"}, "severity",
         "Only a crime has a category; leave it empty for this type."),
        ({"severity": "apocalyptic"}, "severity", None),
        ({"type": "earthquake", "severity": ""}, "type", None),
        ({"occurred_on": timezone.localdate() + datetime.timedelta(days=1)}, "occurred_on",
         "The date is in the future."),
        ({"occurred_on": datetime.date(202, 5, 1)}, "occurred_on", None),
        ({"title": "   "}, "title", None),
    ],
)
def test_invalid_incidents_are_refused_and_nothing_changes(commune_officer, tree, values, field, message):
    before = _state()
    with pytest.raises(ValidationError) as info:
        _crime(commune_officer, tree.kdc_a, **values)
    assert field in info.value.message_dict
    if message:
        assert message in info.value.message_dict[field]
        assert message in MSGIDS  # an English msgid, translated through the Vietnamese catalogue
    assert _state() == before


def test_a_slip_in_the_year_is_refused_with_the_earliest_day(commune_officer, tree):
    with pytest.raises(ValidationError) as info:
        _crime(commune_officer, tree.kdc_a, occurred_on=datetime.date(1999, 12, 31))
    assert info.value.message_dict["occurred_on"] == ["The date is before 01/01/2000: check the year."]
    assert "The date is before %(day)s: check the year." in MSGIDS
    assert _crime(commune_officer, tree.kdc_a, occurred_on=datetime.date(2000, 1, 1)).pk


def test_today_is_not_the_future(commune_officer, tree):
    assert _crime(commune_officer, tree.kdc_a, occurred_on=timezone.localdate()).pk


def test_only_places_that_are_evaluated_hold_incidents(national_admin, tree):
    with pytest.raises(ValidationError) as info:
        _crime(national_admin, tree.province_a)
    assert "unit" in info.value.message_dict


def test_an_incident_cannot_happen_after_its_unit_closed(national_admin, tree):
    closed = CommuneFactory(parent=tree.province_a, name="Xã Cũ", valid_from=None,
                            valid_to=datetime.date(2025, 6, 30))
    with pytest.raises(ValidationError) as info:
        _crime(national_admin, closed, occurred_on=datetime.date(2025, 7, 2))
    assert info.value.message_dict["occurred_on"] == ["This unit had closed by that date."]
    assert _crime(national_admin, closed, occurred_on=datetime.date(2025, 6, 30)).pk


def test_text_is_stored_nfc_and_the_description_keeps_its_lines(commune_officer, tree):
    nfd = unicodedata.normalize("NFD", "  Trộm  cắp tài sản ")
    incident = _crime(commune_officer, tree.kdc_a, title=nfd,
                      description=unicodedata.normalize("NFD", "Dòng một  \n\nDòng   hai"))
    incident.refresh_from_db()
    assert incident.title == "Trộm cắp tài sản"
    assert incident.title_folded == "trom cap tai san"
    assert incident.description == "Dòng một\n\nDòng hai"


def test_the_type_of_an_incident_with_people_cannot_lose_them(commune_officer, tree):
    incident = DisciplineIncidentFactory(unit=tree.agency_a)
    IncidentPersonFactory(incident=incident)
    with pytest.raises(ValidationError) as info:
        incident_update(actor=commune_officer, incident=incident, type="social_evil")
    assert "type" in info.value.message_dict


# Audit ------------------------------------------------------------------------------------------------------------

def test_create_update_and_withdraw_are_audited_with_before_and_after(commune_officer, tree):
    incident = _crime(commune_officer, tree.kdc_a)
    created = AuditEvent.objects.get(action="incident.create")
    assert created.actor == commune_officer and created.target_id == str(incident.pk)
    assert created.after["severity"] == "less_serious" and created.before is None

    incident_update(actor=commune_officer, incident=incident, severity="very_serious",
                    detected_mitigated_reported=True)
    updated = AuditEvent.objects.get(action="incident.update")
    assert ("severity", "less_serious", "very_serious") in updated.changes
    assert ("detected_mitigated_reported", False, True) in updated.changes

    incident_update(actor=commune_officer, incident=incident, severity="very_serious")
    assert AuditEvent.objects.filter(action="incident.update").count() == 1  # nothing changed, nothing written

    incident_withdraw(actor=commune_officer, incident=incident, reason="Nhập trùng với vụ khác")
    withdrawn = AuditEvent.objects.get(action="incident.withdraw")
    assert withdrawn.before["withdrawn_at"] is None and withdrawn.after["withdrawn_at"]
    assert withdrawn.detail == {"reason": "Nhập trùng với vụ khác"}
    incident.refresh_from_db()
    assert incident.is_withdrawn and incident.withdrawn_by == commune_officer
    assert Incident.objects.filter(pk=incident.pk).exists()  # withdrawn, never deleted


def test_a_withdrawn_incident_is_frozen(commune_officer, tree):
    incident = _crime(commune_officer, tree.kdc_a)
    with pytest.raises(ValidationError) as info:
        incident_withdraw(actor=commune_officer, incident=incident, reason="   ")
    assert "reason" in info.value.message_dict
    incident_withdraw(actor=commune_officer, incident=incident, reason="Nhập nhầm")
    for attempt in (
        lambda: incident_update(actor=commune_officer, incident=incident, title="Khác"),
        lambda: incident_withdraw(actor=commune_officer, incident=incident, reason="Lần nữa"),
        lambda: incident_evidence_add(actor=commune_officer, incident=incident,
                                      upload=SimpleUploadedFile("a.pdf", PDF_BYTES)),
    ):
        with pytest.raises(ValidationError, match="withdrawn"):
            attempt()


def test_people_are_recorded_for_discipline_types_only(commune_officer, tree):
    crime = _crime(commune_officer, tree.kdc_a)
    with pytest.raises(ValidationError):
        incident_person_add(actor=commune_officer, incident=crime, full_name="Lê Văn A", role_in_unit="staff",
                            discipline="warning")
    incident = DisciplineIncidentFactory(unit=tree.agency_a)
    person = incident_person_add(actor=commune_officer, incident=incident, full_name=" Lê  Văn An ",
                                 role_in_unit="staff", discipline="warning", note="Kế toán")
    assert person.full_name == "Lê Văn An"
    event = AuditEvent.objects.get(action="incident.person_add")
    assert event.target_id == str(incident.pk) and event.after["discipline"] == "warning"
    with pytest.raises(ValidationError) as info:
        incident_person_add(actor=commune_officer, incident=incident, full_name="X", role_in_unit="staff",
                            discipline="flogging")
    assert "discipline" in info.value.message_dict

    incident_person_remove(actor=commune_officer, person=person)
    assert not IncidentPerson.objects.exists()
    assert AuditEvent.objects.get(action="incident.person_remove").before["full_name"] == "Lê Văn An"


# Evidence -------------------------------------------------------------------------------------------------------

def _docx(parts=("word/document.xml",)) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for part in parts:
            archive.writestr(part, "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("biên bản.pdf", PDF_BYTES),
        ("anh-hien-truong.JPG", b"\xff\xd8\xff\xe0" + b"0" * 100),
        ("so-do.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100),
        ("bao-cao.docx", _docx()),
        ("thong-ke.xlsx", _docx(parts=("xl/workbook.xml",))),
    ],
)
def test_evidence_of_the_accepted_kinds_is_stored_under_a_random_name(commune_officer, tree, name, content):
    incident = _crime(commune_officer, tree.kdc_a)
    evidence = incident_evidence_add(actor=commune_officer, incident=incident,
                                     upload=SimpleUploadedFile(name, content))
    assert evidence.original_name == unicodedata.normalize("NFC", name)
    assert evidence.size == len(content) and evidence.uploaded_by == commune_officer
    stored = evidence.file.name
    assert stored.startswith(f"incidents/{timezone.now():%Y}/") and "bi" not in stored.rsplit("/", 1)[1][:2]
    assert stored.endswith(name.rsplit(".", 1)[1].lower())
    with evidence.file.open("rb") as stream:
        assert stream.read() == content
    event = AuditEvent.objects.get(action="incident.evidence_add")
    assert event.target_id == str(incident.pk) and event.detail["file_name"] == evidence.original_name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ" + b"0" * 50, "Upload a PDF, JPEG, PNG, Word (.docx) or Excel (.xlsx) file."),
        ("cu.doc", b"\xd0\xcf\x11\xe0" + b"0" * 50, "Upload a PDF, JPEG, PNG, Word (.docx) or Excel (.xlsx) file."),
        ("gia.pdf", b"<html>not a pdf</html>", "The content of this file does not match its extension (.pdf)."),
        ("zip.docx", _docx(parts=("other.xml",)), "The content of this file does not match its extension (.docx)."),
        ("rong.pdf", b"", "The file is empty."),
    ],
)
def test_other_files_are_refused(commune_officer, tree, name, content, message):
    incident = _crime(commune_officer, tree.kdc_a)
    before = _state()
    with pytest.raises(ValidationError) as info:
        incident_evidence_add(actor=commune_officer, incident=incident, upload=SimpleUploadedFile(name, content))
    assert info.value.message_dict["file"] == [message]
    assert _state() == before


def test_evidence_over_the_size_limit_is_refused(commune_officer, tree, settings):
    settings.ANTQ_EVIDENCE_MAX_BYTES = 20
    incident = _crime(commune_officer, tree.kdc_a)
    with pytest.raises(ValidationError) as info:
        incident_evidence_add(actor=commune_officer, incident=incident, upload=SimpleUploadedFile("a.pdf", PDF_BYTES))
    assert "largest file accepted" in info.value.message_dict["file"][0]
    assert "The file is %(size)s; the largest file accepted is %(limit)s." in MSGIDS


def test_removing_evidence_deletes_the_file_after_commit(commune_officer, tree, django_capture_on_commit_callbacks):
    incident = _crime(commune_officer, tree.kdc_a)
    evidence = incident_evidence_add(actor=commune_officer, incident=incident,
                                     upload=SimpleUploadedFile("a.pdf", PDF_BYTES))
    storage, name = evidence.file.storage, evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        incident_evidence_remove(actor=commune_officer, evidence=evidence)
    assert not storage.exists(name)
    assert AuditEvent.objects.get(action="incident.evidence_remove").detail["file_name"] == "a.pdf"


# Yearly figures -----------------------------------------------------------------------------------------------

def test_trend_figure_set_creates_then_corrects_with_audit(commune_officer, tree):
    figure = trend_figure_set(actor=commune_officer, unit=tree.commune_a, year=2024, count=7, note="Báo cáo năm")
    again = trend_figure_set(actor=commune_officer, unit=tree.commune_a, year=2024, count=9, note="Báo cáo năm")
    assert again.pk == figure.pk and again.count == 9
    events = list(AuditEvent.objects.filter(action="trend_figure.set").order_by("id"))
    assert [e.before for e in events][0] is None
    assert ("count", 7, 9) in events[1].changes
    trend_figure_set(actor=commune_officer, unit=tree.commune_a, year=2024, count=9, note="Báo cáo năm")
    assert AuditEvent.objects.filter(action="trend_figure.set").count() == 2  # unchanged: no event

    trend_figure_delete(actor=commune_officer, unit=tree.commune_a, year=2024)
    assert not YearlyTrendFigure.objects.exists()
    assert AuditEvent.objects.get(action="trend_figure.delete").before["count"] == 9


@pytest.mark.parametrize(
    ("unit_attr", "year", "count", "field"),
    [
        ("agency_a", 2024, 3, "unit"),
        ("commune_a", 2011, 3, "year"),
        ("commune_a", timezone.localdate().year + 1, 3, "year"),
        ("commune_a", 2024, -1, "count"),
    ],
)
def test_invalid_trend_figures_are_refused(commune_officer, tree, unit_attr, year, count, field):
    before = _state()
    with pytest.raises(ValidationError) as info:
        trend_figure_set(actor=commune_officer, unit=getattr(tree, unit_attr), year=year, count=count)
    assert field in info.value.message_dict
    assert _state() == before


def test_a_failed_write_leaves_no_audit_row(commune_officer, tree):
    with pytest.raises(RuntimeError), transaction.atomic():
        _crime(commune_officer, tree.kdc_a)
        raise RuntimeError
    assert not AuditEvent.objects.exists() and not Incident.objects.exists()


def test_incidents_made_by_factories_pass_validation(tree):
    for incident in (IncidentFactory(unit=tree.kdc_a), CrimeFactory(unit=tree.commune_a)):
        services.incident_validate(incident)


def test_messages_reach_the_user_through_the_vietnamese_catalogue(commune_officer, tree):
    incident = _crime(commune_officer, tree.kdc_a)
    with translation.override("vi"):
        with pytest.raises(ValidationError) as info:
            incident_evidence_add(actor=commune_officer, incident=incident, upload=SimpleUploadedFile("a.pdf", b""))
        vietnamese = translation.gettext("The file is empty.")
    assert vietnamese != "The file is empty."
    assert info.value.message_dict["file"] == [vietnamese]
