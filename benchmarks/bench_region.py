"""Benchmark: the region's figures of a year (portable Python over plain rows) against the department's SQL.

Run by hand:  uv run python benchmarks/bench_region.py [--people 10000] [--repeat 5] [--sql]

One encrypted store holds the same synthetic records twice: as a coordinator's merged records
(`coord_record`, one facilitator) and as a region's (`region_record`, one department). Each person
has a participant, a validation, a contract, 24 monthly hour entries (2024 and 2025) and a sortie:
27 records a person. Each round, interleaved: the department's indicators of 2025 computed by its SQL
(`sync.comite_figures.figures`, SQLite's json_extract / json_each: what the coordinator runs), then the
region's (`sync.region_figures.figures`: every live record read with portable SQLAlchemy Core, the
indicators computed in Python). Both must give the same figures (checked). Measured: CPU time
(`time.process_time`). Printed: region ÷ department, min and median of the rounds.

Measured (busy 2-CPU machine, load ≈ 9 with six other builds, CPU time, min / median of the rounds):
    10,000 people (280,022 records), 5 rounds: the region's figures of 2025 cost 1.39 / 1.55 times a
    bare read of the same rows with their payloads parsed (bare read 6.6-8.7 s, figures 11.3-12.4 s).
    With --sql, same figures checked: 200 people (5,622 records) department SQL 4.6 s against region
    0.13 s (34×); 400 people (11,222 records) 18.4 s against 0.33 s (56×): the department's SQL joins
    its CTEs on json_extract without an index and grows with the square of the records.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import tempfile
import time
import uuid as uuidlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("CLAUSEDESK_PASSPHRASE", "phrase de passe du banc d'essai")

from clausedesk.db.models import CoordFacilitator, RegionDepartment  # noqa: E402
from clausedesk.db.repositories import coordinator as coord_repo  # noqa: E402
from clausedesk.db.repositories import region as region_repo  # noqa: E402
from clausedesk.db.store import Store  # noqa: E402
from clausedesk.paths import Paths  # noqa: E402
from clausedesk.sync import comite_figures, region_figures  # noqa: E402
from clausedesk.sync.archive import canonical_json  # noqa: E402
from clausedesk.sync.manifest import record_hash  # noqa: E402

MONTHS = [f"{year}-{month:02d}" for year in (2024, 2025) for month in range(1, 13)]


def _uuid(kind: int, i: int) -> str:
    return str(uuidlib.UUID(int=(kind << 96) + i, version=4))


def make_records(people: int) -> list[dict[str, Any]]:
    """Prepared records (as the importers hand them to the merge) of `people` persons on 10 lots."""
    out: list[dict[str, Any]] = []

    def add(kind: str, uuid: str, data: dict[str, Any]) -> None:
        rec = {"type": kind, "uuid": uuid, "rev": 1, "deleted": False, "data": data}
        out.append(dict(rec, hash=record_hash(rec), payload=canonical_json(data).decode("utf-8")))

    add(
        "buyer",
        _uuid(1, 0),
        {"name": "Ville", "kind": "commune", "siret": "21750001600019", "commune_code": None},
    )
    add(
        "company",
        _uuid(2, 0),
        {"name": "Bâti", "siret": "73282932000074", "naf": None, "kind": "entreprise", "commune_code": None},
    )
    for lot in range(10):
        add(
            "market",
            _uuid(3, lot),
            {
                "ref": f"M{lot}",
                "title": "Marché",
                "buyer": _uuid(1, 0),
                "kind": "travaux",
                "cpv": None,
                "notification_date": None,
                "start_date": "2024-01-01",
                "end_date": "2026-12-31",
            },
        )
        add(
            "lot",
            _uuid(4, lot),
            {
                "market": _uuid(3, lot),
                "ref": f"M{lot}-L1",
                "number": "1",
                "cpv": None,
                "trade_code": None,
                "amount_ht": "1000000.00",
                "target_hours": "5000.00",
                "mechanisms": ["condition_execution"],
                "start_date": "2024-01-01",
                "end_date": "2026-12-31",
            },
        )
    for i in range(people):
        person, contract, lot = _uuid(5, i), _uuid(7, i), _uuid(4, i % 10)
        add(
            "participant",
            person,
            {
                "pseudonym": f"{i:064x}",
                "sex": "F" if i % 2 else "M",
                "commune_code": None,
                "qpv": False,
                "qualification_level": None,
            },
        )
        add(
            "validation",
            _uuid(6, i),
            {
                "participant": person,
                "validated_on": "2023-06-01",
                "valid_until": "2027-06-01",
                "categories": ["BRSA" if i % 3 else "DELD"],
                "avis_motive": False,
            },
        )
        add(
            "contract",
            contract,
            {
                "participant": person,
                "company": _uuid(2, 0),
                "lot": lot,
                "modality": "embauche_directe",
                "contract_type": "CDD" if i % 2 else "CDI",
                "rome": None,
                "start_date": "2024-01-01",
                "end_date": "2025-12-31",
                "age_band": "26 à 44 ans",
                "weekly_hours": "35.00",
            },
        )
        for m, month in enumerate(MONTHS):
            add(
                "hour_entry",
                _uuid(8, i * 24 + m),
                {
                    "contract": contract,
                    "lot": lot,
                    "month": month,
                    "hours_worked": f"{50 + i % 100}.25",
                    "hours_training": "0.00",
                    "status": "valide",
                },
            )
        add(
            "situation",
            _uuid(9, i),
            {
                "participant": person,
                "observed_on": f"2025-{1 + i % 12:02d}-15",
                "moment": "sortie",
                "outcome": "CDI",
                "sortie_category": "emploi_durable",
                "contract": contract,
            },
        )
    return out


def cpu(work: Callable[[], object]) -> tuple[float, Any]:
    gc.collect()
    start = time.process_time()
    result = work()
    return time.process_time() - start, result


def bare_read(store: Store) -> Callable[[], int]:
    """The raw work: the same rows read on the store's own (encrypted) connection, payloads parsed."""
    kinds = "', '".join(region_figures.KINDS)
    sql = (
        "SELECT kind, uuid, payload, department_id FROM region_record "
        f"WHERE deleted = 0 AND kind IN ('{kinds}')"
    )

    def work() -> int:
        raw = store.engine.raw_connection()
        try:
            return len(
                [(kind, uuid, json.loads(payload), dep) for kind, uuid, payload, dep in raw.execute(sql)]
            )
        finally:
            raw.close()

    return work


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--sql", action="store_true", help="also time the department's SQL (small --people only)"
    )
    args = parser.parse_args()
    records = make_records(args.people)
    period = comite_figures.Period.year(2025)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Paths(Path(tmp)), create=True)
        with store.session() as s:
            fac = CoordFacilitator(key_id="0123456789ABCDEF", name="Banc", public_key="k", fingerprint="f")
            dep = RegionDepartment(key_id="0123456789ABCDEF", name="Banc", public_key="k", fingerprint="f")
            s.add_all([fac, dep])
            s.flush()
            coord_repo.merge_records(s, fac.id, records)
            region_repo.merge_records(s, dep.id, records, {})
        ratios, sql_ratios = [], []
        for _ in range(args.repeat):
            bare, _rows = cpu(bare_read(store))
            with store.session() as s:
                region, got = cpu(lambda s=s: region_figures.figures(s, period))
            ratios.append(region / bare)
            line = f"lecture brute {bare:.2f} s CPU, chiffres de la région {region:.2f} s CPU"
            if args.sql:
                with store.session() as s:
                    department, expected = cpu(lambda s=s: comite_figures.figures(s, period))
                assert got == expected, (got, expected)
                sql_ratios.append(department / region)
                line += f", SQL du département {department:.2f} s CPU (mêmes chiffres)"
            print(line)
        store.close()
    print(
        f"{len(records)} enregistrements, {args.people} personnes, année 2025 : chiffres de la région ÷ "
        f"lecture brute : min {min(ratios):.2f}, médiane {statistics.median(ratios):.2f}"
    )
    if sql_ratios:
        low, mid = min(sql_ratios), statistics.median(sql_ratios)
        print(f"SQL du département ÷ région : min {low:.1f}, médiane {mid:.1f}")


if __name__ == "__main__":
    main()
