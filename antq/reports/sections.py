"""The figures of the year's report, contributed by the modules that hold them.

Each module that has something to report names a function `report_section(actor, area, year)` in a
module listed in `SECTION_MODULES`, in the order the report prints them. It returns a `Section` (a heading,
sentences written the way reports write them — "52/78 xã, phường, thị trấn đạt …" — and tables), or
None when it has nothing for that area and year. The report is an official paper in Vietnamese,
whatever the interface language: the sections are built under `translation.override("vi")`.
"""

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.formats import number_format

from antq.units.models import Unit

SECTION_MODULES: list[str] = [
    "antq.classification.report_section",
    "antq.recognition.report_section",
    "antq.festival.report_section",
    "antq.outreach.report_section",
    "antq.grassroots.report_section",
    "antq.clubs.report_section",
    "antq.exemplars.report_section",
    "antq.commendations.report_section",
    "antq.directives.report_section",
]


@dataclass(frozen=True)
class Table:
    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[str]]  # already formatted as printed (Vietnamese numbers)
    total: Sequence[str] | None = None  # a last, bold row
    note: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    sentences: Sequence[str] = ()
    tables: Sequence[Table] = field(default_factory=tuple)


def count_text(n: int) -> str:
    """A count as the report prints it (Vietnamese grouping under the report's locale)."""
    return number_format(n, force_grouping=True)


def share_text(value) -> str:
    """A share as the report prints it, "66,7 %" (a no-break space keeps the sign on the line), or "—"."""
    return "—" if value is None else f"{number_format(value, decimal_pos=1)}\u00a0%"


def report_sections(*, actor, area: Unit, year: int) -> list[Section]:
    """Every module's section for the area and year, in the report's order; in Vietnamese.

    `actor` is who asked (the officer on the page, the requester of a background job): sections read
    through the modules' selectors, which start from what the actor may see."""
    with translation.override("vi"):
        return module_sections(actor=actor, area=area, year=year)


def module_sections(*, actor, area: Unit, year: int, exclude: frozenset[str] = frozenset()) -> list[Section]:
    """The same sections in the language of the request, for the dashboard (which draws its own panels
    for the modules in `exclude`)."""
    sections = []
    for name in SECTION_MODULES:
        section = importlib.import_module(name).report_section(actor=actor, area=area, year=year)
        if section is not None and section.key not in exclude:
            sections.append(section)
    return sections
