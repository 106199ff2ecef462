"""Automatic rotating backups in the `sauvegardes` folder: taking one, listing them, pruning by tiers.

Tiers (like Anki's): the most recent copies, then one per day, one per week and one per month. A
backup is taken after a working session with changes, before every migration, import and restore,
and on demand. Copies written elsewhere (`clausedesk backup -o FILE`) are never pruned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import text

from clausedesk.core.errors import StoreError
from clausedesk.db import keyring
from clausedesk.db.backup import backup_database
from clausedesk.paths import Paths

NAME = re.compile(
    r"^(?:(?P<reason>[A-Za-z0-9+_.-]+?)_)?clausedesk_(?P<stamp>\d{4}-\d\d-\d\d_\d{6})(?:_(?P<n>\d+))?\.sqlite$"
)
REASON = re.compile(r"^[a-z0-9+._-]{1,60}$")

REASON_LABELS = {
    "": "à la demande ou en fin de session",
    "fin-de-session": "fin de session de travail",
    "avant-migration": "avant mise à jour du schéma",
    "avant-import": "avant import",
    "avant-restauration": "avant restauration",
    "avant-chiffrement": "avant chiffrement de la base",
    "avant-changement-phrase": "avant changement de phrase de passe",
    "avant-effacement": "avant effacement ou purge",
}


@dataclass(frozen=True)
class Tiers:
    recent: int = 10
    daily: int = 7
    weekly: int = 5
    monthly: int = 12


DEFAULT_TIERS = Tiers()


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    reason: str
    size: int

    @property
    def reason_label(self) -> str:
        base = self.reason.split("_", 1)[0]
        return REASON_LABELS.get(base, self.reason)


def parse(path: Path) -> BackupInfo | None:
    """The backup described by a file name of the folder, or None for any other file."""
    m = NAME.match(path.name)
    if not m:
        return None
    try:
        taken = datetime.strptime(m["stamp"], "%Y-%m-%d_%H%M%S")
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    return BackupInfo(path, taken, m["reason"] or "", size)


def list_backups(paths: Paths) -> list[BackupInfo]:
    """The backups of the folder, newest first."""
    if not paths.backups.is_dir():
        return []
    found = [info for p in paths.backups.iterdir() if p.is_file() and (info := parse(p))]
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def _target(paths: Paths, reason: str | None, now: datetime) -> Path:
    prefix = f"{reason}_" if reason else ""
    base = f"{prefix}clausedesk_{now.strftime('%Y-%m-%d_%H%M%S')}"
    candidate = paths.backups / f"{base}.sqlite"
    n = 2
    while candidate.exists():
        candidate = paths.backups / f"{base}_{n}.sqlite"
        n += 1
    return candidate


def take(
    paths: Paths,
    *,
    reason: str | None = None,
    passphrase: str | None = None,
    now: datetime | None = None,
    tiers: Tiers = DEFAULT_TIERS,
) -> Path:
    """A verified encrypted backup in the folder, then the folder pruned. Returns the new file."""
    if reason is not None and not REASON.match(reason):
        raise StoreError(f"Motif de sauvegarde invalide : « {reason} ».")
    when = now or datetime.now()
    target = backup_database(paths.store, _target(paths, reason, when), passphrase=passphrase)
    prune(paths, now=when, tiers=tiers)
    return target


def keep_set(backups: list[BackupInfo], tiers: Tiers = DEFAULT_TIERS) -> set[Path]:
    """Which backups the tiers keep: the newest `recent`, then the newest of each recent day/week/month."""
    ordered = sorted(backups, key=lambda b: (b.taken_at, b.path.name), reverse=True)
    keep = {b.path for b in ordered[: tiers.recent]}
    for count, bucket in (
        (tiers.daily, lambda d: d.strftime("%Y-%m-%d")),
        (tiers.weekly, lambda d: "{}-{:02d}".format(*d.isocalendar()[:2])),
        (tiers.monthly, lambda d: d.strftime("%Y-%m")),
    ):
        seen: list[str] = []
        for b in ordered:
            key = bucket(b.taken_at)
            if key in seen:
                continue
            seen.append(key)
            if len(seen) > count:
                break
            keep.add(b.path)
    return keep


def prune(paths: Paths, *, now: datetime | None = None, tiers: Tiers = DEFAULT_TIERS) -> list[Path]:
    """Delete the backups no tier keeps (and temporary files left by an interrupted backup)."""
    backups = list_backups(paths)
    keep = keep_set(backups, tiers)
    removed = []
    for b in backups:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    if paths.backups.is_dir():
        for leftover in paths.backups.glob("*.sqlite.tmp"):
            leftover.unlink(missing_ok=True)
    return removed


def describe(path: Path, *, passphrase: str | None = None) -> dict[str, int]:
    """What a backup holds (counts of the main records), read without touching it."""
    from clausedesk.db.engine import make_engine
    from clausedesk.db.repositories.stats import store_stats

    phrase = keyring.passphrase(passphrase)
    engine = make_engine(path, read_only=True, passphrase=phrase)
    try:
        from sqlalchemy.orm import Session

        with Session(engine) as session:
            session.execute(text("SELECT 1"))
            figures = store_stats(session)
        return {k: int(v) for k, v in figures.items() if k != "hours_total" and isinstance(v, int)}
    finally:
        engine.dispose()
