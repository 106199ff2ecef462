"""The department's consolidated package for its region: format, and the coordinator's export.

Same family as the facilitator's monthly package (`sync/manifest.py`), one level up. Encrypted to the
region's X25519 key (`sync/envelope.py`), the zip holds::

    manifest.json          canonical JSON: format "clausedesk-region-package", department key id,
                           recipient (region) key id, year, sequence, previous manifest's SHA-256,
                           created_at, and records.json's size and SHA-256
    manifest.json.minisig  the department coordinator's minisign signature of manifest.json
    records.json           {"records": [...]}: the coordinator's merged records, in the facilitator's
                           package schema, with each participant's `pseudonym` replaced by its
                           regional pseudonym (no departmental pseudonym, no name, no sensitive category)

A package for year Y carries every record of the department except the hour entries, situations and
meetings of other years (tombstones included, so that deletions reach the region). A live participant
without regional pseudonym (sent before the facilitator knew the regional secret) makes the export
refused: the coordinator cannot compute it, as it holds no names.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from clausedesk.core.errors import ConflictError, ValidationError
from clausedesk.db.engine import SessionFactory
from clausedesk.db.models.region import RegionSentPackage
from clausedesk.db.repositories import coordinator as coord_repo
from clausedesk.db.repositories import region as repo
from clausedesk.db.repositories.region import StoredRecord
from clausedesk.sync import envelope, keys, minisign
from clausedesk.sync.archive import canonical_json, sha256_hex, strict_json, write_zip
from clausedesk.sync.errors import PackageError
from clausedesk.sync.region_referential import trusted_region

FORMAT = "clausedesk-region-package"
FORMAT_VERSION = 1
MANIFEST, SIGNATURE, RECORDS = "manifest.json", "manifest.json.minisig", "records.json"
ENTRIES = frozenset({MANIFEST, SIGNATURE, RECORDS})
#: record type → the date field whose year selects it (the other types are always carried)
YEAR_FIELDS = {"hour_entry": "month", "situation": "observed_on", "meeting": "held_on"}
FIRST_YEAR = 2000
_KEY_ID = re.compile(r"[0-9A-F]{16}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_FIELDS = {"format", "format_version", "department_key_id", "recipient_key_id", "year", "sequence",
           "previous_manifest_sha256", "created_at", "files"}  # fmt: skip


@dataclass(frozen=True)
class RegionManifest:
    department_key_id: str
    recipient_key_id: str
    year: int
    sequence: int
    previous_sha256: str | None
    created_at: str
    files: dict[str, tuple[int, str]]  # name → (size, sha256)


@dataclass(frozen=True)
class BuiltRegionPackage:
    path: Path
    sequence: int
    year: int
    record_count: int
    people: int
    recipient_key_id: str


def make_manifest(*, department_key_id: str, recipient_key_id: str, year: int, sequence: int,
                  previous_sha256: str | None, created_at: str, records: bytes) -> bytes:  # fmt: skip
    return canonical_json({
        "format": FORMAT, "format_version": FORMAT_VERSION, "department_key_id": department_key_id,
        "recipient_key_id": recipient_key_id, "year": year, "sequence": sequence,
        "previous_manifest_sha256": previous_sha256, "created_at": created_at,
        "files": [{"name": RECORDS, "size": len(records), "sha256": sha256_hex(records)}],
    })  # fmt: skip


def _int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_manifest(data: bytes) -> RegionManifest:
    """Read and check a regional manifest (PackageError check "schema" when anything is off)."""
    doc = strict_json(data)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise PackageError(
            "schema", "ce n'est pas un paquet régional ClauseDesk (format du manifeste inconnu)."
        )
    if doc.get("format_version") != FORMAT_VERSION:
        raise PackageError("schema", "version du paquet régional inconnue : mettez ClauseDesk à jour.")
    if set(doc) != _FIELDS:
        raise PackageError("schema", "champs inattendus ou manquants dans le manifeste.")
    dep, rec, year, seq, prev = (doc["department_key_id"], doc["recipient_key_id"], doc["year"],
                                 doc["sequence"], doc["previous_manifest_sha256"])  # fmt: skip
    if not all(isinstance(k, str) and _KEY_ID.fullmatch(k) for k in (dep, rec)):
        raise PackageError("schema", "identifiant de clé invalide dans le manifeste.")
    if not (_int(year) and FIRST_YEAR <= year <= 2199):
        raise PackageError("schema", "année invalide dans le manifeste.")
    if not (_int(seq) and 1 <= seq < 2**31):
        raise PackageError("schema", "numéro de séquence invalide dans le manifeste.")
    if not (prev is None or (isinstance(prev, str) and _HEX64.fullmatch(prev))) or (seq == 1) != (
        prev is None
    ):
        raise PackageError("schema", "empreinte du manifeste précédent invalide.")
    if not isinstance(doc["created_at"], str) or len(doc["created_at"]) > 40:
        raise PackageError("schema", "date de création invalide dans le manifeste.")
    entries = doc["files"]
    entry = entries[0] if isinstance(entries, list) and len(entries) == 1 else None
    if not (isinstance(entry, dict) and set(entry) == {"name", "size", "sha256"} and entry["name"] == RECORDS
            and _int(entry["size"]) and entry["size"] >= 0
            and isinstance(entry["sha256"], str) and _HEX64.fullmatch(entry["sha256"])):  # fmt: skip
        raise PackageError("schema", "description des fichiers invalide dans le manifeste.")
    files = {RECORDS: (entry["size"], entry["sha256"])}
    return RegionManifest(dep, rec, year, seq, prev, doc["created_at"], files)


def _in_year(rec: StoredRecord, data: dict[str, Any], year: int) -> bool:
    field = YEAR_FIELDS.get(rec.kind)
    if field is None:
        return True
    value = data.get(field)
    return isinstance(value, str) and value[:4] == f"{year:04d}"


def _tombstone_pseudonym(uuid: str) -> str:
    """A deleted participant sent before the regional secret: counted nowhere, but still a valid record."""
    return hashlib.sha256(f"ClauseDesk personne supprimée|{uuid}".encode()).hexdigest()


def regional_records(sessions: SessionFactory, year: int) -> tuple[list[dict[str, Any]], int]:
    """The records of the year's package (see the module docstring) and the number of live people."""
    out: list[dict[str, Any]] = []
    missing: dict[int, int] = {}
    people = 0
    with sessions() as session:
        names = coord_repo.facilitator_names(session)
        for rec in repo.coordinator_records(session):
            data = json.loads(rec.payload)
            if not _in_year(rec, data, year):
                continue
            if rec.kind == "participant":
                regional = data.pop("regional_pseudonym", None)
                if regional is None and not rec.deleted:
                    missing[rec.owner] = missing.get(rec.owner, 0) + 1
                    continue
                data["pseudonym"] = regional or _tombstone_pseudonym(rec.uuid)
                people += not rec.deleted
            out.append({"type": rec.kind, "uuid": rec.uuid, "rev": rec.rev, "deleted": bool(rec.deleted),
                        "data": data})  # fmt: skip
    if missing:
        total = sum(missing.values())
        who = ", ".join(f"« {names.get(owner, '?')} » ({n})" for owner, n in sorted(missing.items()))
        noun = "personne n'a" if total == 1 else "personnes n'ont"
        raise ConflictError(
            f"{total} {noun} pas de pseudonyme régional (paquets de {who} préparés avant le secret "
            "régional) ; rien n'a été écrit. Importez le référentiel régional "
            "(« coordinator import-region-referential »), publiez le référentiel départemental, faites-le "
            "importer par ces facilitateurs, puis intégrez leur paquet suivant : il portera le pseudonyme "
            "régional de chaque personne."
        )
    return out, people


def write_region_package(sessions: SessionFactory, identity: keys.Identity, year: int, path: Path,
                         *, today: datetime | None = None) -> BuiltRegionPackage:  # fmt: skip
    """Build, sign, encrypt to the region and atomically write the department's package of `year`."""
    if not identity.is_coordinator:
        raise ConflictError("Seul le coordinateur départemental prépare le paquet de la région.")
    now = today or datetime.now(UTC)
    if not FIRST_YEAR <= year <= now.year:
        raise ValidationError(
            "Année du paquet régional", f"{year} : choisissez une année de {FIRST_YEAR} à {now.year}"
        )
    with sessions() as session:
        region = trusted_region(session)
    assert region.encryption is not None  # trust_region refuses a key without one
    records, people = regional_records(sessions, year)
    body = canonical_json({"records": records})
    with sessions() as session, session.begin():
        last = repo.last_sent(session)
        sequence = 1 if last is None else last.sequence + 1
        recipient = region.signing.key_id_hex
        manifest = make_manifest(
            department_key_id=identity.public.key_id_hex, recipient_key_id=recipient, year=year,
            sequence=sequence, previous_sha256=None if last is None else last.manifest_sha256,
            created_at=now.strftime("%Y-%m-%dT%H:%M:%SZ"), records=body,
        )  # fmt: skip
        comment = f"ClauseDesk paquet regional {identity.public.key_id_hex} sequence {sequence} annee {year}"
        signature = minisign.sign(manifest, identity.signing, identity.key_id, comment)
        inner = write_zip({MANIFEST: manifest, SIGNATURE: signature.encode("ascii"), RECORDS: body})
        keys.write_atomic(Path(path), envelope.encrypt(inner, region.encryption, region.key_id))
        repo.record_sent(session, RegionSentPackage(
            sequence=sequence, year=year, manifest_sha256=sha256_hex(manifest), recipient_key_id=recipient,
            file_name=Path(path).name[-400:], record_count=len(records),
        ))  # fmt: skip
    return BuiltRegionPackage(Path(path), sequence, year, len(records), people, recipient)
