"""The coordinator's consolidation workbook: a summary sheet, then one sheet per indicator (masked counts)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from clausedesk.reports.atomic import atomic_path
from clausedesk.sync.consolidation import Indicator

_SUMMARY = (
    ("facilitators", "Facilitateurs inscrits", "#,##0"),
    ("packages", "Paquets intégrés", "#,##0"),
    ("markets", "Marchés suivis", "#,##0"),
    ("participants", "Personnes (comptées une fois)", "#,##0"),
    ("companies", "Entreprises ayant déclaré des heures", "#,##0"),
    ("buyers", "Donneurs d'ordre", "#,##0"),
    ("hours_planned", "Heures d'insertion prévues", "#,##0.0"),
    ("hours_total", "Heures d'insertion réalisées", "#,##0.0"),
)


def _sheet_title(text: str, used: set[str]) -> str:
    base = "".join(ch for ch in text if ch not in "[]:*?/\\")[:28]
    title, n = base, 2
    while title in used:
        title, n = f"{base[:25]} {n}", n + 1
    used.add(title)
    return title


def write_workbook(path: Path, figures: dict[str, Any], tables: Sequence[Indicator], threshold: int) -> Path:
    """Write the workbook atomically; masked cells read "< threshold"."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Synthèse"
    ws.append(["Consolidation départementale des clauses sociales"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    for key, label, fmt in _SUMMARY:
        ws.append([label, figures.get(key, 0)])
        ws.cell(ws.max_row, 2).number_format = fmt
    ws.append([])
    ws.append([f"Les effectifs de personnes inférieurs à {threshold} sont masqués (« < {threshold} »)."])
    ws.column_dimensions["A"].width = 44
    ws.column_dimensions["B"].width = 16
    used = {"Synthèse"}
    for table in tables:
        sheet = wb.create_sheet(_sheet_title(table.title, used))
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True, size=12)
        sheet.append([c or "Libellé" for c in table.columns])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(
                [f"< {threshold}" if v is None else (float(v) if isinstance(v, Decimal) else v) for v in row]
            )
            for cell, value in zip(sheet[sheet.max_row][1:], row[1:], strict=False):
                if isinstance(value, Decimal):
                    cell.number_format = "#,##0.0"
                elif isinstance(value, int):
                    cell.number_format = "#,##0"
        sheet.freeze_panes = "A3"
        sheet.column_dimensions["A"].width = 56
        for letter in ("B", "C"):
            sheet.column_dimensions[letter].width = 18
    with atomic_path(Path(path)) as tmp:
        wb.save(tmp)
    return Path(path)
