"""The ANTT-safe recognition part of the year's report (see antq.reports.sections).

The report is an official paper in Vietnamese whatever the interface language, so its wording is
written here in Vietnamese, as the statistics workbook's headers are.
"""


from antq.recognition.criteria.catalogue import legal_basis_for_year
from antq.recognition.statistics import recognition_statistics
from antq.reports.sections import Section, Table, count_text, share_text
from antq.units.models import Unit, UnitKind

# How reports name each kind when they count it ("52/78 xã, phường, thị trấn …").
_COUNTED_AS = {
    UnitKind.COMMUNE: "xã, phường, thị trấn",
    UnitKind.RESIDENTIAL_AREA: "khu dân cư",
    UnitKind.AGENCY: "cơ quan",
    UnitKind.ENTERPRISE: "doanh nghiệp",
    UnitKind.SCHOOL: "cơ sở giáo dục",
}


_KIND_NAMES = {
    UnitKind.COMMUNE: "Xã, phường, thị trấn", UnitKind.RESIDENTIAL_AREA: "Khu dân cư", UnitKind.AGENCY: "Cơ quan",
    UnitKind.ENTERPRISE: "Doanh nghiệp", UnitKind.SCHOOL: "Cơ sở giáo dục",
}




def report_section(*, actor, area: Unit, year: int) -> Section | None:
    # The caller resolved `area` within the actor's scope; the statistics below read only under it.
    rows = [row for row in recognition_statistics(area=area, year=year) if row.total]
    if not any(row.registered for row in rows):
        return None
    sentences = []
    for row in rows:
        if not row.registered:
            continue
        total, kind = count_text(row.total), _COUNTED_AS[row.kind]
        registered, recognised = count_text(row.registered), count_text(row.recognised)
        sentences.append(
            f"{registered}/{total} {kind} đăng ký; {recognised}/{total} {kind} được công nhận "
            f"“An toàn về an ninh, trật tự” ({share_text(row.share(row.recognised))}).")
    table_rows = [
        [_KIND_NAMES[row.kind], count_text(row.total), count_text(row.registered), count_text(row.recognised),
         share_text(row.share(row.recognised)), count_text(row.not_recognised), count_text(row.pending),
         count_text(row.not_registered)]
        for row in rows
    ]
    table = Table(
        title=f"Kết quả công nhận đạt tiêu chuẩn “An toàn về an ninh, trật tự” năm {year}",
        columns=["Loại đơn vị", "Tổng số", "Đăng ký", "Được công nhận", "Tỷ lệ công nhận", "Không được công nhận",
                 "Chưa quyết định", "Không đăng ký"],
        rows=table_rows,
        note=f"Nguồn: ANTQ, các quyết định công nhận theo {legal_basis_for_year(year).legal_basis}.",
    )
    return Section(key="recognition", heading="Xây dựng đơn vị đạt tiêu chuẩn “An toàn về an ninh, trật tự”",
                   sentences=sentences, tables=[table])
