"""The mechanics every reviewed record shares: a recognition case, a classification, a nomination.

Such a record moves through states by audited services. Each step

1. locks the row (`select_for_update`) and checks the version the actor saw and the states the step
   starts from (`lock_for_step`): a stale form, or a second officer acting on the same record at the
   same moment, gets a `ConflictError` instead of silently winning;
2. changes the record, bumps its `version`, validates and saves it, and writes one audit event with
   the fields before and after (`save_step`).

Who reviews is the unit's ancestor at the level the law names (`unit_at_level`); a reviewer holds a
role on that unit or above it (`holds_review_role`), and only a role strictly above the decider
reopens a decided record. A role on the record's own unit is never enough, so nobody reviews their
own work. The domain modules keep their own states and rules and call these helpers; the helpers
know nothing about any one domain.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from antq.accounts.scope import CAPABILITIES, Capability, grants_of
from antq.core.audit import audit_record, snapshot
from antq.units.models import Unit, UnitKind

# The level names used in the law data (authority tables, score sheets) → the unit kind that holds it.
LEVEL_KINDS = {"commune": UnitKind.COMMUNE, "district": UnitKind.DISTRICT, "province": UnitKind.PROVINCE,
               "ministry": UnitKind.COUNTRY}


class ConflictError(ValidationError):
    """The record changed since the actor loaded it (or another officer acted first)."""


def lock_for_step(model: type[models.Model], pk, *, seen_version: int | None, allowed: tuple[str, ...],
                  locked_status: str = "decided", select_related: tuple[str, ...] = ("unit",)):
    """The record, locked for this transaction, if the step may start from its current state."""
    fresh = model.objects.select_for_update().select_related(*select_related).get(pk=pk)
    if seen_version is not None and fresh.version != seen_version:
        raise ConflictError(_("This record was changed by someone else meanwhile. Reload the page and try again."))
    if fresh.status not in allowed:
        if fresh.status == locked_status:
            raise ConflictError(_("This record has already been decided and is locked."))
        raise ConflictError(
            _("This step is not possible while the record is “%(status)s”.") % {"status": fresh.get_status_display()}
        )
    return fresh


def save_step(record: models.Model, *, actor, action: str, before: dict, fields: list[str],
              detail: dict | None = None):
    """Bump the version, validate, save and audit one step (call inside the step's transaction)."""
    record.version += 1
    record.full_clean()
    record.save()
    audit_record(actor=actor, action=action, target=record, before=before, after=snapshot(record, fields),
                 detail=detail)
    return record


def unit_at_level(unit: Unit, level: str) -> Unit:
    """The ancestor of `unit` whose kind holds `level` ("commune", "province" …); never the unit itself."""
    wanted = LEVEL_KINDS[level]
    ancestor_ids = unit.ancestor_ids()
    ancestors = Unit.objects.in_bulk(ancestor_ids)
    for pk in reversed(ancestor_ids):
        if ancestors[pk].kind == wanted:
            return ancestors[pk]
    raise ValidationError(_("No unit of the deciding level was found above this unit."))


def holds_review_role(actor, unit: Unit, *, strictly_above: bool) -> bool:
    """Does `actor` review at `unit` (a role on it or above; strictly above for reopening)?"""
    for grant in grants_of(actor):
        capabilities = CAPABILITIES[grant.role]
        # Commune officers review for their commune (the commune chairman signs); higher levels
        # need the decide capability.
        allowed = Capability.DECIDE in capabilities or (
            unit.kind == UnitKind.COMMUNE and Capability.ENTER_DATA in capabilities and grant.role == "commune_officer"
        )
        if not allowed:
            continue
        for path in grant.paths:
            if unit.path.startswith(path) and (not strictly_above or path != unit.path):
                return True
    return False
