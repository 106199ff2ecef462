"""Writing the company's relevé template (xlsx): French header, instructions, protected identifying columns.

The company fills in the hours of each person listed (contracts active that month) and sends the
file back; `releve_reader` reads it. The contract's uuid sits in a hidden, locked column so each row
is matched exactly, while the name, lot and contract dates let a person read the sheet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clausedesk.core.formatting import month_label
from clausedesk.reports.atomic import atomic_path

if TYPE_CHECKING:
    from openpyxl import Workbook

SHEET_TITLE = "Relevé"
HEADER_ROW = 8
HEADERS = (
    ("Nom", 22),
    ("Prénom", 18),
    ("Lot", 20),
    ("Intitulé du lot", 34),
    ("Début du contrat", 13),
    ("Fin du contrat", 13),
    ("Modalité", 24),
    ("Heures travaillées", 14),
    ("Heures de formation", 14),
    ("Heures de tutorat", 14),
    ("Observations", 30),
    ("Identifiant du contrat (ne pas modifier)", 38),
)
COL_WORKED, COL_TRAINING, COL_TUTORING, COL_NOTES, COL_UUID = 8, 9, 10, 11, 12
_HOUR_COLUMNS = (COL_WORKED, COL_TRAINING, COL_TUTORING)
_HOURS_FORMAT = "#,##0.00"



@dataclass
class TemplateLine:
    contract_uuid: str
    last_name: str
    first_name: str
    lot_ref: str
    lot_title: str
    start: date
    end: date | None
    modality: str  # French label
    worked: Decimal | None = None
    training: Decimal | None = None
    tutoring: Decimal | None = None


@dataclass
class TemplateData:
    company_name: str
    siret: str
    month: str  # AAAA-MM
    max_hours: Decimal
    lines: list[TemplateLine] = field(default_factory=list)


INSTRUCTIONS = (
    "Comment remplir ce relevé",
    "",
    "1. Une ligne par salarié en parcours d'insertion dont le contrat est actif ce mois-ci.",
    "2. Saisissez dans la colonne « Heures travaillées » les heures réellement effectuées sur le lot "
    "pendant le mois (par exemple 151,67 ou 35,5). Laissez vide s'il n'y a pas eu d'heures.",
    "3. Saisissez dans « Heures de formation » les heures de formation suivies pendant le mois, s'il y en a.",
    "   Dans « Heures de tutorat », les heures que vos salariés ont passées ce mois-ci à accompagner la "
    "personne (tuteur, encadrant), s'il y en a : elles comptent pour le marché quand il le prévoit.",
    "4. Ne modifiez pas les colonnes grisées (nom, lot, dates, identifiant) : elles permettent de "
    "rattacher les heures au bon contrat.",
    "5. Un salarié manque ? N'ajoutez pas de ligne : prévenez le facilitateur, qui créera son contrat "
    "et vous renverra un relevé.",
    "6. Enregistrez le fichier au format Excel (.xlsx), sans mot de passe, et renvoyez-le au facilitateur.",
    "",
    "Les heures déclarées servent au suivi de la clause sociale du marché. Merci !",
)


def _write_header_block(ws: Any, data: TemplateData) -> None:
    ws.append([f"Relevé mensuel des heures d'insertion – {month_label(data.month)}"])
    ws.append(["Entreprise :", data.company_name])
    ws.append(["SIRET :", data.siret])
    ws.append(["Mois :", data.month, month_label(data.month)])
    ws.append([])
    ws.append(
        [
            "Saisissez les heures dans les cellules jaunes (colonnes « Heures travaillées », "
            "« Heures de formation » et « Heures de tutorat »), puis renvoyez ce fichier au facilitateur. "
            "Voir l'onglet « Instructions »."
        ]
    )
    ws.append([])


def build_workbook(data: TemplateData) -> Workbook:
    """The template as an openpyxl workbook (saved by `write_template`)."""
    # openpyxl imported when a template is written, not when the hours screen is (0.2 s, issue 12)
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    title_font, bold = Font(bold=True, size=14), Font(bold=True)
    head_font, head_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="3F4A5A")
    input_fill = PatternFill("solid", fgColor="FFF7D6")
    thin = Side(style="thin", color="A0A0A0")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET_TITLE
    _write_header_block(ws, data)
    ws["A1"].font = title_font
    for ref in ("A2", "A3", "A4"):
        ws[ref].font = bold
    ws["B3"].number_format = "@"
    ws["B4"].number_format = "@"
    ws["A6"].alignment = Alignment(wrap_text=False)
    ws.append([h for h, _ in HEADERS])
    for col, (_, width) in enumerate(HEADERS, start=1):
        cell = ws.cell(HEADER_ROW, col)
        cell.font, cell.fill, cell.border = head_font, head_fill, box
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[HEADER_ROW].height = 32
    first = HEADER_ROW + 1
    for line in data.lines:
        ws.append(
            [
                line.last_name,
                line.first_name,
                line.lot_ref,
                line.lot_title,
                line.start,
                line.end,
                line.modality,
                None if line.worked is None else float(line.worked),
                None if line.training is None else float(line.training),
                float(line.tutoring) if line.tutoring else None,
                None,
                line.contract_uuid,
            ]
        )
    last = first + len(data.lines) - 1
    for row in range(first, last + 1):
        for col in range(1, len(HEADERS) + 1):
            cell = ws.cell(row, col)
            cell.border = box
            if col in (*_HOUR_COLUMNS, COL_NOTES):
                cell.protection = Protection(locked=False)
                cell.fill = input_fill
            if col in _HOUR_COLUMNS:
                cell.number_format = _HOURS_FORMAT
        ws.cell(row, 5).number_format = "DD/MM/YYYY"
        ws.cell(row, 6).number_format = "DD/MM/YYYY"
    total_row = max(last, HEADER_ROW) + 1
    ws.cell(total_row, 1, "Total").font = bold
    for col in _HOUR_COLUMNS:
        letter = get_column_letter(col)
        cell = ws.cell(
            total_row, col, f"=SUM({letter}{first}:{letter}{max(last, first)})" if data.lines else 0
        )
        cell.font, cell.number_format = bold, _HOURS_FORMAT
    if data.lines:
        cap = str(data.max_hours)
        dv = DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2=cap,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Nombre d'heures invalide",
            error=f"Saisissez un nombre d'heures entre 0 et {cap.replace('.', ',')} (par exemple 35,5).",
            showInputMessage=True,
            promptTitle="Heures du mois",
            prompt="Nombre d'heures du mois, par exemple 35,5. Laissez vide s'il n'y a pas d'heures.",
        )
        ws.add_data_validation(dv)
        dv.add(f"{get_column_letter(COL_WORKED)}{first}:{get_column_letter(COL_TUTORING)}{last}")
    ws.column_dimensions[get_column_letter(COL_UUID)].hidden = True
    ws.freeze_panes = ws.cell(first, 3)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # without it, fitToWidth is ignored: 2 pages wide
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the people need
    info = wb.create_sheet("Instructions")
    info.column_dimensions["A"].width = 120
    for text in INSTRUCTIONS:
        info.append([text])
    info["A1"].font = title_font
    wb.properties.title = f"Relevé des heures {data.month} – {data.company_name}"
    wb.properties.creator = "ClauseDesk"
    return wb


def write_template(data: TemplateData, path: Path) -> Path:
    """Write the template at `path` atomically (a French ClauseDeskError when it cannot be written)."""
    wb = build_workbook(data)
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path


def template_file_name(company_name: str, siret: str, month: str) -> str:
    """`releve_2026-03_DUPONT-BTP_12345678900011.xlsx`: a safe, sortable file name."""
    safe = "".join(c if c.isalnum() else "-" for c in company_name.upper()).strip("-")
    while "--" in safe:
        safe = safe.replace("--", "-")
    return f"releve_{month}_{safe[:40]}_{siret}.xlsx"
