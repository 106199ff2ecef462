"""Opening what a company sends as a relevé: size cap, format told by content, every sheet as a grid.

`.xlsx`, `.xlsm`, `.xls` and `.ods` are read through python-calamine, CSV (`;`, `,` or tab, UTF-8
or Windows-1252) with the standard library. What calamine does not say is found by a light scan
of the file's XML: formulas without a cached value (calamine gives them as empty cells) and hidden
rows and columns (xlsx and ods); hidden sheets are told by calamine itself. A file that cannot be
read raises ReleveFileError in French, naming the file and its format.
"""

from __future__ import annotations

import csv
import io
import re
import stat
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetVisibleEnum

from clausedesk.core.errors import ClauseDeskError
from clausedesk.core.files import MAX_RELEVE
from clausedesk.reports.releve_xls import hidden_rows_and_columns

MAX_BYTES = MAX_RELEVE  # one cap for relevés (core.files); a 10,000-row relevé is well under 1 Mo
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
FORMAT_LABELS = {
    "xlsx": "classeur Excel (.xlsx)",
    "xls": "classeur Excel 97-2003 (.xls)",
    "ods": "classeur OpenDocument (.ods)",
    "csv": "fichier texte CSV",
}
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_NS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_NS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ROW_HIDDEN = re.compile(
    rb'<row\b[^>]*?\br="(\d+)"[^>]*?\bhidden="(?:1|true)"|<row\b[^>]*?\bhidden="(?:1|true)"[^>]*?\br="(\d+)"'
)
_COL_HIDDEN = re.compile(rb"<col\b[^>]*>")
_ATTR = re.compile(rb'(\w+)="([^"]*)"')
_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*?(?:/>|>(.*?)</c>)', re.DOTALL)
_EMPTY_V = re.compile(rb"<v\s*/>|<v>\s*</v>")


def _visibility(state: SheetVisibleEnum) -> str:
    """visible, hidden or very_hidden (calamine's enumeration is not hashable)."""
    if state == SheetVisibleEnum.Hidden:
        return "hidden"
    return "very_hidden" if state == SheetVisibleEnum.VeryHidden else "visible"


class ReleveFileError(ClauseDeskError):
    """The file as a whole cannot be read as a relevé (type, damage, password, missing header...)."""


@dataclass
class SheetGrid:
    """One sheet's cells by position (row and column from 0) and what the values alone do not say."""

    name: str
    rows: list[list[Any]]
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    no_value: set[tuple[int, int]] = field(default_factory=set)  # formulas without a cached value
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # first row, col, last row, col
    visibility: str = "visible"  # "hidden" (Format > Feuille > Masquer) or "very_hidden" (set by a macro)


def read_capped(path: Path) -> bytes:
    """The file's bytes, refused in French past MAX_BYTES (an endless device or pipe stops there)."""
    limit = f"{MAX_BYTES // (1024 * 1024)} Mo"
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise ReleveFileError(
                f"« {path} » est un dossier, pas un fichier : choisissez le relevé lui-même."
            )
        if stat.S_ISREG(info.st_mode) and info.st_size > MAX_BYTES:
            raise ReleveFileError(
                f"Le fichier « {path.name} » est trop gros pour un relevé "
                f"({info.st_size // (1024 * 1024)} Mo ; "
                f"limite {limit}) : vérifiez qu'il s'agit bien du relevé d'heures de l'entreprise."
            )
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError as exc:
        raise ReleveFileError(
            f"Le fichier « {path} » est introuvable : vérifiez son nom et son dossier."
        ) from exc
    except PermissionError as exc:
        raise ReleveFileError(
            f"Le fichier « {path.name} » ne peut pas être ouvert (accès refusé) : copiez-le "
            "dans vos documents "
            "puis importez la copie."
        ) from exc
    if len(raw) > MAX_BYTES:
        raise ReleveFileError(
            f"Le fichier « {path.name} » dépasse la taille limite d'un relevé ({limit}) : la lecture a été "
            "arrêtée. Vérifiez qu'il s'agit bien du relevé d'heures de l'entreprise."
        )
    return raw


def _csv_text(raw: bytes) -> str | None:
    """The text of a CSV file (UTF-8, else Windows-1252), or None when the bytes are not text."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:4096]
        printable = sample and "\x00" not in sample and all(c.isprintable() or c in "\r\n\t" for c in sample)
        return text if printable and any(sep in sample for sep in (";", ",", "\t")) else None
    return None


def detect_format(name: str, raw: bytes) -> str:
    """xlsx, xls, ods or csv, told by the content whatever the extension; refused in French otherwise."""
    if not raw:
        raise ReleveFileError(f"Le fichier « {name} » est vide. Demandez à l'entreprise de le renvoyer.")
    if raw.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in raw:
            raise ReleveFileError(
                f"Le classeur « {name} » est protégé par un mot de passe : ClauseDesk ne peut pas le lire. "
                "Ouvrez-le dans votre tableur, retirez le mot de passe (Fichier > Informations > Protéger) "
                "et enregistrez-le, ou demandez à l'entreprise une version sans mot de passe."
            )
        return "xls"
    if raw.startswith(_ZIP_MAGIC):
        if raw[30:38] == b"mimetype" and _ODS_MIME in raw[38:120]:
            return "ods"
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                names = set(archive.namelist())
                mime = archive.read("mimetype") if "mimetype" in names else b""
        except (zipfile.BadZipFile, EOFError, OSError, KeyError, ValueError) as exc:
            raise ReleveFileError(
                f"Le fichier « {name} » est endommagé ou incomplet (tronqué lors de l'envoi ?) : il ne peut "
                "pas être lu. Demandez à l'entreprise de le renvoyer, ou ouvrez-le dans votre tableur et "
                "enregistrez-le à nouveau."
            ) from exc
        if mime.strip() == _ODS_MIME:
            return "ods"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise ReleveFileError(
            f"Le fichier « {name} » est une archive zip qui n'est pas un classeur "
            "(ni Excel, ni OpenDocument) : "
            "importez le relevé rempli par l'entreprise (.xlsx, .ods, .xls ou .csv)."
        )
    if _csv_text(raw) is not None:
        return "csv"
    raise ReleveFileError(
        f"Le fichier « {name} » n'est pas un tableur : ClauseDesk lit les classeurs .xlsx, .xlsm, .ods, "
        ".xls et les fichiers .csv. Importez le relevé rempli par l'entreprise dans l'un de ces formats."
    )


def damaged(name: str, fmt: str) -> ReleveFileError:
    return ReleveFileError(
        f"Le fichier « {name} » ({FORMAT_LABELS[fmt]}) est endommagé ou incomplet (tronqué lors de "
        "l'envoi ?) : il ne peut pas être lu. Demandez à l'entreprise de le renvoyer, ou ouvrez-le dans "
        "votre tableur et enregistrez-le à nouveau."
    )


def load_sheets(name: str, raw: bytes, fmt: str) -> list[SheetGrid]:
    """Every sheet of the file as a grid (a CSV file is one sheet named after the file)."""
    if fmt == "csv":
        return [_csv_sheet(name, raw)]
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        sheets = []
        for meta in workbook.sheets_metadata:
            sheet = workbook.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
            grid = SheetGrid(meta.name, rows, merged=merged, visibility=_visibility(meta.visible))
            sheets.append(grid)
        workbook.close()
    except PasswordError as exc:
        raise ReleveFileError(
            f"Le classeur « {name} » est protégé par un mot de passe : ClauseDesk ne peut pas le lire. "
            "Retirez le mot de passe dans votre tableur ou demandez une version sans mot de passe."
        ) from exc
    except (CalamineError, ValueError, TypeError, OSError, OverflowError) as exc:
        raise damaged(name, fmt) from exc
    try:
        if fmt == "xlsx":
            _xlsx_extras(raw, sheets)
        elif fmt == "ods":
            _ods_extras(raw, sheets)
        else:
            hidden = hidden_rows_and_columns(raw)
            for grid in sheets:
                grid.hidden_rows, grid.hidden_cols = hidden.get(grid.name, (set(), set()))
    except (zipfile.BadZipFile, KeyError, ValueError, IndexError, OverflowError, EOFError,
            ElementTree.ParseError, struct.error) as exc:  # fmt: skip
        raise damaged(name, fmt) from exc
    return sheets


def _csv_sheet(name: str, raw: bytes) -> SheetGrid:
    text = _csv_text(raw) or ""
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", "\t", ","), key=first.count)
    rows: list[list[Any]] = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    return SheetGrid(Path(name).stem, rows)


def _column_index(letters: bytes) -> int:
    index = 0
    for char in letters:
        index = index * 26 + char - 64
    return index - 1


def _xlsx_sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its XML part in the archive."""
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    parts: dict[str, str] = {}
    for sheet in book.iter():
        if sheet.tag.endswith("}sheet"):
            target = targets.get(sheet.get(f"{{{_NS_REL}}}id"), "")
            target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            parts[sheet.get("name", "")] = target
    return parts


def _xlsx_extras(raw: bytes, sheets: list[SheetGrid]) -> None:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        parts = _xlsx_sheet_parts(archive)
        for grid in sheets:
            part = parts.get(grid.name)
            if part is None:
                continue
            xml = archive.read(part)
            if b"hidden=" in xml:
                for match in _ROW_HIDDEN.finditer(xml):
                    grid.hidden_rows.add(int(match.group(1) or match.group(3)) - 1)
                for match in _COL_HIDDEN.finditer(xml):
                    attrs = dict(_ATTR.findall(match.group(0)))
                    if attrs.get(b"hidden") in (b"1", b"true"):
                        grid.hidden_cols.update(range(int(attrs[b"min"]) - 1, int(attrs[b"max"])))
            if b"<f" in xml:
                for match in _CELL.finditer(xml):
                    inner = match.group(3) or b""
                    if b"<f" in inner and (b"<v" not in inner or _EMPTY_V.search(inner)):
                        grid.no_value.add((int(match.group(2)) - 1, _column_index(match.group(1))))


_VALUE_ATTRS = tuple(
    f"{{{_NS_OFFICE}}}{a}" for a in ("value", "date-value", "time-value", "boolean-value", "string-value")
)


def _ods_extras(raw: bytes, sheets: list[SheetGrid]) -> None:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        content = archive.read("content.xml")
    if b"table:formula" not in content and b"table:visibility" not in content:
        return
    by_name = {g.name: g for g in sheets}
    t = f"{{{_NS_TABLE}}}"
    for _, table in ElementTree.iterparse(io.BytesIO(content)):
        if table.tag != f"{t}table":
            continue
        grid = by_name.get(table.get(f"{t}name", ""))
        if grid is None:
            continue
        col = 0
        for column in table.iter(f"{t}table-column"):
            count = int(column.get(f"{t}number-columns-repeated", "1"))
            if column.get(f"{t}visibility", "visible") != "visible":
                grid.hidden_cols.update(range(col, col + min(count, 1024)))
            col += count
        row = 0
        for element in table.iter(f"{t}table-row"):
            count = int(element.get(f"{t}number-rows-repeated", "1"))
            if element.get(f"{t}visibility", "visible") != "visible":
                grid.hidden_rows.update(range(row, row + min(count, 1024)))
            col = 0
            for cell in element:
                span = int(cell.get(f"{t}number-columns-repeated", "1"))
                formula = cell.get(f"{t}formula") is not None
                valued = any(cell.get(a) for a in _VALUE_ATTRS) or "".join(cell.itertext()).strip()
                if formula and not valued:
                    grid.no_value.add((row, col))
                col += span
            row += count
        table.clear()
