"""Demo step: a handful of citizen tips for the demo communes, in the states an officer meets.

Tips go to the two demo officers' communes (`accounts.demo`); each is sent through `tip_submit` and moved on
by the officer through the services, so the trail reads as it would in use. Idempotent: a tip whose text is
already there for that commune is skipped. The receipt code of the first new tip is printed, so the
follow-up page can be shown.
"""

import datetime

from django.utils import timezone

from antq.accounts.demo import commune_of_officer, commune_of_second_officer
from antq.tips.models import Tip, TipCategory, TipMode, TipState
from antq.tips.services import tip_note_add, tip_reply, tip_state_change, tip_submit

# (which commune, category, text, place, days ago, mode, what the officer does: replies, note, final state)
TIPS = [
    (0, TipCategory.DRUGS, "Tối nào cũng có mấy thanh niên lạ tụ tập ở quán nước đầu ngõ, nghi mua bán ma túy.",
     "Quán nước đầu ngõ 12", 2, TipMode.ANONYMOUS, [], "", TipState.NEW),
    (0, TipCategory.SOCIAL_EVIL, "Nhà số 5 thường xuyên tổ chức đánh bạc ăn tiền vào cuối tuần, rất ồn ào.",
     "Nhà số 5, tổ dân phố 3", 6, TipMode.ANONYMOUS,
     ["Công an phường đã tiếp nhận và đang xác minh. Cảm ơn bạn."], "Giao tổ trinh sát kiểm tra cuối tuần này.",
     TipState.IN_PROGRESS),
    (0, TipCategory.FIRE_RISK, "Cơ sở kinh doanh gas chứa nhiều bình trong nhà ở, không có bình chữa cháy.",
     "Cửa hàng gas cạnh chợ", 15, TipMode.IDENTIFIED,
     ["Đã phối hợp Cảnh sát PCCC kiểm tra, lập biên bản và yêu cầu khắc phục."], "Đã lập biên bản vi phạm.",
     TipState.CLOSED_FOUNDED),
    (1, TipCategory.CRIME, "Mất trộm 2 con bò trong đêm, nghi có người lạ đi xe tải nhỏ vào thôn lúc 2 giờ sáng.",
     "Chuồng bò gia đình ở cuối thôn", 9, TipMode.ANONYMOUS,
     ["Chúng tôi đã chuyển tin cho Cơ quan Cảnh sát điều tra Công an tỉnh."], "Chuyển CQĐT Công an tỉnh.",
     TipState.FORWARDED),
    (1, TipCategory.HOTSPOT, "Bãi đất trống sau trường học tối nào cũng có nhóm thanh niên đua xe, gây gổ.",
     "Bãi đất sau trường THCS", 20, TipMode.ANONYMOUS, [], "Đã tuần tra 3 đêm, không phát hiện.",
     TipState.CLOSED_UNFOUNDED),
]
CONTACT = {"contact_name": "Nguyễn Văn Hùng", "contact_phone": "0912 345 678"}


def build(ctx) -> None:
    communes = [commune_of_officer(ctx.province), commune_of_second_officer(ctx.province)]
    officers = [ctx.users.get("xa"), ctx.users.get("xa2")]
    created, first_code = 0, None
    for which, category, what, place, days_ago, mode, replies, note, state in TIPS:
        commune, officer = communes[which], officers[which] or ctx.users.get("tinh")
        if commune is None or officer is None or Tip.objects.filter(commune=commune, what=what).exists():
            continue
        sent = tip_submit(actor=None, commune=commune, category=category, what=what, place=place, mode=mode,
                          occurred_on=timezone.localdate() - datetime.timedelta(days=days_ago + 1),
                          **(CONTACT if mode == TipMode.IDENTIFIED else {}))
        first_code = first_code or sent.code
        moves_on = state not in (TipState.NEW, TipState.IN_PROGRESS)
        if note and not moves_on:
            tip_note_add(actor=officer, tip=sent.tip, body=note)
        for reply in replies:
            tip_reply(actor=officer, tip=sent.tip, body=reply)
        if moves_on:
            tip_state_change(actor=officer, tip=sent.tip, state=state, note=note)
        # Spread the demo over the last weeks (the services stamp "now").
        Tip.objects.filter(pk=sent.tip.pk).update(
            received_at=timezone.now() - datetime.timedelta(days=days_ago, hours=created * 3))
        created += 1
    ctx.say(f"Citizen tips: {created} created")
    if first_code:
        ctx.say(f"  receipt code of the first tip (follow-up page /tips/follow-up/): {first_code}")
