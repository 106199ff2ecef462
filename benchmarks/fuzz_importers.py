"""Fuzz harness of the two doors: the relevé importer and the coordinator's package importer.

Each importer is fed thousands of mutated and malformed files (deterministic seed):

* relevé (`hours_import.import_file`, the service behind `clausedesk import-hours`), from two golden
  files: bit flips, truncations, byte insertions and deletions; the workbook re-zipped with a mutated
  sheet XML (or another part), a missing part, a duplicated entry; random values in the hours cells
  (text, huge, negative, formulas, dates, times, booleans), in the name, lot, identifier, SIRET and
  month cells; rows shuffled, duplicated, removed, blank or "Total" rows inserted;
* package (`sync.importer.import_blob`, behind `clausedesk coordinator import`), from genuine packages
  n° 1 (already merged: a duplicate), n° 2 (follows: merged) and n° 3 (a gap: held): bit flips,
  truncations, insertions and deletions of the encrypted file; its header; the inner zip mutated then
  re-encrypted (bytes, missing, duplicated, extra or renamed entries); the content changed and the
  manifest re-hashed and re-signed by the facilitator's own key (records, values, revisions,
  sequence, period, chain, recipient, aggregates), or signed by a key that is not enrolled.

Every case must end in success or a French refusal (a ClauseDeskError, or for the relevé rows in
error, each with a French message), never another exception; after a refusal the store is exactly
as before (fingerprint: row counts, sums of revisions, sums of hours, through the Store's sessions),
and after an accepted case it equals what a clean import of the same content gives (the relevé
rewritten as a plain workbook, the package re-zipped canonically, imported into a fresh copy).

    uv run python benchmarks/fuzz_importers.py                 # 3000 cases per importer
    uv run python benchmarks/fuzz_importers.py --cases 200 --only releve --seed 3

Last full run (--cases 3000, seed 1), no failure (no other exception, no partial write, no acceptance
different from a clean import):
    relevé  3000 cases: 1175 accepted and written, 1317 files refused, 508 refused for rows in error
    paquet  3000 cases: 264 merged, 222 held, 33 duplicates; 2481 refused: decryption 737, schema 769,
            archive 650, sequence 144, key 131, recipient 41, chain 6, size 3
Failures it found, fixed: a damaged sheet XML escaped as ParseError or ValueError, hours of 29 digits or
more as decimal.InvalidOperation (relevé reader); a signed package with hours "111…1" (40 digits) was
merged, after which every department figure failed with SQLite's integer overflow (package schema).
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import io
import json
import os
import random
import re
import shutil
import sys
import tempfile
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RELEVES = ROOT / "tests" / "fixtures" / "releves"
SEEDS = ("releve_ok.xlsx", "releve_colonnes_melangees.xlsx")
DEMO_UNTIL = "2026-10"
MONTHS = ("2026-08", "2026-09", "2026-10")
TODAY = date(2026, 11, 20)
FAST_SCRYPT = 2**4  # key derivation cost of the throw-away keys (a parameter, not a mock)
os.environ.setdefault("CLAUSEDESK_PASSPHRASE", "phrase de passe du banc de fuzz")

import openpyxl  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from clausedesk.core.errors import ClauseDeskError  # noqa: E402
from clausedesk.core.services import hours_import  # noqa: E402
from clausedesk.db.engine import make_engine  # noqa: E402
from clausedesk.db.models import (  # noqa: E402
    Contract,
    CoordFacilitator,
    CoordPackage,
    CoordRecord,
    HourEntry,
    HourSource,
)
from clausedesk.db.models.hours_import import HourImportChange  # noqa: E402
from clausedesk.db.store import Store  # noqa: E402
from clausedesk.paths import Paths  # noqa: E402
from clausedesk.reports.releve_reader import _column_kind, normalise_label, read_releve  # noqa: E402
from clausedesk.sync import envelope, importer, keys, minisign, overview, package, referential, setup  # noqa: E402
from clausedesk.sync.archive import canonical_json, read_zip, sha256_hex, write_zip  # noqa: E402
from clausedesk.sync.manifest import AGGREGATES, ENTRIES, MANIFEST, RECORDS, SIGNATURE  # noqa: E402

PASS = b"phrase de passe du banc de fuzz"
Fingerprint = tuple[object, ...]
_FRENCH = re.compile(r"[éèêàâçùûîôœ«»]|\b(le|la|les|de|du|des|est|pas|un|une|ce|fichier)\b", re.IGNORECASE)
_FOREIGN = re.compile(r"Traceback|Error\b|Exception\b|\bNone\b|object at 0x|\bline \d")


def french(message: str | None) -> bool:
    """A message a facilitator can read: French words, no Python leaking through."""
    return bool(message) and bool(_FRENCH.search(message or "")) and not _FOREIGN.search(message or "")


@dataclass
class Tally:
    """Outcomes per kind of mutation, and the failures (case number, mutation, what went wrong)."""

    outcomes: Counter[str] = field(default_factory=Counter)
    by_mutation: dict[str, Counter[str]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def add(self, mutation: str, outcome: str) -> None:
        self.outcomes[outcome] += 1
        self.by_mutation.setdefault(mutation, Counter())[outcome] += 1

    def fail(self, case: int, mutation: str, what: str) -> None:
        self.outcomes["ÉCHEC"] += 1
        self.by_mutation.setdefault(mutation, Counter())["ÉCHEC"] += 1
        self.failures.append(f"cas {case} ({mutation}) : {what}")

    def as_json(self) -> dict[str, Any]:
        return {
            "cases": sum(self.outcomes.values()),
            "outcomes": dict(sorted(self.outcomes.items())),
            "by_mutation": {k: dict(sorted(v.items())) for k, v in sorted(self.by_mutation.items())},
            "failures": self.failures,
        }


class WorkStore:
    """A working copy of a base store file: opened once, put back to the base only after a write."""

    def __init__(self, base: Path, folder: Path) -> None:
        self.base = base
        self.paths = Paths(folder).ensure()
        shutil.copyfile(base, self.paths.store)
        self.store = Store.open(self.paths)

    def reset(self) -> None:
        self.store.close()
        for extra in self.paths.store.parent.glob(self.paths.store.name + "-*"):  # -wal, -shm
            extra.unlink()
        shutil.copyfile(self.base, self.paths.store)
        # the base was opened (checked, migrated, seeded) once by Store.open: a fresh engine suffices
        self.store = Store(self.paths, make_engine(self.paths.store, passphrase=self.store.passphrase),
                           self.store.passphrase)  # fmt: skip

    def close(self) -> None:
        self.store.close()


def _money(value: object) -> str:
    return str(Decimal(value or 0).quantize(Decimal("0.01"))) if value is not None else "0.00"


def facilitator_fingerprint(store: Store) -> Fingerprint:
    """Hours, their sources and import journal, contracts: counts, sums of revisions and of hours."""
    with store.session() as s:
        entries = s.execute(
            select(
                func.count(),
                func.coalesce(func.sum(HourEntry.rev), 0),
                func.count(HourEntry.deleted_at),
                func.sum(HourEntry.hours_worked).filter(HourEntry.deleted_at.is_(None)),
                func.sum(HourEntry.hours_training).filter(HourEntry.deleted_at.is_(None)),
                func.count(HourEntry.source_id),
            )
        ).one()
        sources = s.execute(select(func.count(), func.count(HourSource.undone_at))).one()
        changes = s.execute(
            select(func.count(), func.coalesce(func.sum(HourImportChange.rev_after), 0))
        ).one()
        contracts = s.execute(select(func.count(), func.coalesce(func.sum(Contract.rev), 0))).one()
    return (
        (
            "hour_entry",
            entries[0],
            entries[1],
            entries[2],
            _money(entries[3]),
            _money(entries[4]),
            entries[5],
        ),
        ("hour_source", *sources),
        ("hour_import_change", *changes),
        ("contract", *contracts),
    )


def coordinator_fingerprint(store: Store) -> Fingerprint:
    """Merged records (count, revisions, deletions, hours), packages by status, facilitators' sequences."""
    hours_worked = func.json_extract(CoordRecord.payload, "$.hours_worked")
    with store.session() as s:
        records = s.execute(
            select(
                func.count(),
                func.coalesce(func.sum(CoordRecord.rev), 0),
                func.count().filter(CoordRecord.deleted.is_(True)),
                func.round(func.total(hours_worked), 2),
            )
        ).one()
        kinds = tuple(s.execute(select(CoordRecord.kind, func.count()).group_by(CoordRecord.kind)).all())
        packages = tuple(
            s.execute(
                select(
                    CoordPackage.status,
                    func.count(),
                    func.sum(CoordPackage.sequence),
                    func.sum(CoordPackage.record_count),
                ).group_by(CoordPackage.status)
            ).all()
        )
        facilitators = s.execute(
            select(
                func.count(), func.sum(CoordFacilitator.last_sequence), func.max(CoordFacilitator.last_period)
            )
        ).one()
    return (
        ("coord_record", *records),
        ("kinds", *sorted(tuple(k) for k in kinds)),
        ("coord_package", *sorted(tuple(p) for p in packages)),
        ("coord_facilitator", *facilitators),
    )


# --- relevé: mutations ------------------------------------------------------------------------------


def _bytes_mutation(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    buf = bytearray(data)
    kind = rng.choice(("bits", "tronqué", "insertion", "suppression"))
    if kind == "bits":
        for _ in range(rng.randint(1, 8)):
            i = rng.randrange(len(buf))
            buf[i] ^= 1 << rng.randrange(8)
    elif kind == "tronqué":
        del buf[rng.randrange(len(buf)) :]
    elif kind == "insertion":
        at = rng.randrange(len(buf) + 1)
        buf[at:at] = rng.randbytes(rng.randint(1, 64))
    else:
        at = rng.randrange(len(buf))
        del buf[at : at + rng.randint(1, 64)]
    return f"octets-{kind}", bytes(buf)


def _zip_entries(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(info, z.read(info)) for info in z.infolist()]


def _rezip(entries: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicated names are the point
        with zipfile.ZipFile(buffer, "w", method) as z:
            for name, content in entries:
                z.writestr(name, content)
    return buffer.getvalue()


_XML_TOKENS = (
    b"",
    b"<",
    b">",
    b"</row>",
    b"<row>",
    b'<c r="H9" t="n"><v>1e999</v></c>',
    b'<c r="H9" t="e"><v>#DIV/0!</v></c>',
    b'<c r="H9" t="b"><v>1</v></c>',
    b'<c r="H9" t="d"><v>2026-10-01T00:00:00</v></c>',
    b'<c r="ZZZZ99999999"><v>1</v></c>',
    b'<c r="H9" t="s"><v>99</v></c>',
    b"<v>-35</v>",
    b"<v>NaN</v>",
    b"<v>inf</v>",
    b"&amp;",
    b"&bogus;",
    b"\x00",
    b"\xff\xfe",
    b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]>",
    "é".encode(),
)


def _xml_mutation(rng: random.Random, xml: bytes) -> tuple[str, bytes]:
    kind = rng.choice(("valeur", "type", "balise", "jeton", "tronqué", "ligne-double", "reference", "bits"))
    if kind == "valeur":
        values = list(re.finditer(rb"<v>[^<]*</v>|<t>[^<]*</t>", xml))
        if values:
            m = rng.choice(values)
            token = rng.choice((b"-1", b"1e308", b"99999999999", b"abc", b"", b"35,5", b"0x10", b" ", b"-0"))
            tag = m.group()[:3]
            return "xml-valeur", xml[: m.start()] + tag + token + tag[:1] + b"/" + tag[1:] + xml[m.end() :]
    if kind == "type":
        types = list(re.finditer(rb't="[a-zA-Z]+"', xml))
        if types:
            m = rng.choice(types)
            new = b't="' + rng.choice((b"s", b"n", b"b", b"e", b"d", b"str", b"inlineStr", b"zz")) + b'"'
            return "xml-type", xml[: m.start()] + new + xml[m.end() :]
    if kind == "balise":
        tags = list(re.finditer(rb"<[^>]{1,80}>", xml))
        if tags:
            m = rng.choice(tags)
            return "xml-balise", xml[: m.start()] + xml[m.end() :]
    if kind == "ligne-double":
        rows = list(re.finditer(rb"<row [^>]*>.*?</row>", xml, re.DOTALL))
        if rows:
            m = rng.choice(rows)
            at = rng.choice(rows).end()
            return "xml-ligne-double", xml[:at] + m.group() + xml[at:]
    if kind == "reference":
        refs = list(re.finditer(rb'r="[A-Z]+[0-9]+"|r="[0-9]+"', xml))
        if refs:
            m = rng.choice(refs)
            new = rng.choice(
                (b'r="A1"', b'r="H9"', b'r="XFD1048576"', b'r="0"', b'r="A0"', b'r="-3"', b'r=""')
            )
            return "xml-reference", xml[: m.start()] + new + xml[m.end() :]
    if kind == "tronqué":
        return "xml-tronqué", xml[: rng.randrange(len(xml))]
    if kind == "jeton":
        at = rng.randrange(len(xml) + 1)
        return "xml-jeton", xml[:at] + rng.choice(_XML_TOKENS) + xml[at:]
    buf = bytearray(xml)
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(buf))
        buf[i] ^= 1 << rng.randrange(8)
    return "xml-bits", bytes(buf)


def _zip_mutation(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    entries = [(info.filename, content) for info, content in _zip_entries(data)]
    kind = rng.choice(("feuille", "feuille", "feuille", "autre-partie", "partie-manquante", "entrée-double",
                       "stocké"))  # fmt: skip
    if kind in ("feuille", "autre-partie"):
        names = [n for n, _ in entries if n.endswith(".xml") or n.endswith(".rels")]
        name = "xl/worksheets/sheet1.xml" if kind == "feuille" else rng.choice(names)
        label, xml = _xml_mutation(rng, dict(entries)[name])
        entries = [(n, xml if n == name else c) for n, c in entries]
        return f"zip-{kind}-{label}", _rezip(entries)
    if kind == "partie-manquante":
        del entries[rng.randrange(len(entries))]
        return "zip-partie-manquante", _rezip(entries)
    if kind == "entrée-double":
        name, content = rng.choice(entries)
        if rng.random() < 0.5:
            content = _xml_mutation(rng, content)[1] if content else content
        entries.insert(rng.randrange(len(entries) + 1), (name, content))
        return "zip-entrée-double", _rezip(entries)
    return "zip-stocké", _rezip(entries, zipfile.ZIP_STORED)


def _hours_value(rng: random.Random) -> object:
    return rng.choice(
        (
            lambda: rng.choice(
                (
                    "trente-cinq",
                    "35h",
                    "35,5 h",
                    "7:30",
                    "1e308",
                    "NaN",
                    "inf",
                    "-0",
                    "",
                    " ",
                    "—",
                    "-",
                    "12.5.3",
                    "1 234,5",
                    "35 heures",
                    "=35",
                    "0,0001",
                    "x" * 300,
                )
            ),
            lambda: rng.choice((10**6, 10**15, 10**30, 1e300, 2**63, 744, 744.01, 99999.99)),
            lambda: -rng.choice((0.01, 1, 35, 1e9)),
            lambda: rng.choice(("=1/0", "=SUM(H9:H13)", "=H9*2", "=A1", '="35"', "=NOW()", "=1e308*10")),
            lambda: rng.choice((date(2026, 10, 3), datetime(1900, 1, 1, 7, 30), time(7, 30), time(23, 59))),
            lambda: rng.choice((True, False, None)),
            lambda: round(rng.uniform(0, 200), rng.choice((0, 1, 2, 3, 6))),
            lambda: Decimal(rng.randint(0, 20000)) / 100,
            lambda: str(round(rng.uniform(0, 180), 2)).replace(".", ","),
        )
    )()


def _other_value(rng: random.Random) -> object:
    return rng.choice((None, "", " ", "INCONNU", "Total", "Sous-total", "x" * 2000, 42, 3.5,
                       date(2026, 10, 1), "=A1", "d53ba0be-ee31-4841-b134-750d2278c42c", "lot 3", "L03",
                       "\u200b", "BOYER", "2026-005-0010-L03",
                       "00000000-0000-0000-0000-000000000000"))  # fmt: skip


def _meta_value(rng: random.Random) -> object:
    return rng.choice((None, "", "2026-13", "2026-09", "2026-10", "octobre 2026", "mars 2027", "13/2026",
                       date(2026, 10, 1), 202610, "43680387800756", "436 803 878 00756", "43680387800757",
                       "12345678901234", "pas un siret", 43680387800756, "x" * 500))  # fmt: skip


def _layout(ws: Any) -> tuple[int, dict[str, int], dict[str, tuple[int, int]]]:
    """(header row, column of each kind, position of the SIRET and month values): 1-based."""
    meta: dict[str, tuple[int, int]] = {}
    for row in ws.iter_rows(min_row=1, max_row=40):
        kinds = {}
        for cell in row:
            if isinstance(cell.value, str):
                kind = _column_kind(normalise_label(cell.value))
                if kind and kind not in kinds:
                    kinds[kind] = cell.column
                key = normalise_label(cell.value)
                if key in ("siret", "mois"):
                    meta[key] = (cell.row, cell.column + 1)
        if "worked" in kinds:
            return row[0].row, kinds, meta
    raise AssertionError("golden file without header")


def _cell_mutation(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    header, cols, meta = _layout(ws)
    rows = [r for r in range(header + 1, ws.max_row + 1) if ws.cell(r, cols["worked"]).value is not None]
    kind = rng.choice(("heures", "heures", "heures", "heures-valides", "autres", "entête", "lignes"))
    if kind in ("heures", "heures-valides"):
        for _ in range(rng.randint(1, 4)):
            col = cols[rng.choice([k for k in ("worked", "training") if k in cols])]
            value = _hours_value(rng) if kind == "heures" else Decimal(rng.randint(0, 15000)) / 100
            ws.cell(rng.choice(rows), col).value = value
    elif kind == "autres":
        for _ in range(rng.randint(1, 3)):
            col = cols[rng.choice([k for k in ("uuid", "last_name", "first_name", "lot") if k in cols])]
            ws.cell(rng.choice(rows), col).value = _other_value(rng)
    elif kind == "entête":
        target = rng.choice(("siret", "mois", "colonne"))
        if target == "colonne":
            ws.cell(header, rng.choice(list(cols.values()))).value = rng.choice(
                (None, "Heures", "Nom", "Heures travaillées", "Heures de formation", "Lot", "Identifiant")
            )
        elif target in meta:
            ws.cell(*meta[target]).value = _meta_value(rng)
    else:
        width = ws.max_column
        values = [[ws.cell(r, c).value for c in range(1, width + 1)] for r in rows]
        op = rng.choice(("mélange", "double", "retrait", "vide", "total"))
        if op == "mélange":
            rng.shuffle(values)
        elif op == "double":
            values.insert(rng.randrange(len(values) + 1), list(rng.choice(values)))
        elif op == "retrait":
            del values[rng.randrange(len(values))]
        elif op == "vide":
            values.insert(rng.randrange(len(values) + 1), [None] * width)
        else:
            values.insert(rng.randrange(len(values) + 1), ["Total"] + [None] * (width - 1))
        for r in range(header + 1, ws.max_row + 2):
            for c in range(1, width + 1):
                ws.cell(r, c).value = None
        for i, line in enumerate(values):
            for c, v in enumerate(line, start=1):
                ws.cell(header + 1 + i, c).value = v
        kind = f"lignes-{op}"
    buffer = io.BytesIO()
    wb.save(buffer)
    return f"cellules-{kind}", buffer.getvalue()


def mutate_releve(rng: random.Random, seeds: list[bytes]) -> tuple[str, bytes]:
    data = rng.choice(seeds)
    family = rng.random()
    if family < 0.30:
        return _bytes_mutation(rng, data)
    if family < 0.60:
        return _zip_mutation(rng, data)
    return _cell_mutation(rng, data)


def clean_releve(releve: Any) -> bytes:
    """The same content as a plain workbook (what a careful company would send)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Relevé"
    if releve.siret:
        ws.append(["SIRET", releve.siret])
    ws.append(["Mois", releve.month])
    ws.append([])
    header = ["Identifiant", "Nom", "Prénom", "Lot", "Heures travaillées"]
    if releve.has_training:
        header.append("Heures de formation")
    ws.append(header)
    for r in releve.rows:
        line: list[object] = [r.uuid, r.last_name or None, r.first_name or None, r.lot or None, r.worked]
        if releve.has_training:
            line.append(r.training)
        ws.append(line)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _releve_key(releve: Any) -> str:
    rows = [(r.uuid, r.last_name, r.first_name, r.lot, str(r.worked), str(r.training)) for r in releve.rows]
    return json.dumps([releve.siret, releve.month, releve.has_training, rows])


def fuzz_releves(template: Path, cases: int, seed: int, folder: Path) -> Tally:
    """`cases` mutated relevés through the import service, each checked against the store."""
    rng = random.Random(seed)
    seeds = [(RELEVES / name).read_bytes() for name in SEEDS]
    work = WorkStore(template, folder / "fuzz")
    base = facilitator_fingerprint(work.store)
    clean_results: dict[str, Fingerprint] = {}
    tally = Tally()
    target = folder / "releve.xlsx"
    try:
        for case in range(cases):
            mutation, data = mutate_releve(rng, seeds)
            target.write_bytes(data)
            try:
                result = hours_import.import_file(work.store.sessions, target)
            except ClauseDeskError as exc:
                outcome = "refusé (fichier)"
                if not french(exc.message):
                    tally.fail(case, mutation, f"message de refus pas en français : {exc.message!r}")
                    continue
            except Exception as exc:  # the very thing the harness looks for
                tally.fail(case, mutation, f"exception {type(exc).__name__}: {exc}"[:500])
                work.reset()
                continue
            else:
                bad = [o.message for o in result.errors if not french(o.message)]
                if bad:
                    tally.fail(case, mutation, f"message de ligne pas en français : {bad[0]!r}")
                    continue
                outcome = (
                    "refusé (lignes en erreur)"
                    if result.errors
                    else "accepté (enregistré)"
                    if result.written
                    else "accepté (rien à changer)"
                )
            found = facilitator_fingerprint(work.store)
            if outcome != "accepté (enregistré)":
                if found != base:
                    tally.fail(case, mutation, f"{outcome} mais la base a changé : {found} au lieu de {base}")
                    work.reset()
                    continue
                tally.add(mutation, outcome)
                continue
            releve = read_releve(target)
            key = _releve_key(releve)
            if key not in clean_results:
                work.reset()
                target.write_bytes(clean_releve(releve))  # same file name: the source records it
                hours_import.import_file(work.store.sessions, target)
                clean_results[key] = facilitator_fingerprint(work.store)
            work.reset()
            if found != clean_results[key]:
                tally.fail(
                    case,
                    mutation,
                    f"accepté mais différent d'un import propre : {found} / {clean_results[key]}",
                )
                continue
            tally.add(mutation, outcome)
    finally:
        work.close()
    return tally


# --- packages ---------------------------------------------------------------------------------------


@dataclass
class PackageBench:
    """A coordinator (package n° 1 merged) and the facilitator's genuine packages n° 1, 2 and 3."""

    coordinator_base: Path
    coordinator_folder: Path
    coordinator: keys.Identity
    facilitator: keys.Identity
    stranger: keys.Identity
    genuine: list[bytes]


def build_package_bench(template: Path, folder: Path) -> PackageBench:
    coord_paths = Paths(folder / "coordinateur")
    coord_store = Store.open(coord_paths, create=True)
    coordinator = setup.init_coordinator(coord_paths, coord_store.sessions, PASS, FAST_SCRYPT)
    ref = folder / "referentiel.cdref"
    referential.publish(coord_store.sessions, coordinator, ref, "Département du banc")
    fac_paths = Paths(folder / "facilitateur").ensure()
    shutil.copyfile(template, fac_paths.store)
    fac_store = Store.open(fac_paths)
    facilitator = setup.init_facilitator(fac_paths, PASS, FAST_SCRYPT)
    keys.export_public(facilitator, folder / "facilitateur.pub")
    keys.export_public(coordinator, folder / "coordinateur.pub")
    setup.trust_coordinator(fac_store.sessions, folder / "coordinateur.pub")
    referential.import_referential(fac_store.sessions, ref)
    setup.enroll(coord_store.sessions, folder / "facilitateur.pub", "Alice Martin")
    genuine = []
    for n, month in enumerate(MONTHS, start=1):
        target = folder / f"paquet-{n}.cdpkg"
        package.write_package(fac_store.sessions, facilitator, month, target)
        genuine.append(target.read_bytes())
    fac_store.close()
    result = importer.import_blob(coord_store.sessions, coordinator, genuine[0], "paquet-1.cdpkg")
    assert result.status == "merged", result
    coord_store.close()
    base = folder / "coordinateur-base.sqlite"
    shutil.copyfile(coord_paths.store, base)
    stranger = keys.generate_identity(folder / "inconnu", PASS, scrypt_n=FAST_SCRYPT)
    return PackageBench(base, folder, coordinator, facilitator, stranger, genuine)


def _open(blob: bytes, bench: PackageBench) -> dict[str, bytes]:
    assert bench.coordinator.encryption is not None
    inner = envelope.decrypt(blob, bench.coordinator.encryption, bench.coordinator.key_id)
    return read_zip(inner, ENTRIES, 10**9, 10**9, 1000, 10)


def _seal(inner: bytes, bench: PackageBench) -> bytes:
    bundle = bench.coordinator.bundle
    assert bundle.encryption is not None
    return envelope.encrypt(inner, bundle.encryption, bundle.key_id)


def _sign(files: dict[str, bytes], signer: keys.Identity) -> dict[str, bytes]:
    out = dict(files)
    out[SIGNATURE] = minisign.sign(out[MANIFEST], signer.signing, signer.key_id, "banc").encode("ascii")
    return out


def _rehash(files: dict[str, bytes], manifest: dict[str, Any] | None = None) -> dict[str, bytes]:
    """The manifest rewritten (optionally from `manifest`) with the data files' real sizes and hashes."""
    doc = manifest if manifest is not None else json.loads(files[MANIFEST])
    doc["files"] = [
        {"name": name, "size": len(files[name]), "sha256": sha256_hex(files[name])}
        for name in sorted((AGGREGATES, RECORDS))
        if name in files
    ]
    return dict(files, **{MANIFEST: canonical_json(doc)})


def _any_value(rng: random.Random) -> object:
    return rng.choice((None, True, 0, -1, 2**62, 2**70, 1.5, "", "x" * 1001, "2026-13", [], ["a"] * 101, {},
                       "0" * 64, "12.50", "-3.00", "NaN", "1e309", "é", "\u0000"))  # fmt: skip


def _records_mutation(rng: random.Random, doc: dict[str, Any]) -> str:
    records = doc["records"]
    op = rng.choice(("valeur", "heures", "heures", "rev", "retrait", "double", "mélange", "champ-en-trop",
                     "champ-manquant", "type", "uuid", "supprimé"))  # fmt: skip
    if not records:
        records.append({"type": "buyer", "uuid": "0" * 8, "rev": 1, "deleted": False, "data": {}})
        return "contenu-vide"
    rec = rng.choice(records)
    if op == "valeur":
        field_name = rng.choice(sorted(rec["data"]))
        rec["data"][field_name] = _any_value(rng)
    elif op == "heures":
        hours_entries = [r for r in records if r["type"] == "hour_entry"] or records
        rec = rng.choice(hours_entries)
        if "hours_worked" in rec["data"]:
            rec["data"]["hours_worked"] = rng.choice(
                (f"{rng.uniform(0, 200):.2f}", "-1.00", "abc", 35, 1e308, None, "1" * 40)
            )
    elif op == "rev":
        rec["rev"] = rng.choice((0, -1, 1, 2, rec["rev"] + 1, 2**62, 2**62 - 1, "1", 1.0, True))
    elif op == "retrait":
        records.remove(rec)
    elif op == "double":
        records.append(copy.deepcopy(rec))
    elif op == "mélange":
        rng.shuffle(records)
    elif op == "champ-en-trop":
        rec[rng.choice(("extra", "data2"))] = 1
    elif op == "champ-manquant":
        del rec[rng.choice(sorted(rec))]
    elif op == "type":
        rec["type"] = rng.choice(("person", "buyer", "hour_entry", "", 3, None))
    elif op == "uuid":
        rec["uuid"] = rng.choice(("", "not-a-uuid", rec["uuid"].upper(), str(rng.getrandbits(64)), None))
    else:
        rec["deleted"] = rng.choice((True, False, 1, "oui", None))
    return f"signé-records-{op}"


def _manifest_mutation(rng: random.Random, doc: dict[str, Any]) -> str:
    op = rng.choice(("sequence", "période", "précédent", "destinataire", "signataire", "champ", "format",
                     "création"))  # fmt: skip
    if op == "sequence":
        doc["sequence"] = rng.choice((0, 1, 2, 3, 4, 7, -1, 2**31, "2", 2.0, None))
    elif op == "période":
        doc["period"] = rng.choice(("2026-07", "2026-11", "2026-13", "2026-9", "", None, "2099-01"))
    elif op == "précédent":
        doc["previous_manifest_sha256"] = rng.choice((None, "0" * 64, "A" * 64, "zz", 1))
    elif op == "destinataire":
        doc["recipient_key_id"] = rng.choice(("0" * 16, "a" * 16, "", None))
    elif op == "signataire":
        doc["facilitator_key_id"] = rng.choice(("0" * 16, "F" * 16, None))
    elif op == "champ":
        doc[rng.choice(("extra", "files"))] = rng.choice(([], {}, None, 1))
    elif op == "format":
        doc[rng.choice(("format", "format_version", "schema_version"))] = rng.choice((2, "x", None, 0))
    else:
        doc["created_at"] = rng.choice(("", "x" * 41, 0, None, "2026-10-01T00:00:00Z"))
    return f"signé-manifeste-{op}"


def mutate_package(rng: random.Random, bench: PackageBench) -> tuple[str, bytes]:
    index = rng.choices((0, 1, 2), weights=(1, 3, 2))[0]
    blob = bench.genuine[index]
    label = f"p{index + 1}-"
    family = rng.random()
    if family < 0.25:  # the encrypted file itself
        if rng.random() < 0.2:
            buf = bytearray(blob)
            at = rng.randrange(envelope.HEADER_SIZE)
            buf[at] ^= 1 << rng.randrange(8)
            return label + "enveloppe-entête", bytes(buf)
        name, data = _bytes_mutation(rng, blob)
        return label + "enveloppe-" + name, data
    files = _open(blob, bench)
    if family < 0.50:  # the inner zip, re-encrypted for the coordinator (as only a key holder could)
        inner = write_zip(files)
        kind = rng.choice(("octets", "octets", "manquant", "double", "en-trop", "renommé", "stocké"))
        entries = sorted(files.items())
        if kind == "octets":
            name, inner = _bytes_mutation(rng, inner)
            kind = f"octets-{name}"
        elif kind == "manquant":
            del entries[rng.randrange(len(entries))]
            inner = _rezip(entries)
        elif kind == "double":
            name, content = rng.choice(entries)
            entries.append((name, content if rng.random() < 0.5 else content + b" "))
            inner = _rezip(entries)
        elif kind == "en-trop":
            entries.append(
                (rng.choice(("lisezmoi.txt", "../evil", "/abs", "a\\b", "CON.json", "Records.json")), b"x")
            )
            inner = _rezip(entries)
        elif kind == "renommé":
            i = rng.randrange(len(entries))
            entries[i] = (rng.choice(("records.JSON", "manifest.json ", "x.json", "")) or "y", entries[i][1])
            inner = _rezip(entries)
        else:
            inner = _rezip(entries, zipfile.ZIP_STORED)
        return label + "zip-" + kind, _seal(inner, bench)
    # the content, manifest re-hashed and re-signed by the facilitator's own key
    signer = bench.facilitator
    if family < 0.65:
        doc = json.loads(files[RECORDS])
        kind = _records_mutation(rng, doc)
        files[RECORDS] = canonical_json(doc) if rng.random() < 0.9 else json.dumps(doc).encode()
        files = _rehash(files)
    elif family < 0.80:
        manifest = json.loads(files[MANIFEST])
        kind = _manifest_mutation(rng, manifest)  # the data files are unchanged: their hashes still hold
        files[MANIFEST] = canonical_json(manifest)
    elif family < 0.88:
        doc = json.loads(files[AGGREGATES])
        key = rng.choice(sorted(doc))
        doc[key] = _any_value(rng)
        kind = f"signé-agrégats-{key}"
        files[AGGREGATES] = canonical_json(doc)
        files = _rehash(files)
    elif family < 0.94:
        kind = rng.choice(("signé-json-brut", "signé-json-clé-double", "signé-json-nan", "signé-json-latin1"))
        raw = {
            "signé-json-brut": b"{",
            "signé-json-clé-double": b'{"records":[],"records":[]}',
            "signé-json-nan": b'{"records":[{"rev":NaN}]}',
            "signé-json-latin1": '{"records":["é"]}'.encode("latin-1"),
        }[kind]
        files[rng.choice((RECORDS, AGGREGATES))] = raw
        files = _rehash(files)
    else:
        kind = rng.choice(("clé-inconnue", "sans-changement"))
        signer = bench.stranger if kind == "clé-inconnue" else signer
    return label + kind, _seal(write_zip(_sign(files, signer)), bench)


def _content_key(files: dict[str, bytes]) -> str:
    return hashlib.sha256(canonical_json({k: sha256_hex(v) for k, v in files.items()})).hexdigest()


def fuzz_packages(template: Path, cases: int, seed: int, folder: Path) -> Tally:
    """`cases` mutated packages through the coordinator's import, each checked against the store."""
    rng = random.Random(seed)
    bench = build_package_bench(template, folder)
    work = WorkStore(bench.coordinator_base, folder / "fuzz")
    base = coordinator_fingerprint(work.store)
    clean_results: dict[str, Fingerprint] = {}
    tally = Tally()
    try:
        for case in range(cases):
            mutation, blob = mutate_package(rng, bench)
            name = "paquet.cdpkg"
            try:
                result = importer.import_blob(work.store.sessions, bench.coordinator, blob, name)
            except Exception as exc:
                tally.fail(case, mutation, f"exception {type(exc).__name__}: {exc}"[:500])
                work.reset()
                continue
            outcome = {"rejected": "refusé", "merged": "intégré", "held": "mis en attente",
                       "duplicate": "déjà reçu"}[result.status]  # fmt: skip
            if result.status == "rejected" and not french(result.reason):
                tally.fail(case, mutation, f"motif de refus pas en français : {result.reason!r}")
                continue
            found = coordinator_fingerprint(work.store)
            if result.status in ("rejected", "duplicate"):
                if found != base:
                    tally.fail(case, mutation, f"{outcome} mais la base a changé : {found} au lieu de {base}")
                    work.reset()
                    continue
                tally.add(mutation, f"{outcome} ({result.check})" if result.check else outcome)
                continue
            try:  # what was let in must not break the coordinator's figures
                overview.department_report(work.store.sessions, None, TODAY)
            except Exception as exc:
                tally.fail(
                    case, mutation, f"{outcome}, puis chiffres du département : {type(exc).__name__}: {exc}"
                )
                work.reset()
                continue
            files = _open(blob, bench)
            key = _content_key(files)
            if key not in clean_results:
                work.reset()
                clean = _seal(write_zip(files), bench)
                again = importer.import_blob(work.store.sessions, bench.coordinator, clean, name)
                clean_results[key] = (again.status, *coordinator_fingerprint(work.store))
            work.reset()
            if (result.status, *found) != clean_results[key]:
                tally.fail(
                    case,
                    mutation,
                    f"{outcome} mais différent d'un import propre : {found} / {clean_results[key]}",
                )
                continue
            tally.add(mutation, outcome)
    finally:
        work.close()
    return tally


# --- running ----------------------------------------------------------------------------------------


def scratch_dir() -> str | None:
    """A memory-backed folder where there is one: the stores' fsyncs then cost nothing."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def make_template(folder: Path) -> Path:
    """The small demonstration store (seed 1, until 2026-10): the golden relevés were made from it."""
    from clausedesk.core.services.demo import load_demo

    s = Store.open(Paths(folder / "modele"), create=True)
    load_demo(s.sessions, "small", 1, DEMO_UNTIL)
    target = s.backup(folder / "modele.sqlite")
    s.close()
    return target


FUZZERS: dict[str, Callable[[Path, int, int, Path], Tally]] = {
    "releve": fuzz_releves,
    "paquet": fuzz_packages,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=3000, help="cas par importeur")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=sorted(FUZZERS))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", module="openpyxl")  # damaged workbooks make it talkative
    results = {}
    with tempfile.TemporaryDirectory(dir=scratch_dir()) as tmp:
        template = make_template(Path(tmp))
        for name in [args.only] if args.only else list(FUZZERS):
            folder = Path(tmp) / name
            folder.mkdir()
            tally = FUZZERS[name](template, args.cases, args.seed, folder)
            results[name] = tally.as_json()
            if not args.json:
                print(f"{name} : {tally.as_json()['cases']} cas", flush=True)
                for outcome, count in sorted(tally.outcomes.items()):
                    print(f"    {outcome:<45} {count}")
                for failure in tally.failures[:20]:
                    print(f"  ! {failure}")
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
    return 1 if any(r["failures"] for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
