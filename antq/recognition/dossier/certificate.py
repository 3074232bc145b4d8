"""The recognition certificate ("Giấy công nhận đạt tiêu chuẩn An toàn về an ninh, trật tự") as a PDF.

A certificate exists only for a decided case with the result "met", once the competent level has
issued it (`services.case_certificate_issue`). Issuing gives it a number, once, in the sequence of
the issuing body and year, and freezes its wording — unit, place, decider, decision, signer — in
the audit event of the issue. The PDF is rendered from that frozen wording, so it reads the same
every time it is downloaded, even after a unit is renamed or the authority table is edited. If the
case is reopened and decided again, the old wording no longer matches the decision and the
certificate is unavailable until it is issued again (keeping its number).

Rendering: `templates/recognition/dossier/certificate.html` through WeasyPrint, A4 landscape, in
Vietnamese, with "Liberation Serif" named in the CSS (Debian's fonts-liberation2, which has the
Vietnamese glyphs) and DejaVu Serif as the fallback.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.utils.text import slugify

from antq.core.models import AuditEvent
from antq.core.text import fold
from antq.recognition.authority import AuthorityNotFound, authority_for
from antq.recognition.criteria.catalogue import evaluation_period, legal_basis
from antq.recognition.dossier.naming import day_words, location_of, places_of, short_name, with_unit
from antq.recognition.models import CaseResult, CaseStatus, RecognitionCase
from antq.units.models import Unit, UnitKind

ISSUE_ACTION = "recognition.certificate_issue"
NUMBER_FORMAT = "{sequence}/GCN-ANTT"
TEMPLATE = "recognition/dossier/certificate.html"
# The capital, for the place line of a certificate the Minister signs.
MINISTRY_PLACE = "Hà Nội"


def is_recognised(case: RecognitionCase) -> bool:
    """A decided case whose result is "met": the only kind that gets a certificate."""
    return case.status == CaseStatus.DECIDED and case.result == CaseResult.MET


def _signature(decider: str) -> tuple[str, str]:
    lowered = decider.lower()
    if lowered.startswith("ủy ban nhân dân"):
        return "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"
    if lowered.startswith("chủ tịch"):
        return "", "CHỦ TỊCH"
    if lowered.startswith("bộ trưởng"):
        return "", "BỘ TRƯỞNG"
    return "", decider.upper()


def certificate_content(case: RecognitionCase, *, number: str, issuer: Unit) -> dict[str, str]:
    """The wording of the certificate of `case` as of now (strings only: it is stored as JSON)."""
    unit = case.unit
    places = places_of(unit)
    period = evaluation_period(unit.kind, case.year)
    try:
        decider = with_unit(authority_for(unit.kind, unit.managing_level, period.end).rule.decider_vi, places)
    except AuthorityNotFound:
        decider = f"Ủy ban nhân dân {issuer.name}"
    try:
        basis = legal_basis(case.legal_basis).legal_basis.replace("Thông tư ", "Thông tư số ", 1)
    except LookupError:
        basis = case.legal_basis
    if issuer.kind == UnitKind.COUNTRY:
        issuer_top, issuer_main, place = "", "BỘ CÔNG AN", MINISTRY_PLACE
    else:
        issuer_top, issuer_main, place = "ỦY BAN NHÂN DÂN", issuer.name.upper(), short_name(issuer.name)
    sign_top, sign_title = _signature(decider)
    decided_on: datetime.date = case.decision_date
    return {
        "number": number,
        "year": str(case.year),
        "issuer_top": issuer_top,
        "issuer_main": issuer_main,
        "heading": decider.upper(),
        "unit_name": unit.name,
        "unit_location": location_of(unit, places),
        "decision_number": case.decision_number,
        "decision_date": decided_on.isoformat(),
        "decision_date_text": f"{decided_on:%d/%m/%Y}",
        "decision_by": decider,
        "legal_basis": basis,
        "date_line": f"{place}, {day_words(decided_on)}",
        "sign_top": sign_top,
        "sign_title": sign_title,
        "signer": case.decision_signer,
    }


def _issue_events(case: RecognitionCase):
    return AuditEvent.objects.filter(
        action=ISSUE_ACTION, target_type=ContentType.objects.get_for_model(RecognitionCase),
        target_id=str(case.pk),
    ).order_by("-at", "-id")


def matches_decision(case: RecognitionCase, content: dict) -> bool:
    """Whether frozen wording still belongs to the case's current decision and number."""
    return (
        is_recognised(case)
        and bool(case.certificate_number)
        and content.get("number") == case.certificate_number
        and content.get("decision_number") == case.decision_number
        and content.get("decision_date") == (case.decision_date.isoformat() if case.decision_date else None)
        and content.get("signer") == case.decision_signer
    )


def issued_certificate(case: RecognitionCase) -> dict[str, str] | None:
    """The frozen wording of the case's certificate, or None when there is no valid one. One query."""
    if not is_recognised(case) or not case.certificate_number:
        return None
    event = _issue_events(case).only("detail").first()
    content = (event.detail or {}).get("certificate") if event else None
    if not isinstance(content, dict) or not matches_decision(case, content):
        return None
    return content


def next_sequence(*, issuer: Unit, year: int) -> int:
    """The next certificate number of `issuer` for `year` (1, 2, …). Call with the issuer's row locked."""
    used = AuditEvent.objects.filter(action=ISSUE_ACTION, detail__issuer=issuer.pk, detail__year=year)
    return max((int(s) for s in used.values_list("detail__sequence", flat=True) if s is not None), default=0) + 1


def certificate_filename(content: dict[str, str]) -> str:
    return f"giay-cong-nhan-{slugify(fold(content['unit_name']))}-{content['year']}.pdf"


def certificate_html(content: dict[str, str]) -> str:
    return render_to_string(TEMPLATE, {"c": content})


def render_certificate(content: dict[str, str]) -> bytes:
    """The PDF of frozen certificate wording; the same bytes for the same wording."""
    from weasyprint import HTML  # imported here: loading pango is slow and only this needs it

    return HTML(string=certificate_html(content)).write_pdf(
        # Fixed metadata: no creation time in the file, so re-rendering gives the same bytes.
        pdf_identifier=f"antq-certificate-{content['number']}-{content['year']}".encode(),
    )
