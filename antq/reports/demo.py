"""Demo step: the demo province's text of this year's report, written as a provincial police report is.

The wording follows the seed articles (Quảng Bình 2011, 2019): the general situation, the limitations
and the tasks for next year; the figures come from the modules when the report is made.
"""

from django.utils import timezone

from antq.recognition.demo import demo_year
from antq.reports.models import ReportText
from antq.reports.services import report_text_save

SUMMARY = (
    "Năm {year}, tình hình an ninh chính trị, trật tự an toàn xã hội trên địa bàn tỉnh cơ bản ổn định. "
    "Ban Chỉ đạo 138 các cấp được kiện toàn; phong trào toàn dân bảo vệ an ninh Tổ quốc tiếp tục được "
    "triển khai sâu rộng, gắn với thực hiện Chỉ thị 09-CT/TW của Ban Bí thư và Ngày hội toàn dân bảo vệ "
    "an ninh Tổ quốc ở 100 % khu dân cư.\n"
    "Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở được củng cố sau khi sắp xếp chính quyền hai cấp."
)
RESULTS = (
    "Công tác tuyên truyền được đổi mới về hình thức: tuyên truyền miệng, trực quan, loa truyền thanh, tờ rơi "
    "và video clip trên mạng xã hội về phòng, chống tội phạm, tệ nạn xã hội, ma túy, an toàn giao thông, "
    "phòng cháy, chữa cháy và lừa đảo trên không gian mạng."
)
LIMITATIONS = (
    "Một số địa phương chưa quan tâm đúng mức đến xây dựng phong trào; việc sơ kết, tổng kết, nhân rộng "
    "mô hình tự quản còn hạn chế.\n"
    "Tội phạm sử dụng công nghệ cao, lừa đảo chiếm đoạt tài sản trên không gian mạng còn diễn biến phức tạp."
)
NEXT_YEAR = (
    "Tiếp tục quán triệt Chỉ thị 09-CT/TW; đổi mới nội dung, hình thức phong trào phù hợp với từng xã, "
    "cơ quan, doanh nghiệp, nhà trường.\n"
    "Xây dựng, nhân rộng mô hình, điển hình tiên tiến; kịp thời khen thưởng tập thể, cá nhân có thành tích.\n"
    "Tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc từ ngày 01/7 đến 19/8 ở tất cả khu dân cư."
)


def build(ctx) -> None:
    year = demo_year(timezone.localdate())
    if ReportText.objects.filter(area=ctx.province, year=year).exists():
        ctx.say(f"Report {year}: already written, nothing to do")
        return
    actor = ctx.users.get("tinh")  # the province officer writes the province's report
    if actor is None:
        ctx.say("Report: no province officer in the demo, skipped")
        return
    report_text_save(actor=actor, area=ctx.province, year=year, values={
        "summary": SUMMARY.format(year=year), "results": RESULTS, "limitations": LIMITATIONS,
        "next_year_tasks": NEXT_YEAR, "signer_name": "Đại tá Nguyễn Văn Minh",
        "recipients": "- Bộ Công an (V05);\n- Thường trực Tỉnh ủy;\n- UBND tỉnh;\n- Lưu: VT, PV05.",
    })
    ctx.say(f"Report {year}: the province's text written; make the .docx or PDF at /reports/annual/")
