"""Legal data sets that ship as files and that an administrator may edit: one read path, one write path.

Each data set registers a key, the file it ships as, and a `parse` function that validates the whole
set and raises `ValueError` (or `ValidationError`) with a Vietnamese message when it is broken. The
file is the default; a saved `DataVersion` (the newest for the key, and for the unit when the set can
be scoped to a province) replaces it. The engines never read the database themselves: callers pass
them what `current_data` (or its parsed form, `current_parsed`) returns, so they stay pure.

Versions are stored as JSON: dates of the file (YAML dates) become "YYYY-MM-DD" strings, so a data set's
`parse` must accept both. Only the national administrator saves national versions; a scoped version
needs `administer` on its unit.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils.translation import gettext as _

from antq.accounts.scope import Capability, has_capability, is_national_admin
from antq.core.audit import audit_record
from antq.core.models import DataVersion
from antq.units.models import UnitKind


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
    return _versions(key, scope).select_related("saved_by").order_by("-number").first()


def json_ready(data):
    """`data` as it reads back from a JSON column (dates and decimals as strings)."""
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _versions(key: str, scope):
    qs = DataVersion.objects.filter(key=key)
    return qs.filter(scope=scope) if scope is not None else qs.filter(scope__isnull=True)


def current_data(key: str, *, scope=None) -> dict:
    """What is in force for the key: the unit's own version, else the national version, else the file."""
    if scope is not None:
        version = current_version(key, scope=scope)
        if version is not None:
            return version.data
    version = current_version(key)
    return version.data if version is not None else file_data(key)


def may_edit(actor, *, scope=None) -> bool:
    """National versions are the national administrator's. A province's own version (its score sheet, its
    extra criteria) is set by the province's leadership: `decide` or `administer` on the province — there is
    no separate province-administrator role, and the province officers hold `decide` there."""
    if scope is None:
        return is_national_admin(actor)
    if scope.kind != UnitKind.PROVINCE:
        return has_capability(actor, scope, Capability.ADMINISTER)
    return has_capability(actor, scope, Capability.DECIDE) or has_capability(actor, scope, Capability.ADMINISTER)


def data_version_save(*, actor, key: str, data: dict, reason: str, scope=None,
                      based_on: int | None = None) -> DataVersion:
    """Validate the whole data set and store it as the next version; the previous ones stay readable.

    `based_on` is the version number the editor started from (0 for the shipped file): when someone
    saved a newer one meanwhile, the save is refused rather than silently undoing their change.
    """
    entry = data_set(key)
    if not may_edit(actor, scope=scope):
        raise ValidationError(_("You may not change this data."))
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the change (the text that changed it).")})
    if scope is not None and not entry.scoped:
        raise ValidationError(_("This data set has no provincial versions."))
    data = json_ready(data)  # validate exactly what will be read back
    try:
        entry.parse(data)
    except (ValueError, TypeError) as exc:
        raise ValidationError(str(exc)) from exc
    stale = _("Someone saved this data meanwhile; reload the page and make your change again.")
    qs = _versions(key, scope)
    try:
        with transaction.atomic():
            number = (qs.aggregate(n=Max("number"))["n"] or 0) + 1
            if based_on is not None and based_on != number - 1:
                raise ValidationError(stale)
            version = DataVersion(key=key, scope=scope, number=number, data=data, reason=reason, saved_by=actor)
            version.full_clean(validate_constraints=False)
            # Two administrators saving at once: the unique (key, scope, number) constraint lets one win.
            version.save()
            audit_record(actor=actor, action="data_version.save", target=version,
                         after={"key": key, "number": number, "scope_id": getattr(scope, "pk", None)},
                         detail={"reason": reason})
    except IntegrityError as exc:
        raise ValidationError(stale) from exc
    return version


def data_version_restore(*, actor, key: str, reason: str, number: int | None = None, scope=None,
                         based_on: int | None = None) -> DataVersion:
    """Save, as the next version, the shipped file (`number` None) or the content of an earlier version."""
    if number is None:
        data = file_data(key)
    else:
        old = _versions(key, scope).filter(number=number).first()
        if old is None:
            raise ValidationError(_("There is no version %(number)s.") % {"number": number})
        data = old.data
    return data_version_save(actor=actor, key=key, data=data, reason=reason, scope=scope, based_on=based_on)


# --- reads for the history pages and the cache of parsed data ---------------------------------------


def data_versions(key: str, *, scope=None):
    """Every saved version of the key, newest first, without their (possibly large) data."""
    return _versions(key, scope).select_related("saved_by").defer("data").order_by("-number")


def get_data_version(key: str, number: int, *, scope=None) -> DataVersion | None:
    return _versions(key, scope).select_related("saved_by").filter(number=number).first()


# (key, scope id) → (stamp of the version parsed, parsed data). A version is never changed in place,
# so its id and save time identify its content; the time guards against an id reused after a rollback.
_PARSED: dict[tuple[str, int | None], tuple[tuple | None, object]] = {}


def _stamp(version: DataVersion | None) -> tuple | None:
    return None if version is None else (version.pk, version.saved_at)


def parsed_version(key: str, version: DataVersion | None, *, scope=None) -> object:
    """`version` (None: the file) parsed by the data set's `parse`, from the cache when it is unchanged."""
    slot = (key, getattr(scope, "pk", None))
    cached = _PARSED.get(slot)
    if cached is not None and cached[0] == _stamp(version):
        return cached[1]
    parsed = data_set(key).parse(version.data if version is not None else file_data(key))
    _PARSED[slot] = (_stamp(version), parsed)
    return parsed


def current_parsed(key: str, *, scope=None) -> object:
    """What is in force for the key, parsed; one small query, and a parse only after a new save.

    Each process keeps the parsed data of the newest version it has seen, so a version saved by
    another process is picked up at its next call.
    """
    qs = DataVersion.objects.filter(key=key)
    if scope is not None:  # the unit's own version first, else the national one
        qs = qs.filter(Q(scope=scope) | Q(scope__isnull=True)).order_by(F("scope").asc(nulls_last=True), "-number")
    else:
        qs = qs.filter(scope__isnull=True).order_by("-number")
    row = qs.values("pk", "saved_at", "scope_id").first()
    if row is None:
        return parsed_version(key, None, scope=scope)
    slot = (key, getattr(scope, "pk", None))
    stamp = (row["pk"], row["saved_at"])
    cached = _PARSED.get(slot)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    return parsed_version(key, DataVersion.objects.get(pk=row["pk"]), scope=scope)
