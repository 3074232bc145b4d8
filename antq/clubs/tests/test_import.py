"""The import of the Trà Vinh-shaped registry (SEEDS 002) and its counts sentence; all-or-nothing."""

import io

import pytest
from django.utils import translation
from openpyxl import Workbook

from antq.clubs.models import Club, ModelType, MovementModel
from antq.clubs.report_section import report_section
from antq.clubs.selectors import counts
from antq.clubs.services import ImportRejected, models_import
from antq.clubs.sheet import COLUMNS
from antq.core.models import AuditEvent

YEAR = 2025
SOCIETY_CODES = ("camera_antt", "to_lien_gia", "dong_ho", "to_dan_pho_tu_quan", "xu_dao_an_ninh", "clb_phap_luat",
                 "nam_giup_mot", "kdc_khong_ma_tuy", "tieng_keng", "cum_lien_hoan")
ORG_CODES = ("truong_hoc_an_toan", "co_quan_an_toan", "doanh_nghiep_an_toan")
HEADER = {c.field: c.header for c in COLUMNS}


def _xlsx(rows: list[dict]) -> bytes:
    fields = ["commune", "site", "type", "sector", "national", "model_name", "decision_number", "decision_date",
              "club", "members_count", "leader", "year", "effective", "typical"]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([HEADER[f] for f in fields])
    for row in rows:
        sheet.append([row.get(f, "") for f in fields])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _spread(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def tra_vinh_rows(tree) -> list[dict]:
    """10 national types in society with 747 clubs; 30 provincial types (variants of the 10 and of 3 national
    types of agencies) in agencies, enterprises and schools with 613 clubs: 13 national types in all."""
    nationals = {t.code: t.name for t in ModelType.objects.filter(province__isnull=True)}
    rows = []
    for code, clubs in zip(SOCIETY_CODES, _spread(747, 10), strict=True):
        for n in range(clubs):
            rows.append({"commune": tree.commune_a.name, "site": tree.kdc_a.name if n % 2 else "",
                         "type": nationals[code], "club": f"Tổ {n + 1}", "members_count": 12,
                         "decision_number": "15/QĐ-UBND", "decision_date": "02/03/2017"})
    parents = [*SOCIETY_CODES, *ORG_CODES]
    for i, clubs in enumerate(_spread(613, 30)):
        for n in range(clubs):
            rows.append({"commune": tree.commune_a.code, "site": "trung tam y te ba dinh",
                         "type": f"Mô hình tự quản cơ quan số {i + 1}", "sector": "CQ, DN, NT",
                         "national": nationals[parents[i % 13]], "club": f"Câu lạc bộ {n + 1}",
                         "members_count": 8, "year": YEAR if n == 0 else "", "effective": "có" if n == 0 else ""})
    return rows


@pytest.mark.django_db
def test_the_tra_vinh_registry_prints_its_counts_sentence(tree, province_officer):
    data = _xlsx(tra_vinh_rows(tree))
    result = models_import(actor=province_officer, area=tree.province_a, data=data, file_name="tra-vinh.xlsx")
    assert (result.types, result.models, result.clubs, result.evaluations) == (30, 50, 1360, 30)
    figures = counts(actor=province_officer, area=tree.province_a, year=YEAR)
    assert (figures.types, figures.clubs) == (13, 1360)
    assert [(s.sector, s.types, s.clubs) for s in figures.sectors] == [("society", 10, 747),
                                                                      ("organisations", 30, 613)]
    assert figures.sites == 3  # the commune, its KDC and the agency, each once
    with translation.override("vi"):
        section = report_section(actor=province_officer, area=tree.province_a, year=YEAR)
    assert section.sentences[0] == (
        "Toàn tỉnh có 13 loại mô hình với 1.360 câu lạc bộ; ngoài xã hội 10 loại với 747 câu lạc bộ; trong cơ quan, "
        "doanh nghiệp, nhà trường 30 loại với 613 câu lạc bộ.")
    assert [len(t.rows) for t in section.tables] == [10, 30]
    assert section.tables[0].total[3] == "747" and section.tables[1].total[3] == "613"
    assert AuditEvent.objects.filter(action="clubs.import").count() == 1


@pytest.mark.django_db
def test_a_bad_row_changes_nothing_and_is_reported(tree, province_officer, english):
    rows = tra_vinh_rows(tree)[:5]
    rows.append({"commune": tree.commune_a.name, "site": "Thôn không có", "type": "Camera giám sát ANTT",
                 "club": "Tổ X"})
    rows.append({"commune": tree.commune_a.name, "type": "Tiếng kẻng an ninh", "club": "Tổ Y",
                 "decision_date": "31/02/2020"})
    types_before = ModelType.objects.count()
    with pytest.raises(ImportRejected) as rejected:
        models_import(actor=province_officer, area=tree.province_a, data=_xlsx(rows), file_name="x.xlsx")
    errors = [(e.row, e.column) for e in rejected.value.errors]
    assert errors == [(7, HEADER["site"]), (8, HEADER["decision_date"])]
    assert "Phường Ba Đình" in rejected.value.errors[0].message
    assert not MovementModel.objects.exists() and not Club.objects.exists()
    assert ModelType.objects.count() == types_before
    assert not AuditEvent.objects.filter(action="clubs.import").exists()


@pytest.mark.django_db
def test_a_commune_officer_may_not_add_types_nor_import_elsewhere(tree, commune_officer, english):
    rows = [{"commune": tree.commune_a.name, "type": "Mô hình mới", "sector": "Ngoài xã hội", "club": "Tổ 1"}]
    with pytest.raises(ImportRejected) as rejected:
        models_import(actor=commune_officer, area=tree.commune_a, data=_xlsx(rows), file_name="x.xlsx")
    assert "province officer" in rejected.value.errors[0].message
    with pytest.raises(ImportRejected):
        models_import(actor=commune_officer, area=tree.commune_b, data=_xlsx(rows), file_name="x.xlsx")


@pytest.mark.django_db
def test_the_same_file_twice_is_refused(tree, commune_officer, english):
    rows = [{"commune": tree.commune_a.name, "site": tree.kdc_a.name, "type": "Tổ liên gia tự quản",
             "club": "Tổ liên gia số 1", "members_count": 9}]
    models_import(actor=commune_officer, area=tree.commune_a, data=_xlsx(rows), file_name="x.xlsx")
    with pytest.raises(ImportRejected) as rejected:
        models_import(actor=commune_officer, area=tree.commune_a, data=_xlsx(rows), file_name="x.xlsx")
    assert "already registered" in rejected.value.errors[0].message
    assert Club.objects.count() == 1
