"""Who may see and change what: roles on units, each covering the unit's subtree.

The model, in full:

* A user holds zero or more `RoleAssignment`s, each a (role, unit) pair. A role held on a unit
  covers that unit and everything below it in the unit tree (`Unit.path` prefix). A role on a
  current unit also covers the legacy units it was formed from (its `predecessors`) and their
  subtrees, so a province officer of Quảng Trị reads the history of Quảng Bình.
* Each role grants a fixed set of capabilities (`CAPABILITIES` below). Viewing and data entry are
  separate: a viewer on a province sees it all and changes nothing; a unit reporter changes only
  the one KDC or organisation they report for.
* Every read starts from `visible_units(user)` (or `units_for(user, capability)`), and a fetch by
  id goes through `get_unit_for`, which answers 404 both for a missing unit and for one outside
  the scope, so the existence of other areas never leaks.

Nothing else in the code derives permissions: views, API and services ask this module.
"""

import hashlib
from dataclasses import dataclass
from enum import StrEnum

from django.http import Http404

from antq.accounts.models import Role, RoleAssignment
from antq.units.models import ADMINISTRATIVE_KINDS, GRASSROOTS_KINDS, Unit, UnitKind


class Capability(StrEnum):
    VIEW = "view"
    ENTER_DATA = "enter_data"  # create and edit units and records under the unit
    DECIDE = "decide"  # review, approve, decide (used by recognition and classification)
    ADMINISTER = "administer"  # users, roles, audit trail, reference data


CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.NATIONAL_ADMIN: frozenset(Capability),
    Role.PROVINCE_OFFICER: frozenset({Capability.VIEW, Capability.ENTER_DATA, Capability.DECIDE}),
    Role.COMMUNE_OFFICER: frozenset({Capability.VIEW, Capability.ENTER_DATA}),
    Role.UNIT_REPORTER: frozenset({Capability.VIEW, Capability.ENTER_DATA}),
    Role.VIEWER: frozenset({Capability.VIEW}),
}

# On which kinds of unit a role may be granted.
ROLE_UNIT_KINDS: dict[str, tuple[str, ...]] = {
    Role.NATIONAL_ADMIN: (UnitKind.COUNTRY,),
    Role.PROVINCE_OFFICER: (UnitKind.PROVINCE,),
    Role.COMMUNE_OFFICER: (UnitKind.COMMUNE,),
    Role.UNIT_REPORTER: GRASSROOTS_KINDS,
    Role.VIEWER: (*ADMINISTRATIVE_KINDS, *GRASSROOTS_KINDS),
}

# Which kinds of unit a role may create below its unit. Official administrative units come from
# the loader; only the national administrator adds or edits them by hand.
CREATABLE_KINDS: dict[str, tuple[str, ...]] = {
    Role.NATIONAL_ADMIN: tuple(UnitKind.values),
    Role.PROVINCE_OFFICER: GRASSROOTS_KINDS,
    Role.COMMUNE_OFFICER: GRASSROOTS_KINDS,
    Role.UNIT_REPORTER: (),
    Role.VIEWER: (),
}


@dataclass(frozen=True)
class Grant:
    role: str
    unit_id: int
    paths: tuple[str, ...]  # the unit's path and its predecessors' paths

    def covers(self, unit: Unit) -> bool:
        return any(unit.path.startswith(p) for p in self.paths)


def grants_of(user) -> list[Grant]:
    """The user's grants, read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_antq_grants", None)
    if cached is not None:
        return cached
    # Two narrow queries (role and path; the predecessors' paths), no model instances: every page runs this.
    assignments = list(RoleAssignment.objects.filter(user=user).values_list("role", "unit_id", "unit__path"))
    predecessor_paths: dict[int, list[str]] = {}
    if assignments:
        links = (Unit.predecessors.through.objects
                 .filter(from_unit_id__in={unit_id for _r, unit_id, _p in assignments})
                 .order_by("to_unit__name_folded", "to_unit_id").values_list("from_unit_id", "to_unit__path"))
        for unit_id, path in links:
            predecessor_paths.setdefault(unit_id, []).append(path)
    grants = [Grant(role=role, unit_id=unit_id, paths=(path, *predecessor_paths.get(unit_id, ())))
              for role, unit_id, path in assignments]
    user._antq_grants = grants
    return grants


def grants_fingerprint(user) -> str:
    """A short stable name for what `user` may see and do: two users with the same grants get the same one.

    Part of the key of cached panels, so a panel is never served to someone with other rights than the one
    it was computed for."""
    grants = sorted((g.role, g.unit_id, g.paths) for g in grants_of(user))
    return hashlib.blake2s(repr(grants).encode(), digest_size=8).hexdigest()


def forget_grants(user) -> None:
    if hasattr(user, "_antq_grants"):
        del user._antq_grants


def _paths_with(user, capability: Capability) -> list[str]:
    return sorted({p for g in grants_of(user) if capability in CAPABILITIES[g.role] for p in g.paths})


def units_for(user, capability: Capability = Capability.VIEW):
    """Every unit on which `user` holds `capability` (through a role on it or an ancestor)."""
    return Unit.objects.within(_paths_with(user, capability))


def visible_units(user):
    """The starting point of every read of units."""
    return units_for(user, Capability.VIEW)


def has_capability(user, unit: Unit, capability: Capability) -> bool:
    return any(capability in CAPABILITIES[g.role] and g.covers(unit) for g in grants_of(user))


def is_national_admin(user) -> bool:
    return any(g.role == Role.NATIONAL_ADMIN for g in grants_of(user))


def creatable_kinds(user, parent: Unit) -> list[str]:
    """Kinds of unit `user` may create directly under `parent` (empty when none)."""
    from antq.units.models import PARENT_KINDS

    kinds: set[str] = set()
    for g in grants_of(user):
        if Capability.ENTER_DATA in CAPABILITIES[g.role] and g.covers(parent):
            kinds.update(CREATABLE_KINDS[g.role])
    return [k for k in UnitKind.values if k in kinds and parent.kind in PARENT_KINDS[k]]


def get_unit_for(user, pk, capability: Capability = Capability.VIEW) -> Unit:
    """The unit with id `pk` if `user` holds `capability` on it; 404 otherwise, missing or not."""
    try:
        return units_for(user, capability).get(pk=pk)
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def scope_roots(user):
    """The units the user's grants are held on: where browsing starts."""
    ids = {g.unit_id for g in grants_of(user)}
    return Unit.objects.filter(pk__in=ids)
