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

Issue 19 added restore (`restore BACKUP --yes`, the backup from before a relevé import), passphrase change
(`passphrase change`, store + backups + signing key), person erase (`person erase UUID --yes`, a person with
a running contract), coordinator import of three packages (`coordinator import P1 P2 P3`) and kept the
relevé import. For these, after every kill `check` must pass (run in process: open the store, which
re-applies journalled erasures, then the full integrity check), the store and every backup must open with
exactly one of the old and new passphrases, and the state must be the before or the after state; for
the coordinator import, a state after k whole packages of 3 ("between") also counts as sound, since each
package merges in its own transaction by design. The long run forks each command from a process that has
imported everything (`--spawn` starts a new interpreter instead), so every kill lands in the command's own
work: the delay is uniform in [0, median duration of three reference runs]; a run that finishes before
its kill is checked (it must equal "after"), counted as "finished" and redone, until 50 kills landed.

Run of issue 19 (--rounds 50 --seed 19, fork mode, machine shared and loaded): 250 kills, 250 sound.
    restauration         50 kills, 50 sound, 43 before, 7 after, 0 neither (8 finished first; 1.13 s)
    phrase-de-passe      50 kills, 50 sound, 27 before, 23 after, 0 neither (10 finished first; 1.94 s);
                         the signing key opened with the store's passphrase after every kill
    effacement           50 kills, 50 sound, 49 before, 1 after, 0 neither (0 finished first; 0.73 s)
    import-coordinateur  50 kills, 50 sound, 38 before, 10 between, 2 after, 0 neither (28 finished first;
                         1.34 s)
    import-releve        50 kills, 50 sound, 48 before, 2 after, 0 neither (1 finished first; 0.57 s)

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
import functools
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


def _cli(data: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "clausedesk", "--data-dir", str(data), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )


def state(paths: Paths, passphrase: str | None = None) -> State:
    """Integrity checks, then the observable state: schema, live people, hours, backups that verify."""
    engine = make_engine(paths.store, foreign_keys=False, passphrase=passphrase)
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

# --- issue 19: restore, passphrase change, person erase, coordinator import; check after each kill ---

OLD_PHRASE = os.environ["CLAUSEDESK_PASSPHRASE"]
NEW_PHRASE = "nouvelle phrase du banc de crash"
PHRASES = (OLD_PHRASE, NEW_PHRASE)


def _opens_with(path: Path) -> list[str]:
    """Which of the old and new passphrases open the encrypted file `path` (exactly one must)."""
    from clausedesk.core.errors import StoreError
    from clausedesk.db.backup import verify_copy
    from clausedesk.db.keyring import derive, read_salt

    salt = read_salt(path)
    found = []
    for phrase in PHRASES:
        try:
            verify_copy(path, key=derive(phrase, salt) if salt else None)
        except StoreError:
            continue
        found.append(phrase)
    return found


def _store_phrase(paths: Paths) -> str:
    opening = _opens_with(paths.store)
    if len(opening) != 1:
        raise AssertionError(f"la base s'ouvre avec {len(opening)} phrases de passe (une seule attendue)")
    return opening[0]


def scenario_restore(template: Path, work: Path) -> tuple[Paths, list[str]]:
    """A backup of the store as it was, then a relevé imported: restoring the backup undoes the import."""
    kit = template.parent / "restauration"
    if not kit.exists():  # once per run
        _prepare_demo(template, kit)
        _run(kit / "donnees", "import-hours", str(FIXTURES / "releves" / "releve_ok.xlsx"))
    shutil.copytree(kit / "donnees", work / "donnees")
    backup = work / "sauvegarde-anterieure.sqlite"
    shutil.copyfile(template, backup)
    return Paths(work / "donnees"), ["restore", str(backup), "--yes"]


def scenario_passphrase(template: Path, work: Path) -> tuple[Paths, list[str]]:
    """The facilitator of the package kit (store, backups and signing key) changes its passphrase."""
    facilitator, _ = _package_kit(template)
    if not any(Paths(facilitator).backups.glob("clausedesk_*.sqlite")):
        _run(facilitator, "backup")  # once: a backup in the folder, re-encrypted by the change
    shutil.copytree(facilitator, work / "donnees")
    return Paths(work / "donnees"), ["passphrase", "change"]


def passphrase_outcome(paths: Paths, _args: list[str], _template: Path) -> State:
    """Which passphrase opens the store, and whether the signing key opens with that same passphrase."""
    from clausedesk.sync import setup

    phrase = _store_phrase(paths)
    try:
        setup.unlock(paths, phrase.encode("utf-8"))
        key = "clé ouverte par la même phrase"
    except Exception as exc:  # noqa: BLE001 - reported as a finding, not raised
        key = f"clé NON ouverte : {exc}"
    return ("ancienne" if phrase == OLD_PHRASE else "nouvelle", key)


@functools.cache
def _erasable(template: Path) -> str:
    """A person with a running contract (the case that left `check` unhappy before issue 19)."""
    from datetime import date

    from sqlalchemy import select

    from clausedesk.db.models import Participant
    from clausedesk.db.repositories import rgpd as repo

    folder = template.parent / "effacement"
    if not folder.exists():
        shutil.copyfile(template, Paths(folder).ensure().store)
    s = Store.open(Paths(folder))
    try:
        with s.session() as session:
            running = repo.running_contract_people(session, date.today())
            return str(session.scalars(select(Participant.uuid).where(Participant.id.in_(running))).first())
    finally:
        s.close()


def scenario_erase(template: Path, work: Path) -> tuple[Paths, list[str]]:
    return _prepare_demo(template, work), ["person", "erase", _erasable(template), "--yes"]


def erase_outcome(paths: Paths, args: list[str], _template: Path) -> State:
    """Whether the person is erased in the store and named in the erasure journal (uuid only)."""
    from clausedesk.db import erasures

    uuid = args[2]
    engine = make_engine(paths.store)
    try:
        with engine.connect() as conn:
            name = conn.exec_driver_sql("SELECT last_name FROM participant WHERE uuid = ?", (uuid,)).scalar()
    finally:
        engine.dispose()
    return (name == "[effacé]", uuid in erasures.journalled(paths))


COORD_MONTHS = ("2026-09", "2026-10")  # packages n° 2 and 3, after n° 1 (2026-08) of the package kit


def _coordinator_packages(template: Path) -> list[Path]:
    """Once per run: three packages of the kit's facilitator (n° 1 to 3), for the coordinator to import."""
    facilitator, _ = _package_kit(template)
    kit = facilitator.parent
    packages = [kit / "paquet-1.cdpkg"] + [kit / f"paquet-{n}.cdpkg" for n in (2, 3)]
    if not packages[-1].exists():
        copy = kit / "facilitateur-suite"
        shutil.copytree(facilitator, copy)
        for month, target in zip(COORD_MONTHS, packages[1:], strict=True):
            _run(copy, "package", "--month", month, "-o", str(target))
    return packages


def scenario_coordinator(template: Path, work: Path) -> tuple[Paths, list[str]]:
    _, coordinator = _package_kit(template)
    packages = _coordinator_packages(template)
    shutil.copytree(coordinator, work / "donnees")
    return Paths(work / "donnees"), ["coordinator", "import", *map(str, packages)]


def coordinator_outcome(paths: Paths, _args: list[str], _template: Path) -> State:
    """The packages and records the coordinator holds (each package merges in its own transaction)."""
    engine = make_engine(paths.store)
    try:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT sequence, status FROM coord_package ORDER BY sequence")
            packages = tuple(tuple(r) for r in rows)
            records = conn.exec_driver_sql("SELECT count(*), coalesce(sum(rev), 0) FROM coord_record").one()
    finally:
        engine.dispose()
    return (packages, tuple(records))


def coordinator_steps(template: Path) -> list[State]:
    """The states after 0, 1, 2 and 3 packages imported one by one: a kill may land between two."""
    with tempfile.TemporaryDirectory() as tmp:
        paths, args = scenario_coordinator(template, Path(tmp))
        steps = [observe("import-coordinateur", paths, args, template)]
        for package in args[2:]:
            _run(paths.root, "coordinator", "import", package)
            steps.append(observe("import-coordinateur", paths, args, template))
    return steps


SCENARIOS: dict[str, Callable[[Path, Path], tuple[Paths, list[str]]]] = {
    "sauvegarde": scenario_backup,
    "migration": scenario_migration,
    "purge": scenario_purge,
    "import-releve": scenario_import,
    "paquet": scenario_package,
    "restauration": scenario_restore,
    "phrase-de-passe": scenario_passphrase,
    "effacement": scenario_erase,
    "import-coordinateur": scenario_coordinator,
}
#: What else a scenario writes, observed with the store (the store's own state is always compared).
OUTCOMES: dict[str, Callable[[Paths, list[str], Path], State]] = {
    "paquet": package_outcome,
    "phrase-de-passe": passphrase_outcome,
    "effacement": erase_outcome,
    "import-coordinateur": coordinator_outcome,
}
#: Scenarios of issue 19: `clausedesk check` must pass after each kill, with the store's passphrase.
CHECKED = {"restauration", "phrase-de-passe", "effacement", "import-coordinateur", "import-releve"}
#: Extra environment of a scenario's command.
ENV = {"phrase-de-passe": {"CLAUSEDESK_NEW_PASSPHRASE": NEW_PHRASE}}


def observe(name: str, paths: Paths, args: list[str], template: Path) -> State:
    extra = OUTCOMES.get(name)
    phrase = _store_phrase(paths) if name == "phrase-de-passe" else None
    return state(paths, phrase) + (extra(paths, args, template) if extra else ())


def _check_passes(paths: Paths, name: str) -> None:
    """What `clausedesk check` does (open the store, which re-applies journalled erasures, then the full
    integrity check), in this process: no interpreter start-up per round."""
    from clausedesk.db.repositories.integrity import check_store

    phrase = _store_phrase(paths) if name == "phrase-de-passe" else OLD_PHRASE
    store = Store.open(paths, passphrase=phrase)
    try:
        with store.session() as session:
            problems = check_store(session)
    finally:
        store.close()
    if problems:
        raise AssertionError(f"{name}: check a échoué après l'arrêt : {problems[:3]}")


class Launch:
    """A running command: spawned (`python -m clausedesk`, start-up included) or forked from this process,
    which has imported everything already (the long run: every kill lands in the command's own work)."""

    def __init__(self, data: Path, args: list[str], env: dict[str, str], *, fork: bool) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self.pid = 0
        if not fork:
            self.proc = _cli(data, *args, env=env)
            return
        pid = os.fork()
        if pid == 0:  # the child: run the command as `clausedesk` would, then leave at once
            code = 1
            try:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, 1)
                os.dup2(devnull, 2)
                os.environ.update(env)
                from clausedesk.cli import run

                code = run(["--data-dir", str(data), *args])
            finally:
                os._exit(code)
        self.pid = pid
        self._code: int | None = None

    def poll(self) -> int | None:
        if self.proc is not None:
            return self.proc.poll()
        if self._code is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self._code = os.waitstatus_to_exitcode(status)
        return self._code

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.send_signal(signal.SIGKILL)
        else:
            os.kill(self.pid, signal.SIGKILL)

    def wait(self) -> int:
        if self.proc is not None:
            return self.proc.wait()
        if self._code is None:
            _, status = os.waitpid(self.pid, 0)
            self._code = os.waitstatus_to_exitcode(status)
        return self._code


def _preload() -> None:
    """Import every command module before forking (what a spawned command spends its start-up on)."""
    import importlib

    from clausedesk.cli import COMMAND_MODULES

    for module in (*COMMAND_MODULES, "clausedesk.db.restore", "clausedesk.db.rekey", "clausedesk.sync.setup"):
        importlib.import_module(module)


def _every_backup_opens(paths: Paths, name: str) -> None:
    from clausedesk.db.backup_rotation import list_backups

    if name != "phrase-de-passe":
        _backups_sound(paths)
        return
    for b in list_backups(paths):  # re-encrypted one by one: each opens with exactly one phrase
        if len(_opens_with(b.path)) != 1:
            raise AssertionError(f"{name}: la sauvegarde {b.path.name} ne s'ouvre pas avec une seule phrase")


def run_scenario(
    name: str, template: Path, rounds: int, rng: random.Random, *, fork: bool = False
) -> dict[str, int]:
    """`rounds` kills that land inside the command (a run that ends before its kill is redone, and counted
    as "finished"), at uniform random points of the command's own duration (measured first: the median
    of three runs). Spawned commands are killed after their start-up; forked ones have none."""
    make = SCENARIOS[name]
    env = ENV.get(name, {})
    if fork:
        _preload()
    durations = []
    for _ in range(3 if rounds > 1 else 1):  # the reference runs: states before and after, duration
        with tempfile.TemporaryDirectory() as tmp:
            paths, args = make(template, Path(tmp))
            before = observe(name, paths, args, template)
            start = time.perf_counter()
            code = Launch(paths.root, args, env, fork=fork).wait()
            durations.append(time.perf_counter() - start)
            if code != 0:
                raise AssertionError(f"{name}: the command itself failed ({code})")
            after = observe(name, paths, args, template)
    duration = sorted(durations)[len(durations) // 2]
    startup = 0.0
    if not fork:  # a kill while Python is still importing proves nothing: kills land after start-up
        start = time.perf_counter()
        _cli(paths.root, "--help").wait()
        startup = min(time.perf_counter() - start, 0.8 * duration)
    steps = coordinator_steps(template) if name == "import-coordinateur" else [before, after]
    counts = {"kills": 0, "sound": 0, "before": 0, "after": 0, "neither": 0}
    if len(steps) > 2:
        counts["between"] = 0
    counts["finished"] = 0
    LEFTOVERS.clear()
    DURATIONS[name] = (startup, duration)
    attempts = 0
    while counts["kills"] < rounds and attempts < max(4 * rounds, 12):  # a short run needs a few tries
        attempts += 1
        with tempfile.TemporaryDirectory() as tmp:
            paths, args = make(template, Path(tmp))
            proc = Launch(paths.root, args, env, fork=fork)
            time.sleep(rng.uniform(startup, duration))
            landed = proc.poll() is None
            if landed:
                proc.kill()
            proc.wait()
            try:
                if name in CHECKED:
                    _check_passes(paths, name)
                found = observe(name, paths, args, template)
                _every_backup_opens(paths, name)
            except Exception as exc:  # noqa: BLE001 - an unsound store is a finding: counted, shown
                counts["kills" if landed else "finished"] += 1
                counts["neither"] += 1
                NEITHER.append(f"{name}: unsound after the kill: {exc}")
                continue
            if not landed:
                counts["finished"] += 1
                if found != after:
                    counts["neither"] += 1
                    NEITHER.append(f"{name}: finished but not after: {found} vs {after}")
                continue
            counts["kills"] += 1
            if found == before:
                counts["before"] += 1
            elif found == after:
                counts["after"] += 1
            elif found in steps:
                counts["between"] += 1
            else:  # counted, shown, and the run fails (exit 1): the long run reports every write
                counts["neither"] += 1
                NEITHER.append(f"{name}: neither before nor after: {found} vs {before} / {after}")
            counts["sound"] += 1
    if name == "paquet":  # temporary files a kill left next to the target (never the target itself)
        counts["temporaires"] = LEFTOVERS["temporaires"]
    return counts


DURATIONS: dict[str, tuple[float, float]] = {}


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
    parser.add_argument("--only", choices=sorted(SCENARIOS), action="append", help="repeatable")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--spawn", action="store_true", help="start each command as a new process (start-up included)"
    )
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        template = make_template(Path(tmp))
        for name in args.only or list(SCENARIOS):
            results[name] = run_scenario(name, template, args.rounds, rng, fork=not args.spawn)
            startup, duration = DURATIONS[name]
            if not args.json:
                print(
                    f"{name:<20} {results[name]}  (start-up {startup:.2f} s, command {duration:.2f} s; "
                    f"kills between the two)",
                    flush=True,
                )
    for problem in NEITHER:
        print(problem, file=sys.stderr)
    if args.json:
        print(json.dumps(results))
    return 1 if NEITHER else 0


if __name__ == "__main__":
    sys.exit(main())
