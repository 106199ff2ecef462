"""Sequence and chain of signed packages, shared by the coordinator's import and the region's.

A sender (an enrolled facilitator, or a department for the region) numbers its packages 1, 2, 3… and
writes in each the SHA-256 of the previous manifest. `place` decides what a verified package is: a
duplicate of one already received, the next one (merge it), or one after a gap (hold it); a replay
under an old number or a broken chain is refused. `release_held` merges the held packages that now
follow. `guarded` and `read_each` give every file its own transaction and its own verdict.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

from clausedesk.core.errors import ClauseDeskError
from clausedesk.core.files import MAX_PACKAGE, InputTooLargeError, read_bounded
from clausedesk.db.engine import SessionFactory
from clausedesk.sync.errors import PackageError, os_reason

log = logging.getLogger("clausedesk.sync")
DUPLICATE, FOLLOWS, GAP = "duplicate", "follows", "gap"
MERGED, HELD, REJECTED = "merged", "held", "rejected"


class Verdict(Protocol):
    """What an import says of one file (`importer.ImportResult`, `region_import.RegionImportResult`)."""

    status: str
    reason: str | None
    check: str | None


R = TypeVar("R", bound=Verdict)


def place(
    existing: Any, sender: Any, sequence: int, manifest_sha256: str, previous: str | None, who: str
) -> str:
    """DUPLICATE, FOLLOWS or GAP for a verified package numbered `sequence` from `sender` (its
    `last_sequence` and `last_manifest_sha256`); `existing` is the package already received under that
    number, if any. PackageError "sequence" for a replay, "chain" for a package that does not follow.
    `who` names the sender's kind in French (« ce facilitateur », « ce département »)."""
    if existing is not None:
        if existing.manifest_sha256 != manifest_sha256:
            raise PackageError("sequence", f"un autre paquet n° {sequence} de {who} a déjà été reçu.")
        if existing.status == REJECTED:
            raise PackageError("chain", existing.reason or "paquet déjà refusé.")
        return DUPLICATE
    if sequence <= sender.last_sequence:
        raise PackageError(
            "sequence",
            f"paquet n° {sequence} plus ancien que le dernier reçu (n° {sender.last_sequence}) : "
            "rejeu refusé.",
        )
    if sequence != sender.last_sequence + 1:
        return GAP
    if previous != sender.last_manifest_sha256:
        raise PackageError("chain", f"le paquet ne suit pas le dernier paquet reçu de {who}.")
    return FOLLOWS


def release_held(sender: Any, held: Callable[[int], Any], merge: Callable[[Any], None]) -> list[int]:
    """Merge (`merge(row)`) the held packages (`held(sequence)`) that now follow the sender's last one,
    in order; one that breaks the chain or fails its merge is rejected, and the release stops there."""
    released: list[int] = []
    while True:
        row = held(sender.last_sequence + 1)
        if row is None or row.status != HELD or row.content is None:
            return released
        if row.previous_sha256 != sender.last_manifest_sha256:
            row.status, row.content = REJECTED, None
            row.reason = str(PackageError("chain", "ne suit pas le paquet précédent reçu (chaînage rompu)."))
            return released
        try:
            merge(row)
        except PackageError as exc:
            row.status, row.content, row.reason = REJECTED, None, str(exc)
            return released
        released.append(row.sequence)


def guarded(sessions: SessionFactory, result: R, body: Callable[[Any], None]) -> R:
    """Run `body(session)` in one transaction; a refusal rolls it back and becomes status "rejected"."""
    try:
        with sessions() as session, session.begin():
            body(session)
    except PackageError as exc:
        result.status, result.reason, result.check = REJECTED, exc.message, exc.check
    except ClauseDeskError as exc:
        result.status, result.reason, result.check = REJECTED, exc.message, "store"
    return result


def read_each(
    paths: Sequence[Path],
    label: str,
    import_blob: Callable[[bytes, str], R],
    refused: Callable[[str, str, str], R],
    progress: Callable[[int, int, str], None] | None = None,
) -> list[R]:
    """Read and import each file in turn (`refused(file, reason, check)` when it cannot be read); one
    file's refusal or read error never stops the others."""
    results: list[R] = []
    for index, path in enumerate(paths):
        if progress is not None:
            progress(index, len(paths), f"Import de {Path(path).name}…")
        try:
            blob = read_bounded(Path(path), MAX_PACKAGE, label)
        except InputTooLargeError as exc:
            results.append(refused(str(path), exc.message, "size"))
            continue
        except PackageError as exc:
            results.append(refused(str(path), exc.message, exc.check))
            continue
        except OSError as exc:
            results.append(refused(str(path), f"Impossible de lire le fichier : {os_reason(exc)}.", "file"))
            continue
        results.append(import_blob(blob, str(path)))
        log.info("package %s: %s", Path(path).name, results[-1].status)
    if progress is not None:
        progress(len(paths), len(paths), "Import terminé.")
    return results
