"""Who handles tips: the police roles only.

Tips are police business. A commune officer handles the tips of their commune, a province officer those of
every commune of the province, the national administrator all. A viewer or a unit reporter (local officials
without a police role) never sees a tip, whatever unit their role is on, so this module looks at the
*roles* of `antq.accounts.scope.grants_of` and not only at capabilities (a viewer on a province holds VIEW).
"""

from antq.accounts.models import Role
from antq.accounts.scope import Capability, grants_of, has_capability
from antq.units.models import Unit

HANDLER_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER})


def handler_paths(user) -> list[str]:
    """Unit paths under which `user` handles tips (empty for anyone without a police role)."""
    return sorted({path for g in grants_of(user) if g.role in HANDLER_ROLES for path in g.paths})


def handles_tips(user) -> bool:
    """Whether `user` has a tip queue at all (for the navigation)."""
    return bool(handler_paths(user))


def handles(user, commune: Unit) -> bool:
    """Whether `user` handles the tips of `commune`."""
    return any(g.role in HANDLER_ROLES and g.covers(commune) for g in grants_of(user))


def may_reopen(user, commune: Unit) -> bool:
    """Reopening a closed tip takes the level above the commune (DECIDE: province officer, national admin)."""
    return handles(user, commune) and has_capability(user, commune, Capability.DECIDE)
