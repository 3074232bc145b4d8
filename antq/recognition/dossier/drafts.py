"""The three papers of a case's dossier as .docx drafts, filled from the case (TT 124/2021 art. 9 khoản 1).

The unit downloads a draft, corrects and signs it, and files the signed scan (`services`). A draft
holds the unit, its commune and province, the year and evaluation period, the legal basis, the
registration, the self-assessment criterion by criterion with its explanation, the entered figures,
and who appraises and decides (the authority table). It is written in Vietnamese whatever the
interface language, like any administrative document; the day and month of signing are left blank.

The self-assessment is the one recorded at the last step (`case.self_evaluation`); before the first
step it is evaluated now.
"""

import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils import timezone, translation
from django.utils.text import slugify
from docxtpl import DocxTemplate

from antq.core.text import fold
from antq.recognition.authority import AuthorityNotFound, authority_for
from antq.recognition.criteria.catalogue import criteria_set_for, evaluation_period, legal_basis
from antq.recognition.dossier.naming import (
    KIND_WORDS,
    STATUS_WORDS,
    Places,
    date_line,
    in_sentence,
    issuer_lines,
    location_of,
    places_of,
    short_name,
    with_unit,
)
from antq.recognition.dossier.rules import REGISTRATION_KINDS
from antq.recognition.engine import Outcome
from antq.recognition.evaluation import case_evaluate, provincial_extras
from antq.recognition.figures import FIGURES, PERCENT
from antq.recognition.models import AnswerStage, CaseDocumentKind, RecognitionCase
from antq.units.models import LocalKind, Unit, UnitKind

TEMPLATE_DIR = Path(__file__).parent / "docx"
SAFE = "“An toàn về an ninh, trật tự”"


@dataclass(frozen=True)
class Paper:
    kind: str  # the CaseDocumentKind its signed scan is filed as
    template: str
    slug: str  # the file name's first part, accent-free Vietnamese


PAPERS: dict[str, Paper] = {
    CaseDocumentKind.SUBMISSION: Paper(CaseDocumentKind.SUBMISSION, "submission.docx", "to-trinh"),
    CaseDocumentKind.RESULTS_REPORT: Paper(CaseDocumentKind.RESULTS_REPORT, "results_report.docx", "bao-cao-ket-qua"),
    CaseDocumentKind.MINUTES: Paper(CaseDocumentKind.MINUTES, "minutes.docx", "bien-ban-hop"),
}
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_PAPER_WORDS = {
    CaseDocumentKind.PARTY_RESOLUTION: "nghị quyết của cấp ủy",
    CaseDocumentKind.PLAN: "kế hoạch bảo đảm an ninh, trật tự",
    CaseDocumentKind.REGISTRATION: "bản đăng ký phấn đấu",
}
_KDC_HEADS = {
    LocalKind.THON: "TRƯỞNG THÔN", LocalKind.XOM: "TRƯỞNG XÓM", LocalKind.LANG: "TRƯỞNG LÀNG",
    LocalKind.BAN: "TRƯỞNG BẢN", LocalKind.AP: "TRƯỞNG ẤP", LocalKind.BUON: "TRƯỞNG BUÔN",
    LocalKind.PHUM: "TRƯỞNG PHUM", LocalKind.SOC: "TRƯỞNG SÓC", LocalKind.KHOM: "TRƯỞNG KHÓM",
    LocalKind.TO_DAN_PHO: "TỔ TRƯỞNG TỔ DÂN PHỐ", LocalKind.KHU_PHO: "TRƯỞNG KHU PHỐ",
}


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _figure_value(name: str, raw) -> str:
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        return str(raw)
    text = f"{value.normalize():f}".replace(".", ",")
    return f"{text} %" if FIGURES[name].unit == PERCENT else text


def _evaluation(case: RecognitionCase) -> dict:
    if case.self_evaluation:
        return case.self_evaluation
    return case_evaluate(case, stage=AnswerStage.SELF, language="vi").as_dict()


def _criteria_rows(case: RecognitionCase, evaluation: dict) -> list[dict]:
    criteria = {c.id: c for c in criteria_set_for(
        case.unit.kind, case.year, provincial_extras(unit=case.unit, year=case.year)).criteria}
    rows = []
    for number, result in enumerate(evaluation["results"], start=1):
        criterion = criteria.get(result["criterion"])
        article = ""
        text = ""
        if criterion is not None:
            article = criterion.article
            if criterion.applied_by:
                article += f", áp dụng theo {criterion.applied_by}"
            text = criterion.text_vi
        rows.append({
            "no": number, "id": result["criterion"],
            "ref": f"{result['criterion']} ({article})" if article else result["criterion"],
            "text": text, "status": STATUS_WORDS.get(result["status"], result["status"]),
            "explanation": result.get("explanation", ""), "code": result["status"],
        })
    return rows


def _tally(rows: list[dict]) -> str:
    counts = {code: sum(1 for r in rows if r["code"] == code) for code in STATUS_WORDS}
    applicable = len(rows) - counts["not_applicable"]
    parts = [f"đạt {counts['met']}/{applicable} tiêu chí áp dụng"]
    if counts["not_met"]:
        parts.append(f"{counts['not_met']} tiêu chí không đạt")
    if counts["missing_data"]:
        parts.append(f"{counts['missing_data']} tiêu chí chưa đủ dữ liệu")
    if counts["not_applicable"]:
        parts.append(f"{counts['not_applicable']} tiêu chí không áp dụng")
    return _capitalised("; ".join(parts))


def _ids(rows: list[dict], code: str) -> str:
    return ", ".join(r["id"] for r in rows if r["code"] == code)


def _signature(unit: Unit) -> dict:
    if unit.kind == UnitKind.COMMUNE:
        return {"sign_top": "TM. ỦY BAN NHÂN DÂN", "sign_title": "CHỦ TỊCH", "sign_note": "(Ký tên, đóng dấu)"}
    if unit.kind == UnitKind.RESIDENTIAL_AREA:
        return {"sign_top": "", "sign_title": _KDC_HEADS.get(unit.local_kind, "TRƯỞNG KHU DÂN CƯ"),
                "sign_note": "(Ký, ghi rõ họ tên)"}
    return {"sign_top": "", "sign_title": "THỦ TRƯỞNG ĐƠN VỊ", "sign_note": "(Ký tên, đóng dấu)"}


def _meeting(unit: Unit, places: Places) -> dict:
    if unit.kind == UnitKind.RESIDENTIAL_AREA:
        return {
            "chair": "Trưởng khu dân cư",
            "participants": "Bí thư chi bộ, Trưởng Ban Công tác Mặt trận, đại diện các đoàn thể ở khu dân cư,"
                            " Công an xã phụ trách địa bàn",
            "meeting_place": f"nhà văn hóa {unit.name}",
        }
    if unit.kind == UnitKind.COMMUNE:
        return {
            "chair": f"Trưởng Ban Chỉ đạo {in_sentence(unit.name)}",
            "participants": "Thường trực Ban Chỉ đạo phòng, chống tội phạm, tệ nạn xã hội và xây dựng phong trào"
                            f" toàn dân bảo vệ an ninh Tổ quốc {in_sentence(unit.name)}",
            "meeting_place": f"trụ sở Ủy ban nhân dân {in_sentence(unit.name)}",
        }
    return {
        "chair": f"Thủ trưởng {unit.name}",
        "participants": "đại diện cấp ủy, công đoàn, đoàn thanh niên, lực lượng bảo vệ (nếu có),"
                        " Công an xã phụ trách địa bàn và cơ quan quản lý cấp trên",
        "meeting_place": f"trụ sở {unit.name}",
    }


def draft_context(case: RecognitionCase) -> dict:
    """Everything the three templates show, worded in Vietnamese."""
    with translation.override("vi"):
        return _context(case)


def _context(case: RecognitionCase) -> dict:
    unit = case.unit
    places = places_of(unit)
    period = evaluation_period(unit.kind, case.year)
    try:
        rule = authority_for(unit.kind, unit.managing_level, period.end).rule
        appraiser, decider = with_unit(rule.appraiser_vi, places), with_unit(rule.decider_vi, places)
    except AuthorityNotFound:
        appraiser = decider = "cơ quan có thẩm quyền"
    try:
        basis = legal_basis(case.legal_basis)
        basis_name = basis.legal_basis.replace("Thông tư ", "Thông tư số ", 1)
        subject = basis.title.removeprefix("Thông tư ")
        basis_sentence = f"Căn cứ {basis_name} ngày {basis.issued:%d/%m/%Y} của Bộ trưởng Bộ Công an {subject};"
    except LookupError:
        basis_name = case.legal_basis
        basis_sentence = f"Căn cứ {basis_name};"
    evaluation = _evaluation(case)
    rows = _criteria_rows(case, evaluation)
    outcome = evaluation.get("outcome")
    name = unit.name
    if outcome == Outcome.RECOGNISED:
        outcome_sentence = f"{name} đạt đủ các tiêu chí của tiêu chuẩn {SAFE}."
        proposal = (f"Đề nghị {appraiser} thẩm định, trình {decider} xem xét, công nhận {name}"
                    f" đạt tiêu chuẩn {SAFE} năm {case.year}.")
        conclusion = (f"Hội nghị thống nhất {name} đạt đủ các tiêu chí và đề nghị {decider} công nhận"
                      f" đạt tiêu chuẩn {SAFE} năm {case.year}.")
    elif outcome == Outcome.NOT_RECOGNISED:
        outcome_sentence = f"{name} chưa đạt tiêu chuẩn {SAFE} (không đạt các tiêu chí {_ids(rows, 'not_met')})."
        proposal = f"{name} báo cáo {appraiser} kết quả tự đánh giá để theo dõi, chỉ đạo."
        conclusion = f"Hội nghị thống nhất {name} chưa đạt tiêu chuẩn {SAFE} năm {case.year}."
    else:
        outcome_sentence = f"Chưa đủ dữ liệu để kết luận (các tiêu chí {_ids(rows, 'missing_data')})."
        proposal = f"{name} sẽ bổ sung dữ liệu còn thiếu trước khi đề nghị công nhận."
        conclusion = "Hội nghị thống nhất bổ sung dữ liệu còn thiếu trước khi đề nghị công nhận."
    filed = set(case.documents.values_list("kind", flat=True))
    attachments = [_PAPER_WORDS[k] for k in REGISTRATION_KINDS if k in filed]
    if CaseDocumentKind.EVIDENCE in filed:
        attachments.append("các tài liệu minh chứng")
    figures = [{"label": _capitalised(str(FIGURES[key].label)), "value": _figure_value(key, value)}
               for key, value in (case.figures or {}).items() if key in FIGURES]
    place_unit = places.commune or places.province or unit
    top, main = issuer_lines(unit, places)
    kind_words = "đơn vị hành chính cấp xã" if unit.kind == UnitKind.COMMUNE else KIND_WORDS.get(unit.kind, "")
    return {
        "unit_name": name, "year": case.year, "location": location_of(unit, places) or name,
        "kind_words": kind_words, "issuer_top": top, "issuer_main": main,
        "date_line": date_line(short_name(place_unit.name), None, case.year),
        "appraiser": appraiser, "decider": decider,
        "recipient_decider": f"- {_capitalised(decider)} (để báo cáo);",
        "basis_name": basis_name, "basis_sentence": basis_sentence,
        "period_text": f"từ ngày {period.start:%d/%m/%Y} đến ngày {period.end:%d/%m/%Y}",
        "registered_on": f"{timezone.localtime(case.registered_at):%d/%m/%Y}",
        "registration_note": f" ({case.registration_note})" if case.registration_note else "",
        "attachments": "".join(f"; {a}" for a in attachments),
        "criteria": rows, "tally": _tally(rows), "outcome_sentence": outcome_sentence,
        "proposal": proposal, "conclusion": conclusion, "figures": figures,
        **_signature(unit), **_meeting(unit, places),
    }


def draft_filename(case: RecognitionCase, paper: str) -> str:
    """"to-trinh-to-dan-pho-truc-bach-2026.docx": accent-free, safe in any browser and file system."""
    return f"{PAPERS[paper].slug}-{slugify(fold(case.unit.name))}-{case.year}.docx"


def render_draft(case: RecognitionCase, paper: str) -> bytes:
    """The .docx draft of `paper` (a key of PAPERS) for `case`. The caller has checked scope."""
    template = DocxTemplate(TEMPLATE_DIR / PAPERS[paper].template)
    template.render(draft_context(case), autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()
