"""Benchmark: importing a 10,000-row relevé into a `decade` store, against openpyxl merely reading it.

Run by hand:  uv run python benchmarks/bench_import_hours.py [--rows 10000]
The baseline is openpyxl opening the same file read-only and iterating every row's values, in the
same run. Target: the whole import (parse, check, write in one transaction) within 1.3× of it.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from datetime import date
from pathlib import Path

import openpyxl
from sqlalchemy import func, insert, select

os.environ.setdefault("CLAUSEDESK_PASSPHRASE", "phrase de passe du banc d'essai")

from clausedesk.core.services import hours_import  # noqa: E402
from clausedesk.core.services.demo import load_demo  # noqa: E402
from clausedesk.db.models import Company, Contract, ContractType, Lot, Participant  # noqa: E402
from clausedesk.db.models.base import new_uuid, utcnow  # noqa: E402
from clausedesk.db.store import Store  # noqa: E402
from clausedesk.paths import Paths  # noqa: E402
from clausedesk.reports.releve_template import HEADERS  # noqa: E402

MONTH = "2026-03"


def add_big_company(store: Store, rows: int) -> tuple[str, list[tuple[str, str, str, str]]]:
    """A company with `rows` contracts active in MONTH; returns its SIRET and (uuid, last, first, lot ref)."""
    rng = random.Random(7)
    now = utcnow()
    with store.session() as s:
        lot_id, lot_ref = s.execute(select(Lot.id, Lot.ref).limit(1)).one()
        ctype = s.scalar(select(ContractType.id).limit(1))
        first_person = int(s.scalar(select(func.max(Participant.id))) or 0) + 1
        company = Company(siret="73282932000074", name="Grand Chantier Bench", naf="43.99C")
        s.add(company)
        s.flush()
        people, contracts, out = [], [], []
        for i in range(rows):
            last, first = f"BANC{i:05d}", rng.choice(["Léa", "Karim", "Éric", "Inès", "Hugo"])
            people.append({"id": first_person + i, "uuid": new_uuid(), "last_name": last, "first_name": first,
                           "rev": 1, "created_at": now, "updated_at": now, "qpv": False})  # fmt: skip
            cuuid = new_uuid()
            contracts.append({"uuid": cuuid, "participant_id": first_person + i, "company_id": company.id,
                              "lot_id": lot_id, "modality": "embauche_directe", "contract_type_id": ctype,
                              "start_date": date(2026, 1, 5), "end_date": None, "rev": 1,
                              "created_at": now, "updated_at": now})  # fmt: skip
            out.append((cuuid, last, first, lot_ref))
        s.execute(insert(Participant.__table__), people)  # type: ignore[arg-type]
        s.execute(insert(Contract.__table__), contracts)  # type: ignore[arg-type]
        return company.siret, out


def write_releve(path: Path, siret: str, lines: list[tuple[str, str, str, str]], bump: float = 0.0) -> None:
    """The filled template as a company returns it (same layout as releve_template, values as typed)."""
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Relevé")
    ws.append(["Relevé mensuel des heures d'insertion"])
    ws.append(["Entreprise :", "Grand Chantier Bench"])
    ws.append(["SIRET :", siret])
    ws.append(["Mois :", MONTH])
    ws.append([])
    ws.append(["Saisissez les heures…"])
    ws.append([])
    ws.append([h for h, _ in HEADERS])
    rng = random.Random(11)
    for cuuid, last, first, lot in lines:
        worked = round(rng.uniform(20, 151.67) + bump, 2)
        value: object = f"{worked:.2f}".replace(".", ",") if rng.random() < 0.3 else worked
        ws.append(
            [last, first, lot, "Lot", date(2026, 1, 5), None, "Embauche directe", value, None, None, cuuid]
        )
    ws.append(["Total"])
    wb.save(path)


def bare_read(path: Path) -> float:
    start = time.perf_counter()
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for ws in wb.worksheets:
        for _row in ws.iter_rows(values_only=True):
            pass
    wb.close()
    return time.perf_counter() - start


def timed_import(store: Store, path: Path) -> tuple[float, hours_import.ImportResult]:
    start = time.perf_counter()
    result = hours_import.import_file(store.sessions, path)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-hours-"))
    store = Store.open(Paths(root / "store"), create=True)
    t0 = time.perf_counter()
    load_demo(store.sessions, "decade", 1, "2026-10")
    print(f"Base « decade » chargée en {time.perf_counter() - t0:.1f} s")
    siret, lines = add_big_company(store, args.rows)
    first, second = root / "releve.xlsx", root / "releve_modifie.xlsx"
    write_releve(first, siret, lines)
    write_releve(second, siret, lines, bump=1.0)
    bare = min(bare_read(first) for _ in range(args.repeat))
    print(f"openpyxl lecture seule de {args.rows} lignes : {bare:.3f} s (meilleur de {args.repeat})")
    for label, path in (("import (lignes nouvelles)", first), ("réimport (inchangé)", first),
                        ("import (toutes modifiées)", second)):  # fmt: skip
        elapsed, result = timed_import(store, path)
        counts = {k: result.count(k) for k in ("new", "changed", "unchanged", "error")}
        print(f"{label:<28} {elapsed:.3f} s  ratio {elapsed / bare:.2f}×  {counts}")
    store.close()


if __name__ == "__main__":
    main()
