"""Crash harness: SIGKILL ClauseDesk at random moments of its multi-step writes, then check the store.

For each scenario (backup, migration of an old plaintext store, purge, relevé import) and each round,
a fresh copy of a demonstration store is made, the command is started in its own process and killed
with SIGKILL after a random delay within its normal duration. The store must then pass SQLite's and
SQLCipher's integrity checks and hold exactly the state before or the state after the command.

    uv run python benchmarks/crash_harness.py --rounds 50          # the long run (prints counts)
    uv run python benchmarks/crash_harness.py --rounds 1 --json    # what the test suite runs
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
os.environ.setdefault("CLAUSEDESK_PASSPHRASE", "phrase de passe du banc de crash")

from clausedesk.db import migrate  # noqa: E402
from clausedesk.db.engine import make_engine  # noqa: E402
from clausedesk.db.store import Store  # noqa: E402
from clausedesk.paths import Paths  # noqa: E402

State = tuple[object, ...]


def _cli(data: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "clausedesk", "--data-dir", str(data), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=os.environ.copy(),
    )


def state(paths: Paths) -> State:
    """Integrity checks, then the observable state: schema, live people, hours, backups that verify."""
    engine = make_engine(paths.store, foreign_keys=False)
    try:
        with engine.connect() as conn:
            integrity = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
            if integrity != "ok":
                raise AssertionError(f"integrity_check: {integrity}")
            if not paths.store.read_bytes()[:16].startswith(b"SQLite format 3"):
                problems = conn.exec_driver_sql("PRAGMA cipher_integrity_check").fetchall()
                if problems:
                    raise AssertionError(f"cipher_integrity_check: {problems[:3]}")
            revisions = tuple(sorted(migrate.current_revisions(conn)))
            people = conn.exec_driver_sql(
                "SELECT count(*) FROM participant WHERE deleted_at IS NULL"
            ).scalar()
            hours = conn.exec_driver_sql(
                "SELECT count(*), coalesce(sum(hours_worked), 0) FROM hour_entry WHERE deleted_at IS NULL"
            ).one()
            contracts = conn.exec_driver_sql("SELECT count(*) FROM contract").scalar()
    finally:
        engine.dispose()
    return (revisions, people, tuple(hours), contracts)


def _backups_sound(paths: Paths) -> None:
    from clausedesk.db.backup import verify_copy
    from clausedesk.db.backup_rotation import list_backups

    for b in list_backups(paths):
        verify_copy(b.path)


def _prepare_demo(template: Path, work: Path) -> Paths:
    p = Paths(work / "donnees").ensure()
    shutil.copyfile(template, p.store)
    return p


def scenario_backup(template: Path, work: Path) -> tuple[Paths, list[str]]:
    return _prepare_demo(template, work), ["backup"]


def scenario_purge(template: Path, work: Path) -> tuple[Paths, list[str]]:
    p = _prepare_demo(template, work)
    s = Store.open(p)
    with s.engine.begin() as conn:
        conn.exec_driver_sql("INSERT OR REPLACE INTO setting (key, value) VALUES ('retention_months', '1')")
    s.close()
    return p, ["purge"]


def scenario_import(template: Path, work: Path) -> tuple[Paths, list[str]]:
    return _prepare_demo(template, work), ["import-hours", str(FIXTURES / "releves" / "releve_ok.xlsx")]


def scenario_migration(_template: Path, work: Path) -> tuple[Paths, list[str]]:
    p = Paths(work / "donnees").ensure()
    shutil.copyfile(FIXTURES / "store_v0001_small.sqlite", p.store)
    return p, ["check"]


SCENARIOS: dict[str, Callable[[Path, Path], tuple[Paths, list[str]]]] = {
    "sauvegarde": scenario_backup,
    "migration": scenario_migration,
    "purge": scenario_purge,
    "import-releve": scenario_import,
}


def run_scenario(name: str, template: Path, rounds: int, rng: random.Random) -> dict[str, int]:
    make = SCENARIOS[name]
    with tempfile.TemporaryDirectory() as tmp:  # the reference run: states before and after, duration
        paths, args = make(template, Path(tmp))
        before = state(paths)
        start = time.perf_counter()
        code = _cli(paths.root, *args).wait()
        duration = time.perf_counter() - start
        if code != 0:
            raise AssertionError(f"{name}: the command itself failed ({code})")
        after = state(paths)
    counts = {"kills": 0, "sound": 0, "before": 0, "after": 0}
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            paths, args = make(template, Path(tmp))
            proc = _cli(paths.root, *args)
            time.sleep(rng.uniform(0.0, duration))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
            proc.wait()
            counts["kills"] += 1
            found = state(paths)
            _backups_sound(paths)
            if found == before:
                counts["before"] += 1
            elif found == after:
                counts["after"] += 1
            else:
                raise AssertionError(f"{name}: state neither before nor after: {found} vs {before} / {after}")
            counts["sound"] += 1
    return counts


def make_template(folder: Path) -> Path:
    from clausedesk.core.services.demo import load_demo

    s = Store.open(Paths(folder), create=True)
    load_demo(s.sessions, "small", 1, "2026-10")
    target = s.backup(folder / "modele.sqlite")
    s.close()
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only", choices=sorted(SCENARIOS))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        template = make_template(Path(tmp))
        for name in [args.only] if args.only else list(SCENARIOS):
            results[name] = run_scenario(name, template, args.rounds, rng)
            if not args.json:
                print(f"{name:<15} {results[name]}", flush=True)
    if args.json:
        print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
