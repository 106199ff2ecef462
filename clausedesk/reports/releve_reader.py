"""Reading a company's filled relevé (any spreadsheet): the rows of the chosen sheet, each cell parsed.

The file is opened by releve_files (format, size cap, grids), its sheet and columns found by
releve_sheets and releve_layout. The reader knows nothing of the store: it returns the rows as
typed, each with its spreadsheet row number and any error of its own cells, and the warnings a
person must see (hidden row with hours, value beside the hours); matching rows to contracts is the
hours service's job.
A file that cannot be read at all raises ReleveFileError with a French message saying why and what
to do; a row that is wrong carries its French reason, naming the sheet, row and column.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NamedTuple

from openpyxl.utils import get_column_letter

from clausedesk.core.formatting import parse_decimal
from clausedesk.reports.releve_files import (
    ReleveFileError,
    SheetGrid,
    detect_format,
    load_sheets,
    read_capped,
)
from clausedesk.reports.releve_layout import (
    HOUR_KINDS,
    Layout,
    column_kind,
    normalise_label,
    parse_month,
)
from clausedesk.reports.releve_sheets import choose_sheet

__all__ = [
    "ReadOptions",
    "Releve",
    "ReleveFileError",
    "ReleveRow",
    "ReleveWarning",
    "SheetPeek",
    "normalise_label",
    "peek",
    "parse_hours",
    "parse_month",
    "read_releve",
    "row_of",
    "where",
]

_CENT = Decimal("0.01")
_ABSURD = 10**20  # hundredths of an hour: a cell past it is no number of hours
_TOTAL = re.compile(r"\s*(sous[- ]?)?total\b", re.IGNORECASE)
_HOURS_SUFFIX = re.compile(r"\s*h(eures?)?\s*$", re.IGNORECASE)
_CLOCK = re.compile(r"(\d{1,4})\s*(?:h|:)\s*([0-5]\d)(?:\s*(?:min|mn|m))?(?::00)?", re.IGNORECASE)
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)", re.ASCII)  # as parse_decimal's plain form
_column_kind = column_kind  # the name the fuzz harness imports


class ReleveRow(NamedTuple):
    """One data row as typed in the spreadsheet; `errors` lists what is wrong in its own cells.

    Immutable: the reader keeps the rows as plain tuples of these fields (Releve.data).
    """

    row: int
    uuid: str | None = None
    last_name: str = ""
    first_name: str = ""
    lot: str = ""
    worked: Decimal | None = None
    training: Decimal | None = None
    tutoring: Decimal | None = None  # the employer's staff's tutoring of the person (role « tutorat »)
    errors: tuple[str, ...] = ()

    @property
    def person(self) -> str:
        return f"{self.last_name} {self.first_name}".strip()


class ReleveWarning(NamedTuple):
    """Something a person must look at, though the row is imported (hidden row, value beside the hours)."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    def as_json(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}


@dataclass
class ReadOptions:
    """What the user said about the file: its sheet, month, company and columns (role -> header)."""

    sheet: str | None = None
    month: str | None = None
    company: str | None = None
    columns: dict[str, str] = field(default_factory=dict)


@dataclass
class Releve:
    """The relevé as read: its header cells and its data rows.

    `data` holds each row as a plain tuple of ReleveRow's fields, its hours as integer hundredths
    (3550 for 35.5 h, what the store keeps): once the collector has seen them, 10,000 plain tuples of
    strings and integers are no longer tracked, where 10,000 objects would make every collection during
    the rest of the reading longer, and the import compares and writes them with no Decimal on the way.
    `rows` gives them as ReleveRow (hours as Decimal).
    """

    file_name: str
    sha256: str
    sheet: str
    siret: str | None
    month: str | None
    has_training: bool
    data: list[tuple[Any, ...]]
    format: str = "xlsx"
    mapping: dict[str, str] = field(default_factory=dict)
    warnings: list[ReleveWarning] = field(default_factory=list)
    mapping_given: bool = False  # the mapping came from --column (or the wizard): remembered on import
    has_tutoring: bool = False  # a tutoring column: without one, the import leaves tutoring as it is

    @property
    def rows(self) -> list[ReleveRow]:
        return [row_of(values) for values in self.data]


def decimal_hours(hundredths: int | None) -> Decimal | None:
    """Integer hundredths of an hour as Decimal hours (3550 → 35.50); None stays None."""
    return None if hundredths is None else Decimal(hundredths).scaleb(-2)


def row_of(values: tuple[Any, ...]) -> ReleveRow:
    """One of Releve.data's tuples (hours in hundredths) as a ReleveRow (hours as Decimal)."""
    number, uuid, last, first, lot, worked, training, tutoring, errors = values
    return ReleveRow(number, uuid, last, first, lot, decimal_hours(worked), decimal_hours(training),
                     decimal_hours(tutoring), errors)  # fmt: skip


def _text_hundredths(text: str) -> int:
    """A plain number as text (« 35.5 », decimal point) as hundredths of an hour, rounded half up: through
    the float when it has at most two decimals and few digits (exact then), else through Decimal."""
    dot = text.find(".")
    if len(text) <= 12 and (dot < 0 or len(text) - dot <= 3):
        return _float_hundredths(float(text))
    return int(Decimal(text).quantize(_CENT, ROUND_HALF_UP).scaleb(2))


def _float_hundredths(value: float) -> int:
    """A number typed in a cell as hundredths of an hour, rounded half up as Decimal would do it.

    A value with at most two decimals (nearly every cell) is taken from the float itself; any other goes
    through its decimal text (0.125 → 13, as « 0,125 » rounds). Raises ValueError (NaN) or
    OverflowError (infinity) when it is no number of hours."""
    scaled = value * 100
    n = round(scaled)
    if -1e-6 < scaled - n < 1e-6:
        return n
    return int(Decimal(repr(value)).quantize(_CENT, ROUND_HALF_UP).scaleb(2))


def column_letter(col: int) -> str:
    return str(get_column_letter(col + 1))


def _where(sheet: str, row: int, col: int | None = None, header: str | None = None) -> str:
    place = f"Feuille « {sheet} », ligne {row}"
    if col is not None:
        place += f", colonne {column_letter(col)}"
        if header:
            place += f" ({header})"
    return place


def _hours_of(delta: timedelta) -> Decimal:
    return (Decimal(delta.days * 86400 + delta.seconds) / 3600).quantize(_CENT, ROUND_HALF_UP)


def parse_hours(value: object) -> Decimal | None:
    """A cell's hours: None when empty; raises ValueError when it is not a number of hours.

    Durations are hours: « 7h30 », « 7:30 », a time typed in a cell formatted as time, an `[h]:mm`
    duration (a timedelta, or a date-time counted from the spreadsheet's day 0)."""
    if value is None:
        return None
    if isinstance(value, timedelta):
        return _hours_of(value)
    if isinstance(value, datetime) and value.year < 1901:  # a duration counted from 1899-12-30
        return _hours_of(value - datetime(1899, 12, 30))
    if isinstance(value, (bool, datetime, date)):
        raise ValueError(str(value))
    if isinstance(value, time):  # "7:30" typed in a cell formatted as time
        return (Decimal(value.hour) + Decimal(value.minute) / 60).quantize(_CENT, ROUND_HALF_UP)
    try:  # NaN, infinity or too many digits for a quantity of hours: not a number of hours
        if isinstance(value, (int, float)):
            return Decimal(str(value)).quantize(_CENT, ROUND_HALF_UP)
        text = str(value).strip()
        if not text or text in ("-", "–"):
            return None
        clock = _CLOCK.fullmatch(text)
        if clock is not None:
            return (Decimal(clock.group(1)) + Decimal(clock.group(2)) / 60).quantize(_CENT, ROUND_HALF_UP)
        text = _HOURS_SUFFIX.sub("", text)
        return parse_decimal(text).quantize(_CENT, ROUND_HALF_UP)
    except InvalidOperation as exc:
        raise ValueError(str(value)) from exc


def _text(value: Any) -> str:
    if value is None:
        return ""
    if type(value) is str and "  " not in value and value == value.strip() and "\n" not in value:
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, timedelta):
        minutes = (value.days * 86400 + value.seconds) // 60
        return f"{minutes // 60}:{minutes % 60:02d}"
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return " ".join(str(value).split())


Remembered = Callable[[str], Mapping[str, str] | None]


def read_releve(
    path: Path, options: ReadOptions | None = None, remembered: Remembered | None = None
) -> Releve:
    """Read a filled relevé; raises ReleveFileError when the file cannot be read as one.

    `remembered(siret)` gives the column mapping kept for a company (used when its headers are found)."""
    options = options or ReadOptions()
    raw = read_capped(path)
    fmt = detect_format(path.name, raw)
    digest = hashlib.sha256(raw).hexdigest()
    sheets = load_sheets(path.name, raw, fmt)
    del raw
    chosen = choose_sheet(path.name, fmt, sheets, options, remembered)
    grid, layout = chosen.grid, chosen.layout
    releve = Releve(
        path.name, digest, grid.name, chosen.siret, chosen.month, "training" in layout.columns, [], fmt
    )
    releve.mapping, releve.mapping_given = layout.mapping, chosen.given
    releve.has_tutoring = "tutoring" in layout.columns
    hidden = chosen.hidden_warning()
    if hidden is not None:
        releve.warnings.append(ReleveWarning(grid.name, None, None, hidden))
    releve.data = _read_rows(grid, layout, releve.warnings)
    return releve


def _hidden_column_warnings(grid: SheetGrid, layout: Layout, warnings: list[ReleveWarning]) -> None:
    for kind in HOUR_KINDS:
        col = layout.columns.get(kind)
        if col is not None and col in grid.hidden_cols:
            warnings.append(
                ReleveWarning(
                    grid.name, None, column_letter(col),
                    f"Feuille « {grid.name} », colonne {column_letter(col)} "
                    f"({layout.headers.get(col, '')}) : "
                    "cette colonne est masquée dans le fichier ; ses heures sont importées, vérifiez-les.",
                )
            )  # fmt: skip


def _neighbours(layout: Layout, width: int) -> list[int]:
    """Columns without a header right beside the hours: a value there may be hours typed one cell off."""
    hour_cols = [layout.columns[k] for k in HOUR_KINDS if k in layout.columns]
    used = set(layout.columns.values()) | set(layout.extra_worked)
    return sorted(
        {
            c
            for h in hour_cols
            for c in (h - 1, h + 1)
            if 0 <= c < width and c not in used and c not in layout.headers
        }
    )


def _read_rows(grid: SheetGrid, layout: Layout, warnings: list[ReleveWarning]) -> list[tuple[Any, ...]]:
    """The data rows below the header: tuple operations per row, a cell parsed only when it is used."""
    sheet, columns, headers = grid.name, layout.columns, layout.headers
    c_uuid, c_last, c_first, c_lot = (columns.get(k) for k in ("uuid", "last_name", "first_name", "lot"))
    c_full = columns.get("full_name")
    if c_last is None and c_full is not None:
        c_last = c_full  # « Nom Prénom » in one column: matched by the hours service on its words
    hour_columns = [(columns[kind], slot) for slot, kind in enumerate(HOUR_KINDS) if kind in columns]
    width = max(max(columns.values()), *(layout.extra_worked or [0])) + 2
    padding = [""] * width
    total = _TOTAL.match
    # a total row says so in its first column or in one of the person's columns (a remark « total des
    # heures » in another column does not make a person's row a total)
    named = sorted({0, *(c for c in (c_uuid, c_last, c_first, c_lot) if c is not None)})
    text = _text
    plain = _PLAIN_NUMBER.fullmatch
    floats = _float_hundredths
    hidden, no_value = grid.hidden_rows, grid.no_value
    neighbours = _neighbours(layout, width)
    _hidden_column_warnings(grid, layout, warnings)
    out: list[tuple[Any, ...]] = []
    append = out.append
    number = layout.header_row + 1
    for cells in grid.rows[layout.header_row + 1 :]:
        number += 1
        if not any(cells):
            continue  # an empty row ('' and None are false; a row of zeros is skipped too)
        if len(cells) < width:
            cells = cells + padding[len(cells) :]
        for c in named:  # a total row? ("otal" preselects: most rows need no regular expression)
            v = cells[c]
            if v.__class__ is str and ("otal" in v or "OTAL" in v) and total(v):
                break
        else:
            v = None
        if v is not None:
            continue
        values: list[int | None] = [None, None, None]  # hundredths of an hour
        errors: list[str] | None = None
        for col, slot in hour_columns:
            value = cells[col]
            if value == "" or value is None:
                if no_value and (number - 1, col) in no_value:
                    errors = errors or []
                    errors.append(
                        f"{_where(sheet, number, col, headers.get(col))} : la cellule contient une formule "
                        "dont la valeur n'a jamais été calculée (fichier produit par un logiciel) : "
                        "ClauseDesk ne peut pas savoir combien d'heures elle donne. Ouvrez le fichier dans "
                        "votre tableur, enregistrez-le (les formules sont alors calculées) et importez-le à "
                        "nouveau, ou saisissez le nombre d'heures."
                    )
                continue
            kind = value.__class__
            hours: int | None
            try:
                if kind is float:
                    hours = floats(value)
                elif kind is int:
                    hours = value * 100
                elif kind is str and plain(value):  # « 35,5 » as typed: what parse_hours would find
                    hours = _text_hundredths(value.replace(",", "."))
                else:
                    parsed = parse_hours(value)
                    hours = None if parsed is None else int(parsed.scaleb(2))
                if hours is not None and not -_ABSURD < hours < _ABSURD:
                    raise ValueError(value)  # more digits than any count of hours (or a Decimal) holds
            except (ValueError, ArithmeticError):  # ArithmeticError: more digits than a Decimal holds
                errors = errors or []
                errors.append(
                    f"{_where(sheet, number, col, headers.get(col))} : « {text(value)} » "
                    "n'est pas un nombre "
                    "d'heures ; saisissez un nombre, par exemple 35,5 ou 7h30 (laissez vide s'il n'y a pas "
                    "d'heures)."
                )
                continue
            if hours is not None and hours < 0:
                errors = errors or []
                errors.append(
                    f"{_where(sheet, number, col, headers.get(col))} : {text(value)} heures est négatif ; "
                    "saisissez un nombre d'heures positif ou laissez la cellule vide."
                )
                continue
            values[slot] = hours
        if hidden and (number - 1) in hidden and any(values):
            warnings.append(
                ReleveWarning(
                    sheet, number, None,
                    f"{_where(sheet, number)} : cette ligne est masquée dans le fichier mais contient des "
                    "heures ; elles sont importées : vérifiez avec l'entreprise qu'elles sont à compter.",
                )
            )  # fmt: skip
        for col in neighbours:
            stray = cells[col]
            if (
                stray != ""
                and stray is not None
                and not isinstance(stray, str)
                or (isinstance(stray, str) and stray.strip() and _looks_numeric(stray))
            ):
                warnings.append(
                    ReleveWarning(
                        sheet, number, column_letter(col),
                        f"{_where(sheet, number, col)} : « {text(stray)} » dans une colonne sans en-tête, à "
                        "côté des heures : cette valeur n'est pas importée ; vérifiez qu'il ne s'agit pas "
                        "d'heures saisies une case trop loin.",
                    )
                )  # fmt: skip
        append(
            (  # the fields of ReleveRow, in order
                number,
                (text(cells[c_uuid]) or None) if c_uuid is not None else None,
                text(cells[c_last]) if c_last is not None else "",
                text(cells[c_first]) if c_first is not None else "",
                text(cells[c_lot]) if c_lot is not None else "",
                values[0],
                values[1],
                values[2],
                tuple(errors) if errors else (),
            )
        )
    return out


def _looks_numeric(text: str) -> bool:
    try:
        return parse_hours(text) is not None
    except (ValueError, ArithmeticError):
        return False


def where(sheet: str, row: int) -> str:
    """ "Feuille « Relevé », ligne 12": the place of a row, for the messages of the hours service."""
    return _where(sheet, row)


@dataclass
class SheetPeek:
    """The first rows of a sheet as text, for the window's column step."""

    name: str
    rows: list[list[str]]

    def header_guess(self) -> int:
        """The row (from 0) most likely to be the header: the one with the most texts that are no numbers."""
        scores = [sum(1 for t in row if t and not _looks_numeric(t)) for row in self.rows]
        return max(range(len(scores)), key=lambda i: (scores[i], -i)) if scores else 0


def peek(path: Path, limit: int = 15) -> tuple[str, list[SheetPeek]]:
    """The file's format and the first `limit` rows of each sheet (ReleveFileError when unreadable)."""
    raw = read_capped(path)
    fmt = detect_format(path.name, raw)
    sheets = load_sheets(path.name, raw, fmt)
    return fmt, [SheetPeek(g.name, [[_text(v) for v in row] for row in g.rows[:limit]]) for g in sheets]
