"""The erasure journal: the uuids of erased people, kept beside the store and re-applied to any restored copy.

An erasure (right to erasure, retention purge) blanks the person in the store, but every older backup
still holds them. The journal is a small text file in the data folder, outside the store, so that a
restore (which replaces the store file) cannot take it away: one uuid per line, nothing else (no name,
no date). It is written, flushed and synced *before* the store's transaction commits; every opening of
the store (after a restore in particular) erases again whoever the journal names and the store still
shows. A kill after the journal line and before the commit therefore completes the erasure at the next
opening, which is what the user asked for.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from clausedesk.core.errors import StoreError
from clausedesk.core.files import read_bounded
from clausedesk.core.oserrors import os_reason
from clausedesk.db.repositories import rgpd as repo
from clausedesk.paths import Paths

JOURNAL_FILE = "effacements.journal"
#: A uuid is 37 bytes with its newline: 4 MiB holds more than 100,000 erasures.
MAX_JOURNAL_BYTES = 4 * 1024 * 1024
_UUID = re.compile(r"^[0-9a-fA-F-]{36}$")


def journal_path(paths: Paths) -> Path:
    return paths.root / JOURNAL_FILE


def journalled(paths: Paths) -> set[str]:
    """The uuids of every erased person (a line cut by a crash is ignored)."""
    path = journal_path(paths)
    if not path.exists():
        return set()
    data = read_bounded(path, MAX_JOURNAL_BYTES, "Le journal des effacements")
    lines = data.decode("ascii", errors="replace").splitlines()
    return {line.strip() for line in lines if _UUID.match(line.strip())}


def record(paths: Paths, uuids: Iterable[str]) -> None:
    """Append `uuids` to the journal and make it durable (before the erasure is committed)."""
    new = [u for u in uuids if _UUID.match(u)]
    if not new:
        return
    path = journal_path(paths)
    try:
        paths.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            if os.fstat(fd).st_size and _last_byte(path) != b"\n":
                os.write(fd, b"\n")  # a line cut by a crash stays apart from the next one
            os.write(fd, "".join(f"{u}\n" for u in new).encode("ascii"))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise StoreError(
            f"Impossible de noter l'effacement dans {path} : {os_reason(exc)}. Personne n'a été effacé ; "
            "corrigez puis recommencez."
        ) from exc


def _last_byte(path: Path) -> bytes:
    with path.open("rb") as fh:
        fh.seek(-1, os.SEEK_END)
        return fh.read(1)


def reapply(session: Session, uuids: set[str]) -> list[str]:
    """Erase again everyone of `uuids` that the store shows un-erased (a restored copy); their uuids."""
    if not uuids:
        return []
    again: list[str] = []
    now = datetime.now(UTC).replace(tzinfo=None)
    wanted = sorted(uuids)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for person in repo.not_erased_among(session, chunk):
            repo.erase(session, person, now)
            repo.log_access(session, person.uuid, "effacement-reapplique", "clausedesk", "restauration")
            again.append(person.uuid)
    return again


def erased_in_store(session: Session) -> list[str]:
    """The uuids the store itself shows erased (kept in the journal before a restore replaces it)."""
    return repo.erased_uuids(session)
