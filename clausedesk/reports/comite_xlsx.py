"""The coordinator's consolidation workbook: a summary sheet, then one sheet per indicator (masked counts)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from clausedesk.reports.atomic import atomic_path
from clausedesk.sync.comite_figures import AnnualLine, ComparisonRow
from clausedesk.sync.consolidation import Indicator
from clausedesk.sync.coverage import Coverage

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


def _number(value: Decimal | int | None, threshold: int) -> Any:
    if value is None:
        return f"< {threshold}"
    return float(value) if isinstance(value, Decimal) else value


def _comparison_sheet(wb: Workbook, rows: Sequence[ComparisonRow], year: int, threshold: int) -> None:
    """Sheet « N et N-1 »: each indicator with N, N-1, the difference and its definition."""
    sheet = wb.create_sheet(f"{year} et {year - 1}", 1)
    sheet.append([f"Indicateurs du comité : {year} comparé à {year - 1}"])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append(["Indicateur", str(year), str(year - 1), "Écart", "Définition"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        label = ("dont " if row.detail else "") + row.label
        if row.kind == "title":
            sheet.append([label, None, None, None, row.definition])
            sheet.cell(sheet.max_row, 1).font = Font(bold=True)
            continue
        diff = None if row.diff is None else _number(row.diff, threshold)
        sheet.append([label, _number(row.current, threshold), _number(row.previous, threshold), diff,
                      row.definition or None])  # fmt: skip
        for column in (2, 3, 4):
            sheet.cell(sheet.max_row, column).number_format = "#,##0.0" if row.kind == "hours" else "#,##0"
    sheet.append([])
    sheet.append(
        [f"Écart : {year} moins {year - 1}. Effectifs de personnes inférieurs à {threshold} masqués."]
    )
    sheet.freeze_panes = "A3"
    sheet.column_dimensions["A"].width = 48
    for letter in ("B", "C", "D"):
        sheet.column_dimensions[letter].width = 12
    sheet.column_dimensions["E"].width = 90


def _coverage_sheet(wb: Workbook, found: Coverage) -> None:
    """Sheet « Couverture par EPCI »: facilitators, marchés, the period's hours, zones blanches."""
    sheet = wb.create_sheet("Couverture par EPCI", 1)
    sheet.append(["Couverture du département par EPCI et zones blanches"])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append(["EPCI", "SIREN", "Nature", "Facilitateurs", "Marchés", "Marchés suivis", "Heures",
                  "Dernier paquet", "Mois sans paquet", "Zone blanche", "Motif"])  # fmt: skip
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for e in found.epcis:
        sheet.append([e.name, e.code, e.kind, ", ".join(e.facilitators), e.markets, e.markets_followed,
                      e.hours_total, e.last_package_month, e.months_without_package,
                      "oui" if e.zone_blanche else "non", e.reason or None])  # fmt: skip
        sheet.cell(sheet.max_row, 7).number_format = "#,##0.0"
    sheet.append([])
    sheet.append([f"Zone blanche : EPCI sans facilitateur, ou avec des marchés mais sans paquet depuis "
                  f"{found.months} mois ou plus. Heures sans lieu de marché : "
                  f"{found.hours_without_place}."])  # fmt: skip
    sheet.freeze_panes = "A3"
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["D"].width = 30
    sheet.column_dimensions["K"].width = 40


def _annual_sheet(wb: Workbook, lines: Sequence[AnnualLine], year: int) -> None:
    """Sheet « Liste annuelle »: clause employees by marché and work period, each as a pseudonym."""
    sheet = wb.create_sheet(f"Liste annuelle {year}")
    sheet.append([f"Liste annuelle {year} des salariés en clause sociale, par marché et période de travail"])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append(["Facilitateur", "Marché", "Lot", "Personne (pseudonyme)", "Type de contrat",
                  "Premier mois", "Dernier mois", f"Heures {year}"])  # fmt: skip
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for line in lines:
        sheet.append([line.facilitator, line.market_ref, line.lot_ref, line.pseudonym, line.contract_type,
                      line.first_month, line.last_month, float(line.hours)])  # fmt: skip
        sheet.cell(sheet.max_row, 8).number_format = "#,##0.0"
    sheet.append([])
    sheet.append(["Une ligne par contrat et par lot. La personne n'est connue que par son pseudonyme "
                  "départemental : la liste nominative reste chez le facilitateur (« clausedesk export-xlsx "
                  f"annual --year {year} -o FICHIER »)."])  # fmt: skip
    sheet.freeze_panes = "A3"
    for letter, width in zip("ABCDEFGH", (28, 18, 22, 24, 26, 13, 13, 12), strict=True):
        sheet.column_dimensions[letter].width = width


def write_workbook(
    path: Path,
    figures: dict[str, Any],
    tables: Sequence[Indicator],
    threshold: int,
    comparison: Sequence[ComparisonRow] = (),
    year: int | None = None,
    coverage: Coverage | None = None,
    annual: Sequence[AnnualLine] = (),
) -> Path:
    """Write the workbook atomically; masked cells read "< threshold". With `year`, a sheet compares it
    with the year before."""
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
    if year is not None:
        ws["A2"] = f"Année {year} (de janvier à décembre)"
        _comparison_sheet(wb, comparison, year, threshold)
        used.add(f"{year} et {year - 1}")
    if coverage is not None and coverage.epcis:
        _coverage_sheet(wb, coverage)
        used.add("Couverture par EPCI")
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
    if year is not None:
        _annual_sheet(wb, annual, year)
    with atomic_path(Path(path)) as tmp:
        wb.save(tmp)
    return Path(path)
