"""The region's import of departmental packages: every check, in order, then one transaction that merges it.

The same checks as the coordinator's import (`sync/importer.py`), one level up: size; decryption (and
the envelope's recipient); archive structure; signature by an enrolled department's key; recipient
named in the manifest; sequence and chain; file hash; schema; content (`sync/content.py`, months not
after the package's year); at merge time, ownership (a department creates records and changes or
deletes only its own) and references (to records of the package or of the region's store, of the same
department). Statuses: `merged` (then any held package that now follows is merged too), `held` (a gap),
`duplicate` (already imported), `rejected` (with `check` and `reason`); a refused file changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from clausedesk.db.engine import SessionFactory
from clausedesk.db.models import RegionDepartment, RegionPackage
from clausedesk.db.models.base import utcnow
from clausedesk.db.repositories import region as repo
from clausedesk.sync import chain, content, envelope, keys, minisign
from clausedesk.sync.archive import read_zip, sha256_hex
from clausedesk.sync.errors import PackageError
from clausedesk.sync.importer import MAX_ENTRY, MAX_PACKAGE, MAX_RATIO, MAX_TOTAL, _prepared, _referential
from clausedesk.sync.manifest import check_hashes, parse_records
from clausedesk.sync.region_package import (
    ENTRIES,
    MANIFEST,
    RECORDS,
    SIGNATURE,
    RegionManifest,
    parse_manifest,
)

log = logging.getLogger("clausedesk.sync")


@dataclass
class RegionImportResult:
    """The outcome of one file; `to_json` gives the object printed by `region import --json`."""

    file: str
    status: str
    reason: str | None = None
    check: str | None = None
    department: str | None = None
    sequence: int | None = None
    year: int | None = None
    records: int = 0
    released: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.file, "status": self.status}
        if self.reason is not None:
            out["reason"], out["check"] = self.reason, self.check
        for name in ("department", "sequence", "year"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        if self.status == repo.MERGED:
            out["records"], out["released"] = self.records, self.released
        return out


@dataclass
class _Opened:
    files: dict[str, bytes]
    inner: bytes
    manifest: RegionManifest
    manifest_sha256: str
    department: RegionDepartment


def _open(session: Session, blob: bytes, identity: keys.Identity) -> _Opened:
    """Size, decryption, archive, signature by an enrolled department, manifest, recipient."""
    if len(blob) > MAX_PACKAGE:
        raise PackageError("size", f"fichier trop gros ({len(blob)} octets, maximum {MAX_PACKAGE}).")
    assert identity.encryption is not None  # the region's identity has one (region init)
    inner = envelope.decrypt(blob, identity.encryption, identity.key_id)
    files = read_zip(inner, ENTRIES, MAX_TOTAL, MAX_ENTRY, MAX_RATIO, len(ENTRIES) + 1, required=ENTRIES)
    try:
        sig = files[SIGNATURE].decode("utf-8")
    except UnicodeDecodeError:
        raise PackageError("signature", "fichier de signature illisible.") from None
    key_id = minisign.key_id_hex(minisign.signature_key_id(sig))
    department = repo.department_by_key(session, key_id)
    if department is None:
        raise PackageError(
            "key",
            f"la clé {key_id} n'est pas celle d'un département inscrit "
            "(« region enroll FICHIER --name NOM »).",
        )
    minisign.verify(
        files[MANIFEST], sig, minisign.parse_public_key(department.public_key), allow_legacy=False
    )
    manifest = parse_manifest(files[MANIFEST])
    if manifest.department_key_id != key_id:
        raise PackageError("key", "le manifeste désigne une autre clé que celle qui l'a signé.")
    ours = minisign.key_id_hex(identity.key_id)
    if manifest.recipient_key_id != ours:
        raise PackageError(
            "recipient",
            f"ce paquet a été préparé pour la région {manifest.recipient_key_id}, pas pour vous ({ours}).",
        )
    return _Opened(files, inner, manifest, sha256_hex(files[MANIFEST]), department)


def _merge(
    session: Session, dep: RegionDepartment, row: RegionPackage, records: list[dict[str, Any]]
) -> None:
    """Ownership and references checked against the store, then one bulk merge (or nothing at all)."""
    wanted = {(r["type"], r["uuid"]) for r in records}
    wanted.update((target, uuid) for _, _, target, uuid in content.references(records) if uuid is not None)
    stored = repo.existing(session, wanted)
    names = repo.department_names(session)
    for rec in records:
        held = stored.get((rec["type"], rec["uuid"]))
        if held is not None and held[3] != dep.id:
            action = "supprimer" if rec["deleted"] else "modifier"
            raise PackageError(
                "owner",
                f"le paquet veut {action} le {content.describe(rec['type'], rec['uuid'])}, qui appartient au "
                f"département « {names.get(held[3], '?')} » et non à « {dep.name} » ; rien n'a été intégré.",
            )
    owners = {key: held[3] for key, held in stored.items()}
    content.check_references(records, owners, dep.id, content.REGION_WORDS)
    repo.merge_records(session, dep.id, _prepared(records), stored)
    row.status, row.content, row.reason, row.merged_at = repo.MERGED, None, None, utcnow()
    dep.last_sequence, dep.last_manifest_sha256 = row.sequence, row.manifest_sha256
    dep.last_year = max(dep.last_year or row.year, row.year)


def _release_held(session: Session, dep: RegionDepartment) -> list[int]:
    """Merge the held packages that now follow without a gap; one that breaks the chain is rejected."""

    def merge(row: RegionPackage) -> None:
        assert row.content is not None  # `release_held` hands over held packages with their content
        files = read_zip(row.content, ENTRIES, MAX_TOTAL, MAX_ENTRY, MAX_RATIO, len(ENTRIES) + 1)
        _merge(session, dep, row, parse_records(files[RECORDS]))

    return chain.release_held(dep, lambda sequence: repo.package(session, dep.id, sequence), merge)


def _import(session: Session, blob: bytes, identity: keys.Identity, result: RegionImportResult) -> None:
    opened = _open(session, blob, identity)
    dep, manifest = opened.department, opened.manifest
    result.department, result.sequence, result.year = dep.name, manifest.sequence, manifest.year
    existing = repo.package(session, dep.id, manifest.sequence)
    place = chain.place(existing, dep, manifest.sequence, opened.manifest_sha256, manifest.previous_sha256,
                        "ce département")  # fmt: skip
    if place == chain.DUPLICATE:
        result.status = chain.DUPLICATE
        return
    check_hashes(opened.files, manifest)
    records = parse_records(opened.files[RECORDS])
    content.check_content(records, f"{manifest.year:04d}-12", _referential(session))
    row = repo.add_package(session, RegionPackage(
        department_id=dep.id, sequence=manifest.sequence, year=manifest.year,
        manifest_sha256=opened.manifest_sha256, previous_sha256=manifest.previous_sha256, status=repo.HELD,
        file_name=result.file[-400:], record_count=len(records), content=opened.inner,
    ))  # fmt: skip
    result.records = len(records)
    if place == chain.GAP:
        result.status = repo.HELD
        return
    _merge(session, dep, row, records)
    result.status = repo.MERGED
    result.released = _release_held(session, dep)


def import_blob(
    sessions: SessionFactory, identity: keys.Identity, blob: bytes, name: str
) -> RegionImportResult:
    """Import one package in its own transaction; a refusal is returned as status "rejected"."""
    result = RegionImportResult(file=name, status=repo.REJECTED)
    return chain.guarded(sessions, result, lambda session: _import(session, blob, identity, result))


def import_files(
    sessions: SessionFactory, identity: keys.Identity, paths: Sequence[Path]
) -> list[RegionImportResult]:
    """Import each file in turn; one file's refusal or read error never stops the others."""
    return chain.read_each(
        paths,
        "Le paquet régional",
        lambda blob, name: import_blob(sessions, identity, blob, name),
        lambda name, reason, check: RegionImportResult(name, repo.REJECTED, reason, check),
    )
