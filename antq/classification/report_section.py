"""The classification part of the year's report (see antq.reports.sections): the blocks as reports print them.

"131/159 xã, phường, thị trấn đạt loại Khá (82,4 %); 28/159 Trung bình (17,6 %)" — from the summary rows,
the same figures as the statistics page, the workbook and the API.
"""


from antq.classification.engine import level_label
from antq.classification.models import Block
from antq.classification.rules import LEVELS
from antq.classification.statistics import classification_counts
from antq.reports.sections import Section, Table, share_text
from antq.units.models import Unit

# How reports name each block when they count it.
_COUNTED_AS = {
    Block.COMMUNE: "xã, phường, thị trấn",
    Block.ORG_LOCAL: "cơ quan, doanh nghiệp do cấp xã (huyện) quản lý",
    Block.ORG_PROVINCE: "cơ quan, doanh nghiệp do cấp tỉnh, Bộ quản lý",
    Block.SCHOOL: "cơ sở giáo dục",
    Block.RESIDENTIAL_AREA: "khu dân cư",
    Block.DISTRICT: "huyện, quận, thị xã, thành phố",
}
_BLOCK_NAMES = {
    Block.COMMUNE: "Xã, phường, thị trấn", Block.ORG_LOCAL: "CQ, DN cấp xã (huyện) quản lý",
    Block.ORG_PROVINCE: "CQ, DN cấp tỉnh, Bộ quản lý", Block.SCHOOL: "Cơ sở giáo dục",
    Block.RESIDENTIAL_AREA: "Khu dân cư", Block.DISTRICT: "Cấp huyện",
}



def report_section(*, actor, area: Unit, year: int) -> Section | None:
    blocks = [b for b in classification_counts(actor=actor, year=year, area=area) if b.units]
    if not any(b.classified for b in blocks):
        return None
    sentences = []
    for b in blocks:
        if not b.classified:
            continue
        parts = [f"{b.fraction(level)} đạt loại {level_label(level)} ({share_text(b.share(n))})"
                 for level, n in b.levels.items() if n]
        parts[0] = f"{parts[0].split(' ', 1)[0]} {_COUNTED_AS[b.block]} {parts[0].split(' ', 1)[1]}"
        if b.not_classified:
            parts.append(f"{b.not_classified}/{b.units} chưa được phân loại ({share_text(b.share(b.not_classified))})")
        sentences.append("; ".join(parts) + ".")
    rows = []
    for b in blocks:
        rows.append([_BLOCK_NAMES[b.block], str(b.units),
                     *(f"{b.levels.get(level, 0)}\n{share_text(b.share(b.levels.get(level, 0)))}" for level in LEVELS),
                     str(b.not_classified)])
    table = Table(
        title=f"Kết quả đánh giá, phân loại phong trào toàn dân bảo vệ ANTQ năm {year}",
        columns=["Khối", "Tổng số", *(level_label(level) for level in LEVELS), "Chưa phân loại"],
        rows=rows,
        note="Nguồn: ANTQ, kết quả phân loại đã quyết định (Quyết định 510/QĐ-BCA-V05 và dữ liệu nhập lịch sử).",
    )
    return Section(key="classification", heading="Kết quả đánh giá, phân loại phong trào",
                   sentences=sentences, tables=[table])
