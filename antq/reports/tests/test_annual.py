"""The year's report: the officer's text, the figures of the modules, the .docx and the PDF."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document

from antq.core.models import AuditEvent
from antq.recognition.tests.factories import RecognitionCaseFactory
from antq.reports.annual import annual_report_docx, annual_report_file
from antq.reports.models import ReportJob, ReportText
from antq.reports.sections import report_sections
from antq.reports.services import report_text_save
from antq.units.tests.factories import ResidentialAreaFactory

YEAR = 2026


@pytest.fixture
def decided_year(tree):
    """Phường Ba Đình: 4 KDC, 3 registered; 2 recognised, 1 not."""
    kdcs = [tree.kdc_a, *(ResidentialAreaFactory(parent=tree.commune_a, name=f"Tổ dân phố {n}") for n in (2, 3, 4))]
    for kdc, result in zip(kdcs[:3], ("met", "met", "not_met"), strict=True):
        RecognitionCaseFactory(unit=kdc, year=YEAR, status="decided", result=result)
    return kdcs


def _text(doc: Document) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_the_recognition_section_prints_counts_the_way_reports_do(tree, decided_year, commune_officer):
    sections = {s.key: s for s in report_sections(actor=commune_officer, area=tree.commune_a, year=YEAR)}
    assert list(sections) == ["recognition"]
    section = sections["recognition"]
    assert "3/4 khu dân cư đăng ký; 2/4 khu dân cư được công nhận “An toàn về an ninh, trật tự” (50,0\u00a0%)." \
        in section.sentences
    [table] = section.tables
    kdc_row = next(row for row in table.rows if row[0] == "Khu dân cư")
    assert kdc_row[1:] == ["4", "3", "2", "50,0\u00a0%", "1", "0", "1"]


def test_an_area_with_no_registration_has_no_section(tree, national_admin):
    assert report_sections(actor=national_admin, area=tree.commune_b, year=YEAR) == []


def test_the_text_is_saved_by_an_officer_of_the_area_and_audited(tree, commune_officer):
    text = report_text_save(actor=commune_officer, area=tree.commune_a, year=YEAR,
                            values={"summary": "Tình hình ANTT ổn định.", "signer_name": "Nguyễn Văn A"})
    assert text.issuing_body == "CÔNG AN PHƯỜNG BA ĐÌNH" and text.place == "Ba Đình"
    assert text.summary == "Tình hình ANTT ổn định."
    event = AuditEvent.objects.get(action="report.text.save")
    assert event.after["signer_name"] == "Nguyễn Văn A" and event.before is None

    again = report_text_save(actor=commune_officer, area=tree.commune_a, year=YEAR, values={"summary": "Ổn định."},
                             seen_version=text.version)
    assert again.version == 2
    with pytest.raises(ValidationError):  # a page loaded before the second save
        report_text_save(actor=commune_officer, area=tree.commune_a, year=YEAR, values={"summary": "Cũ"},
                         seen_version=1)
    assert ReportText.objects.get().summary == "Ổn định."


@pytest.mark.parametrize("who", ["viewer", "unit_reporter"])
def test_others_cannot_write_the_report(request, tree, who):
    actor = request.getfixturevalue(who)
    area = tree.commune_a if who == "unit_reporter" else tree.province_a
    with pytest.raises(ValidationError):
        report_text_save(actor=actor, area=area, year=YEAR, values={"summary": "x"})
    assert not ReportText.objects.exists() and not AuditEvent.objects.exists()


def test_the_docx_has_the_administrative_frame_the_text_and_the_figures(tree, commune_officer, decided_year):
    report_text_save(actor=commune_officer, area=tree.commune_a, year=YEAR,
                     values={"limitations": "Một số tổ dân phố chưa đăng ký.\nMô hình tự quản còn ít.",
                             "number_symbol": "Số: 12/BC-CAX", "signer_name": "Trần Thị Bình"})
    doc = Document(io.BytesIO(annual_report_docx(actor=commune_officer, area=tree.commune_a, year=YEAR)))
    text = _text(doc)
    for expected in ("CÔNG AN PHƯỜNG BA ĐÌNH", "Số: 12/BC-CAX", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "Ba Đình, ngày", "BÁO CÁO",
                     "Kết quả xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2026",
                     "III. HẠN CHẾ, NGUYÊN NHÂN", "Mô hình tự quản còn ít.",
                     "2/4 khu dân cư được công nhận", "Trần Thị Bình", "Nơi nhận:", "- Lưu: VT."):
        assert expected in text, expected
    assert "{{" not in text and "{%" not in text
    assert doc.styles["Normal"].font.name == "Times New Roman"


def test_the_pdf_is_the_docx_converted_by_libreoffice_and_shows_vietnamese(tree, decided_year, tmp_path,
                                                                           pytestconfig, commune_officer):
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice (soffice) is missing: run scripts/install-test-system-deps.sh", pytrace=False)
    content, name = annual_report_file(actor=commune_officer, area=tree.commune_a, year=YEAR, format="pdf")
    assert name == f"bao-cao-{YEAR}-phuong-ba-inh.pdf" or name.endswith(".pdf")
    assert content.startswith(b"%PDF")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True,  # noqa: S603,S607
                          text=True).stdout
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "khu dân cư được công nhận" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True, text=True).stdout  # noqa: S603,S607
    assert "LiberationSerif" in fonts or "TimesNewRoman" in fonts.replace(" ", "")
    # As an image: the first page rendered, kept for a person to look at, and not blank.
    artifacts = Path(pytestconfig.rootpath) / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),  # noqa: S603,S607
                    str(artifacts / "annual-report-page1")], check=True)
    png = (artifacts / "annual-report-page1.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 10_000


def test_the_page_saves_the_text_and_makes_the_file_in_the_background(tree, commune_officer, client_for,
                                                                      decided_year,
                                                                      django_capture_on_commit_callbacks):
    client = client_for(commune_officer)
    url = reverse("reports:annual")
    page = client.get(url, {"area": tree.commune_a.pk, "year": YEAR})
    assert page.status_code == 200 and "2/4 khu dân cư được công nhận" in page.content.decode()

    form = {"area": tree.commune_a.pk, "year": YEAR, "issuing_body": "CÔNG AN PHƯỜNG BA ĐÌNH",
            "place": "Ba Đình", "title": "Báo cáo năm", "summary": "Ổn định"}
    assert client.post(url, form).status_code == 302
    assert ReportText.objects.get().summary == "Ổn định"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"area": tree.commune_a.pk, "year": YEAR, "format": "docx"})
    job = ReportJob.objects.get()
    assert response.url == reverse("reports:job", args=[job.pk])
    assert job.status == ReportJob.Status.SUCCEEDED and job.file_name.endswith(".docx")
    assert "job-download" in client.get(response.url).content.decode()
    download = client.get(reverse("reports:job_download", args=[job.pk]))
    assert download.status_code == 200
    assert Document(io.BytesIO(b"".join(download.streaming_content))).paragraphs


def test_a_required_field_left_empty_is_refused_and_nothing_saved(tree, commune_officer, client_for):
    client = client_for(commune_officer)
    response = client.post(reverse("reports:annual"), {"area": tree.commune_a.pk, "year": YEAR,
                                                       "issuing_body": "", "place": "", "title": ""})
    assert response.status_code == 200 and not ReportText.objects.exists()


def test_another_communes_report_and_files_answer_404(tree, commune_officer, province_officer, client_for):
    job = ReportJob.objects.create(area=tree.commune_a2, year=YEAR, format="docx", status="succeeded")
    client = client_for(commune_officer)
    assert client.get(reverse("reports:annual"), {"area": tree.commune_a2.pk}).status_code == 404
    assert client.get(reverse("reports:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("reports:job_download", args=[job.pk])).status_code == 404
    # The province sees its communes' files; a KDC is not a report area.
    assert client_for(province_officer).get(reverse("reports:job", args=[job.pk])).status_code == 200
    assert client_for(province_officer).get(reverse("reports:annual"), {"area": tree.kdc_a.pk}).status_code == 404


def test_the_classification_section_prints_each_block_as_reports_do(tree, province_officer):
    from antq.classification.tallies import tally_move
    from antq.units.tests.factories import CommuneFactory

    communes = [tree.commune_a, tree.commune_a2, *(CommuneFactory(parent=tree.province_a) for _ in range(2))]
    for commune, level in zip(communes[:3], ("good", "good", "average"), strict=True):
        tally_move(unit=commune, year=YEAR, old=None, new=("commune", level))
    [section, *_] = report_sections(actor=province_officer, area=tree.province_a, year=YEAR)
    assert section.key == "classification"
    assert section.sentences[0] == ("2/4 xã, phường, thị trấn đạt loại Khá (50,0\u00a0%); 1/4 đạt loại Trung bình "
                                    "(25,0\u00a0%); 1/4 chưa được phân loại (25,0\u00a0%).")
    commune_row = section.tables[0].rows[0]
    assert commune_row == ["Xã, phường, thị trấn", "4", "0\n0,0\u00a0%", "2\n50,0\u00a0%", "1\n25,0\u00a0%",
                           "0\n0,0\u00a0%", "1"]
