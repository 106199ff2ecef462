"""The regional pseudonym secret handed down: region → coordinator (signed referential) → facilitators.

`init_region` makes a data folder the region's (keys and a new regional secret). The region publishes
a signed referential (`region-referential.json` + minisign signature in a deterministic zip: the format,
version, region name, key id, secret and directory of enrolled departments); a coordinator who trusts
the region's key imports it (never an older version, never two different ones under one version), and
its departmental referential then carries `region_secret` to its facilitators. A facilitator who
receives a new regional secret bumps every participant's revision, so that its next package carries
them again with `regional_pseudonym` (HMAC of the name and birth date under the regional secret): only
the facilitator can compute it, the coordinator holds no names. The same person followed in two
departments thus gets the same regional pseudonym, and the region counts them once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from clausedesk.core.errors import ConflictError, ValidationError
from clausedesk.core.files import MAX_REFERENTIAL, InputTooLargeError, read_bounded
from clausedesk.db.engine import SessionFactory
from clausedesk.db.models import SyncState
from clausedesk.db.repositories import region as region_repo
from clausedesk.db.repositories import sync as repo
from clausedesk.paths import Paths
from clausedesk.sync import keys, minisign
from clausedesk.sync.archive import canonical_json, read_zip, strict_json, write_zip
from clausedesk.sync.errors import PackageError
from clausedesk.sync.pseudonym import new_secret, secret_bytes
from clausedesk.sync.setup import key_folder

FORMAT = "clausedesk-region-referential"
DOCUMENT = "region-referential.json"
SIGNATURE = "region-referential.json.minisig"


@dataclass(frozen=True)
class ImportedRegion:
    version: int
    region: str
    departments: int


def is_region(sessions: SessionFactory) -> bool:
    with sessions() as session:
        return bool(repo.peek_state(session).is_region)


def init_region(paths: Paths, sessions: SessionFactory, passphrase: bytes, name: str,
                scrypt_n: int = keys.DEFAULT_SCRYPT_N) -> keys.Identity:  # fmt: skip
    """Make the folder the region's: signing and encryption keys, and a new regional pseudonym secret."""
    with sessions() as session, session.begin():
        state = repo.state(session)
        if state.coordinator_bundle or state.department_secret:
            raise ConflictError(
                "Cette base est celle d'un facilitateur ou d'un coordinateur départemental : créez la "
                "région dans un autre dossier (--data-dir) ou une autre base (--database-url)."
            )
        if state.is_region:  # new keys would orphan the departments' trust and replace the secret
            raise ConflictError(
                f"Une région existe déjà dans cette base (« {state.region_name or 'sans nom'} ») : ses clés "
                "sont dans le dossier de données qui l'a créée (--data-dir). Rien n'a été modifié."
            )
        identity = keys.generate_identity(key_folder(paths), passphrase, coordinator=True, scrypt_n=scrypt_n)
        state.is_region = True
        state.region_secret = new_secret()
        state.region_name = name.strip()[:200] or None
    return identity


def enroll(sessions: SessionFactory, path: Path, name: str) -> keys.PublicBundle:
    """Enrol a department from its coordinator's exported public key (it carries an encryption key)."""
    name = name.strip()
    if not name:
        raise ValidationError("Nom du département", "obligatoire (--name)")
    bundle = keys.read_public_bundle(path)
    if bundle.encryption is None:
        raise PackageError("key", "ce fichier est la clé d'un facilitateur, pas celle d'un coordinateur.")
    with sessions() as session, session.begin():
        region_repo.enroll(session, bundle.signing.key_id_hex, name[:200], keys.format_public_bundle(bundle),
                           bundle.fingerprint)  # fmt: skip
    return bundle


def publish(sessions: SessionFactory, identity: keys.Identity, path: Path) -> int:
    """Write the signed regional referential to `path`; returns its version (one more than the last)."""
    with sessions() as session, session.begin():
        state = repo.state(session)
        if not state.is_region or not state.region_secret:
            raise ConflictError("Ce dossier n'est pas celui d'une région (« clausedesk region init »).")
        state.region_referential_version += 1
        document = {
            "format": FORMAT,
            "version": state.region_referential_version,
            "region": state.region_name or "",
            "published_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "region_key_id": identity.public.key_id_hex,
            "secret": state.region_secret,
            "departments": [
                {"name": d.name, "key_id": d.key_id, "fingerprint": d.fingerprint}
                for d in region_repo.departments(session)
            ],  # fmt: skip
        }
        data = canonical_json(document)
        comment = f"ClauseDesk referentiel regional version {state.region_referential_version}"
        sig = minisign.sign(data, identity.signing, identity.key_id, comment)
        keys.write_atomic(Path(path), write_zip({DOCUMENT: data, SIGNATURE: sig.encode("ascii")}))
        return state.region_referential_version


def trust_region(sessions: SessionFactory, path: Path) -> keys.PublicBundle:
    """The coordinator records the region's public key (it must carry an encryption key)."""
    bundle = keys.read_public_bundle(path)
    if bundle.encryption is None:
        raise ValidationError(
            "Clé de la région", "ce fichier est la clé d'un facilitateur, pas celle de la région"
        )
    with sessions() as session, session.begin():
        state = repo.state(session)
        if not state.department_secret:
            raise ConflictError(
                "Ce dossier n'est pas celui d'un coordinateur (« clausedesk coordinator init »)."
            )
        if state.region_key_id and state.region_key_id != bundle.signing.key_id_hex:
            raise ConflictError(
                f"Une autre région (clé {state.region_key_id}) est déjà enregistrée : rien n'a été modifié."
            )
        state.region_bundle = keys.format_public_bundle(bundle)
        state.region_key_id = bundle.signing.key_id_hex
    return bundle


def trusted_region(session: Session) -> keys.PublicBundle:
    """The region's public key as the coordinator recorded it (ConflictError when there is none)."""
    state = repo.peek_state(session)
    if not state.region_bundle:
        raise ConflictError(
            "Aucune région de confiance : enregistrez d'abord sa clé publique "
            "(« clausedesk coordinator trust-region FICHIER »)."
        )
    return keys.parse_public_bundle(state.region_bundle)


def import_referential(sessions: SessionFactory, path: Path) -> ImportedRegion:
    """The coordinator verifies and keeps the regional secret (all or nothing)."""
    try:
        blob = read_bounded(Path(path), MAX_REFERENTIAL, "Le fichier de référentiel régional")
    except InputTooLargeError as exc:
        raise PackageError("size", exc.message) from None
    files = read_zip(blob, {DOCUMENT, SIGNATURE}, MAX_REFERENTIAL, MAX_REFERENTIAL, 200, 2,
                     required={DOCUMENT, SIGNATURE})  # fmt: skip
    with sessions() as session, session.begin():
        region = trusted_region(session)
        state = repo.state(session)
        try:
            sig_text = files[SIGNATURE].decode("utf-8")
        except UnicodeDecodeError:
            raise PackageError("signature", "signature illisible.") from None
        minisign.verify(files[DOCUMENT], sig_text, region.signing, allow_legacy=False)
        doc = strict_json(files[DOCUMENT])
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise PackageError("schema", "ce fichier n'est pas un référentiel régional ClauseDesk.")
        version, secret = doc.get("version"), doc.get("secret")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise PackageError("schema", "version du référentiel régional invalide.")
        if not isinstance(secret, str):
            raise PackageError("schema", "secret régional absent.")
        secret_bytes(secret)
        if version < state.region_referential_version:
            raise PackageError(
                "sequence",
                f"ce référentiel régional (version {version}) est plus ancien que celui déjà importé "
                f"(version {state.region_referential_version}).",
            )
        if version == state.region_referential_version and state.region_secret != secret:
            raise PackageError("sequence", "deux référentiels régionaux différents portent la même version.")
        state.region_secret = secret
        state.region_name = str(doc.get("region", ""))[:200] or None
        state.region_referential_version = version
        directory = doc.get("departments")
    return ImportedRegion(
        version, state.region_name or "", len(directory) if isinstance(directory, list) else 0
    )


def receive_region_secret(session: Session, state: SyncState, secret: object) -> None:
    """A facilitator's referential carries the regional secret: keep it; when it is new, every participant
    is sent again (with its regional pseudonym) in the next package."""
    if not isinstance(secret, str):
        raise PackageError("schema", "secret régional illisible dans le référentiel.")
    secret_bytes(secret)
    if state.region_secret != secret:
        state.region_secret = secret
        region_repo.touch_participants(session)
