"""Who this data folder is in the department: its identity (facilitator or coordinator), trusted keys."""

from __future__ import annotations

from pathlib import Path

from clausedesk.core.errors import ConflictError, ValidationError
from clausedesk.db import rekey
from clausedesk.db.engine import SessionFactory
from clausedesk.db.models.base import utcnow
from clausedesk.db.repositories import coordinator as coord_repo
from clausedesk.db.repositories import sync as repo
from clausedesk.paths import Paths
from clausedesk.sync import keys
from clausedesk.sync.errors import PackageError
from clausedesk.sync.pseudonym import new_secret


def key_folder(paths: Paths) -> Path:
    return paths.keys


def public_bundle(paths: Paths) -> keys.PublicBundle | None:
    """This folder's public identity, or None when no key was created yet."""
    path = key_folder(paths) / keys.PUBLIC_FILE
    if not path.exists():
        return None
    return keys.read_public_bundle(path)


def is_coordinator(paths: Paths) -> bool:
    bundle = public_bundle(paths)
    return bundle is not None and bundle.encryption is not None


class SigningKey:
    """The folder's signing key as a companion of the store's passphrase (`db.rekey.Companion`)."""

    def __init__(self, paths: Paths) -> None:
        self.folder = key_folder(paths)

    def stage(self, old_passphrase: str, new_passphrase: str) -> bool:
        return keys.reseal(self.folder, old_passphrase.encode("utf-8"), new_passphrase.encode("utf-8"))

    def commit(self) -> None:
        keys.promote_resealed(self.folder)

    def discard(self) -> None:
        keys.discard_resealed(self.folder)


def change_passphrase(paths: Paths, old_passphrase: str, new_passphrase: str) -> rekey.RekeyResult:
    """One passphrase for the store, its backups and the signing key: all re-sealed together."""
    return rekey.change_passphrase(paths, old_passphrase, new_passphrase, companions=[SigningKey(paths)])


def unlock(paths: Paths, passphrase: bytes) -> keys.Identity:
    return keys.load_identity(key_folder(paths), passphrase)


def init_facilitator(paths: Paths, passphrase: bytes, scrypt_n: int = keys.DEFAULT_SCRYPT_N) -> keys.Identity:
    return keys.generate_identity(key_folder(paths), passphrase, scrypt_n=scrypt_n)


def init_coordinator(
    paths: Paths, sessions: SessionFactory, passphrase: bytes, scrypt_n: int = keys.DEFAULT_SCRYPT_N
) -> keys.Identity:
    """Make the folder a coordinator's: signing and encryption keys, and a new department secret."""
    with sessions() as session, session.begin():
        state = repo.state(session)
        if state.coordinator_bundle:
            raise ConflictError(
                "Ce dossier est celui d'un facilitateur (un coordinateur y est enregistré) : "
                "créez le dossier du coordinateur ailleurs (--data-dir)."
            )
        identity = keys.generate_identity(key_folder(paths), passphrase, coordinator=True, scrypt_n=scrypt_n)
        if not state.department_secret:
            state.department_secret = new_secret()
    return identity


def trust_coordinator(sessions: SessionFactory, path: Path) -> keys.PublicBundle:
    """Record the coordinator's public key (it must carry an encryption key)."""
    bundle = keys.read_public_bundle(path)
    if bundle.encryption is None:
        raise ValidationError(
            "Clé du coordinateur", "ce fichier est la clé d'un facilitateur, pas celle d'un coordinateur"
        )
    with sessions() as session, session.begin():
        state = repo.state(session)
        state.coordinator_bundle = keys.format_public_bundle(bundle)
        state.coordinator_key_id = bundle.signing.key_id_hex
        state.trusted_at = utcnow()
    return bundle


def trusted_coordinator(sessions: SessionFactory) -> keys.PublicBundle | None:
    with sessions() as session:
        text = repo.state(session).coordinator_bundle
        return None if not text else keys.parse_public_bundle(text)


def enroll(sessions: SessionFactory, path: Path, name: str) -> keys.PublicBundle:
    """Enrol a facilitator from their exported public key file."""
    name = name.strip()
    if not name:
        raise ValidationError("Nom du facilitateur", "obligatoire (--name)")
    bundle = keys.read_public_bundle(path)
    if bundle.encryption is not None:
        raise PackageError("key", "ce fichier est la clé d'un coordinateur, pas celle d'un facilitateur.")
    with sessions() as session, session.begin():
        coord_repo.enroll(
            session, bundle.signing.key_id_hex, name, keys.format_public_bundle(bundle), bundle.fingerprint
        )
    return bundle
