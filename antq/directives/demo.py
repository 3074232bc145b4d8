"""Demo step: the national documents of REGULATIONS.md §7 (real numbers and dates), the demo province's plan
of the demo year implementing Kết luận 44-KL/TW, a few commune plans under it, and the reports they owe:
communes report on the province plan half-yearly (15/6) and at the year's end (15/11), the province reports
to the Ministry by 30/11. Commune reports are drawn from each commune's random stream: most on time, some
late, some missing (late or still due). Idempotent (documents by issuer, number and year; one submission per
unit and due date); one "demo.directives" audit event when something was created."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from antq.core.audit import audit_record
from antq.core.text import fold
from antq.directives.models import (
    KIND_WORDS,
    Document,
    DocumentKind,
    Recurrence,
    ReportObligation,
    ReportSubmission,
    Validity,
)
from antq.directives.schedule import due_dates_in_year
from antq.incidents.demo import demo_year
from antq.units.models import Unit, UnitKind

D = datetime.date
# (kind, number, issued, issuer, title, validity, in force from, parent number)
NATIONAL = [
    (DocumentKind.DIRECTIVE, "48-CT/TW", D(2010, 10, 22), "Bộ Chính trị",
     "Về tăng cường sự lãnh đạo của Đảng đối với công tác phòng, chống tội phạm trong tình hình mới",
     Validity.IN_FORCE, None, None),
    (DocumentKind.DIRECTIVE, "09-CT/TW", D(2011, 12, 1), "Ban Bí thư Trung ương Đảng (khóa XI)",
     "Về tăng cường sự lãnh đạo của Đảng đối với phong trào toàn dân bảo vệ an ninh Tổ quốc trong tình hình mới",
     Validity.IN_FORCE, None, None),
    (DocumentKind.DECREE, "06/2014/NĐ-CP", D(2014, 1, 21), "Chính phủ",
     "Về biện pháp vận động quần chúng bảo vệ an ninh quốc gia, giữ gìn trật tự, an toàn xã hội",
     Validity.IN_FORCE, None, None),
    (DocumentKind.DECISION, "521/QĐ-TTg", D(2005, 6, 13), "Thủ tướng Chính phủ",
     "Về việc lấy ngày 19 tháng 8 hằng năm là “Ngày hội toàn dân bảo vệ an ninh Tổ quốc”",
     Validity.IN_FORCE, None, None),
    (DocumentKind.CIRCULAR, "67/2012/TT-BCA", D(2012, 11, 1), "Bộ Công an",
     "Quy định trách nhiệm của Công an các đơn vị, địa phương trong xây dựng phong trào toàn dân bảo vệ an ninh "
     "Tổ quốc", Validity.IN_FORCE, None, None),
    (DocumentKind.DIRECTIVE, "46-CT/TW", D(2015, 6, 22), "Bộ Chính trị",
     "Về tăng cường sự lãnh đạo của Đảng đối với công tác bảo đảm an ninh, trật tự trong tình hình mới",
     Validity.IN_FORCE, None, None),
    (DocumentKind.CONCLUSION, "44-KL/TW", D(2019, 1, 22), "Ban Bí thư Trung ương Đảng (khóa XII)",
     "Về tiếp tục thực hiện Chỉ thị số 09-CT/TW của Ban Bí thư khóa XI về tăng cường sự lãnh đạo của Đảng đối "
     "với phong trào toàn dân bảo vệ an ninh Tổ quốc trong tình hình mới", Validity.IN_FORCE, None, "09-CT/TW"),
    (DocumentKind.RESOLUTION, "51-NQ/TW", D(2019, 9, 5), "Bộ Chính trị", "Về Chiến lược bảo vệ an ninh quốc gia",
     Validity.IN_FORCE, None, None),
    (DocumentKind.CIRCULAR, "124/2021/TT-BCA", D(2021, 12, 28), "Bộ Công an",
     "Quy định về tiêu chuẩn “An toàn về an ninh, trật tự” đối với khu dân cư, xã, phường, thị trấn, cơ quan, "
     "doanh nghiệp, cơ sở giáo dục", Validity.AMENDED, D(2022, 2, 10), None),
    (DocumentKind.DECISION, "510/QĐ-BCA-V05", D(2022, 1, 20), "Bộ Công an",
     "Quy định Tiêu chí đánh giá, phân loại phong trào toàn dân bảo vệ an ninh Tổ quốc",
     Validity.IN_FORCE, None, None),
    (DocumentKind.LAW, "30/2023/QH15", D(2023, 11, 28), "Quốc hội",
     "Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở", Validity.IN_FORCE, D(2024, 7, 1), None),
    (DocumentKind.DIRECTIVE, "06/CT-BCA-V05", D(2025, 5, 7), "Bộ Công an",
     "Về nâng cao chất lượng phong trào toàn dân bảo vệ an ninh Tổ quốc trong cơ quan, doanh nghiệp, nhà trường",
     Validity.IN_FORCE, None, None),
]
SUMMARY = {
    "09-CT/TW": "Tăng cường sự lãnh đạo của cấp ủy đảng đối với phong trào; Hội nghị toàn quốc triển khai ngày "
                "12/4/2012.",
    "44-KL/TW": "Tiếp tục thực hiện Chỉ thị 09-CT/TW; Bộ Công an tổ chức hội nghị triển khai ngày 27/8/2019.",
    "124/2021/TT-BCA": "Có hiệu lực từ 10/02/2022; được sửa đổi, bổ sung bởi Thông tư 48/2025/TT-BCA.",
    "521/QĐ-TTg": "Ngày 19 tháng 8 hằng năm là Ngày hội toàn dân bảo vệ an ninh Tổ quốc.",
}
SHARE_ON_TIME, SHARE_LATE = 0.7, 0.15  # the rest have not submitted
COMMUNE_PLANS = 5
PDF = b"%PDF-1.4\n% demo report\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _document(unit: Unit, kind, number, issued_on, issuer, title, *, validity=Validity.IN_FORCE,
              effective_from=None, parent=None, summary="", created: list) -> Document:
    document = Document.objects.filter(unit=unit, number=number, year=issued_on.year).first()
    if document is None:
        document = Document.objects.create(
            unit=unit, kind=kind, number=number, issued_on=issued_on, year=issued_on.year, issuer=issuer,
            title=title, summary=summary, validity=validity, effective_from=effective_from, parent=parent,
            search_folded=fold(f"{KIND_WORDS[kind][0]} {number} {title} {issuer}")[:900])
        created.append(document)
    return document


def _obligation(document: Document, subject: str, reporter_kind: str, first_due_on, recurrence, note: str,
                created: list) -> ReportObligation:
    obligation, new = ReportObligation.objects.get_or_create(
        document=document, subject=subject,
        defaults={"reporter_kind": reporter_kind, "first_due_on": first_due_on, "recurrence": recurrence,
                  "note": note})
    if new:
        created.append(obligation)
    return obligation


def _submit(obligation, unit: Unit, due_on, submitted_on, number: str, created: list) -> None:
    if ReportSubmission.objects.filter(obligation=obligation, unit=unit, due_on=due_on).exists():
        return
    submission = ReportSubmission(obligation=obligation, unit=unit, due_on=due_on, submitted_on=submitted_on,
                                  number=number, original_name=f"{number.replace('/', '-')}.pdf", size=len(PDF))
    submission.file.save(submission.original_name, ContentFile(PDF), save=False)
    submission.save()
    created.append(submission)


def build(ctx) -> None:
    today = timezone.localdate()
    year = demo_year(today)
    province = ctx.province
    country = province.parent if province.parent and province.parent.kind == UnitKind.COUNTRY else \
        Unit.objects.filter(kind=UnitKind.COUNTRY).first()
    created: list = []
    national = {}
    for kind, number, issued, issuer, title, validity, effective, parent in NATIONAL:
        national[number] = _document(country, kind, number, issued, issuer, title, validity=validity,
                                     effective_from=effective, parent=national.get(parent),
                                     summary=SUMMARY.get(number, ""), created=created)
    _obligation(national["44-KL/TW"], "Báo cáo kết quả thực hiện Kết luận 44-KL/TW và Chỉ thị 09-CT/TW",
                "province", D(2019, 11, 30), Recurrence.YEARLY,
                "Công an các tỉnh báo cáo Bộ Công an (qua Cục V05) kết quả năm (dữ liệu minh họa).", created)
    plan = _document(province, DocumentKind.PLAN, "35/KH-UBND", D(year, 2, 10), f"UBND {province.name}",
                     f"Thực hiện Kết luận 44-KL/TW và xây dựng phong trào toàn dân bảo vệ ANTQ năm {year}",
                     parent=national["44-KL/TW"], created=created,
                     summary="Giao Công an tỉnh chủ trì; UBND các xã, phường báo cáo sơ kết 6 tháng và tổng kết năm.")
    half = _obligation(plan, f"Báo cáo sơ kết 6 tháng đầu năm {year}", "commune", D(year, 6, 15),
                       Recurrence.ONCE, "Kết quả 6 tháng, phương hướng 6 tháng cuối năm.", created)
    annual = _obligation(plan, f"Báo cáo tổng kết phong trào năm {year}", "commune", D(year, 11, 15),
                         Recurrence.ONCE, "Số liệu năm tính đến 15/11.", created)
    festival = _obligation(national["521/QĐ-TTg"], "Báo cáo kết quả tổ chức Ngày hội toàn dân bảo vệ ANTQ",
                           "commune", D(2022, 9, 15), Recurrence.YEARLY, "Gửi Công an tỉnh sau Ngày hội 19/8.",
                           created)
    communes = list(Unit.objects.filter(path__startswith=province.path, kind=UnitKind.COMMUNE, valid_to__isnull=True)
                    .order_by("path"))
    for index, commune in enumerate(communes[:COMMUNE_PLANS], start=1):
        _document(commune, DocumentKind.PLAN, f"{10 + index}/KH-UBND", D(year, 3, 1), f"UBND {commune.name}",
                  f"Triển khai Kế hoạch 35/KH-UBND của UBND tỉnh về phong trào toàn dân bảo vệ ANTQ năm {year}",
                  parent=plan, created=created)
    for obligation in (half, annual, festival):
        for due_on in due_dates_in_year(obligation, year):
            for commune in communes:
                rng = ctx.rng_for("directives", obligation.subject, due_on, commune.code or commune.pk)
                draw = rng.random()
                if draw < SHARE_ON_TIME:
                    day = due_on - datetime.timedelta(days=rng.randint(0, 10))
                elif draw < SHARE_ON_TIME + SHARE_LATE:
                    day = due_on + datetime.timedelta(days=rng.randint(1, 20))
                else:
                    continue
                if day <= today:
                    _submit(obligation, commune, due_on, day, f"{rng.randint(1, 199)}/BC-UBND", created)
    if created:
        audit_record(actor=ctx.actor, action="demo.directives", target=province,
                     detail={"year": year, "seed": ctx.seed, "records": len(created)})
    ctx.say(f"Directives {year}: {len(created)} records created "
            f"({ReportSubmission.objects.filter(unit__path__startswith=province.path).count()} commune reports)")
