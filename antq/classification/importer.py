"""Importing past classification results from a workbook: all rows or none, with every problem listed.

Each row names a unit by its code or its name (matched without accents or case, with or without its kind
word: "Xã Quảng Phú", "quang phu"), within the area the importer decides for (a province officer's
province, the national administrator anywhere), among the units that existed in the row's year — so a
2011 result lands on the commune of 2011, kept in the tree with its validity. The level is written in
Vietnamese with or without accents. A result is stored as a decided classification with `source =
imported` and the imported level and score kept as imported; an earlier imported result of the same unit
and year is replaced, an entered one is never overwritten. The summary rows move in the same transaction,
and the import writes one audit event.

The upload is stored as a `ClassificationImport` and run by a task (`tasks.py`); its page polls the
progress, like the unit import (`antq.units.transfer`).
"""

import datetime
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from antq.accounts.scope import Capability, has_capability
from antq.classification.import_reader import HEADERS, Row, Values, parse_row, read_rows
from antq.classification.models import Classification, ClassificationImport, ClassificationStatus, Source
from antq.classification.rules import CLASSIFIED_KINDS, regulation_code_for_year
from antq.classification.tallies import block_of, moves, tally_apply
from antq.core.audit import audit_record
from antq.core.text import fold, nfc
from antq.units.coverage import coverage_fields, coverage_of
from antq.units.models import ORGANISATION_KINDS, Unit
from antq.units.transfer.liveness import CLASSIFICATION_SPACE, job_held, job_orphaned
from antq.units.transfer.reader import RowError, SheetError

PROGRESS_EVERY = 500
# Kind words a name may start with ("Xã Quảng Phú" is also found as "Quảng Phú").
KIND_WORDS = ("xa", "phuong", "thi tran", "dac khu", "thon", "xom", "lang", "ban", "ap", "buon", "phum", "soc",
              "khom", "to dan pho", "khu pho", "huyen", "quan", "thi xa", "thanh pho")


@dataclass
class ImportResult:
    imported: int = 0
    replaced: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def bare_name(folded: str) -> str:
    """A folded name without its leading kind word: "xa quang phu" → "quang phu"."""
    for word in sorted(KIND_WORDS, key=len, reverse=True):
        if folded.startswith(word + " "):
            return folded[len(word) + 1:]
    return folded


def _existed(unit: Unit, year: int) -> bool:
    return unit.is_valid_on(datetime.date(year, 12, 31)) or unit.is_valid_on(datetime.date(year, 1, 1))


class _Units:
    """The classified units of the area, indexed by code, by folded name and by folded name without kind word."""

    def __init__(self, area: Unit):
        fields = ("pk", "kind", "code", "name", "name_folded", "valid_from", "valid_to", "managing_level", "path",
                  *coverage_fields())
        units = list(Unit.objects.filter(path__startswith=area.path, kind__in=CLASSIFIED_KINDS).only(*fields))
        self.by_code: dict[str, list[Unit]] = {}
        self.by_name: dict[str, list[Unit]] = {}
        self.by_bare: dict[str, list[Unit]] = {}
        for unit in units:
            if unit.code:
                self.by_code.setdefault(unit.code, []).append(unit)
            self.by_name.setdefault(unit.name_folded, []).append(unit)
            self.by_bare.setdefault(bare_name(unit.name_folded), []).append(unit)

    def find(self, values: Values) -> tuple[Unit | None, str, str]:
        """The one unit the row names, or None with the column and the problem."""
        if values.code:
            found = [u for u in self.by_code.get(values.code, []) if _existed(u, values.year)]
            column = HEADERS["code"][0]
        else:
            folded = fold(values.name)
            found = [u for u in self.by_name.get(folded, []) if _existed(u, values.year)]
            if not found:
                found = [u for u in self.by_bare.get(bare_name(folded), []) if _existed(u, values.year)]
            column = HEADERS["name"][0]
        if not found:
            return None, column, _("No unit of your area with this %(what)s existed in %(year)s.") % {
                "what": _("code") if values.code else _("name"), "year": values.year}
        if len(found) > 1:
            return None, column, _("%(n)s units of your area have this name; write the unit code.") % {
                "n": len(found)}
        unit = found[0]
        if unit.kind in ORGANISATION_KINDS and not coverage_of(
                kind=unit.kind, attributes={f: getattr(unit, f) for f in coverage_fields()}).covered:
            return None, column, _("This organisation is not covered by the movement (TT 124/2021 art. 1.2).")
        return unit, "", ""


@dataclass
class _Planned:
    row: int
    unit: Unit
    values: Values


def _check(area: Unit, rows: list[Row], progress) -> tuple[list[_Planned], list[RowError]]:
    units, last_year = _Units(area), timezone.localdate().year
    planned: list[_Planned] = []
    errors: list[RowError] = []
    first_row: dict[tuple[int, int], int] = {}
    for done, row in enumerate(rows, start=1):
        values, row_errors = parse_row(row, last_year=last_year)
        if values is not None:
            unit, column, problem = units.find(values)
            if unit is None:
                row_errors.append(RowError(row.number, column, problem))
            else:
                first = first_row.setdefault((unit.pk, values.year), row.number)
                if first != row.number:
                    column = HEADERS["code" if values.code else "name"][0]
                    row_errors.append(RowError(row.number, column, _("The same unit and year are on row %(row)s.")
                                               % {"row": first}))
                else:
                    planned.append(_Planned(row.number, unit, values))
        errors += row_errors
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)
    if progress is not None:
        progress(len(rows))
    return planned, errors


def _entered_clashes(planned: list[_Planned]) -> tuple[dict, list[RowError]]:
    """Existing classifications of the planned units and years; an entered one is an error on its row."""
    existing: dict[tuple[int, int], Classification] = {}
    years = {p.values.year for p in planned}
    unit_ids = [p.unit.pk for p in planned]
    for start in range(0, len(unit_ids), 500):  # SQLite limits the parameters of a query
        for c in Classification.objects.filter(unit_id__in=unit_ids[start:start + 500], year__in=years):
            existing[(c.unit_id, c.year)] = c
    errors = []
    for p in planned:
        found = existing.get((p.unit.pk, p.values.year))
        if found is not None and found.source == Source.ENTERED:
            errors.append(RowError(p.row, HEADERS["year"][0],
                                   _("This unit already has a classification entered for %(year)s; it is not "
                                     "replaced by an import.") % {"year": p.values.year}))
    return existing, errors


def _sorted(errors: list[RowError]) -> list[RowError]:
    order = {headers[0]: i for i, headers in enumerate(HEADERS.values())}
    return sorted(errors, key=lambda e: (e.row or 0, order.get(e.column, len(order)), e.column))


def classification_import(*, actor, area: Unit, rows: list[Row], file_name: str = "",
                          job: ClassificationImport | None = None,
                          progress: Callable[[int], None] | None = None) -> ImportResult:
    """Store every row as an imported, decided classification, or none if any row is wrong (listing each).

    The actor needs the decide capability on `area`; units are matched within it.
    """
    if not has_capability(actor, area, Capability.DECIDE):
        raise ValidationError(_("You may not import classification results for this area."))
    planned, errors = _check(area, rows, progress)
    existing, clashes = _entered_clashes(planned)
    if errors or clashes:
        return ImportResult(errors=_sorted(errors + clashes))
    now = timezone.now()
    deltas: Counter = Counter()
    new, replaced = [], []
    with transaction.atomic():
        for p in planned:
            level, score, year = p.values.level, p.values.score, p.values.year
            block = block_of(p.unit.kind, p.unit.managing_level or "")
            record = existing.get((p.unit.pk, year))
            if record is None:
                record = Classification(unit=p.unit, year=year, regulation=regulation_code_for_year(year),
                                        started_by=actor, started_at=now)
                new.append(record)
            else:
                record = Classification.objects.select_for_update().get(pk=record.pk)
                old = (record.block, record.level) if record.status == ClassificationStatus.DECIDED else None
                deltas.update(moves(unit=p.unit, year=year, old=old, new=None))
                record.version += 1
                replaced.append(record)
            record.status, record.source, record.block = ClassificationStatus.DECIDED, Source.IMPORTED, block
            record.level = record.imported_level = record.reviewed_level = level
            record.imported_score = record.reviewed_total = score
            record.decided_by, record.decided_at, record.import_job = actor, now, job
            # The foreign keys are known to exist; checking them would cost queries per row.
            record.full_clean(exclude=["unit", "started_by", "decided_by", "import_job"], validate_unique=False,
                              validate_constraints=False)
            deltas.update(moves(unit=p.unit, year=year, old=None, new=(block, level)))
        Classification.objects.bulk_create(new, batch_size=1000)
        Classification.objects.bulk_update(
            replaced, ["status", "source", "block", "level", "imported_level", "reviewed_level", "imported_score",
                       "reviewed_total", "decided_by", "decided_at", "import_job", "version"], batch_size=1000)
        tally_apply(deltas)
        audit_record(actor=actor, action="classification.import", target=area,
                     detail={"file_name": file_name, "imported": len(new), "replaced": len(replaced),
                             "years": sorted({p.values.year for p in planned}),
                             "levels": dict(Counter(p.values.level for p in planned))})
    return ImportResult(imported=len(new), replaced=len(replaced))


# --- the job: stored upload, task, progress --------------------------------------------------------------


def import_job_create(*, actor, area: Unit, upload: UploadedFile) -> ClassificationImport:
    """Store an uploaded workbook as a pending import into `area` and queue the task that runs it.

    The caller has checked that the actor may import into `area`; the task checks it again.
    """
    from antq.classification.tasks import classification_import_task

    file_name = nfc(upload.name)[:255]
    upload.name = f"{uuid.uuid4().hex}.xlsx"  # the user's name is kept in file_name
    job = ClassificationImport(created_by=actor, area=area, file_name=file_name, file=upload)
    job.full_clean()
    job.save()
    transaction.on_commit(partial(classification_import_task.enqueue, job.pk, translation.get_language() or "vi"))
    return job


def _finish(job: ClassificationImport, *, errors: list[RowError], imported: int = 0) -> None:
    job.status = ClassificationImport.Status.FAILED if errors else ClassificationImport.Status.SUCCEEDED
    job.errors = [e.as_dict() for e in errors]
    job.imported_count, job.finished_at, job.processed_rows = imported, timezone.now(), job.total_rows
    job.save(update_fields=["status", "errors", "imported_count", "finished_at", "processed_rows"])


def import_job_run(*, job_id: int) -> ClassificationImport | None:
    """Check and import the file of a pending job, recording progress and outcome (task use only).

    The worker holds the job's lock while it runs it (`units.transfer.liveness`), so a job whose worker died
    can be told from one still running (`import_jobs_fail_orphaned`).
    """
    with job_held(job_id, CLASSIFICATION_SPACE) as held:
        claimed = held and ClassificationImport.objects.filter(
            pk=job_id, status=ClassificationImport.Status.PENDING).update(status=ClassificationImport.Status.RUNNING)
        return _job_run(job_id) if claimed else None


def _job_run(job_id: int) -> ClassificationImport:
    job = ClassificationImport.objects.select_related("area", "created_by").get(pk=job_id)
    try:
        with job.file.open("rb") as stored:
            rows = read_rows(stored.read(), job.file_name)
    except SheetError as exc:
        _finish(job, errors=exc.errors)
        return job
    job.total_rows = len(rows)
    job.save(update_fields=["total_rows"])

    def progress(done: int) -> None:
        ClassificationImport.objects.filter(pk=job.pk).update(processed_rows=done)

    try:
        if job.created_by is None or not job.created_by.is_active:
            raise ValidationError(_("The account that uploaded this file can no longer import."))
        result = classification_import(actor=job.created_by, area=job.area, rows=rows, file_name=job.file_name,
                                       job=job, progress=progress)
    except ValidationError as exc:
        _finish(job, errors=[RowError(None, "", m) for m in exc.messages])
        return job
    except IntegrityError:
        _finish(job, errors=[RowError(None, "", _("The data changed while importing. Upload the file again."))])
        return job
    _finish(job, errors=result.errors, imported=result.imported + result.replaced)
    return job


def import_jobs_fail_orphaned() -> list[int]:
    """Mark failed each running job that no worker runs any more (killed, out of memory, the machine restarted);
    return their ids. Its transaction was rolled back with the worker, so nothing was imported. Housekeeping of
    the task machinery, like `import_job_fail`: no audit event."""
    failed = []
    running = ClassificationImport.objects.filter(status=ClassificationImport.Status.RUNNING)
    for job_id in running.values_list("pk", flat=True):
        if job_orphaned(job_id, CLASSIFICATION_SPACE) and ClassificationImport.objects.filter(
                pk=job_id, status=ClassificationImport.Status.RUNNING).update(
                status=ClassificationImport.Status.FAILED, finished_at=timezone.now(),
                errors=[RowError(None, "", _("The import stopped before it finished. Nothing was imported. "
                                             "Upload the file again.")).as_dict()]):
            failed.append(job_id)
    return failed


def import_job_fail(*, job_id: int) -> None:
    """Mark a job failed after an unexpected error, so its page stops waiting (task use only)."""
    ClassificationImport.objects.filter(pk=job_id).exclude(status=ClassificationImport.Status.SUCCEEDED).update(
        status=ClassificationImport.Status.FAILED, finished_at=timezone.now(),
        errors=[RowError(None, "", _("The import stopped on an unexpected error. Nothing was imported.")).as_dict()])

