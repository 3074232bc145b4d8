"""Demo step: the portal's news — a few published items of the demo province, one national, one draft.

Dated in the demo year (Festival Day, recognition results, a security-team training), written as the
provincial police would. Idempotent: an item is looked up by its area and title, and only missing ones are
created, with one "demo.portal" audit event for the step.
"""

import datetime

from django.utils import timezone

from antq.core.audit import audit_record
from antq.incidents.demo import demo_year
from antq.portal.models import NewsItem
from antq.units.models import Unit, UnitKind

# (national?, published on (month, day) or None for a draft, title, body)
NEWS = [
    (True, (6, 20), "Hướng dẫn tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm {year}",
     "Bộ Công an hướng dẫn các địa phương tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm {year} "
     "từ ngày 01/7 đến ngày 19/8 tại các khu dân cư, cơ quan, doanh nghiệp, nhà trường.\n\n"
     "Ngày hội cần được tổ chức thiết thực, tiết kiệm, gắn với tổng kết phong trào và biểu dương các điển hình "
     "tiên tiến."),
    (False, (3, 15), "{province}: ra quân huấn luyện lực lượng tham gia bảo vệ ANTT ở cơ sở",
     "Công an tỉnh phối hợp với UBND các xã, phường tổ chức huấn luyện nghiệp vụ cho các Tổ bảo vệ an ninh, "
     "trật tự.\n\nNội dung gồm kiến thức pháp luật, kỹ năng tuần tra, xử lý tình huống và phòng cháy, chữa cháy."),
    (False, (8, 19), "{province} tổ chức điểm Ngày hội toàn dân bảo vệ ANTQ năm {year}",
     "Hưởng ứng Ngày hội toàn dân bảo vệ an ninh Tổ quốc, các khu dân cư trên địa bàn tỉnh đã tổ chức Ngày hội "
     "với phần lễ trang trọng và phần hội sôi nổi.\n\nNhiều tập thể, cá nhân tiêu biểu trong phong trào đã được "
     "khen thưởng tại Ngày hội."),
    (False, (11, 20), "Công bố kết quả công nhận khu dân cư đạt tiêu chuẩn “An toàn về an ninh, trật tự” năm {year}",
     "UBND các xã, phường đã ban hành quyết định công nhận các khu dân cư, cơ quan, doanh nghiệp, nhà trường đạt "
     "tiêu chuẩn “An toàn về an ninh, trật tự” năm {year}.\n\nDanh sách được công khai trên Cổng thông tin "
     "theo nguyên tắc công khai, minh bạch của Thông tư 124/2021/TT-BCA."),
    (False, None, "Kế hoạch tuyên truyền phòng, chống lừa đảo qua mạng (dự thảo)",
     "Dự thảo kế hoạch tuyên truyền phòng, chống tội phạm lừa đảo chiếm đoạt tài sản qua không gian mạng tại các "
     "khu dân cư.\n\nĐang lấy ý kiến các đơn vị trước khi đăng."),
]


def build(ctx) -> None:
    province = ctx.province
    country = Unit.objects.filter(kind=UnitKind.COUNTRY).order_by("pk").first()
    year = demo_year(timezone.localdate())
    made = 0
    for national, day, title, body in NEWS:
        unit = country if national else province
        if unit is None:
            continue
        title, body = (text.format(year=year, province=province.name) for text in (title, body))
        if NewsItem.objects.filter(unit=unit, title=title).exists():
            continue
        item = NewsItem(unit=unit, title=title, body=body)
        if day is not None:
            item.status = NewsItem.Status.PUBLISHED
            item.published_at = datetime.datetime(year, *day, 9, tzinfo=datetime.UTC)
        item.save()
        made += 1
    if made:
        audit_record(actor=ctx.actor, action="demo.portal", target=province, detail={"year": year, "news": made})
    ctx.say(f"Portal: {made} news items created "
            f"({NewsItem.objects.published().filter(unit__in=[province, country]).count()} published)")
