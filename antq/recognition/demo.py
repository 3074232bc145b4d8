"""Demo step: one year of the ANTT-safe cycle in the demo province, judged by the real engine.

Every KDC and covered organisation of the province registers for the demo year, except a few
that did not; in most communes the year is decided, with the result the engine gives from the
incident register (so the set pieces of the incidents step come out as the law says: the KDC
whose very serious crime was detected and reported stays recognised, the next one does not). The
demo users' own commune is left mid-cycle, so its officer has dossiers to appraise. Communes are
decided last, from their sub-units' results (TT 124 art. 5.4).
"""

import datetime
import uuid
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone, translation

from antq.core.audit import audit_record
from antq.core.text import natural_key
from antq.recognition.bulk_facts import AreaFacts
from antq.recognition.criteria import CriterionKind, criteria_set_for, legal_basis_for_year
from antq.recognition.dossier.rules import SUBMISSION_KINDS
from antq.recognition.evaluation import case_evaluate
from antq.recognition.models import (
    AnswerStage,
    CaseAnswer,
    CaseDocument,
    CaseDocumentKind,
    CaseResult,
    CaseStatus,
    RecognitionCase,
)
from antq.units.coverage import coverage_of_unit
from antq.units.models import GRASSROOTS_KINDS, Unit, UnitKind

# Figures each unit reports in its self-assessment (every national threshold met).
FIGURES = {
    "households_registered_percent": "100",
    "effective_models": "2",
    "staff_briefed_percent": "100",
    "people_briefed_percent": "100",
    "sub_units_good_percent": "85",
    "staff_disciplined_warning_count": "0",
}
MID_CYCLE = (CaseStatus.REGISTERED, CaseStatus.SELF_ASSESSED, CaseStatus.SUBMITTED, CaseStatus.SUBMITTED)


def demo_year(today: datetime.date) -> int:
    """The latest year whose evaluation periods have all ended (15/11)."""
    return today.year if today >= datetime.date(today.year, 11, 16) else today.year - 1


def _covered(unit: Unit) -> bool:
    if not unit.is_organisation:
        return True
    return coverage_of_unit(unit).covered


def build(ctx) -> None:
    year = demo_year(timezone.localdate())
    province = ctx.province
    if RecognitionCase.objects.filter(unit__path__startswith=province.path, year=year).exists():
        ctx.say(f"Recognition {year}: already there, nothing to do")
        return
    basis = legal_basis_for_year(year).code
    communes = list(Unit.objects.filter(parent=province, kind=UnitKind.COMMUNE).valid_on(datetime.date(year, 11, 15)))
    own = ctx.users.get("xa")
    own_commune_id = own.roles.get().unit_id if own else None
    kdc_user = ctx.users.get("kdc")
    kdc_user_unit = kdc_user.roles.get().unit_id if kdc_user else None
    units = [u for u in Unit.objects.filter(parent__in=communes, kind__in=GRASSROOTS_KINDS).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=datetime.date(year, 1, 1))) if _covered(u)]

    now = timezone.now()
    cases = []
    # About one commune in ten has an enterprise that did not register (so the commune misses the
    # 100 % registration of art. 5.4 and is not recognised); everyone else registered.
    skipped = set()
    for commune in communes:
        enterprises = sorted((u for u in units if u.parent_id == commune.pk and u.kind == UnitKind.ENTERPRISE),
                             key=lambda u: natural_key(u.name))
        if enterprises and ctx.rng_for("recognition", year, commune.pk).random() < 0.1:
            skipped.add(enterprises[0].pk)
    for unit in units:
        if unit.pk in skipped:
            continue
        cases.append(RecognitionCase(unit=unit, year=year, legal_basis=basis, registered_at=now,
                                     registered_by=ctx.actor, figures=FIGURES, status=CaseStatus.REGISTERED))
    RecognitionCase.objects.bulk_create(cases, batch_size=500)
    cases = list(RecognitionCase.objects.filter(unit__in=units, year=year).select_related("unit"))
    _answer_all(cases, year)

    # In the officer's own commune, the reporter's KDC and the two after it (the incidents step's set
    # pieces) are decided; the rest of that commune is mid-cycle, work for the demo officers.
    own_kdcs = sorted((c.unit for c in cases if c.unit.parent_id == own_commune_id
                       and c.unit.kind == UnitKind.RESIDENTIAL_AREA), key=lambda u: natural_key(u.name))
    start = next((i for i, u in enumerate(own_kdcs) if u.pk == kdc_user_unit), 0)
    decided_in_own = {u.pk for u in own_kdcs[start:start + 3]}
    decided = 0
    # The province's facts read at once, as a province-wide re-evaluation reads them (bulk_facts gives what
    # case_evaluate gives, case by case, in a dozen queries instead of several per case).
    area_facts = AreaFacts(area=province, year=year, cases=cases)
    for case in cases:
        mid_cycle = case.unit.parent_id == own_commune_id and case.unit_id not in decided_in_own
        with translation.override("vi"):
            evaluation = area_facts.evaluate(case, stage=AnswerStage.SELF)
            case.self_evaluation = evaluation.as_dict()
        if mid_cycle:
            case.status = MID_CYCLE[case.pk % len(MID_CYCLE)]
            if case.status == CaseStatus.REGISTERED:
                case.self_evaluation = None
            continue
        _decide(case, evaluation, number=decided + 1, year=year)
        decided += 1
    RecognitionCase.objects.bulk_update(
        cases, ["status", "result", "self_evaluation", "appraised_evaluation", "decision_number", "decision_date",
                "decision_signer", "decided_at", "version"], batch_size=500)

    _file_dossiers([c for c in cases if c.unit.parent_id == own_commune_id
                    and c.status in (CaseStatus.SUBMITTED, CaseStatus.DECIDED)])
    commune_cases = _communes(communes, year, basis, now, ctx, own_commune_id)
    recognised = sum(1 for c in cases if c.result == CaseResult.MET)
    audit_record(actor=ctx.actor, action="demo.recognition", target=province,
                 detail={"year": year, "cases": len(cases), "decided": decided, "recognised": recognised,
                         "communes": len(commune_cases)})
    ctx.say(f"Recognition {year}: {len(cases)} units registered, {decided} decided ({recognised} recognised), "
            f"{len(commune_cases)} communes")


def _scan(title: str) -> bytes:
    """A one-page PDF standing in for the signed scan of a paper (the demo has no real signatures)."""
    from weasyprint import HTML

    return HTML(string=f"<html lang='vi'><body style='font-family: \"Liberation Serif\", serif'>"
                       f"<h1>{title}</h1><p>Bản chụp minh họa của dữ liệu mẫu ANTQ, không có giá trị pháp lý.</p>"
                       f"</body></html>").write_pdf()


def _file_dossiers(cases: list[RecognitionCase]) -> None:
    """The signed submission, results report and minutes of the demo officer's submitted and decided cases
    (TT 124/2021 art. 9.1), so the appraiser has the dossier to read."""
    scans = {kind: _scan(str(CaseDocumentKind(kind).label)) for kind in SUBMISSION_KINDS}
    documents = []
    for case in cases:
        for kind in SUBMISSION_KINDS:
            document = CaseDocument(case=case, kind=kind, original_name=f"{kind}.pdf")
            document.file.save(f"{uuid.uuid4().hex}.pdf", ContentFile(scans[kind]), save=False)
            documents.append(document)
    CaseDocument.objects.bulk_create(documents)


def _answer_all(cases: list[RecognitionCase], year: int) -> None:
    must_have: dict[str, list[str]] = {}
    answers = []
    for case in cases:
        kind = case.unit.kind
        if kind not in must_have:
            must_have[kind] = [c.id for c in criteria_set_for(kind, year).criteria if c.kind == CriterionKind.MUST_HAVE]
        answers += [CaseAnswer(case=case, criterion_id=cid, stage=AnswerStage.SELF, met=True,
                               note="Có biên bản họp, nghị quyết và kế hoạch kèm theo") for cid in must_have[kind]]
    CaseAnswer.objects.bulk_create(answers, batch_size=1000)


def _decide(case: RecognitionCase, evaluation, *, number: int, year: int) -> None:
    case.status = CaseStatus.DECIDED
    case.appraised_evaluation = case.self_evaluation
    case.result = CaseResult.MET if evaluation.outcome == "recognised" else CaseResult.NOT_MET
    case.decision_number = f"{number}/QĐ-UBND"
    case.decision_date = datetime.date(year, 11, 12)
    case.decision_signer = "Chủ tịch Ủy ban nhân dân"
    case.decided_at = timezone.now()
    case.version = 6


def _communes(communes, year, basis, now, ctx, own_commune_id) -> list[RecognitionCase]:
    created = RecognitionCase.objects.bulk_create([
        RecognitionCase(unit=c, year=year, legal_basis=basis, registered_at=now, registered_by=ctx.actor,
                        figures={**FIGURES, "effective_models": str(Decimal(1 + c.pk % 3))})
        for c in communes
    ])
    cases = list(RecognitionCase.objects.filter(unit__in=communes, year=year).select_related("unit"))
    _answer_all(cases, year)
    for number, case in enumerate(cases, start=1):
        evaluation = case_evaluate(case, stage=AnswerStage.SELF, language="vi")
        case.self_evaluation = evaluation.as_dict()
        if case.unit_id == own_commune_id:
            case.status = CaseStatus.SELF_ASSESSED  # its KDCs are still being decided
            continue
        _decide(case, evaluation, number=number, year=year)
    RecognitionCase.objects.bulk_update(
        cases, ["status", "result", "self_evaluation", "appraised_evaluation", "decision_number", "decision_date",
                "decision_signer", "decided_at", "version"], batch_size=500)
    return created
