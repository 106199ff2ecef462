"""The department's signed referential: pseudonym secret, facilitators directory and shared reference tables.

The directory gives each facilitator's key, structure, territory (EPCIs, communes), contacts and the
buyers they are chef de file for (`sync.directory`); the facilitator's window shows it.

File = deterministic zip of `referential.json` (canonical JSON) and `referential.json.minisig` (signed by
the coordinator's key). A facilitator imports it only if it is signed by the trusted coordinator and
is not older than the one already imported (a replayed old referential cannot roll the secret back).
Reference tables are merged by code: missing entries are added, labels and mappings updated;
nothing is deleted. The secret makes this file confidential: hand it over like a password.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clausedesk.core.errors import ConflictError
from clausedesk.core.files import MAX_REFERENTIAL, InputTooLargeError, read_bounded
from clausedesk.db.engine import SessionFactory
from clausedesk.db.models import ContractType, OutcomeType, PublicCategory
from clausedesk.db.models.base import utcnow
from clausedesk.db.repositories import sync as repo
from clausedesk.sync import directory, keys, minisign
from clausedesk.sync.archive import canonical_json, read_zip, strict_json, write_zip
from clausedesk.sync.errors import PackageError
from clausedesk.sync.pseudonym import secret_bytes

FORMAT = "clausedesk-referential"
DOCUMENT = "referential.json"
SIGNATURE = "referential.json.minisig"
MAX_FILE = MAX_REFERENTIAL
_TABLES: dict[str, tuple[Any, tuple[str, ...]]] = {
    "public_categories": (PublicCategory, ("label", "sensitive", "requires_reason")),
    "contract_types": (ContractType, ("label", "outcome_kind")),
    "outcome_types": (OutcomeType, ("label", "sortie_category")),
}


@dataclass(frozen=True)
class ImportedReferential:
    version: int
    department: str
    facilitators: int


def _tables(session: Session) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for name, (model, fields) in _TABLES.items():
        rows = session.scalars(select(model).where(model.deleted_at.is_(None)).order_by(model.sort_order))
        out[name] = [{"code": r.code, **{f: getattr(r, f) for f in fields}} for r in rows]
    return out


def publish(sessions: SessionFactory, identity: keys.Identity, path: Path, department: str = "") -> int:
    """Write the signed referential to `path`; returns its version number (one more than the last)."""
    if not identity.is_coordinator:
        raise ConflictError("Seul le coordinateur publie le référentiel départemental.")
    with sessions() as session, session.begin():
        state = repo.state(session)
        if not state.department_secret:
            raise ConflictError("Ce dossier n'a pas de secret départemental : lancez « coordinator init ».")
        state.referential_version += 1
        if department:
            state.department_name = department
        document = {
            "format": FORMAT,
            "version": state.referential_version,
            "department": state.department_name or "",
            "published_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "coordinator_key_id": identity.public.key_id_hex,
            "secret": state.department_secret,
            "facilitators": directory.referential_entries(session),
            "reference": _tables(session),
        }
        if state.region_secret:  # handed down from the regional referential (sync/region_referential.py)
            document["region_secret"] = state.region_secret
        data = canonical_json(document)
        comment = f"ClauseDesk referentiel version {state.referential_version}"
        sig = minisign.sign(data, identity.signing, identity.key_id, comment)
        keys.write_atomic(Path(path), write_zip({DOCUMENT: data, SIGNATURE: sig.encode("ascii")}))
        return state.referential_version


def _apply_tables(session: Session, reference: object) -> None:
    if not isinstance(reference, dict):
        raise PackageError("schema", "tables de référence illisibles.")
    for name, (model, fields) in _TABLES.items():
        rows = reference.get(name, [])
        if not isinstance(rows, list):
            raise PackageError("schema", f"table de référence « {name} » illisible.")
        existing = {r.code: r for r in session.scalars(select(model))}
        for order, item in enumerate(rows):
            if not (
                isinstance(item, dict)
                and isinstance(item.get("code"), str)
                and set(item) == {"code", *fields}
            ):
                raise PackageError("schema", f"entrée invalide dans la table « {name} ».")
            row = existing.get(item["code"])
            if row is None:
                session.add(model(code=item["code"], sort_order=order, **{f: item[f] for f in fields}))
            else:
                for f in fields:
                    if getattr(row, f) != item[f]:
                        setattr(row, f, item[f])


#: Fields of a directory entry (those after `revoked` came with the directory of issue 14: optional).
_DIRECTORY_TEXT = ("name", "key_id", "fingerprint")
_DIRECTORY_LISTS = ("territory", "communes", "contacts", "chef_de_file_for")


def _checked_directory(entries: object) -> list[dict[str, Any]]:
    """The referential's directory, each entry's fields of the expected types (else PackageError)."""
    if not isinstance(entries, list):
        raise PackageError("schema", "annuaire des facilitateurs illisible.")
    for entry in entries:
        if not (
            isinstance(entry, dict)
            and all(isinstance(entry.get(f), str) for f in _DIRECTORY_TEXT)
            and isinstance(entry.get("revoked", False), bool)
            and isinstance(entry.get("structure"), str | None)
            and all(
                isinstance(entry.get(f, []), list) and all(isinstance(v, str) for v in entry.get(f, []))
                for f in _DIRECTORY_LISTS
            )
        ):
            raise PackageError("schema", "entrée invalide dans l'annuaire des facilitateurs.")
    return entries


def import_referential(sessions: SessionFactory, path: Path) -> ImportedReferential:
    """Verify and apply a referential signed by the trusted coordinator (all or nothing)."""
    try:
        blob = read_bounded(Path(path), MAX_FILE, "Le fichier de référentiel")
    except InputTooLargeError as exc:
        raise PackageError("size", exc.message) from None
    files = read_zip(blob, {DOCUMENT, SIGNATURE}, MAX_FILE, MAX_FILE, 200, 2, required={DOCUMENT, SIGNATURE})
    with sessions() as session, session.begin():
        state = repo.state(session)
        if not state.coordinator_bundle:
            raise ConflictError(
                "Enregistrez d'abord la clé du coordinateur "
                "(« clausedesk keys trust-coordinator FICHIER ») : "
                "elle sert à vérifier le référentiel."
            )
        coordinator = keys.parse_public_bundle(state.coordinator_bundle)
        try:
            sig_text = files[SIGNATURE].decode("utf-8")
        except UnicodeDecodeError:
            raise PackageError("signature", "signature illisible.") from None
        minisign.verify(files[DOCUMENT], sig_text, coordinator.signing, allow_legacy=False)
        doc = strict_json(files[DOCUMENT])
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise PackageError("schema", "ce fichier n'est pas un référentiel ClauseDesk.")
        version = doc.get("version")
        if not isinstance(version, int) or version < 1:
            raise PackageError("schema", "version du référentiel invalide.")
        if version < state.referential_version:
            raise PackageError(
                "sequence",
                f"ce référentiel (version {version}) est plus ancien que celui déjà importé "
                f"(version {state.referential_version}).",
            )
        secret = doc.get("secret")
        if not isinstance(secret, str):
            raise PackageError("schema", "secret départemental absent.")
        secret_bytes(secret)
        if (
            state.department_secret
            and state.department_secret != secret
            and version == state.referential_version
        ):
            raise PackageError("sequence", "deux référentiels différents portent la même version.")
        _apply_tables(session, doc.get("reference", {}))
        region_secret = doc.get("region_secret")
        if region_secret is not None:
            from clausedesk.sync.region_referential import receive_region_secret

            receive_region_secret(session, state, region_secret)
        directory = _checked_directory(doc.get("facilitators", []))
        state.department_secret = secret
        state.department_name = str(doc.get("department", ""))[:200]
        state.referential_version = version
        state.referential_json = json.dumps({"facilitators": directory}, ensure_ascii=False)
        state.referential_at = utcnow()
        count = len(directory)
    return ImportedReferential(version, str(doc.get("department", "")), count)
