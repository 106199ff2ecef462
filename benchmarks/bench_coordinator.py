"""Benchmark: the coordinator's merge of a package's records, against a bare SQLite `executemany` insert.

Run by hand:
    uv run python benchmarks/bench_coordinator.py [--records 20000] [--loaded 11500 115000] [--repeat 5]

Coordinator stores (encrypted SQLCipher, as the coordinator's own): one empty, and one already holding
each of the `--loaded` sizes (the issue measured 58k and 115k; by default N and 10 N). Each round,
interleaved: the bare baseline (the same number of rows inserted with the DB-API's `executemany` into
a table of the same shape, on the same encrypted connection, then committed) and the merge, into the
empty store, then into each loaded store. Each merge carries new records (inserted) and, from
the second round on, a quarter of the previous round's records with a higher revision (updated):
what a month's package does. Measured: CPU time (`time.process_time`) of `merge_records` in its own
transaction: key lookups, ownership data, one bulk insert, one bulk update, commit.

Printed: the merge's rate as a share of the bare insert rate (target ≥ 25 %), min and median of the
rounds' ratios, into the empty store and into each loaded one; and the merge's CPU into each loaded store
against the empty one (and the largest against the smallest), round by round: ≈ 1 means no growth.

Measured (busy 2-CPU machine, CPU time, min / median of the rounds):
    before (commit e097425, ORM objects one by one, `uuid IN (…)` lookups), 10,000 records per
    package: empty store 8 % / 10 % of the bare rate, store of 58,000 records 3 % / 4 %; the
    loaded store costs 2.3 / 2.5 times the empty one per record.
    after (lookups `kind = ? AND uuid IN (…)` on the primary key, one executemany insert and one
    update): 10,000 records: empty 42 % / 44 %, 58,000 loaded 40 % / 40 %, loaded/empty 1.04 / 1.05;
    20,000 records: empty 28 % / 32 %, 115,000 loaded 30 % / 40 %, loaded/empty 0.78 / 1.00.
    N and 10 N (10,000 records per package, 7 rounds, load about 5): empty 36 % / 40 %, 11,500 loaded
    35 % / 39 %, 115,000 loaded 36 % / 39 %; merge CPU 11,500 / empty 0.94 / 1.03, 115,000 / empty
    0.95 / 1.00, 115,000 / 11,500 0.91 / 1.02: no growth with the store's size.
    On PostgreSQL 15 (`--database-url`, local server, CPU of this process and of the server's processes
    of the database, 5 rounds, load about 8): empty 43 % / 46 % of a bare psycopg executemany, 11,500
    loaded 41 % / 45 %, 115,000 loaded 43 % / 45 %; merge CPU 115,000 / empty 0.96 / 1.00, 115,000 /
    11,500 0.90 / 1.00: no growth either.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import tempfile
import time
import uuid as uuidlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("CLAUSEDESK_PASSPHRASE", "phrase de passe du banc d'essai")

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import URL, make_url  # noqa: E402

from clausedesk.db.models import CoordFacilitator  # noqa: E402
from clausedesk.db.repositories import coordinator as repo  # noqa: E402
from clausedesk.db.store import Store  # noqa: E402
from clausedesk.paths import Paths  # noqa: E402
from clausedesk.sync.archive import canonical_json  # noqa: E402
from clausedesk.sync.manifest import record_hash  # noqa: E402

KINDS = ("contract", "hour_entry", "participant", "situation")
_BARE_TABLE = (
    "CREATE TABLE bare_record (kind VARCHAR(30) NOT NULL, uuid VARCHAR(36) NOT NULL, rev INTEGER NOT NULL, "
    "deleted BOOLEAN NOT NULL, content_sha256 VARCHAR(64) NOT NULL, payload TEXT NOT NULL, "
    "facilitator_id INTEGER NOT NULL, PRIMARY KEY (kind, uuid))"
)


def make_records(n: int, seed: int) -> list[dict[str, Any]]:
    """`n` prepared records (as the importer hands them to the merge), payloads shaped like real ones."""
    out = []
    for i in range(n):
        uuid = str(uuidlib.UUID(int=(seed << 64) + i, version=4))
        data = {"contract": str(uuidlib.UUID(int=i, version=4)),
                "lot": str(uuidlib.UUID(int=i + 1, version=4)),
                "month": f"20{16 + i % 10}-{1 + i % 12:02d}", "hours_worked": f"{i % 150}.50",
                "hours_training": None, "status": "valide"}  # fmt: skip
        rec = {"type": KINDS[i % len(KINDS)], "uuid": uuid, "rev": 1, "deleted": False, "data": data}
        out.append(dict(rec, hash=record_hash(rec), payload=canonical_json(data).decode("utf-8")))
    return out


def bumped(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for rec in records:
        data = dict(rec["data"], status="declare")
        new = {
            "type": rec["type"],
            "uuid": rec["uuid"],
            "rev": rec["rev"] + 1,
            "deleted": False,
            "data": data,
        }
        out.append(dict(new, hash=record_hash(new), payload=canonical_json(data).decode("utf-8")))
    return out


def open_store(root: Path, server: URL | None = None) -> tuple[Store, int]:
    """A coordinator's store file in `root`, or (`server`) a new PostgreSQL database named after `root`."""
    if server is None:
        store = Store.open(Paths(root), create=True)
    else:
        from clausedesk.db.server import ServerStore

        name = f"bench_coordinator_{root.name.replace('-', '_')}_{os.getpid()}"
        _admin(server, f"DROP DATABASE IF EXISTS {name}")
        _admin(server, f"CREATE DATABASE {name}")
        _CREATED.append(name)
        address = server.set(database=name, drivername="postgresql").render_as_string(hide_password=False)
        store = ServerStore.open_url(Paths(root), address)
    with store.session() as s:
        fac = CoordFacilitator(key_id="0123456789ABCDEF", name="Banc", public_key="k", fingerprint="f")
        s.add(fac)
        s.flush()
        return store, fac.id


_CREATED: list[str] = []


def _admin(server: URL, statement: str) -> None:
    engine = create_engine(server.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(statement))
    finally:
        engine.dispose()


def backend_cpu(store: Store) -> float:
    """CPU seconds used so far by the PostgreSQL server processes of `store`'s database (0 for a file):
    the merge's work on PostgreSQL is mostly theirs, not this process's."""
    if store.file_based:
        return 0.0
    with store.engine.connect() as conn:
        pids = conn.execute(
            text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        ).scalars().all()  # fmt: skip
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    return total / os.sysconf("SC_CLK_TCK")


def cpu(work: Callable[[], object], store: Store) -> float:
    """CPU seconds of `work`: this process's, plus the PostgreSQL server's for a store on a server."""
    gc.collect()
    server = backend_cpu(store)
    start = time.process_time()
    work()
    elapsed = time.process_time() - start
    return elapsed + backend_cpu(store) - server


def bare_insert(store: Store, records: list[dict[str, Any]]) -> float:
    """The raw work: the same rows, `executemany` on the store's own DB-API connection (encrypted
    SQLite, or psycopg), then committed."""
    rows = [(r["type"], r["uuid"], r["rev"], r["deleted"], r["hash"], r["payload"], 1) for r in records]
    mark = "?" if store.file_based else "%s"
    raw = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(_BARE_TABLE)
        raw.commit()

        def work() -> None:
            if store.file_based:
                cur.execute("BEGIN")
            cur.executemany(f"INSERT INTO bare_record VALUES ({', '.join([mark] * 7)})", rows)
            raw.commit()

        elapsed = cpu(work, store)
        cur.execute("DROP TABLE bare_record")
        raw.commit()
    finally:
        raw.close()
    return elapsed


def merge(store: Store, fac_id: int, records: list[dict[str, Any]]) -> float:
    def work() -> None:
        with store.session() as s:
            repo.merge_records(s, fac_id, records)

    return cpu(work, store)


def summary(label: str, pairs: list[tuple[float, float]], n: int) -> None:
    ratios = [bare / merged for bare, merged in pairs]
    best_bare, best_merge = min(b for b, _ in pairs), min(m for _, m in pairs)
    print(
        f"{label:<34} fusion {n / best_merge:>9,.0f} enr./s CPU (meilleure {best_merge:.3f} s), "
        f"brut {n / best_bare:>9,.0f} enr./s — part du débit brut : min {min(ratios):.0%}, "
        f"médiane {statistics.median(ratios):.0%} (cible ≥ 25 %)".replace(",", " ")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=20_000, help="records of each merged package")
    parser.add_argument(
        "--loaded", type=int, nargs="+", default=[11_500, 115_000], help="records held by each loaded store"
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--database-url", metavar="URL", default=None,
        help="a PostgreSQL server where the benchmark may create its databases (the stores go there)",
    )  # fmt: skip
    args = parser.parse_args()
    server = make_url(args.database_url) if args.database_url else None
    try:
        run(args, server)
    finally:
        for name in _CREATED:
            assert server is not None
            _admin(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def run(args: argparse.Namespace, server: URL | None) -> None:
    root = Path(tempfile.mkdtemp(prefix="bench-coordinator-"))
    stores = {0: open_store(root / "vide", server)}
    for size in args.loaded:
        store, fac = stores[size] = open_store(root / f"chargee-{size}", server)
        t0 = time.perf_counter()
        for start in range(0, size, 50_000):
            with store.session() as s:
                repo.merge_records(s, fac, make_records(min(50_000, size - start), 10_000 + start))
        print(f"Base chargée : {size} enregistrements en {time.perf_counter() - t0:.1f} s")
    samples: dict[int, list[tuple[float, float]]] = {size: [] for size in stores}
    previous: dict[int, list[dict[str, Any]]] = {size: [] for size in stores}
    for r in range(args.repeat):
        for size, (store, fac) in stores.items():
            again = bumped(previous[size][: args.records // 4])
            records = make_records(args.records - len(again), r + 1) + again
            bare = bare_insert(store, records)
            samples[size].append((bare, merge(store, fac, records)))
            previous[size] = records
    engine = "PostgreSQL (CPU du client et du serveur)" if server else "SQLite chiffré"
    print(f"{args.records} enregistrements par paquet, {args.repeat} tours entrelacés (temps CPU), {engine}")
    for size, pairs in samples.items():
        summary("dans une base vide" if size == 0 else f"dans une base de {size} enr.", pairs, args.records)
    for size in args.loaded:  # the merge's CPU per record, loaded store against the empty one, round by round
        growth = [m2 / m1 for (_, m1), (_, m2) in zip(samples[0], samples[size], strict=True)]
        print(f"base de {size} enr. / base vide (coût CPU de la fusion) : min {min(growth):.2f}, "
              f"médiane {statistics.median(growth):.2f}")  # fmt: skip
    if len(args.loaded) > 1:
        small, large = min(args.loaded), max(args.loaded)
        growth = [m2 / m1 for (_, m1), (_, m2) in zip(samples[small], samples[large], strict=True)]
        print(f"base de {large} enr. / base de {small} enr. : min {min(growth):.2f}, "
              f"médiane {statistics.median(growth):.2f}")  # fmt: skip
    for store, _ in stores.values():
        store.close()


if __name__ == "__main__":
    main()
