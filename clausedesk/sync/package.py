"""Building the facilitator's monthly package: pseudonymous changes since the last one, signed, encrypted.

`write_package` runs in one unit of work: it reads the store, writes the file atomically, then records
the package (sequence, manifest hash) and the content hash of every record it carried; if anything
fails before the end, nothing is recorded and the next package will carry the same changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from hashlib import sha256
from pathlib import Path

from sqlalchemy.orm import Session

from clausedesk.core.errors import ConflictError, ValidationError
from clausedesk.core.rules.progress import check_month, month_of
from clausedesk.db.engine import SessionFactory
from clausedesk.db.models import SentPackage
from clausedesk.db.repositories import sync as repo
from clausedesk.sync import envelope, keys, minisign
from clausedesk.sync.aggregates import month_aggregates
from clausedesk.sync.archive import canonical_json, sha256_hex, write_zip
from clausedesk.sync.manifest import AGGREGATES, MANIFEST, RECORDS, SIGNATURE, make_manifest
from clausedesk.sync.pseudonym import Pseudonymiser, secret_bytes

ProgressFn = Callable[[int, int, str], None]


_RECORDS_HEAD, _RECORDS_TAIL = b'{"records":[', b"]}"


@dataclass
class Pending:
    """What the next package carries: changed records (their canonical JSON), counted by type and change.

    Only the records' JSON bytes are kept (no list of 20,000 record objects), joined once into
    records.json; `known` holds the changed records already sent once (updated, not inserted, in the
    record of what was sent).
    """

    hashes: dict[tuple[str, str], str] = field(default_factory=dict)
    new: Counter[str] = field(default_factory=Counter)
    changed: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)
    known: set[tuple[str, str]] = field(default_factory=set)
    _parts: list[bytes] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.hashes)

    def add(self, encoded: bytes) -> None:
        self._parts.append(encoded)

    def records_json(self) -> bytes:
        """records.json: the canonical JSON of {"records": [...]}, made of the records' own canonical JSON.

        Called once: the parts are released as soon as they are joined.
        """
        data = b"".join((_RECORDS_HEAD, b",".join(self._parts), _RECORDS_TAIL))
        self._parts = []
        return data


@dataclass(frozen=True)
class BuiltPackage:
    path: Path
    sequence: int
    period: str
    manifest_sha256: str
    record_count: int
    recipient_key_id: str


def _pseudonymiser(session: Session) -> Pseudonymiser:
    state = repo.state(session)
    if not state.department_secret:
        raise ConflictError(
            "Le référentiel départemental n'a pas été importé : demandez-le à votre coordinateur puis "
            "importez-le (« clausedesk import-referential FICHIER ») avant de préparer un paquet."
        )
    return Pseudonymiser(secret_bytes(state.department_secret))


def pending(session: Session, period: str) -> Pending:
    """The records changed since the last package (hour entries up to `period` only).

    Each record is serialised once: its canonical JSON gives its content hash (`record_hash`) and,
    when it changed, its place in records.json; the record itself is not kept.
    """
    sent = repo.sent_hashes(session)
    result = Pending()
    secret = repo.state(session).region_secret
    regional = Pseudonymiser(secret_bytes(secret)) if secret else None
    parts, hashes, known = result._parts, result.hashes, result.known
    counts: dict[tuple[str, int], int] = {}  # (type, 0 new | 1 changed | 2 deleted) → records
    exported = repo.export_encoded(session, period, _pseudonymiser(session), canonical_json, regional)
    for kind, uuid, deleted, encoded in exported:
        digest = sha256(encoded).hexdigest()
        key = (kind, uuid)
        before = sent.get(key)
        if before == digest:
            continue
        parts.append(encoded)
        hashes[key] = digest
        if before is not None:
            known.add(key)
        slot = (kind, 2 if deleted else 0 if before is None else 1)
        counts[slot] = counts.get(slot, 0) + 1
    for (kind, change), n in counts.items():
        (result.new, result.changed, result.deleted)[change][kind] = n
    return result


def _coordinator(session: Session) -> keys.PublicBundle:
    state = repo.state(session)
    if not state.coordinator_bundle:
        raise ConflictError(
            "Aucun coordinateur de confiance : enregistrez d'abord sa clé publique "
            "(« clausedesk keys trust-coordinator FICHIER »)."
        )
    bundle = keys.parse_public_bundle(state.coordinator_bundle)
    if bundle.encryption is None:
        raise ConflictError(
            "La clé du coordinateur enregistrée n'a pas de clé de chiffrement : réenregistrez-la."
        )
    return bundle


def check_period(session: Session, period: str, today: datetime | None = None) -> str:
    """The period, checked: a valid month, not in the future, not before the last package's month."""
    period = check_month(period)
    current = month_of((today or datetime.now(UTC)).date())
    if period > current:
        raise ValidationError(
            "Mois du paquet", f"{period} n'a pas encore commencé : choisissez un mois passé"
        )
    last = repo.last_sent(session)
    if last is not None and period < last.period:
        raise ValidationError(
            "Mois du paquet",
            f"un paquet a déjà été envoyé pour {last.period} : un mois antérieur ne peut plus être envoyé "
            "(les corrections partent dans le prochain paquet)",
        )
    return period


def write_package(
    sessions: SessionFactory,
    identity: keys.Identity,
    period: str,
    path: Path,
    *,
    progress: ProgressFn | None = None,
    today: datetime | None = None,
) -> BuiltPackage:
    """Build, sign, encrypt and atomically write the package of `period` to `path`, then record it."""
    if identity.is_coordinator:
        raise ConflictError("Ce dossier est celui d'un coordinateur : il ne prépare pas de paquet mensuel.")
    step = progress or (lambda done, total, message: None)
    with sessions() as session, session.begin():
        period = check_period(session, period, today)
        coordinator = _coordinator(session)
        assert coordinator.encryption is not None
        step(1, 5, "Recherche des modifications depuis le dernier paquet…")
        todo = pending(session, period)
        step(2, 5, "Calcul des agrégats du mois…")
        aggregates = month_aggregates(session, period)
        last = repo.last_sent(session)
        sequence = 1 if last is None else last.sequence + 1
        data_files = {
            RECORDS: todo.records_json(),
            AGGREGATES: canonical_json(aggregates),
        }
        recipient = coordinator.signing.key_id_hex
        manifest = make_manifest(
            facilitator_key_id=identity.public.key_id_hex,
            recipient_key_id=recipient,
            period=period,
            sequence=sequence,
            previous_sha256=None if last is None else last.manifest_sha256,
            created_at=(today or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            files=data_files,
        )
        step(3, 5, "Signature…")
        comment = f"ClauseDesk paquet {identity.public.key_id_hex} sequence {sequence} periode {period}"
        signature = minisign.sign(manifest, identity.signing, identity.key_id, comment)
        inner = write_zip({MANIFEST: manifest, SIGNATURE: signature.encode("ascii"), **data_files})
        data_files.clear()  # records.json (17 MB at `decade`) is in the zip now: let it go
        # last call of `step`: a cancellation (raised by the callback) must come before the file is
        # written, never between writing it and recording its sequence number
        step(4, 5, "Chiffrement pour le coordinateur…")
        blob = envelope.encrypt(inner, coordinator.encryption, coordinator.key_id)
        keys.write_atomic(Path(path), blob)
        digest = sha256_hex(manifest)
        repo.record_sent(
            session,
            SentPackage(
                sequence=sequence,
                period=period,
                manifest_sha256=digest,
                recipient_key_id=recipient,
                file_name=Path(path).name,
                record_count=todo.total,
            ),  # fmt: skip
            todo.hashes,
            todo.known,
        )
    return BuiltPackage(Path(path), sequence, period, digest, todo.total, recipient)
