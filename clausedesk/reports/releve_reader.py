"""Reading a company's filled relevé (xlsx): file checks, header and columns found by name, cell parsing.

The reader knows nothing of the store: it returns the rows as typed, each with its spreadsheet row
number and any error of its own cells; matching rows to contracts is the hours service's job.
A file that cannot be read at all raises ReleveFileError with a French message saying why and what
to do; a row that is wrong carries its French reason, naming the sheet, row and column.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NamedTuple

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from clausedesk.core.errors import ClauseDeskError, ValidationError
from clausedesk.core.formatting import MONTHS_FR, parse_decimal
from clausedesk.core.rules.progress import check_month

HEADER_SCAN_ROWS = 40
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_CENT = Decimal("0.01")
_TOTAL = re.compile(r"\s*(sous[- ]?)?total\b", re.IGNORECASE)
# _TOTAL at the start of one of the text cells joined by NUL: a quick preselection, _TOTAL confirms
_TOTAL_IN_ROW = re.compile(r"(?:^|\x00)\s*(?:sous[- ]?)?total\b", re.IGNORECASE)
_HOURS_SUFFIX = re.compile(r"\s*h(eures?)?\s*$", re.IGNORECASE)


class ReleveFileError(ClauseDeskError):
    """The file as a whole cannot be read as a relevé (type, damage, password, missing header...)."""


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
    errors: tuple[str, ...] = ()

    @property
    def person(self) -> str:
        return f"{self.last_name} {self.first_name}".strip()


@dataclass
class Releve:
    """The relevé as read: its header cells and its data rows.

    `data` holds each row as a plain tuple of ReleveRow's fields: once the collector has seen them,
    10,000 plain tuples of strings and numbers are no longer tracked, where 10,000 objects would make
    every collection during the rest of the reading longer. `rows` gives them as ReleveRow.
    """

    file_name: str
    sha256: str
    sheet: str
    siret: str | None
    month: str | None
    has_training: bool
    data: list[tuple[Any, ...]]

    @property
    def rows(self) -> list[ReleveRow]:
        return [ReleveRow._make(values) for values in self.data]


def normalise_label(value: object) -> str:
    """Header key: lower case, no accents nor punctuation, single spaces ("Heures travaillées (h)")."""
    text = unicodedata.normalize("NFKD", str(value))
    bare = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", bare).split())


def _column_kind(label: str) -> str | None:
    if not label:
        return None
    if label.startswith("heures travaillees") or label in ("heures realisees", "heures d insertion"):
        return "worked"
    if label.startswith("heures de formation") or label == "formation":
        return "training"
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


def _where(sheet: str, row: int, col: int | None = None, header: str | None = None) -> str:
    place = f"Feuille « {sheet} », ligne {row}"
    if col is not None:
        place += f", colonne {get_column_letter(col + 1)}"
        if header:
            place += f" ({header})"
    return place


def _check_file(path: Path, head: bytes) -> None:
    name = path.name
    if not head:
        raise ReleveFileError(f"Le fichier « {name} » est vide. Demandez à l'entreprise de le renvoyer.")
    if head.startswith(_OLE_MAGIC):
        data = path.read_bytes()
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise ReleveFileError(
                f"Le classeur « {name} » est protégé par un mot de passe : ClauseDesk ne peut pas le lire. "
                "Ouvrez-le dans votre tableur, retirez le mot de passe (Fichier > Informations > Protéger) "
                "et enregistrez-le, ou demandez à l'entreprise une version sans mot de passe."
            )
        raise ReleveFileError(
            f"Le fichier « {name} » est au format Excel 97-2003 (.xls) : ouvrez-le dans votre tableur et "
            "enregistrez-le au format Classeur Excel (.xlsx), puis importez ce nouveau fichier."
        )
    if head.startswith(_ZIP_MAGIC):
        return
    sample = head[:4096]
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = sample.decode("cp1252")
        except UnicodeDecodeError:
            text = ""
    printable = text and all(c.isprintable() or c in "\r\n\t" for c in text)
    if printable and any(sep in text for sep in (";", ",", "\t")) and "\n" in text:
        raise ReleveFileError(
            f"Le fichier « {name} » est un fichier texte CSV (peut-être renommé en .xlsx), pas un classeur "
            "Excel : ouvrez-le dans votre tableur et enregistrez-le au format Classeur Excel (.xlsx), "
            "ou mieux, demandez à l'entreprise de remplir le modèle de relevé."
        )
    raise ReleveFileError(
        f"Le fichier « {name} » n'est pas un classeur Excel (.xlsx). Importez le modèle de relevé "
        "rempli par l'entreprise, enregistré au format .xlsx."
    )


def parse_hours(value: object) -> Decimal | None:
    """A cell's hours: None when empty; raises ValueError when it is not a number of hours."""
    if value is None:
        return None
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
        text = _HOURS_SUFFIX.sub("", text)
        return parse_decimal(text).quantize(_CENT, ROUND_HALF_UP)
    except InvalidOperation as exc:
        raise ValueError(str(value)) from exc


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


def _text(value: Any) -> str:
    if value is None:
        return ""
    if type(value) is str and "  " not in value and value == value.strip() and "\n" not in value:
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _scan_meta(cells: tuple[Any, ...], meta: dict[str, Any]) -> None:
    for i, cell in enumerate(cells):
        if not isinstance(cell, str):
            continue
        key = normalise_label(cell)
        if key in ("siret", "siret de l entreprise", "mois", "mois du releve", "periode"):
            value = next((c for c in cells[i + 1 :] if c not in (None, "")), None)
            meta.setdefault("siret" if key.startswith("siret") else "month", value)


def read_releve(path: Path) -> Releve:
    """Read a filled relevé; raises ReleveFileError when the file cannot be read as one."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise ReleveFileError(
            f"Le fichier « {path} » est introuvable : vérifiez son nom et son dossier."
        ) from exc
    _check_file(path, raw[:8192])
    digest = hashlib.sha256(raw).hexdigest()
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, EOFError, OSError, KeyError, ValueError) as exc:
        raise ReleveFileError(
            f"Le fichier « {path.name} » est endommagé ou incomplet (tronqué lors de l'envoi ?) : il ne peut "
            "pas être lu. Demandez à l'entreprise de le renvoyer, ou ouvrez-le dans votre tableur et "
            "enregistrez-le à nouveau."
        ) from exc
    except Exception as exc:  # openpyxl's InvalidFileException and friends: a zip that is no workbook
        raise ReleveFileError(
            f"Le fichier « {path.name} » n'est pas un classeur Excel (.xlsx) lisible. Importez le modèle de "
            "relevé rempli par l'entreprise, enregistré au format .xlsx."
        ) from exc
    try:
        for ws in wb.worksheets:
            releve = _read_sheet(ws, path.name, digest)
            if releve is not None:
                return releve
    except ReleveFileError:
        raise
    # a damaged sheet XML surfaces while its rows are read: malformed XML (SyntaxError), a cell
    # reference, number, date or shared string index that does not parse or point anywhere
    except (zipfile.BadZipFile, EOFError, KeyError, IndexError, SyntaxError, ValueError, TypeError,
            ArithmeticError) as exc:  # fmt: skip
        raise ReleveFileError(
            f"Le fichier « {path.name} » est endommagé ou incomplet (tronqué lors de l'envoi ?). Demandez à "
            "l'entreprise de le renvoyer."
        ) from exc
    finally:
        wb.close()
    sheets = ", ".join(f"« {ws.title} »" for ws in wb.worksheets)
    raise ReleveFileError(
        f"Aucune feuille du fichier « {path.name} » ({sheets}) ne contient de ligne "
        "d'en-tête avec la colonne "
        "« Heures travaillées ». Utilisez le modèle de relevé de ClauseDesk, ou ajoutez cette colonne "
        "(avec les colonnes « Nom », « Prénom » et « Lot »)."
    )


def _read_sheet(ws: Any, file_name: str, digest: str) -> Releve | None:
    sheet = str(ws.title)
    meta: dict[str, Any] = {}
    rows = ws.iter_rows(values_only=True)
    columns: dict[str, int] = {}
    headers: dict[int, str] = {}
    header_row = 0
    for number, cells in enumerate(rows, start=1):
        if number > HEADER_SCAN_ROWS:
            return None
        found = {}
        for i, cell in enumerate(cells):
            if isinstance(cell, str):
                kind = _column_kind(normalise_label(cell))
                if kind is not None and kind not in found:
                    found[kind] = i
                    headers[i] = " ".join(cell.split())
        if "worked" in found:
            columns, header_row = found, number
            break
        _scan_meta(cells, meta)
    if not header_row:
        return None
    missing = [
        label for kind, label in (("last_name", "Nom"), ("first_name", "Prénom")) if kind not in columns
    ]
    if missing and "uuid" not in columns:
        raise ReleveFileError(
            f"{_where(sheet, header_row)} : la ligne d'en-tête n'a pas de colonne "
            f"{' ni '.join(f'« {m} »' for m in missing)} : ClauseDesk ne peut pas savoir "
            "à qui sont les heures. "
            "Utilisez le modèle de relevé de ClauseDesk."
        )
    siret = _text(meta.get("siret")).replace(" ", "") or None
    try:
        month = parse_month(meta.get("month"))
    except ValidationError as exc:
        raise ReleveFileError(f"Feuille « {sheet} », cellule du mois : {exc.reason}.") from exc
    data = _read_rows(rows, columns, headers, sheet, header_row)
    return Releve(file_name, digest, sheet, siret, month, "training" in columns, data)


def _read_rows(
    rows: Any, columns: dict[str, int], headers: dict[int, str], sheet: str, header_row: int
) -> list[tuple[Any, ...]]:
    """The data rows below the header: tuple operations per row, a cell parsed only when it is used."""
    c_uuid, c_last, c_first, c_lot = (columns.get(k) for k in ("uuid", "last_name", "first_name", "lot"))
    c_worked, c_training = columns["worked"], columns.get("training")
    hour_columns = [(c_worked, 0)] + ([(c_training, 1)] if c_training is not None else [])
    width = max(columns.values()) + 1
    padding = (None,) * width
    total_in = _TOTAL_IN_ROW.search
    text = _text
    out: list[tuple[Any, ...]] = []
    append = out.append
    number = header_row
    for cells in rows:
        number += 1
        if not any(cells) and all(c is None or c == "" for c in cells):
            continue  # an empty row (the fast `any` only misses rows of zeros and False)
        joined = "\x00".join([c for c in cells if isinstance(c, str)])
        if joined and total_in(joined) and any(isinstance(c, str) and _TOTAL.match(c) for c in cells):
            continue  # a total row (the search over the joined text cells only preselects)
        if len(cells) < width:
            cells = cells + padding[len(cells) :]
        values: list[Decimal | None] = [None, None]
        errors: list[str] | None = None
        for col, slot in hour_columns:
            value = cells[col]
            if value is None:
                continue
            kind = value.__class__
            hours: Decimal | None
            try:
                if kind is float or kind is int:
                    hours = Decimal(str(value)).quantize(_CENT, ROUND_HALF_UP)
                    if not hours.is_finite():
                        raise ValueError(value)
                else:
                    hours = parse_hours(value)
            except (ValueError, ArithmeticError):  # ArithmeticError: more digits than a Decimal holds
                errors = errors or []
                errors.append(
                    f"{_where(sheet, number, col, headers.get(col))} : « {text(value)} » "
                    "n'est pas un nombre "
                    "d'heures ; saisissez un nombre, par exemple 35,5 (laissez vide s'il n'y a pas d'heures)."
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
        append(
            (  # the fields of ReleveRow, in order
                number,
                (text(cells[c_uuid]) or None) if c_uuid is not None else None,
                text(cells[c_last]) if c_last is not None else "",
                text(cells[c_first]) if c_first is not None else "",
                text(cells[c_lot]) if c_lot is not None else "",
                values[0],
                values[1],
                tuple(errors) if errors else (),
            )
        )
    return out


def where(sheet: str, row: int) -> str:
    """ "Feuille « Relevé », ligne 12": the place of a row, for the messages of the hours service."""
    return _where(sheet, row)
