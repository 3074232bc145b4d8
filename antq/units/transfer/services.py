"""Writes of the spreadsheet import: all rows or none, in one transaction with one audit event."""

import datetime
import logging
import operator
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, models, transaction
from django.db.models.functions import Cast, Concat
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from antq.accounts.scope import creatable_kinds
from antq.core.audit import audit_record
from antq.core.generations import UNITS, generation_bump
from antq.core.models import ImportJob
from antq.core.text import fold, nfc
from antq.units.models import GRASSROOTS_KINDS, Unit, UnitKind
from antq.units.transfer.checks import UnitChecks
from antq.units.transfer.columns import COLUMN_BY_FIELD, COLUMNS, CellError
from antq.units.transfer.liveness import job_held, job_orphaned
from antq.units.transfer.reader import RowError, SheetError, SheetRow, file_format, read_sheet

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 500
PROGRESS_SECONDS = 1.0
BATCH_SIZE = 1000


@dataclass
class ImportResult:
    created: int = 0
    created_by_kind: dict[str, int] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Candidate:
    number: int
    values: dict[str, object]  # the unit's field values by attname, name_folded included


# (field, header, parser) of each column, looked up once rather than per cell.
_PARSERS = tuple((c.field, c.header, c.parse) for c in COLUMNS)
_KIND_HEADER = COLUMN_BY_FIELD["kind"].header


def _header_of(field_name: str) -> str:
    column = COLUMN_BY_FIELD.get(field_name)
    if column is not None:
        return column.header
    # "parent" and whole-unit errors concern the kind of unit placed under the commune.
    return _KIND_HEADER if field_name in ("parent", NON_FIELD_ERRORS) else ""


def _unit_from_row(row: SheetRow, allowed_kinds: set[str],
                   checks: UnitChecks) -> tuple[dict[str, object] | None, list[RowError]]:
    """The row's unit as field values, or None and the row's errors."""
    values: dict[str, object] = {}
    errors: list[RowError] = []
    cells = row.cells
    for field_name, header, parse in _PARSERS:
        try:
            values[field_name] = parse(cells.get(field_name))
        except CellError as exc:
            errors.append(RowError(row.number, header, str(exc)))
    kind = values.get("kind")
    if "kind" in values and not kind:
        errors.append(RowError(row.number, _KIND_HEADER, _("Write the kind of unit.")))
    elif kind and kind not in allowed_kinds:
        errors.append(RowError(row.number, _KIND_HEADER, _("You may not create a unit of this kind here.")))
    if not kind or kind not in allowed_kinds:
        return None, errors  # the other rules depend on the kind
    # Cells that could not be read keep the field's default (left out here), so the remaining rules still run.
    values["name"] = name = str(values.get("name", ""))
    values["name_folded"] = fold(name)
    if problems := checks.check(values):
        failed = {e.column for e in errors}
        for field_name, messages in problems.items():
            header = _header_of(field_name)
            if header not in failed:
                errors.extend(RowError(row.number, header, m) for m in messages)
    return (None, errors) if errors else (values, [])


def _duplicates_in_file(candidates: list[_Candidate]) -> list[RowError]:
    errors = []
    first_by_name: dict[tuple[str, str], int] = {}
    first_by_code: dict[tuple[str, str], int] = {}
    for candidate in candidates:
        values = candidate.values
        first = first_by_name.setdefault((values["kind"], values["name_folded"]), candidate.number)
        if first != candidate.number:
            errors.append(RowError(candidate.number, COLUMN_BY_FIELD["name"].header,
                                   _("The same name is on row %(row)s.") % {"row": first}))
        if values["code"]:
            first = first_by_code.setdefault((values["kind"], values["code"]), candidate.number)
            if first != candidate.number:
                errors.append(RowError(candidate.number, COLUMN_BY_FIELD["code"].header,
                                       _("The same code is on row %(row)s.") % {"row": first}))
    return errors


def _clashes_with_saved(commune: Unit, candidates: list[_Candidate], today: datetime.date) -> list[RowError]:
    """Rows whose name is taken in the commune, or whose code is taken by a current unit of the kind.

    A name is taken by a unit of the same kind that is not closed before `today`: a closed unit's name
    may be used again. Codes follow the database constraint: unique among open units of a kind.
    """
    taken_names = set(
        Unit.objects.filter(parent=commune, kind__in=GRASSROOTS_KINDS)
        .exclude(valid_to__lt=today)
        .values_list("kind", "name_folded")
    )
    codes_by_kind: dict[str, set[str]] = {}
    for candidate in candidates:
        if candidate.values["code"]:
            codes_by_kind.setdefault(candidate.values["kind"], set()).add(candidate.values["code"])
    taken_codes: set[tuple[str, str]] = set()
    for kind, codes in codes_by_kind.items():
        ordered = sorted(codes)
        for start in range(0, len(ordered), BATCH_SIZE):  # SQLite limits the parameters of a query
            taken_codes.update(
                Unit.objects.filter(kind=kind, code__in=ordered[start:start + BATCH_SIZE], valid_to__isnull=True)
                .values_list("kind", "code")
            )
    errors = []
    for candidate in candidates:
        values = candidate.values
        if (values["kind"], values["name_folded"]) in taken_names:
            errors.append(RowError(candidate.number, COLUMN_BY_FIELD["name"].header,
                                   _("A unit of this kind with this name already exists in this commune.")))
        if values["code"] and (values["kind"], values["code"]) in taken_codes:
            errors.append(RowError(candidate.number, COLUMN_BY_FIELD["code"].header,
                                   _("Another current unit of this kind already has this code.")))
    return errors


def _insert(commune: Unit, candidates: list[_Candidate]) -> None:
    """Insert the candidates' units under `commune` with their paths (a unit's path ends with its own id).

    PostgreSQL: the ids are drawn from the table's sequence first, so each row is written once, whole,
    by one COPY, straight from the checked values (several times faster than INSERT for 100,000 rows,
    and no model instances). Elsewhere: `bulk_create`, then one UPDATE sets the paths once the ids are
    known.
    """
    if connection.vendor != "postgresql":
        pending_path = f"{commune.path}importing/"
        for start in range(0, len(candidates), BATCH_SIZE):
            Unit.objects.bulk_create(
                [Unit(parent=commune, path=pending_path, **c.values) for c in candidates[start:start + BATCH_SIZE]]
            )
            logger.debug("import into %s: %s units written", commune.pk, min(start + BATCH_SIZE, len(candidates)))
        Unit.objects.filter(parent=commune, path=pending_path).update(
            path=Concat(models.Value(commune.path), Cast("id", models.CharField()), models.Value("/"),
                        output_field=models.CharField())
        )
        return
    table = Unit._meta.db_table
    fields = Unit._meta.concrete_fields
    now = timezone.now()
    # Every column: the defaults, then what auto_now(_add) and the parent would set, then the row's values.
    base = {f.attname: f.get_default() for f in fields} | {"parent_id": commune.pk, "created_at": now,
                                                           "updated_at": now}
    row_of = operator.itemgetter(*(f.attname for f in fields))
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                       [table, len(candidates)])
        ids = [pk for (pk,) in cursor.fetchall()]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        # The wrapper turns psycopg's errors into Django's (a taken code is an IntegrityError, as with INSERT).
        with connection.wrap_database_errors, \
                cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN") as copy:
            for start in range(0, len(candidates), BATCH_SIZE):
                for candidate, pk in zip(candidates[start:start + BATCH_SIZE], ids[start:start + BATCH_SIZE],
                                         strict=True):
                    record = base | candidate.values
                    record["id"], record["path"] = pk, f"{commune.path}{pk}/"
                    # Plain str, int, bool, date and aware datetime values, which psycopg adapts itself.
                    copy.write_row(row_of(record))
                logger.debug("import into %s: %s units written", commune.pk, min(start + BATCH_SIZE, len(candidates)))
    # COPY bypasses the queryset, which moves the units generation on every other write (cached counts).
    generation_bump(UNITS)


def _sorted(errors: list[RowError]) -> list[RowError]:
    order = {c.header: i for i, c in enumerate(COLUMNS)}
    return sorted(errors, key=lambda e: (e.row or 0, order.get(e.column, len(order)), e.column))


def units_import(
    *,
    actor,
    commune: Unit,
    rows: Iterable[SheetRow],
    file_name: str = "",
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Create a unit under `commune` for every row, or none if any row is wrong (then list every problem).

    The actor needs data entry on the commune for each kind imported. Rows are checked first (calling
    `progress(rows_checked)` every few hundred rows), then written (`_insert`) in one
    transaction that records one "units.import" audit event.
    """
    allowed_kinds = set(creatable_kinds(actor, commune))
    if commune.kind != UnitKind.COMMUNE or not allowed_kinds:
        raise ValidationError(_("You may not import units into this unit."))
    rows = list(rows)
    today = timezone.localdate()
    errors: list[RowError] = []
    candidates: list[_Candidate] = []
    checks = UnitChecks(commune)
    for done, row in enumerate(rows, start=1):
        values, row_errors = _unit_from_row(row, allowed_kinds, checks)
        if values is None:
            errors.extend(row_errors)
        else:
            candidates.append(_Candidate(row.number, values))
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)
    if progress is not None:
        progress(len(rows))
    if not rows:
        errors.append(RowError(None, "", _("The file has a header row but no units below it.")))
    errors += _duplicates_in_file(candidates)
    # Checked here so that every problem is reported at once, and again below under the lock.
    errors += _clashes_with_saved(commune, candidates, today)
    if errors:
        return ImportResult(errors=_sorted(errors))

    with transaction.atomic():
        # Two imports into one commune queue up here, so the second sees the first's names.
        commune = Unit.objects.select_for_update().get(pk=commune.pk)
        if errors := _clashes_with_saved(commune, candidates, today):
            return ImportResult(errors=_sorted(errors))
        logger.info("import into %s: writing %s units", commune.pk, len(candidates))
        _insert(commune, candidates)
        by_kind = dict(Counter(c.values["kind"] for c in candidates))
        audit_record(actor=actor, action="units.import", target=commune,
                     detail={"file_name": file_name, "created": len(candidates), "created_by_kind": by_kind})
    return ImportResult(created=len(candidates), created_by_kind=by_kind)


def import_job_create(*, actor, unit: Unit, upload: UploadedFile) -> ImportJob:
    """Store an uploaded spreadsheet as a pending import into `unit` and queue the task that runs it.

    The caller has checked that the actor may import into `unit`; the task checks it again.
    """
    from antq.units.transfer.tasks import units_import_task

    file_name = nfc(upload.name)[:255]
    # Stored under a random name: the user's name may be long or odd, and is kept in file_name.
    upload.name = f"{uuid.uuid4().hex}.{file_format(file_name) or 'bin'}"
    job = ImportJob(created_by=actor, unit=unit, file_name=file_name, file=upload)
    job.full_clean()
    job.save()
    transaction.on_commit(partial(units_import_task.enqueue, job.pk, translation.get_language() or "vi"))
    return job


def _job_finish(job: ImportJob, *, errors: list[RowError], created: int = 0) -> None:
    job.status = ImportJob.Status.FAILED if errors else ImportJob.Status.SUCCEEDED
    job.errors = [e.as_dict() for e in errors]
    job.created_count = created
    job.finished_at = timezone.now()
    job.processed_rows = job.total_rows
    job.save(update_fields=["status", "errors", "created_count", "finished_at", "processed_rows"])


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Check and import the file of a pending job, recording progress and outcome on the job.

    Called by the task only. Returns None if the job is gone or another worker has taken it. The job's
    lock (`liveness`) is held from before the claim until the outcome is saved, so a running job whose
    lock is free has lost its worker (see `import_jobs_fail_orphaned`).
    """
    with job_held(job_id) as held:
        claimed = held and ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.PENDING).update(
            status=ImportJob.Status.RUNNING
        )
        return _job_run(job_id) if claimed else None


def _job_run(job_id: int) -> ImportJob:
    job = ImportJob.objects.select_related("unit", "created_by").get(pk=job_id)
    try:
        with job.file.open("rb") as stored:
            data = stored.read()
        rows = read_sheet(data, job.file_name)
    except SheetError as exc:
        _job_finish(job, errors=exc.errors)
        return job
    job.total_rows = len(rows)
    job.save(update_fields=["total_rows"])
    logger.info("import job %s: read %s rows", job.pk, len(rows))

    last_written = 0.0

    def progress(done: int) -> None:
        # At most once a second (the page polls every second): each write is a commit of its own.
        nonlocal last_written
        if time.monotonic() - last_written >= PROGRESS_SECONDS:
            ImportJob.objects.filter(pk=job.pk).update(processed_rows=done)
            last_written = time.monotonic()

    try:
        if job.created_by is None or not job.created_by.is_active:
            raise ValidationError(_("The account that uploaded this file can no longer import."))
        result = units_import(actor=job.created_by, commune=job.unit, rows=rows, file_name=job.file_name,
                              progress=progress)
    except ValidationError as exc:
        _job_finish(job, errors=[RowError(None, "", m) for m in exc.messages])
        return job
    except IntegrityError:
        # Another writer took a code between the check and the insert; nothing was written.
        _job_finish(job, errors=[RowError(None, "", _("The data changed while importing. Upload the file again."))])
        return job
    _job_finish(job, errors=result.errors, created=result.created)
    logger.info("import job %s: %s, %s units created", job.pk, job.status, job.created_count)
    return job


def import_jobs_fail_orphaned(*, jobs: Iterable[ImportJob]) -> list[int]:
    """Mark failed each running job of `jobs` that no worker runs any more; return their ids.

    Its worker died in the middle (killed, out of memory, the machine restarted): the transaction of the
    import was rolled back with it, so nothing was imported and the file can simply be uploaded again.
    Housekeeping of the task machinery, like `import_job_fail`: no audit event.
    """
    failed = []
    for job in jobs:
        if job.status == ImportJob.Status.RUNNING and job_orphaned(job.pk):
            stopped = RowError(None, "", _("The import stopped before it finished. Nothing was imported. "
                                           "Upload the file again."))
            if ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING).update(
                    status=ImportJob.Status.FAILED, errors=[stopped.as_dict()], finished_at=timezone.now()):
                logger.warning("import job %s had lost its worker: marked failed", job.pk)
                failed.append(job.pk)
    return failed


def import_job_fail(*, job_id: int) -> None:
    """Mark a job failed after an unexpected error, so its page stops waiting (task use only)."""
    ImportJob.objects.filter(pk=job_id).exclude(status=ImportJob.Status.SUCCEEDED).update(
        status=ImportJob.Status.FAILED,
        errors=[RowError(None, "", _("The import stopped on an unexpected error. Nothing was imported.")).as_dict()],
        finished_at=timezone.now(),
    )
