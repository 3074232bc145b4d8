"""Legal data sets that ship as files and that an administrator may edit: one read path, one write path.

Each data set registers a key, the file it ships as, and a `parse` function that validates the whole
set and raises `ValueError` (or `ValidationError`) with a Vietnamese message when it is broken. The
file is the default; a saved `DataVersion` (the newest for the key, and for the unit when the set can
be scoped to a province) replaces it. The engines never read the database themselves: callers pass
them what `current_data` returns, so they stay pure.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from antq.core.audit import audit_record
from antq.core.models import DataVersion


@dataclass(frozen=True)
class LawDataSet:
    key: str
    path: Path
    parse: Callable[[dict], object]  # raises ValueError/ValidationError on broken data
    scoped: bool = False  # may a province (or another unit) hold its own version?


_REGISTRY: dict[str, LawDataSet] = {}


def register(data_set: LawDataSet) -> LawDataSet:
    _REGISTRY[data_set.key] = data_set
    return data_set


def data_set(key: str) -> LawDataSet:
    return _REGISTRY[key]


def file_data(key: str) -> dict:
    with data_set(key).path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def current_version(key: str, *, scope=None) -> DataVersion | None:
    """The newest saved version for the key (for `scope` when given, else the national one)."""
    qs = DataVersion.objects.filter(key=key)
    qs = qs.filter(scope=scope) if scope is not None else qs.filter(scope__isnull=True)
    return qs.order_by("-number").first()


def current_data(key: str, *, scope=None) -> dict:
    """What is in force for the key: the unit's own version, else the national version, else the file."""
    if scope is not None:
        version = current_version(key, scope=scope)
        if version is not None:
            return version.data
    version = current_version(key)
    return version.data if version is not None else file_data(key)


def data_version_save(*, actor, key: str, data: dict, reason: str, scope=None) -> DataVersion:
    """Validate the whole data set and store it as the next version; the previous ones stay readable."""
    entry = data_set(key)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the change (the text that changed it).")})
    if scope is not None and not entry.scoped:
        raise ValidationError(_("This data set has no provincial versions."))
    try:
        entry.parse(data)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    qs = DataVersion.objects.filter(key=key)
    qs = qs.filter(scope=scope) if scope is not None else qs.filter(scope__isnull=True)
    try:
        with transaction.atomic():
            number = (qs.aggregate(n=Max("number"))["n"] or 0) + 1
            version = DataVersion(key=key, scope=scope, number=number, data=data, reason=reason, saved_by=actor)
            version.full_clean(validate_constraints=False)
            # Two administrators saving at once: the unique (key, scope, number) constraint lets one win.
            version.save()
        audit_record(actor=actor, action="data_version.save", target=version,
                     after={"key": key, "number": number, "scope_id": getattr(scope, "pk", None)},
                     detail={"reason": reason})
    except IntegrityError as exc:
        raise ValidationError(_("Someone saved this data at the same moment; reload and try again.")) from exc
    return version
