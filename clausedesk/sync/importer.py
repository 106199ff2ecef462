"""The coordinator's import: every check of a package, in order, then one transaction that merges it.

Checks, in this order (each refusal is a PackageError naming its check): size; decryption (and the
envelope's recipient); archive structure; signature by an enrolled key; key not revoked; recipient
named in the manifest; sequence and chain; file hashes; schema; content (each record as strict as
the facilitator's forms); at merge time, ownership (a package changes or deletes only its own
facilitator's records) and references (to records of the package or of the store). Then:
`merged` (and any held packages that now follow on are merged too), `held` (a gap: kept aside),
`duplicate` (already imported: nothing changes) or `rejected`. A refused file changes nothing and
never stops the others.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from clausedesk.core import files
from clausedesk.core.errors import ConflictError
from clausedesk.db.engine import SessionFactory
from clausedesk.db.models import CoordFacilitator, CoordPackage
from clausedesk.db.models.base import utcnow
from clausedesk.db.repositories import coordinator as repo
from clausedesk.sync import chain, content, envelope, keys, minisign
from clausedesk.sync.archive import canonical_json, read_zip, sha256_hex
from clausedesk.sync.errors import PackageError
from clausedesk.sync.manifest import (
    AGGREGATES,
    ENTRIES,
    MANIFEST,
    RECORDS,
    SIGNATURE,
    Manifest,
    check_hashes,
    parse_aggregates,
    parse_manifest,
    parse_records,
    record_hash,
)

log = logging.getLogger("clausedesk.sync")

MAX_PACKAGE = files.MAX_PACKAGE
MAX_TOTAL = 256 * 1024 * 1024
MAX_ENTRY = 200 * 1024 * 1024
MAX_RATIO = 200
DUPLICATE = "duplicate"


@dataclass
class ImportResult:
    """The outcome of one file; `to_json` gives the object printed by `coordinator import --json`."""

    file: str
    status: str
    reason: str | None = None
    check: str | None = None
    facilitator: str | None = None
    sequence: int | None = None
    period: str | None = None
    records: int = 0
    released: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.file, "status": self.status}
        if self.reason is not None:
            out["reason"] = self.reason
            out["check"] = self.check
        for name in ("facilitator", "sequence", "period"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        if self.status == repo.MERGED:
            out["records"] = self.records
            out["released"] = self.released
        return out


@dataclass
class Opened:
    """A package that passed the checks up to the recipient (signed by a known, unrevoked key)."""

    inner: bytes
    files: dict[str, bytes]
    manifest: Manifest
    manifest_sha256: str
    facilitator: CoordFacilitator


def unwrap(blob: bytes, identity: keys.Identity) -> tuple[bytes, dict[str, bytes]]:
    """Size, decryption and archive checks; returns the inner zip and its entries."""
    if len(blob) > MAX_PACKAGE:
        raise PackageError("size", f"fichier trop gros ({len(blob)} octets, maximum {MAX_PACKAGE}).")
    if identity.encryption is None:
        raise ConflictError("Ce dossier n'est pas celui d'un coordinateur (« clausedesk coordinator init »).")
    inner = envelope.decrypt(blob, identity.encryption, identity.key_id)
    files = read_zip(inner, ENTRIES, MAX_TOTAL, MAX_ENTRY, MAX_RATIO, len(ENTRIES) + 1, required=ENTRIES)
    return inner, files


def _signature_text(files: dict[str, bytes]) -> str:
    try:
        return files[SIGNATURE].decode("utf-8")
    except UnicodeDecodeError:
        raise PackageError("signature", "fichier de signature illisible.") from None


def open_package(session: Session, blob: bytes, identity: keys.Identity) -> Opened:
    """Every check that needs no sequence state: size, decryption, archive, signature, key, recipient."""
    inner, files = unwrap(blob, identity)
    sig = _signature_text(files)
    key_id = minisign.key_id_hex(minisign.signature_key_id(sig))
    fac = repo.facilitator_by_key(session, key_id)
    if fac is None:
        raise PackageError(
            "key", f"la clé {key_id} n'est pas celle d'un facilitateur inscrit (« coordinator enroll »)."
        )
    minisign.verify(files[MANIFEST], sig, minisign.parse_public_key(fac.public_key), allow_legacy=False)
    if fac.revoked_at is not None:
        raise PackageError(
            "key", f"la clé {key_id} du facilitateur « {fac.name} » a été révoquée : paquet refusé."
        )
    manifest = parse_manifest(files[MANIFEST])
    if manifest.facilitator_key_id != key_id:
        raise PackageError("key", "le manifeste désigne une autre clé que celle qui l'a signé.")
    ours = minisign.key_id_hex(identity.key_id)
    if manifest.recipient_key_id != ours:
        raise PackageError(
            "recipient",
            f"ce paquet a été préparé pour le coordinateur {manifest.recipient_key_id}, "
            f"pas pour vous ({ours}).",
        )
    return Opened(inner, files, manifest, sha256_hex(files[MANIFEST]), fac)


def _prepared(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "type": r["type"],
            "uuid": r["uuid"],
            "rev": r["rev"],
            "deleted": r["deleted"],
            "hash": record_hash(r),
            "payload": canonical_json(r["data"]).decode("utf-8"),
        }  # fmt: skip
        for r in records
    ]


def _referential(session: Session) -> content.Referential:
    contract_types, outcomes, categories, sensitive = repo.reference_codes(session)
    return content.Referential(frozenset(contract_types), frozenset(outcomes), frozenset(categories),
                               frozenset(sensitive))  # fmt: skip


def _check_owner(session: Session, fac: CoordFacilitator, records: list[dict[str, Any]],
                 stored: dict[tuple[str, str], repo.Held]) -> None:  # fmt: skip
    """A package may create records, and change or delete only those of its own facilitator."""
    for rec in records:
        held = stored.get((rec["type"], rec["uuid"]))
        if held is not None and held[3] != fac.id:
            owner = repo.facilitator_names(session).get(held[3], "?")
            action = "supprimer" if rec["deleted"] else "modifier"
            raise PackageError(
                "owner",
                f"le paquet veut {action} le {content.describe(rec['type'], rec['uuid'])}, qui appartient "
                f"au facilitateur « {owner} » et non à « {fac.name} » ; rien n'a été intégré. Si ce "
                "territoire a changé de mains, transférez d'abord ses enregistrements "
                "(« clausedesk coordinator transfer --from ANCIENNE --to NOUVELLE »).",
            )


def _merge(session: Session, fac: CoordFacilitator, row: CoordPackage, records: list[dict[str, Any]]) -> None:
    """Ownership and references checked against the store, then one bulk merge (or nothing at all)."""
    wanted = {(r["type"], r["uuid"]) for r in records}
    wanted.update((target, uuid) for _, _, target, uuid in content.references(records) if uuid is not None)
    stored = repo.existing(session, wanted)
    _check_owner(session, fac, records, stored)
    content.check_references(records, {key: held[3] for key, held in stored.items()}, fac.id)
    repo.merge_records(session, fac.id, _prepared(records), stored)
    row.status, row.content, row.reason, row.merged_at = repo.MERGED, None, None, utcnow()
    fac.last_sequence, fac.last_manifest_sha256 = row.sequence, row.manifest_sha256
    fac.last_period = max(fac.last_period or row.period, row.period)


def _release_held(session: Session, fac: CoordFacilitator) -> list[int]:
    """Merge the held packages that now follow without a gap; one that breaks the chain is rejected."""

    def merge(row: CoordPackage) -> None:
        assert row.content is not None  # `release_held` hands over held packages with their content
        files = read_zip(row.content, ENTRIES, MAX_TOTAL, MAX_ENTRY, MAX_RATIO, len(ENTRIES) + 1)
        _merge(session, fac, row, parse_records(files[RECORDS]))

    return chain.release_held(fac, lambda sequence: repo.package(session, fac.id, sequence), merge)


def _import(session: Session, blob: bytes, identity: keys.Identity, result: ImportResult) -> None:
    opened = open_package(session, blob, identity)
    fac, manifest = opened.facilitator, opened.manifest
    result.facilitator, result.sequence, result.period = fac.name, manifest.sequence, manifest.period
    existing = repo.package(session, fac.id, manifest.sequence)
    place = chain.place(existing, fac, manifest.sequence, opened.manifest_sha256, manifest.previous_sha256,
                        "ce facilitateur")  # fmt: skip
    if place == chain.DUPLICATE:
        result.status = DUPLICATE
        return
    check_hashes(opened.files, manifest)
    records = parse_records(opened.files[RECORDS])
    content.check_content(records, manifest.period, _referential(session))
    aggregates = parse_aggregates(opened.files[AGGREGATES], manifest.period)
    row = repo.add_package(
        session,
        CoordPackage(
            facilitator_id=fac.id,
            sequence=manifest.sequence,
            period=manifest.period,
            manifest_sha256=opened.manifest_sha256,
            previous_sha256=manifest.previous_sha256,
            status=repo.HELD,
            file_name=result.file[-400:],
            record_count=len(records),
            aggregates_json=json.dumps(aggregates, ensure_ascii=False),
            content=opened.inner,
        ),  # fmt: skip
    )
    result.records = len(records)
    if place == chain.GAP:
        result.status = repo.HELD
        return
    _merge(session, fac, row, records)
    result.status = repo.MERGED
    result.released = _release_held(session, fac)


def import_blob(sessions: SessionFactory, identity: keys.Identity, blob: bytes, name: str) -> ImportResult:
    """Import one package in its own transaction; a refusal is returned as status "rejected"."""
    result = ImportResult(file=name, status=repo.REJECTED)
    return chain.guarded(sessions, result, lambda session: _import(session, blob, identity, result))


def import_files(
    sessions: SessionFactory,
    identity: keys.Identity,
    files: Sequence[Path],
    progress: Callable[[int, int, str], None] | None = None,
) -> list[ImportResult]:
    """Import each file in turn; one file's refusal or read error never stops the others."""
    return chain.read_each(
        files,
        "Le paquet",
        lambda blob, name: import_blob(sessions, identity, blob, name),
        lambda name, reason, check: ImportResult(name, repo.REJECTED, reason, check),
        progress,
    )
