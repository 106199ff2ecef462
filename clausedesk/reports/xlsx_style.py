"""Styled Excel sheets: typed columns, bold frozen header, filters, widths, French date and number formats.

Formats are stored as Excel's locale-independent codes (`#,##0.0`, `DD/MM/YYYY`): a French Excel or
LibreOffice displays them as `1 234,5` and `31/03/2026`. Sheets are written with `write_only=True`
so memory stays flat on exports of hundreds of thousands of lines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from clausedesk.reports.atomic import atomic_path

ProgressFn = Callable[[int, int, str], None]

# kind → (Excel number format, default width in characters)
FORMATS: dict[str, tuple[str | None, float]] = {
    "text": (None, 30),
    "long_text": (None, 48),
    "code": ("@", 16),
    "date": ("DD/MM/YYYY", 12),
    "month": ("MM/YYYY", 10),
    "int": ("#,##0", 10),
    "hours": ("#,##0.0", 12),
    "decimal": ("#,##0.00", 12),
    "money": ('#,##0.00\u00a0"€"', 16),
    "percent": ("0.0%", 10),
    "bool": (None, 8),
}

_HEADER_FONT = Font(name="Calibri", bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="3F4A5A")
_HEADER_ALIGN = Alignment(vertical="center", wrap_text=True)
_HEADER_BORDER = Border(bottom=Side(style="thin", color="000000"))


@dataclass(frozen=True)
class Column:
    """One column of an export: French header, kind (see FORMATS) and optional width."""

    header: str
    kind: str = "text"
    width: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in FORMATS:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass
class Sheet:
    """A sheet to write: title, columns, rows (any iterable, consumed once) and the row count if known."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    total: int | None = None
    notes: list[str] = field(default_factory=list)


def _cell_value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "bool":
        return "Oui" if value else "Non"
    if isinstance(value, Decimal):
        return float(value)
    if kind in ("date", "month") and isinstance(value, str):
        year, month = value[:7].split("-")
        return datetime(int(year), int(month), 1)
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def _append_rows(ws: WriteOnlyWorksheet, sheet: Sheet, progress: ProgressFn | None) -> int:
    formats = [FORMATS[c.kind][0] for c in sheet.columns]
    kinds = [c.kind for c in sheet.columns]
    # one template cell per column: styles are shared, so each row only sets values
    count = 0
    total = sheet.total or 0
    for row in sheet.rows:
        cells = []
        for value, kind, fmt in zip(row, kinds, formats, strict=True):
            cell = WriteOnlyCell(ws, value=_cell_value(value, kind))
            if fmt is not None:
                cell.number_format = fmt
            cells.append(cell)
        ws.append(cells)
        count += 1
        if progress is not None and count % 500 == 0:
            progress(count, max(total, count), f"{count} lignes écrites…")
    return count


def write_sheet(ws: WriteOnlyWorksheet, sheet: Sheet, progress: ProgressFn | None = None) -> int:
    """Write header, rows, frozen header, filter and widths on a write-only sheet; returns the row count."""
    ws.freeze_panes = "A2"
    # printed on landscape pages one sheet wide, the header row repeated on every page
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    for index, column in enumerate(sheet.columns, start=1):
        width = column.width
        if width is None:
            width = max(FORMATS[column.kind][1], len(column.header) + 4)
        ws.column_dimensions[get_column_letter(index)].width = width
    header = []
    for column in sheet.columns:
        cell = WriteOnlyCell(ws, value=column.header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = _HEADER_ALIGN
        cell.border = _HEADER_BORDER
        header.append(cell)
    ws.append(header)
    count = _append_rows(ws, sheet, progress)
    last = get_column_letter(len(sheet.columns))
    ws.auto_filter.ref = f"A1:{last}{count + 1}"
    return count


def save_workbook(path: Path, sheets: Sequence[Sheet], progress: ProgressFn | None = None) -> int:
    """Write `sheets` into a new workbook at `path` atomically; returns the number of data rows.

    The temporary file is created first, so an unwritable folder is refused before any work.
    """
    with atomic_path(path) as tmp:
        wb = Workbook(write_only=True)
        written = 0
        for sheet in sheets:
            ws = wb.create_sheet(title=sheet.title[:31])
            written += write_sheet(ws, sheet, progress)
            if sheet.notes:
                info = wb.create_sheet(title="Notes")
                info.column_dimensions["A"].width = 110
                for line in sheet.notes:
                    info.append([line])
        wb.save(tmp)
    return written
