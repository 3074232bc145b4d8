"""Demo step: one user per role in the demo province, through the account services.

A user that already exists is kept as it is; if it already holds its demo role somewhere, that
assignment is kept too, so a rerun grants nothing new even if the units of the province changed.
The credentials table marks a password that no longer matches the demo password.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import check_password
from django.db.models import QuerySet

from antq.accounts.models import Role, RoleAssignment, User
from antq.accounts.services import role_grant, user_create
from antq.core.demo import DemoLogin
from antq.units.loaders import COUNTRY_CODE
from antq.units.models import GRASSROOTS_KINDS, LocalKind, SchoolLevel, Unit, UnitKind

DEMO_PASSWORD = "antq-demo-2026"  # noqa: S105 — published on purpose, printed by `manage.py demo`


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str
    unit: Callable[[Unit], Unit | None]  # the demo province → the unit the role is held on


def _first(units: QuerySet) -> Unit | None:
    return units.order_by("name_folded", "id").first()


def _communes(province: Unit) -> QuerySet:
    return Unit.objects.within([province.path]).filter(kind=UnitKind.COMMUNE, valid_to__isnull=True)


def commune_of_officer(province: Unit) -> Unit | None:
    """The first phường of the province by name (a town shows tổ dân phố), else its first commune."""
    return _first(_communes(province).filter(local_kind=LocalKind.PHUONG)) or _first(_communes(province))


def commune_of_second_officer(province: Unit) -> Unit | None:
    """The first xã by name, to show a rural commune next to the town."""
    first = commune_of_officer(province)
    others = _communes(province).exclude(pk=getattr(first, "pk", None))
    return _first(others.filter(local_kind=LocalKind.XA)) or _first(others)


def residential_area_of_reporter(province: Unit) -> Unit | None:
    commune = commune_of_officer(province)
    return commune and _first(Unit.objects.filter(parent=commune, kind=UnitKind.RESIDENTIAL_AREA))


def school_of_reporter(province: Unit) -> Unit | None:
    """A secondary school of the first officer's commune (one TT 124/2021 covers), else any school."""
    commune = commune_of_officer(province)
    if commune is None:
        return None
    schools = Unit.objects.filter(parent=commune, kind=UnitKind.SCHOOL)
    for level in (SchoolLevel.LOWER_SECONDARY, SchoolLevel.UPPER_SECONDARY, SchoolLevel.MULTI_LEVEL):
        if school := _first(schools.filter(school_level=level)):
            return school
    return _first(schools)


def _label(unit: Unit) -> str:
    """The unit's name, with its commune for a KDC or an organisation ("Tổ dân phố 1" alone says little)."""
    if unit.kind in GRASSROOTS_KINDS and unit.parent_id:
        return f"{unit.name}, {unit.parent.name}"
    return unit.name


DEMO_USERS = (
    DemoUser("admin", "Trần Quốc Huy", Role.NATIONAL_ADMIN,
             lambda province: Unit.objects.filter(kind=UnitKind.COUNTRY, code=COUNTRY_CODE).first()),
    DemoUser("tinh", "Lê Thị Thu Hà", Role.PROVINCE_OFFICER, lambda province: province),
    DemoUser("bcd", "Hoàng Văn Bình", Role.VIEWER, lambda province: province),
    DemoUser("xa", "Phạm Thị Hồng Nhung", Role.COMMUNE_OFFICER, commune_of_officer),
    DemoUser("xa2", "Đặng Văn Long", Role.COMMUNE_OFFICER, commune_of_second_officer),
    DemoUser("kdc", "Nguyễn Thị Mai", Role.UNIT_REPORTER, residential_area_of_reporter),
    DemoUser("truong", "Võ Minh Tuấn", Role.UNIT_REPORTER, school_of_reporter),
)


def build(ctx) -> None:
    """Create the missing demo users and roles; record each in `ctx.users` and `ctx.logins`."""
    created = granted = 0
    for spec in DEMO_USERS:
        user = User.objects.filter(username=spec.username).first()
        is_new = user is None
        if is_new:
            user = user_create(actor=ctx.actor, username=spec.username, password=DEMO_PASSWORD,
                               full_name=spec.full_name, check_password=False)
            created += 1
        assignments = RoleAssignment.objects.filter(user=user, role=spec.role).select_related("unit__parent")
        assignment = assignments.order_by("id").first()
        if assignment is None:
            unit = spec.unit(ctx.province)
            if unit is None:
                ctx.say(f"  {spec.username}: no unit for the role {spec.role}; skipped")
                continue
            assignment = role_grant(actor=ctx.actor, user=user, role=spec.role, unit=unit)
            granted += 1
        # Hashing is slow on purpose: check only accounts an earlier run (or a person) made.
        password = DEMO_PASSWORD if is_new or check_password(DEMO_PASSWORD, user.password) else "(changed)"
        ctx.users[user.username] = user
        ctx.logins.append(DemoLogin(user.username, password, spec.role, _label(assignment.unit), user.full_name))
    ctx.say(f"Users: {created} created, {granted} roles granted ({len(ctx.users)} demo users)")
