"""Crash harness: SIGKILL ClauseDesk at random moments of its multi-step writes, then check the store.

For each scenario (backup, migration of an old plaintext store, purge, relevé import, monthly package)
and each round, a fresh copy of a demonstration store is made, the command is started in its own
process and killed with SIGKILL after a random delay within its normal duration (four times in five
after the start-up, measured as the duration of `clausedesk --help`). The store must then
pass SQLite's and SQLCipher's integrity checks and hold exactly the state before or the state after
the command (both taken from a reference run that is not killed). For the monthly package
(`clausedesk package --month 2026-09 -o FILE.cdpkg`, keys made beforehand with `keys init` and
`coordinator init --scrypt-n 16`, package n° 1 already sent), "before" also means no package recorded,
the sequence unchanged and no file at the target path; "after" the package recorded and the file
complete, opened and verified by `coordinator open`, its manifest the one recorded.

    uv run python benchmarks/crash_harness.py --rounds 25         # the long run (prints counts)
    uv run python benchmarks/crash_harness.py --only paquet --rounds 5

The test suite (tests/trust/test_crash_safety.py) kills one backup and one relevé import.

Last long run (--rounds 25, seed 7): 125 kills, 125 stores sound (integrity checks passed).
    sauvegarde      25 kills, 25 sound, 25 before, 0 after (a backup leaves the store's state as it was;
                    every backup listed verified)
    migration       25 kills, 25 sound, 2 before, 23 after, 0 neither
    purge           25 kills, 25 sound, 6 before, 19 after
    import-releve   25 kills, 25 sound, 6 before, 19 after
    paquet          25 kills, 25 sound, 16 before, 9 after, 0 neither (1 temporary ".paquet-2.cdpkg.*.tmp"
                    left beside the target by a kill, never a file at the target path)
Not atomic, found by the two previous runs (1 kill in 25 each): a killed migration of the old store can
leave it at an intermediate revision (0002_hours_import, between 0001 and 0006). Alembic's SQLite
implementation has transactional_ddl = False, so it commits after each migration step despite
`migrate.upgrade`'s "one transaction"; `transactional_ddl=True` in `context.configure` (migrations/env.py)
keeps every step in one transaction (25 kills with it: 21 before, 4 after, 0 neither). The store stays
sound and the next start finishes the upgrade.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
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


# --- the monthly package: a killed build leaves no package or a complete, recorded, verifiable one --------

PACKAGE_MONTHS = ("2026-08", "2026-09")  # n° 1 sent while preparing; the killed write is n° 2
SCRYPT_N = "16"  # the hidden --scrypt-n option: cheap throw-away keys


def _run(data: Path, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "clausedesk", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    if result.returncode != 0:
        raise AssertionError(f"clausedesk {' '.join(args)} : {result.stderr.strip()[-500:]}")
    return result.stdout


def _package_kit(template: Path) -> tuple[Path, Path]:
    """Once per run, with the commands: a coordinator, and a facilitator (the demonstration store) whose
    key is enrolled, who trusts the coordinator, holds the referential and has sent package n° 1."""
    kit = template.parent / "paquet"
    facilitator, coordinator = kit / "facilitateur", kit / "coordinateur"
    if facilitator.exists():
        return facilitator, coordinator
    kit.mkdir()
    _run(coordinator, "coordinator", "init", "--scrypt-n", SCRYPT_N)
    _run(coordinator, "coordinator", "export-public", "-o", str(kit / "coordinateur.pub"))
    _run(coordinator, "coordinator", "publish-referential", "-o", str(kit / "referentiel.cdref"))
    shutil.copyfile(template, Paths(facilitator).ensure().store)
    _run(facilitator, "keys", "init", "--scrypt-n", SCRYPT_N)
    _run(facilitator, "keys", "export-public", "-o", str(kit / "facilitateur.pub"))
    _run(facilitator, "keys", "trust-coordinator", str(kit / "coordinateur.pub"))
    _run(facilitator, "import-referential", str(kit / "referentiel.cdref"))
    _run(coordinator, "coordinator", "enroll", str(kit / "facilitateur.pub"), "--name", "Alice Martin")
    _run(facilitator, "package", "--month", PACKAGE_MONTHS[0], "-o", str(kit / "paquet-1.cdpkg"))
    return facilitator, coordinator


def scenario_package(template: Path, work: Path) -> tuple[Paths, list[str]]:
    facilitator, _ = _package_kit(template)
    shutil.copytree(facilitator, work / "donnees")  # the store and the keys
    target = work / "envoi" / "paquet-2.cdpkg"
    target.parent.mkdir()
    return Paths(work / "donnees"), ["package", "--month", PACKAGE_MONTHS[1], "-o", str(target)]


def package_outcome(paths: Paths, args: list[str], template: Path) -> State:
    """The packages the store records, and the file at the target path: absent, or complete, verified by
    `coordinator open` and the one recorded (same manifest); a partial file or an unrecorded one is
    neither before nor after. Temporary files left by the kill (never at the target path) are counted."""
    target = Path(args[-1])
    engine = make_engine(paths.store)
    try:
        with engine.connect() as conn:
            sent = conn.exec_driver_sql(
                "SELECT count(*), coalesce(max(sequence), 0) FROM sync_sent_package"
            ).one()
            records = conn.exec_driver_sql("SELECT count(*) FROM sync_sent_record").scalar()
            recorded = conn.exec_driver_sql(
                "SELECT manifest_sha256 FROM sync_sent_package WHERE file_name = ?", (target.name,)
            ).scalar()
    finally:
        engine.dispose()
    LEFTOVERS["temporaires"] += len(list(target.parent.glob(f".{target.name}.*.tmp")))
    if not target.exists():
        return (tuple(sent), records, "pas de fichier")
    _, coordinator = _package_kit(template)
    opened = target.parent / "ouvert"
    try:
        _run(coordinator, "coordinator", "open", str(target), "-o", str(opened))
    except AssertionError as exc:
        raise AssertionError(
            f"fichier {target.name} partiel ou illisible ({target.stat().st_size} octets) : {exc}"
        ) from None
    manifest = hashlib.sha256((opened / "manifest.json").read_bytes()).hexdigest()
    shutil.rmtree(opened)
    return (
        tuple(sent),
        records,
        "fichier vérifié, enregistré" if manifest == recorded else "fichier NON enregistré",
    )


LEFTOVERS: Counter[str] = Counter()
NEITHER: list[str] = []  # the states found that were neither before nor after

SCENARIOS: dict[str, Callable[[Path, Path], tuple[Paths, list[str]]]] = {
    "sauvegarde": scenario_backup,
    "migration": scenario_migration,
    "purge": scenario_purge,
    "import-releve": scenario_import,
    "paquet": scenario_package,
}
#: What else a scenario writes, observed with the store (the store's own state is always compared).
OUTCOMES: dict[str, Callable[[Paths, list[str], Path], State]] = {"paquet": package_outcome}


def observe(name: str, paths: Paths, args: list[str], template: Path) -> State:
    extra = OUTCOMES.get(name)
    return state(paths) + (extra(paths, args, template) if extra else ())


def run_scenario(name: str, template: Path, rounds: int, rng: random.Random) -> dict[str, int]:
    make = SCENARIOS[name]
    if rounds > 1:  # a first run warms the caches: the reference run then takes its usual time
        with tempfile.TemporaryDirectory() as tmp:
            paths, args = make(template, Path(tmp))
            _cli(paths.root, *args).wait()
    with tempfile.TemporaryDirectory() as tmp:  # the reference run: states before and after, duration
        paths, args = make(template, Path(tmp))
        before = observe(name, paths, args, template)
        start = time.perf_counter()
        code = _cli(paths.root, *args).wait()
        duration = time.perf_counter() - start
        if code != 0:
            raise AssertionError(f"{name}: the command itself failed ({code})")
        after = observe(name, paths, args, template)
        # a kill while Python is still importing proves nothing: most kills land after start-up
        start = time.perf_counter()
        _cli(paths.root, "--help").wait()
        startup = min(time.perf_counter() - start, 0.8 * duration)
    counts = {"kills": 0, "sound": 0, "before": 0, "after": 0, "neither": 0}
    LEFTOVERS.clear()
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            paths, args = make(template, Path(tmp))
            proc = _cli(paths.root, *args)
            time.sleep(rng.uniform(0.0, duration) if rng.random() < 0.2 else rng.uniform(startup, duration))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
            proc.wait()
            counts["kills"] += 1
            found = observe(name, paths, args, template)
            _backups_sound(paths)
            if found == before:
                counts["before"] += 1
            elif found == after:
                counts["after"] += 1
            else:  # counted, shown, and the run fails (exit 1): the long run reports every write
                counts["neither"] += 1
                NEITHER.append(f"{name}: neither before nor after: {found} vs {before} / {after}")
            counts["sound"] += 1
    if name == "paquet":  # temporary files a kill left next to the target (never the target itself)
        counts["temporaires"] = LEFTOVERS["temporaires"]
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
    parser.add_argument("--rounds", type=int, default=25)
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
    for problem in NEITHER:
        print(problem, file=sys.stderr)
    if args.json:
        print(json.dumps(results))
    return 1 if NEITHER else 0


if __name__ == "__main__":
    sys.exit(main())
