"""The living demo: `manage.py demo` fills a development database with one province's worth of data.

The demo is a list of *steps*, one per application, run in order by `demo_run`:

    DEMO_STEPS = ["antq.units.demo", "antq.accounts.demo"]

A step is a module `antq/<app>/demo.py` with one function, `build(ctx: DemoContext) -> None`. It runs
in its own transaction, after every step listed before it, so it may use what they made (the units
step makes residential areas and organisations; the accounts step makes the demo users, found in
`ctx.users` by username).

To add a step for a new module (say `antq.recognition`):

1. write `antq/recognition/demo.py` with `build(ctx)`;
2. append `"antq.recognition.demo"` to `DEMO_STEPS` below;
3. keep it idempotent: look up what an earlier run made (by parent, kind and name, or another natural
   key) and create only what is missing, so a second run changes nothing and writes no audit rows;
4. draw random numbers from `ctx.rng_for(<stable key>)`, never from the module `random`, so every
   run produces the same data whatever else changed (a new commune does not reshuffle the others);
5. write through the app's services where the volume is small; for bulk data use `bulk_create` and
   record one audit event for the step (`antq.core.audit.audit_record`, action `demo.<app>`);
6. report what it created with `ctx.say(...)`, and test it in `antq/<app>/tests/test_demo.py` on a
   small factory tree (see `antq/core/tests/test_demo.py`).

The command refuses to run when `DEBUG` is off unless forced: it creates accounts whose passwords are
printed on the console.
"""

import importlib
import random
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from django.db import transaction

from antq.units.loaders import units_load_official
from antq.units.models import Unit, UnitKind

if TYPE_CHECKING:
    from antq.accounts.models import User

DEMO_STEPS: list[str] = [
    "antq.units.demo",
    "antq.accounts.demo",
    "antq.incidents.demo",
    "antq.recognition.demo",
    "antq.recognition.derived.demo",
    "antq.classification.demo",
    "antq.reports.demo",
    "antq.grassroots.demo",
    "antq.festival.demo",
    "antq.outreach.demo",
    "antq.clubs.demo",
    "antq.exemplars.demo",
    "antq.commendations.demo",
    "antq.directives.demo",
    "antq.portal.demo",
    "antq.tips.demo",
]

# Tỉnh Quảng Trị in the 2025 list (`vietnam_provinces.Province.from_code(44)`); Quảng Bình, the
# province of the seed articles, was merged into it.
DEFAULT_PROVINCE_CODE = "44"
DEMO_SEED = 2026
DEMO_URL = "http://127.0.0.1:8000/"


class DemoError(Exception):
    """The demo cannot run as asked (for example, no current province has the code given)."""


class Writer(Protocol):
    def write(self, msg: str) -> object: ...


@dataclass
class DemoLogin:
    """One row of the credentials table printed at the end."""

    username: str
    password: str
    role: str
    unit: str
    full_name: str


@dataclass
class DemoContext:
    province: Unit
    rng: random.Random
    stdout: Writer
    actor: "User | None" = None  # the demo runs as the system: audit events carry no actor
    seed: int = DEMO_SEED
    users: "dict[str, User]" = field(default_factory=dict)  # filled by antq.accounts.demo, by username
    logins: list[DemoLogin] = field(default_factory=list)

    def rng_for(self, *key: object) -> random.Random:
        """An independent random stream for `key` (e.g. a commune code), the same on every run."""
        return random.Random(":".join(map(str, (self.seed, *key))))  # noqa: S311 — demo data, not secrets

    def say(self, line: str = "") -> None:
        self.stdout.write(line if line.endswith("\n") else line + "\n")


def _current_provinces():
    return Unit.objects.filter(kind=UnitKind.PROVINCE, valid_to__isnull=True)


def demo_run(*, province_code: str = DEFAULT_PROVINCE_CODE, stdout: Writer, actor: "User | None" = None,
             steps: list[str] | None = None) -> DemoContext:
    """Run every demo step for the current province `province_code`; idempotent. Commands and tests only."""
    if not _current_provinces().exists():
        stdout.write("Official units not loaded: loading them from vietnam-provinces first…\n")
        report = units_load_official(actor=actor)
        stdout.write(f"  {report.created} units created.\n")
    # Codes are stored without leading zeros ("1" for Hà Nội); accept "01" as well.
    code = str(int(province_code)) if province_code.isdigit() else province_code
    province = _current_provinces().filter(code=code).first()
    if province is None:
        known = ", ".join(f"{p.code} {p.name}" for p in _current_provinces().order_by("name_folded"))
        raise DemoError(f"No current province has the code {province_code!r}. Current provinces: {known}.")

    ctx = DemoContext(province=province, rng=random.Random(DEMO_SEED), stdout=stdout, actor=actor)  # noqa: S311
    ctx.say(f"Demo province: {province.name} (code {province.code})")
    for name in DEMO_STEPS if steps is None else steps:
        module = importlib.import_module(name)
        started = time.monotonic()
        with transaction.atomic():
            module.build(ctx)
        ctx.say(f"  [{name}: {time.monotonic() - started:.1f} s]")
    return ctx


def format_logins(logins: list[DemoLogin]) -> list[str]:
    """The credentials table as aligned console lines."""
    header = DemoLogin("username", "password", "role", "unit", "full name")
    rows = [header, *logins]
    columns = ["username", "password", "role", "unit", "full_name"]
    widths = {c: max(len(getattr(r, c)) for r in rows) for c in columns}
    lines = []
    for index, row in enumerate(rows):
        lines.append("  ".join(getattr(row, c).ljust(widths[c]) for c in columns).rstrip())
        if index == 0:
            lines.append("  ".join("-" * widths[c] for c in columns))
    return lines
