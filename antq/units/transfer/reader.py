"""Reading an uploaded spreadsheet (.xlsx or .csv) of KDC and organisations into rows keyed by column.

The reading itself is `antq.core.sheets` (shared by every registry); this module fixes the columns to
those of the units file. Problems with the file as a whole raise `SheetError` before any row is looked
at; the rows' contents are checked by the import service.
"""

from antq.core import sheets
from antq.core.sheets import (  # noqa: F401 — the units import and the classification importer read them here
    FORMATS,
    MAX_ROWS,
    RowError,
    SheetError,
    SheetRow,
    content_problem,
    file_format,
)
from antq.units.transfer.columns import COLUMNS


def read_sheet(data: bytes, file_name: str) -> list[SheetRow]:
    """The non-blank rows under the header row of the first sheet; raise `SheetError` for a bad file."""
    return sheets.read_sheet(data, file_name, COLUMNS)
