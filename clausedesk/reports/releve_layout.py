"""Where a relevé's columns are: its header row (one or two rows, merged cells), each column's role, the hours
column of the relevé's month, and the column mapping a user gives for a company's own layout.

Roles (the command line's names, `--column ROLE=EN-TÊTE`): nom, prenom, nom_prenom, lot, heures,
formation, tutorat, identifiant. A sheet with several hours columns (one per month) is never resolved by
taking the first: the column whose header names the relevé's month is chosen, or ReleveFileError
lists them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from clausedesk.core.errors import ValidationError
from clausedesk.core.formatting import MONTHS_FR, month_label
from clausedesk.core.rules.progress import check_month
from clausedesk.reports.releve_files import ReleveFileError, SheetGrid

HEADER_SCAN_ROWS = 40
HOUR_KINDS = ("worked", "training", "tutoring")  # the columns of hours
# command-line role -> the reader's kind
ROLES = {
    "nom": "last_name",
    "prenom": "first_name",
    "nom_prenom": "full_name",
    "lot": "lot",
    "heures": "worked",
    "formation": "training",
    "tutorat": "tutoring",
    "identifiant": "uuid",
}
KIND_ROLES = {kind: role for role, kind in ROLES.items()}
KIND_LABELS = {
    "last_name": "Nom",
    "first_name": "Prénom",
    "full_name": "Nom Prénom",
    "lot": "Lot",
    "worked": "Heures travaillées",
    "training": "Heures de formation",
    "tutoring": "Heures de tutorat",
    "uuid": "Identifiant",
}
_MONTH_WORDS = {normalised: i + 1 for i, normalised in enumerate(
    "".join(c for c in unicodedata.normalize("NFKD", m) if not unicodedata.combining(c)).lower()
    for m in MONTHS_FR
)}  # fmt: skip
_MONTH_WORDS.update(
    {"janv": 1, "fevr": 2, "fev": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
)
_YEAR_MONTH = re.compile(r"\b(19\d\d|2[01]\d\d) (1[0-2]|0?[1-9])\b|\b(1[0-2]|0?[1-9]) (19\d\d|2[01]\d\d)\b")


_NUMBER = re.compile(r"-?\d[\d\s.,]*\s*(?:h|heures?)?|\d+\s*[h:]\s*\d\d", re.IGNORECASE)


def normalise_label(value: object) -> str:
    """Header key: lower case, no accents nor punctuation, single spaces ("Heures travaillées (h)")."""
    text = unicodedata.normalize("NFKD", str(value))
    bare = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", bare).split())


_WORKED_EXACT = {
    "heures", "heures realisees", "heures d insertion", "nb d heures", "nb heures", "nombre d heures",
    "nombre heures", "heures effectuees", "total heures", "heures du mois", "heures h", "temps de travail",
    "heures payees",
}  # fmt: skip
_FULL_NAME = {
    "nom prenom", "nom et prenom", "nom prenoms", "nom et prenoms", "prenom nom", "prenom et nom",
    "salarie", "nom du salarie prenom", "nom prenom du salarie", "salarie nom prenom", "nom complet",
}  # fmt: skip


def column_kind(label: str) -> str | None:
    """The role of a column from its normalised header label (None: not a column of the relevé)."""
    if not label:
        return None
    if label.startswith("heures de formation") or label in ("formation", "heures formation"):
        return "training"
    if label.startswith(("heures de tutorat", "heures tutorat")) or label in ("tutorat", "dont tutorat"):
        return "tutoring"
    if label in _FULL_NAME:
        return "full_name"
    words = label.split()
    if (
        label.startswith(("heures travaillees", "heures realisees", "heures effectuees", "nb d heures"))
        or label in _WORKED_EXACT
        or (words[0] == "heures" and label_month(label) is not None)
    ):
        return "worked"
    if label.startswith("identifiant") or label in ("uuid", "id contrat"):
        return "uuid"
    if label in ("prenom", "prenoms") or label.startswith("prenom "):
        return "first_name"
    if (
        label == "nom"
        or label.startswith("nom de famille")
        or label in ("nom du salarie", "nom de naissance")
    ):
        return "last_name"
    if label == "lot" or (label.startswith("lot ") and "intitule" not in label):
        return "lot"
    return None


def label_month(label: str) -> tuple[int | None, int] | None:
    """(year or None, month) named in a normalised header ("heures travaillees novembre 2026")."""
    match = _YEAR_MONTH.search(label)
    if match is not None:
        if match.group(1):
            return int(match.group(1)), int(match.group(2))
        return int(match.group(4)), int(match.group(3))
    words = label.split()
    for word in words:
        if word in _MONTH_WORDS:
            year = next(
                (int(w) for w in words if len(w) == 4 and w.isdigit() and w[:2] in ("19", "20")), None
            )
            return year, _MONTH_WORDS[word]
    return None


def parse_month(value: object) -> str | None:
    """The month of the relevé from its cell: a date, "2026-03", "03/2026" or "mars 2026"."""
    if value is None:
        return None
    if isinstance(value, (datetime, date)):
        return f"{value.year:04d}-{value.month:02d}"
    text = str(value).strip()
    if not text:
        return None
    try:
        return check_month(text)
    except ValidationError:
        pass
    words = normalise_label(text).split()
    months = [normalise_label(m) for m in MONTHS_FR]
    if len(words) == 2 and words[0] in months and words[1].isdigit():
        return check_month(f"{words[1]}-{months.index(words[0]) + 1:02d}")
    raise ValidationError("Mois", f"« {text} » n'est pas un mois (exemple : 2026-03 ou mars 2026)")


def _cell_text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


@dataclass
class Layout:
    """The header found in a sheet: its last row (from 0), each role's column and the headers as shown."""

    header_row: int
    columns: dict[str, int]
    headers: dict[int, str]
    extra_worked: list[int]  # the other hours columns (other months), never read

    @property
    def mapping(self) -> dict[str, str]:
        return {KIND_ROLES[k]: self.headers.get(c, "") for k, c in sorted(self.columns.items())}


def _filled(grid: SheetGrid, r: int) -> list[str]:
    """Row r's texts with merged cells spread over their range."""
    texts = [_cell_text(v) for v in grid.rows[r]]
    for r1, c1, r2, c2 in grid.merged:
        if r1 <= r <= r2 and c1 < len(texts):
            for c in range(c1 + 1, min(c2 + 1, len(texts))):
                texts[c] = texts[c] or texts[c1]
    return texts


def header_labels(grid: SheetGrid, r: int) -> tuple[int, dict[int, str]]:
    """The header starting at row r: (its last row, column -> label), a second row joined to the first
    when it continues it (months or details under a merged « Heures travaillées »)."""
    top = _filled(grid, r)
    labels = {c: t for c, t in enumerate(top) if t}
    if r + 1 >= len(grid.rows):
        return r, labels
    below = grid.rows[r + 1]
    if any(v not in ("", None) and not isinstance(v, str) for v in below):
        return r, labels
    texts = [_cell_text(v) for v in below]
    spread = list(top)
    for c in range(1, len(spread)):  # a header over several columns without merge information
        if not spread[c] and c < len(texts) and texts[c]:
            spread[c] = spread[c - 1]

    def joined(c: int) -> str:
        upper, lower = spread[c] if c < len(spread) else "", texts[c] if c < len(texts) else ""
        both = " ".join(p for p in (upper, lower) if p)
        if lower and column_kind(normalise_label(both)) is None and column_kind(normalise_label(lower)):
            return lower  # « Salarié » over « Nom » | « Prénom »: the lower row names the column
        return both

    width = max(len(spread), len(texts))

    def evidence(c: int, t: str) -> bool:
        if not t or c >= len(spread) or not spread[c]:
            return False
        if label_month(normalise_label(t)) is not None:
            return True
        kind = column_kind(normalise_label(joined(c)))
        return kind is not None and kind != column_kind(normalise_label(spread[c]))

    numbers = any(_NUMBER.fullmatch(t) for t in texts if t)  # a data row of texts (a CSV file)
    if numbers or not any(evidence(c, t) for c, t in enumerate(texts)):
        return r, labels
    return r + 1, {c: text for c in range(width) if (text := joined(c))}


def find_layout(grid: SheetGrid, wanted: Mapping[str, str] | None = None) -> Layout | None:
    """The sheet's header and columns; `wanted` (role -> header text) overrides the recognised roles.
    None when no row of the first HEADER_SCAN_ROWS looks like the header."""
    keys_wanted = {ROLES[role]: normalise_label(text) for role, text in (wanted or {}).items()}
    for r in range(min(HEADER_SCAN_ROWS, len(grid.rows))):
        if not any(isinstance(v, str) and v.strip() for v in grid.rows[r]):
            continue
        last, labels = header_labels(grid, r)
        keys = {c: normalise_label(t) for c, t in labels.items()}
        kinds: dict[str, list[int]] = {}
        for c, key in keys.items():
            kind = column_kind(key)
            if kind is not None:
                kinds.setdefault(kind, []).append(c)
        if keys_wanted:
            by_key: dict[str, int] = {}
            for c, k in keys.items():
                by_key.setdefault(k, c)
            for c, t in enumerate(_filled(grid, r)):
                if t:
                    by_key.setdefault(normalise_label(t), c)
            if not all(k in by_key for k in keys_wanted.values()):
                continue
            forced = {kind: by_key[key] for kind, key in keys_wanted.items()}
            if "full_name" in forced:
                kinds.pop("last_name", None), kinds.pop("first_name", None)
            if "last_name" in forced or "first_name" in forced:
                kinds.pop("full_name", None)
            for kind in forced:
                kinds[kind] = [forced[kind]]
            kinds = {
                k: [c for c in cols if c not in forced.values() or forced.get(k) == c]
                for k, cols in kinds.items()
            }
            kinds = {k: cols for k, cols in kinds.items() if cols}
        if "worked" not in kinds:
            continue
        columns = {kind: cols[0] for kind, cols in kinds.items()}
        layout = Layout(last, columns, labels, kinds["worked"][1:])
        for kind in ("training", "tutoring"):  # resolved with the month
            layout.extra_worked += kinds.get(kind, [])[1:]
        return layout
    return None


def resolve_month_columns(layout: Layout, grid: SheetGrid, month: str | None, file_name: str) -> None:
    """Keep the hours (training, tutoring) column of the relevé's month; refuse when it cannot be told."""
    for kind in HOUR_KINDS:
        if kind not in layout.columns:
            continue
        cols = [layout.columns[kind]] + [
            c for c in layout.extra_worked if column_kind(normalise_label(layout.headers[c])) == kind
        ]
        dated = {c: label_month(normalise_label(layout.headers[c])) for c in cols}
        listed = ", ".join(f"« {layout.headers[c]} »" for c in cols)
        where = f"Fichier « {file_name} », feuille « {grid.name} »"
        if month is None:
            if len(cols) > 1:
                raise ReleveFileError(
                    f"{where} : plusieurs colonnes d'heures ({listed}) et aucun mois de relevé (cellule "
                    "« Mois : ») : indiquez le mois à importer (--month AAAA-MM, ou choix du mois dans la "
                    "fenêtre), ou la colonne (--column heures=EN-TÊTE)."
                )
            continue
        year, number = int(month[:4]), int(month[5:7])
        fits = [c for c, d in dated.items() if d is None or (d[1] == number and d[0] in (None, year))]
        if len(cols) > 1:
            fits = [c for c in fits if dated[c] is not None]
        if len(fits) == 1:
            layout.columns[kind] = fits[0]
            continue
        if len(cols) == 1:
            raise ReleveFileError(
                f"{where}, colonne « {layout.headers[cols[0]]} » : ces heures ne sont pas celles de "
                f"{month_label(month)}, le mois du relevé. Vérifiez le mois (cellule « Mois : ») ou "
                "demandez à l'entreprise le relevé du bon mois."
            )
        raise ReleveFileError(
            f"{where} : {len(fits) or 'aucune'} des colonnes d'heures ({listed}) "
            f"{'ne correspond' if not fits else 'correspondent'} au mois du relevé "
            f"({month_label(month)}) : "
            "indiquez la colonne à importer (--column heures=EN-TÊTE, ou choix de la colonne dans la "
            "fenêtre)."
        )
