"""Changing the store's passphrase, and the employer's recovery kit (the key sealed by a second secret)."""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from clausedesk.core.errors import StoreError
from clausedesk.core.files import MAX_KEY_FILE, read_bounded, write_atomic
from clausedesk.core.oserrors import os_reason
from clausedesk.db import backup_rotation, keyring
from clausedesk.db.backup import verify_copy, write_copy
from clausedesk.db.keyring import RawKey
from clausedesk.db.lock import StoreLock, WriteLock
from clausedesk.db.store import replace_store_file
from clausedesk.paths import Paths

KIT_FORMAT = "clausedesk-kit-de-secours"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1


@dataclass(frozen=True)
class RekeyResult:
    backup_before: Path
    backups_reencrypted: int
    backups_left: int
    companions_resealed: int = 0


class Companion(Protocol):
    """Another secret sealed under the store's passphrase (the signing key): re-sealed with the store.

    `stage` writes the re-sealed copy beside the original (or refuses, and nothing changes); `commit`
    puts it in place right after the store got its new passphrase; `discard` drops it if the store's
    change failed. Returns of `stage`: whether there was something to re-seal.
    """

    def stage(self, old_passphrase: str, new_passphrase: str) -> bool: ...

    def commit(self) -> None: ...

    def discard(self) -> None: ...


def _store_key(paths: Paths, phrase: str) -> RawKey:
    if not paths.store.exists():
        raise StoreError(f"Aucune base ClauseDesk dans {paths.root}.")
    key = keyring.key_for_file(paths.store, phrase)
    verify_copy(paths.store, key=key)
    return key


def rekey_with(
    paths: Paths,
    old_key: RawKey,
    new_passphrase: str,
    *,
    old_passphrase: str | None = None,
    companions: Sequence[Companion] = (),
) -> RekeyResult:
    """Re-encrypt the store (and the backups of its folder) under `new_passphrase`, atomically.

    The `companions` (sealed under `old_passphrase`) are re-sealed beside their files first, then put
    in place right after the store: an interruption in between leaves a store with the new passphrase
    and each companion's re-sealed copy waiting beside it, which its reader takes up.
    """
    keyring.check_new_passphrase(new_passphrase)
    with StoreLock(paths), WriteLock(paths, exclusive=True):
        staged = [c for c in companions if old_passphrase and c.stage(old_passphrase, new_passphrase)]
        new_key = keyring.derive(new_passphrase, old_key.salt)
        staging = paths.backups / "changement-phrase-en-cours.sqlite"
        try:
            before = _take_backup_with_key(paths, old_key)
            write_copy(paths.store, staging, source_key=old_key, target_key=new_key, what="Le rechiffrement")
            replace_store_file(paths, staging, keep_source=False, old_key=old_key)
        except BaseException:
            for companion in staged:
                companion.discard()
            raise
        for companion in staged:
            companion.commit()
        done = left = 0
        for info in backup_rotation.list_backups(paths):
            salt = keyring.read_salt(info.path)
            if salt != old_key.salt:
                left += 1
                continue
            try:
                write_copy(
                    info.path,
                    info.path,
                    source_key=old_key,
                    target_key=keyring.derive(new_passphrase, salt),
                    what="Le rechiffrement",
                )
                done += 1
            except StoreError:
                left += 1
    if keyring.passphrase_is_remembered():
        keyring.remember(new_passphrase)
    return RekeyResult(before, done, left, len(staged))


def _take_backup_with_key(paths: Paths, key: RawKey) -> Path:
    stamp = datetime.now().strftime("%Y-%m-%d_%H%M%S")
    target = paths.backups / f"avant-changement-phrase_clausedesk_{stamp}.sqlite"
    return write_copy(paths.store, target, source_key=key, target_key=key)


def change_passphrase(
    paths: Paths, old_passphrase: str, new_passphrase: str, *, companions: Sequence[Companion] = ()
) -> RekeyResult:
    """Check the current passphrase, then re-encrypt the store, its backups and `companions` with the new
    one."""
    if old_passphrase == new_passphrase:
        raise StoreError("La nouvelle phrase de passe est identique à l'actuelle : choisissez-en une autre.")
    keyring.check_new_passphrase(new_passphrase)
    return rekey_with(
        paths,
        _store_key(paths, old_passphrase),
        new_passphrase,
        old_passphrase=old_passphrase,
        companions=companions,
    )


def _secret_key(secret: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(secret.encode("utf-8"))


def write_recovery_kit(paths: Paths, target: Path, *, passphrase: str | None, secret: str) -> Path:
    """Write the store key sealed by the employer's `secret` (AES-GCM, key from scrypt), atomically."""
    keyring.check_new_passphrase(secret)
    key = _store_key(paths, keyring.passphrase(passphrase))
    kdf_salt = secrets.token_bytes(16)
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_secret_key(secret, kdf_salt)).encrypt(nonce, key.key, key.salt)
    kit: dict[str, Any] = {
        "format": KIT_FORMAT,
        "version": 1,
        "created": datetime.now().isoformat(timespec="seconds"),
        "store_salt": key.salt.hex(),
        "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": kdf_salt.hex()},
        "nonce": nonce.hex(),
        "sealed_key": sealed.hex(),
        "note": "Kit de secours ClauseDesk : ouvre la base avec le secret de l'employeur "
        "(commande « clausedesk passphrase recover »). À conserver hors de l'ordinateur.",
    }
    write_atomic(target, json.dumps(kit, ensure_ascii=False, indent=2).encode("utf-8"), private=True)
    return target


def open_recovery_kit(kit_file: Path, secret: str) -> RawKey:
    """The store key sealed in `kit_file`, or a French refusal (not a kit, damaged, wrong secret)."""
    refusal = f"Le fichier {kit_file} n'est pas un kit de secours ClauseDesk (ou il est endommagé)."
    try:
        kit = json.loads(read_bounded(kit_file, MAX_KEY_FILE, "Le kit de secours").decode("utf-8"))
        if not isinstance(kit, dict) or kit.get("format") != KIT_FORMAT or kit.get("version") != 1:
            raise StoreError(refusal)
        kdf = kit["kdf"]
        salt = bytes.fromhex(kit["store_salt"])
        sealing = Scrypt(
            salt=bytes.fromhex(kdf["salt"]), length=32, n=int(kdf["n"]), r=int(kdf["r"]), p=int(kdf["p"])
        ).derive(secret.encode("utf-8"))
        key = AESGCM(sealing).decrypt(bytes.fromhex(kit["nonce"]), bytes.fromhex(kit["sealed_key"]), salt)
    except InvalidTag as exc:
        raise StoreError("Le secret de secours est incorrect : le kit ne s'ouvre pas.") from exc
    except OSError as exc:
        raise StoreError(f"Impossible de lire {kit_file} : {os_reason(exc)}.") from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise StoreError(refusal) from exc
    return RawKey(key, salt)


def recover(paths: Paths, kit_file: Path, secret: str, new_passphrase: str) -> RekeyResult:
    """Open the store with the recovery kit and give it a new passphrase (the lost one is forgotten)."""
    key = open_recovery_kit(kit_file, secret)
    if keyring.read_salt(paths.store) != key.salt:
        raise StoreError("Ce kit de secours a été fait pour une autre base ClauseDesk.")
    try:
        verify_copy(paths.store, key=key)
    except StoreError as exc:
        raise StoreError(
            "Ce kit de secours n'ouvre plus la base : la phrase de passe a été changée depuis qu'il a été "
            "fait. Utilisez le kit le plus récent."
        ) from exc
    return rekey_with(paths, key, new_passphrase)
