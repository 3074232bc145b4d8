"""Demo step: the entered contents of the civilised-urban criterion 4 for the demo province's wards.

Runs after the recognition step, for the same year. The province officer answers, through
`derived_answer_set`, every entered content of every ward and township whose recognition is decided:
most contents are met, about one in ten is not (with the kind of note an officer writes), and the
content on the ward's ANTT-safe status follows its decision. In the demo officer's own ward, whose year
is still open, only the first contents are answered, so the officer has the rest to do. What the
contents are, and which are entered, is read from the definitions in force, so an edited version is
followed. The step does nothing when the year already has answers in the province.
"""

import datetime

from django.utils import timezone

from antq.recognition.demo import demo_year
from antq.recognition.derived.rules import current_rules
from antq.recognition.derived.services import derived_answer_set
from antq.recognition.models import CaseResult, CaseStatus, DerivedContentAnswer, RecognitionCase
from antq.units.models import Unit, UnitKind

NOT_MET_SHARE = 0.1
# Notes per content code of the civilised-urban criterion 4 (antq/recognition/data/derived_criteria.yaml):
# (met, not met). "{n}" is a small number drawn for the ward.
NOTES = {
    "2": ("Không có khiếu kiện đông người kéo dài; {n} vụ mâu thuẫn trong Nhân dân đã được tổ hòa giải giải quyết.",
          "Còn 01 vụ khiếu kiện đông người kéo dài liên quan đến bồi thường, giải phóng mặt bằng."),
    "3": ("Tội phạm về trật tự xã hội giảm {n} vụ so với năm trước; không có tội phạm nghiêm trọng chưa được phát "
          "hiện.",
          "Tội phạm về trật tự xã hội tăng {n} vụ so với năm trước."),
    "4": ("Không phát sinh tụ điểm phức tạp về trật tự xã hội; số người nghiện ma túy giảm {n} người.",
          "Phát sinh 01 tụ điểm tập trung thanh thiếu niên sử dụng trái phép chất ma túy."),
    "5": ("Duy trì {n} mô hình “Camera an ninh”, “Tổ dân phố tự quản về an ninh, trật tự” hoạt động hiệu quả.",
          "Mô hình “Tổ liên gia tự quản” hoạt động hình thức, chưa được đánh giá hiệu quả."),
}
OTHER_NOTE = ("Đã kiểm tra, đối chiếu hồ sơ của phường: đạt.", "Đã kiểm tra, đối chiếu hồ sơ của phường: chưa đạt.")
STATUS_CODE = "6"  # "the ward is recognised ANTT-safe for the year": follows the decision


def build(ctx) -> None:
    year = demo_year(timezone.localdate())
    officer = ctx.users.get("tinh")
    if officer is None:
        ctx.say("Derived criteria: no province officer in the demo, nothing to do")
        return
    rules = current_rules()
    local_kinds = {k for i in rules.indicators if i.entered_contents_in(year) for k in i.local_kinds}
    wards = list(Unit.objects.filter(parent=ctx.province, kind=UnitKind.COMMUNE, local_kind__in=local_kinds)
                 .valid_on(datetime.date(year, 12, 31)).order_by("name_folded", "pk"))
    if DerivedContentAnswer.objects.filter(commune__in=wards, year=year).exists():
        ctx.say(f"Derived criteria {year}: already there, nothing to do")
        return
    own = ctx.users.get("xa")
    own_commune_id = own.roles.get().unit_id if own else None
    cases = {c.unit_id: c for c in RecognitionCase.objects.filter(unit__in=wards, year=year)}
    answered = 0
    for ward in wards:
        case = cases.get(ward.pk)
        decided = case is not None and case.status == CaseStatus.DECIDED
        if not decided and ward.pk != own_commune_id:
            continue
        rng = ctx.rng_for("derived", year, ward.pk)
        for indicator in rules.for_local_kind(ward.local_kind):
            contents = indicator.entered_contents_in(year)
            if not decided:
                contents = contents[: len(contents) // 2]  # the officer's own, open year: half done
            for content in contents:
                met, note = _answer(content.code, case, rng, year)
                if met is None:
                    continue
                derived_answer_set(actor=officer, commune=ward, year=year, indicator=indicator.code,
                                   content_code=content.code, met=met, note=note)
                answered += 1
    ctx.say(f"Derived criteria {year}: {answered} answers entered for {len(wards)} wards and townships")


def _answer(code: str, case: RecognitionCase | None, rng, year: int) -> tuple[bool | None, str]:
    if code == STATUS_CODE:
        if case is None or case.status != CaseStatus.DECIDED:
            return None, ""
        if case.result == CaseResult.MET:
            day = f" ngày {case.decision_date:%d/%m/%Y}" if case.decision_date else ""
            return True, f"Quyết định công nhận số {case.decision_number}{day}."
        return False, f"Không được công nhận năm {year} (quyết định số {case.decision_number})."
    met = rng.random() >= NOT_MET_SHARE
    met_note, not_met_note = NOTES.get(code, OTHER_NOTE)
    return met, (met_note if met else not_met_note).format(n=rng.randint(1, 5))
