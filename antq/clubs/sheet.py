"""The spreadsheet format of the registry: one row per club (a model without clubs takes one row).

Rows with the same site, type and model name make one model. A site is named by its commune (name or
official code) and, below it, the KDC, agency, enterprise or school (blank: the commune itself). A type
not yet in the catalogue may be added by a province officer's file: give its sector and, if it is a
variant, the national type. Headers and words are a file format (Vietnamese, not translated).
"""

from antq.clubs.models import Sector
from antq.core.sheets import Column, cell_text, choice_column, parse_count, parse_date, parse_yes_no

SECTOR_WORDS: dict[str, tuple[str, ...]] = {
    Sector.SOCIETY: ("Ngoài xã hội", "Xã hội", "XH"),
    Sector.ORGANISATIONS: ("Cơ quan, doanh nghiệp, nhà trường", "Trong cơ quan, doanh nghiệp, nhà trường",
                           "CQ, DN, NT", "CQDNNT"),
}


def parse_year(raw: object) -> int | None:
    value = parse_count(raw)
    return value or None


COLUMNS: tuple[Column, ...] = (
    Column("commune", "Xã, phường", cell_text, required=True, width=24),
    Column("site", "Điểm áp dụng (KDC, cơ quan, doanh nghiệp, trường; trống: cả xã)", cell_text, width=30),
    Column("type", "Loại mô hình", cell_text, required=True, width=30),
    choice_column("sector", "Khối (cho loại mới)", SECTOR_WORDS, Sector, width=22),
    Column("national", "Thuộc loại mô hình chung (cho loại mới)", cell_text, width=28),
    Column("model_name", "Tên mô hình (trống: tên loại)", cell_text, width=30),
    Column("decision_number", "Số quyết định thành lập", cell_text, text=True),
    Column("decision_date", "Ngày quyết định (dd/mm/yyyy)", parse_date, text=True),
    Column("established_on", "Ngày thành lập (dd/mm/yyyy)", parse_date, text=True),
    Column("club", "Tên tổ, câu lạc bộ", cell_text, width=30),
    Column("members_count", "Số thành viên", parse_count),
    Column("leader", "Tổ trưởng, chủ nhiệm", cell_text, width=24),
    Column("member_names", "Danh sách thành viên (cách nhau bởi dấu ;)", cell_text, width=40),
    Column("year", "Năm đánh giá", parse_year),
    Column("effective", "Hiệu quả (có/không)", parse_yes_no),
    Column("typical", "Điển hình (có/không)", parse_yes_no),
)
YES_NO_FIELDS = ("effective", "typical")
