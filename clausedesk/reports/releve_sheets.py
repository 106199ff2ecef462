"""Which sheet of a workbook is the relevé: every sheet examined, the one whose month and SIRET match chosen.

A workbook with several candidate sheets is never resolved by taking the first: the sheet of the
asked month (`--month`) and company (`--company`) is chosen, or the one named (`--sheet`), or
SheetChoiceError lists the candidates (the window offers them as a choice). A sheet hidden in the
file is examined like the others; when it is the one imported, the reader warns (Choice.hidden_warning).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from clausedesk.core.errors import ValidationError
from clausedesk.core.formatting import month_label
from clausedesk.reports.releve_files import FORMAT_LABELS, ReleveFileError, SheetGrid
from clausedesk.reports.releve_layout import (
    HEADER_SCAN_ROWS,
    KIND_LABELS,
    Layout,
    find_layout,
    label_month,
    normalise_label,
    parse_month,
    resolve_month_columns,
)


class SheetChoiceError(ReleveFileError):
    """Several sheets could be the relevé: `choices` names them (the user picks one)."""

    def __init__(self, message: str, choices: list[str]) -> None:
        super().__init__(message)
        self.choices = choices


@dataclass
class Candidate:
    grid: SheetGrid
    layout: Layout | None
    siret: str | None
    month: str | None
    given: bool  # the column mapping came from the user (options) rather than recognised headers
    error: ReleveFileError | None = None

    def describe(self) -> str:
        parts = [month_label(self.month) if self.month else "mois non indiqué"]
        if self.siret:
            parts.append(f"SIRET {self.siret}")
        if self.grid.visibility != "visible":
            parts.append("feuille masquée")
        return f"« {self.grid.name} » ({', '.join(parts)})"


def _meta(grid: SheetGrid, upto: int) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for cells in grid.rows[:upto]:
        for i, cell in enumerate(cells):
            if not isinstance(cell, str):
                continue
            key = normalise_label(cell)
            if key in ("siret", "siret de l entreprise", "mois", "mois du releve", "periode"):
                value = next((c for c in cells[i + 1 :] if c not in (None, "")), None)
                meta.setdefault("siret" if key.startswith("siret") else "month", value)
    return meta


def _sheet_month(grid: SheetGrid, meta: dict[str, Any], file_name: str) -> str | None:
    try:
        month = parse_month(meta.get("month"))
    except ValidationError as exc:
        raise ReleveFileError(
            f"Fichier « {file_name} », feuille « {grid.name} », cellule du mois : {exc.reason}."
        ) from exc
    if month is None:  # a tab named « Novembre 2026 » or « 2026-11 »
        named = label_month(normalise_label(grid.name))
        if named is not None and named[0] is not None:
            month = f"{named[0]:04d}-{named[1]:02d}"
    return month


def _candidate(
    grid: SheetGrid,
    file_name: str,
    options: Any,
    remembered: Callable[[str], Mapping[str, str] | None] | None,
) -> Candidate | None:
    first = find_layout(grid)
    meta = _meta(grid, first.header_row if first else HEADER_SCAN_ROWS)
    siret = " ".join(str(meta.get("siret") or "").split()).replace(" ", "") or None
    if isinstance(meta.get("siret"), float) and meta["siret"].is_integer():
        siret = str(int(meta["siret"]))
    layout, given = first, False
    if options.columns:
        layout, given = find_layout(grid, options.columns), True
    else:
        saved = remembered(siret or options.company) if remembered and (siret or options.company) else None
        if saved:
            layout = find_layout(grid, saved) or first
    if layout is None:
        return None
    try:
        month = _sheet_month(grid, meta, file_name) or options.month
    except ReleveFileError as exc:
        return Candidate(grid, layout, siret, None, given, exc)
    cand = Candidate(grid, layout, siret, month, given)
    if not any(k in layout.columns for k in ("uuid", "last_name", "full_name")):
        cand.error = ReleveFileError(
            f"Fichier « {file_name} », feuille « {grid.name} », ligne {layout.header_row + 1} : la ligne "
            "d'en-tête n'a pas de colonne « Nom » (ni « Nom Prénom », ni « Identifiant ») : ClauseDesk "
            "ne peut pas savoir à qui sont les heures. Indiquez la colonne du nom (--column nom=EN-TÊTE ou "
            "nom_prenom=EN-TÊTE, ou l'étape « Colonnes » de la fenêtre), ou utilisez le modèle de relevé."
        )
        return cand
    if "last_name" in layout.columns and "first_name" not in layout.columns and "uuid" not in layout.columns:
        layout.columns["full_name"] = layout.columns.pop("last_name")  # the words are matched as a whole
    try:
        resolve_month_columns(layout, grid, month, file_name)
    except ReleveFileError as exc:
        cand.error = exc
    return cand


class Choice(NamedTuple):
    """The relevé's sheet and what was found in it."""

    grid: SheetGrid
    layout: Layout
    siret: str | None
    month: str | None
    given: bool  # the column mapping came from the user (options or the wizard)
    candidates: int  # how many sheets of the file hold a relevé (this one included)
    named: bool = False  # the user named the sheet (--sheet, the window's choice)

    def hidden_warning(self) -> str | None:
        """The French warning when the chosen sheet is hidden in the file (None when it is shown)."""
        if self.grid.visibility == "visible":
            return None
        how = (
            "masquée dans le fichier (elle n'apparaît pas parmi les onglets du tableur)"
            if self.grid.visibility == "hidden"
            else "masquée par une macro ou un logiciel (« très masquée » : le tableur ne propose même pas "
            "de l'afficher)"
        )
        why = (
            "c'est la feuille que vous avez choisie"
            if self.named
            else "c'est la seule feuille du fichier qui contient un relevé"
            if self.candidates == 1
            else f"c'est elle qui a été retenue parmi les {self.candidates} feuilles de relevé du fichier"
        )
        return (
            f"Feuille « {self.grid.name} » : cette feuille est {how} ; {why}. Ses heures sont importées : "
            "vérifiez avec l'entreprise que c'est bien le relevé à compter, et non une ancienne copie."
        )


def choose_sheet(
    file_name: str,
    fmt: str,
    sheets: list[SheetGrid],
    options: Any,
    remembered: Callable[[str], Mapping[str, str] | None] | None,
) -> Choice:
    """The relevé's sheet with its layout, SIRET and month, or ReleveFileError."""
    names = ", ".join(f"« {g.name} »" for g in sheets)
    kind = FORMAT_LABELS[fmt]
    if options.sheet is not None:
        picked = [g for g in sheets if g.name == options.sheet]
        if not picked:
            raise SheetChoiceError(
                f"Le fichier « {file_name} » ({kind}) n'a pas de feuille « {options.sheet} » ; "
                f"ses feuilles : "
                f"{names}.",
                [g.name for g in sheets],
            )
        sheets = picked
    found = [c for c in (_candidate(g, file_name, options, remembered) for g in sheets) if c is not None]
    if not found:
        wanted = (
            " et ".join(f"« {h} »" for h in options.columns.values())
            if options.columns
            else f"« {KIND_LABELS['worked']} »"
        )
        raise ReleveFileError(
            f"Aucune feuille du fichier « {file_name} » ({kind} ; feuilles {names}) ne contient de ligne "
            f"d'en-tête avec la colonne {wanted}. Indiquez quelle colonne contient quoi (--column "
            "heures=EN-TÊTE…, ou l'étape « Colonnes » de la fenêtre), ou utilisez le modèle de relevé de "
            "ClauseDesk (colonnes « Nom », « Prénom », « Lot » et « Heures travaillées »)."
        )
    usable = [c for c in found if c.error is None] or found
    matching = [
        c
        for c in usable
        if (options.month is None or c.month in (None, options.month))
        and (options.company is None or c.siret in (None, options.company))
    ]
    if not matching:
        asked = " et ".join(
            p
            for p in (
                month_label(options.month) if options.month else "",
                f"le SIRET {options.company}" if options.company else "",
            )
            if p
        )
        raise ReleveFileError(
            f"Le fichier « {file_name} » ({kind}) n'a pas de relevé pour {asked} : "
            f"{', '.join(c.describe() for c in usable)}. Vérifiez le mois ou l'entreprise, ou demandez le "
            "bon relevé à l'entreprise."
        )
    if len(matching) > 1 and options.month is not None:
        exact = [c for c in matching if c.month == options.month]
        matching = exact or matching
    if len(matching) > 1:
        raise SheetChoiceError(
            f"Le fichier « {file_name} » ({kind}) contient plusieurs feuilles de relevé : "
            f"{', '.join(c.describe() for c in matching)}. ClauseDesk ne choisit pas à votre place : "
            "indiquez la feuille à importer (--sheet NOM) ou le mois (--month AAAA-MM), ou choisissez la "
            "feuille dans la fenêtre.",
            [c.grid.name for c in matching],
        )
    chosen = matching[0]
    if chosen.error is not None:
        raise chosen.error
    if options.month is not None and chosen.month not in (None, options.month):
        raise ReleveFileError(f"Le relevé « {file_name} » est celui de {month_label(chosen.month)}.")
    assert chosen.layout is not None
    return Choice(
        chosen.grid,
        chosen.layout,
        chosen.siret,
        chosen.month or options.month,
        chosen.given,
        len(found),
        options.sheet is not None,
    )
