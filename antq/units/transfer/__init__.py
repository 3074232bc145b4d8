"""Import and export of a commune's KDC and CQ/DN/CSGD as .xlsx or .csv.

The flow of an import:

1. `views.ImportView` checks data entry on the commune (404 otherwise) and the file's type and size,
   then `services.import_job_create` stores the file as an `ImportJob` and queues `tasks.units_import_task`.
2. The task (`services.import_job_run`) reads the file (`reader`), then `services.units_import`
   checks every row against the rules of `antq.units.services.unit_validate` (`checks`, on plain
   values: no model instance per row), names and codes against the file and the database, and
   records progress on the job at most once a second.
3. If any row is wrong nothing is written and every problem goes on the job; otherwise all units
   are written in one transaction (one COPY on PostgreSQL, `bulk_create` elsewhere) with one
   "units.import" audit event.
4. `views.ImportJobView` shows the job; htmx polls it every second until it is finished.

Exports (`writer`) use the same columns (`columns`), so an export imports back.
"""
