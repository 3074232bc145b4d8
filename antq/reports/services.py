"""Writes of the reports module: the officer's text of a year's report, and the generation of its files."""

import re

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.scope import Capability, has_capability
from antq.core.audit import audit_record, snapshot
from antq.core.text import nfc
from antq.reports.models import ReportJob, ReportText
from antq.units.models import Unit, UnitKind

REPORT_AREA_KINDS = (UnitKind.COUNTRY, UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE)
TEXT_FIELDS = ["issuing_body_parent", "issuing_body", "number_symbol", "place", "title", "summary", "results",
               "limitations", "next_year_tasks", "recipients", "signer_title", "signer_name"]
# The issuing police body of each level and the symbol its reports carry (Nghị định 30/2020, Phụ lục III).
_POLICE = {
    UnitKind.COUNTRY: ("", "BỘ CÔNG AN", "BC-BCA", "Bộ trưởng"),
    UnitKind.PROVINCE: ("BỘ CÔNG AN", "CÔNG AN {name}", "BC-CAT", "Giám đốc"),
    UnitKind.DISTRICT: ("CÔNG AN TỈNH", "CÔNG AN {name}", "BC-CAH", "Trưởng Công an"),
    UnitKind.COMMUNE: ("", "CÔNG AN {name}", "BC-CAX", "Trưởng Công an"),
}
_PLACE_PREFIX = re.compile(r"^(Tỉnh|Thành phố|Xã|Phường|Thị trấn|Đặc khu|Huyện|Quận|Thị xã)\s+", re.IGNORECASE)


def report_text_initial(*, area: Unit, year: int) -> dict[str, str]:
    """What a new report text starts with: the police body of the area's level and the usual wording."""
    parent, body, symbol, signer = _POLICE[area.kind]
    place = _PLACE_PREFIX.sub("", area.name)
    return {
        "issuing_body_parent": parent,
        "issuing_body": body.format(name=area.name.upper()),
        "number_symbol": f"Số:       /{symbol}",
        "place": place,
        "title": f"Kết quả xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc năm {year}",
        "summary": "", "results": "", "limitations": "", "next_year_tasks": "",
        "recipients": "- Như trên;\n- Lưu: VT.",
        "signer_title": signer.upper(),
        "signer_name": "",
    }


def _check_area(actor, area: Unit, capability: str) -> None:
    if area.kind not in REPORT_AREA_KINDS or not has_capability(actor, area, capability):
        raise ValidationError(_("You may not write the report of this area."))


@transaction.atomic
def report_text_save(*, actor, area: Unit, year: int, values: dict[str, str],
                     seen_version: int | None = None) -> ReportText:
    """Create or replace the officer's text of the area's report for the year."""
    _check_area(actor, area, Capability.ENTER_DATA)
    text = ReportText.objects.select_for_update().filter(area=area, year=year).first()
    if text is not None and seen_version is not None and text.version != seen_version:
        raise ValidationError(_("This report was changed by someone else meanwhile. Reload the page and try again."))
    before = snapshot(text, TEXT_FIELDS) if text else None
    if text is None:
        text = ReportText(area=area, year=year, **report_text_initial(area=area, year=year))
    else:
        text.version += 1
    for name in TEXT_FIELDS:
        if name in values:
            setattr(text, name, nfc(str(values[name] or "")).strip())
    text.updated_by = actor
    text.full_clean()
    text.save()
    audit_record(actor=actor, action="report.text.save", target=text, before=before,
                 after=snapshot(text, TEXT_FIELDS))
    return text


@transaction.atomic
def report_job_create(*, actor, area: Unit, year: int, format: str) -> ReportJob:
    """Ask for the year's report as a file; the task `report_generate` makes it (at once in tests)."""
    from antq.reports.tasks import report_generate  # the task module imports the services

    _check_area(actor, area, Capability.VIEW)
    job = ReportJob(area=area, year=year, format=format, created_by=actor, step=_("Waiting for its turn"))
    job.full_clean()
    job.save()
    audit_record(actor=actor, action="report.request", target=job, after={"year": year, "format": format})
    language = "vi"
    transaction.on_commit(lambda: report_generate.enqueue(job.pk, language))
    return job


def report_job_progress(*, job_id: int, progress: int, step: str) -> None:
    """Record how far the generation is (its own tiny write, so the page sees it while the job runs)."""
    ReportJob.objects.filter(pk=job_id).update(status=ReportJob.Status.RUNNING, progress=progress, step=step)


def report_job_finish(*, job_id: int, content: bytes, file_name: str) -> ReportJob:
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().get(pk=job_id)
        job.file.save(file_name, ContentFile(content), save=False)
        job.file_name = file_name
        job.status, job.progress, job.step = ReportJob.Status.SUCCEEDED, 100, ""
        job.finished_at = timezone.now()
        job.save()
    return job


def report_job_fail(*, job_id: int, error: str) -> None:
    ReportJob.objects.filter(pk=job_id).update(status=ReportJob.Status.FAILED, error=error, step="",
                                               finished_at=timezone.now())
