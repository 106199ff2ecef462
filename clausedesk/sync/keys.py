"""Local identities: key generation, passphrase-protected storage, public bundles, atomic file writes.

An identity is one key id (8 random bytes, minisign style) with an Ed25519 signing key and, for a
coordinator, an X25519 encryption key (packages are encrypted to it, under the same key id).

Files, in the identity's folder:

* `identity.key` — the private keys, as UTF-8 JSON (keys sorted)::

      {"format": "clausedesk-identity", "version": 1,
       "role": "facilitator" | "coordinator",
       "key_id": "<key id as minisign shows it, 16 upper-case hex digits>",
       "signing_public": "<base64, 32 bytes>", "encryption_public": "<base64, 32 bytes>" | null,
       "kdf": {"name": "scrypt", "n": <power of 2>, "r": 8, "p": 1, "salt": "<base64, 16 bytes>"},
       "cipher": "AES-256-GCM", "nonce": "<base64, 12 bytes>", "ciphertext": "<base64>"}

  The AES-256-GCM key is scrypt(passphrase, salt, n, r, p). The plaintext is the canonical JSON
  `{"encryption": "<base64 raw X25519 private key>" | null, "signing": "<base64 raw Ed25519 seed>"}`;
  the associated data is the canonical JSON of every other field (all but "ciphertext"), so the
  public part cannot be altered without the file failing to unlock. Written with mode 0600.
* `identity.pub` — the public bundle (see `format_public_bundle`): a minisign public key file,
  followed for a coordinator by one line `clausedesk-x25519: <base64, 32 bytes>`. Stock minisign
  reads only the first two lines, so `minisign -V -p identity.pub` works for both roles.

Scrypt's cost `n` is a parameter of `generate_identity` (default `DEFAULT_SCRYPT_N`, about 0.3 s);
it is stored in the file, and `load_identity` refuses costs outside sane bounds.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from clausedesk.core import files
from clausedesk.sync import minisign
from clausedesk.sync.errors import IdentityError, PackageError, os_reason

IDENTITY_FILE = "identity.key"
#: The identity re-sealed under a new passphrase, waiting for the store to be re-keyed (see `reseal`).
STAGED_FILE = "identity.key.nouvelle"
PUBLIC_FILE = "identity.pub"
FORMAT = "clausedesk-identity"
FORMAT_VERSION = 1
ROLE_FACILITATOR = "facilitator"
ROLE_COORDINATOR = "coordinator"

#: scrypt cost for real use (128 MiB of memory, ~0.3 s); tests pass a much smaller power of two.
DEFAULT_SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
MIN_SCRYPT_N = 2**1
MAX_SCRYPT_N = 2**20
SALT_SIZE = 16
NONCE_SIZE = 12
X25519_PREFIX = "clausedesk-x25519: "
#: Largest identity.key read (it is a few hundred bytes).
MAX_IDENTITY_FILE = 65536


@dataclass(frozen=True)
class PublicBundle:
    """What an identity publishes: its minisign signing key and, for a coordinator, its X25519 key."""

    signing: minisign.PublicKey
    encryption: bytes | None = None

    @property
    def key_id(self) -> bytes:
        return self.signing.key_id

    @property
    def fingerprint(self) -> str:
        """Fingerprint to read over the phone; it covers the encryption key too, when there is one."""
        if self.encryption is None:
            return minisign.fingerprint(self.signing)
        return minisign.fingerprint(self.signing, b"X25519" + self.encryption)


@dataclass(frozen=True)
class Identity:
    """An unlocked identity: its key id, signing key and (coordinator only) encryption key."""

    key_id: bytes
    signing: Ed25519PrivateKey
    encryption: X25519PrivateKey | None = None

    @property
    def is_coordinator(self) -> bool:
        return self.encryption is not None

    @property
    def role(self) -> str:
        return ROLE_COORDINATOR if self.is_coordinator else ROLE_FACILITATOR

    @property
    def public(self) -> minisign.PublicKey:
        return minisign.public_key_of(self.signing, self.key_id)

    @property
    def encryption_public(self) -> bytes | None:
        if self.encryption is None:
            return None
        return self.encryption.public_key().public_bytes_raw()

    @property
    def bundle(self) -> PublicBundle:
        return PublicBundle(signing=self.public, encryption=self.encryption_public)

    @property
    def fingerprint(self) -> str:
        return self.bundle.fingerprint


# --- atomic writes -----------------------------------------------------------------------------


def write_atomic(path: Path, data: bytes, *, private: bool = False) -> None:
    """Write `data` to `path` all at once (the shared atomic writer: never through a link or onto a
    device). `private` makes the file readable by its owner only (mode 0600)."""
    files.write_atomic(Path(path), data, private=private)


# --- public bundles ----------------------------------------------------------------------------


def format_public_bundle(bundle: PublicBundle) -> str:
    """The text of a public key file: minisign format, plus the X25519 line for a coordinator."""
    text = minisign.format_public_key(bundle.signing)
    if bundle.encryption is not None:
        text += X25519_PREFIX + base64.b64encode(bundle.encryption).decode("ascii") + "\n"
    return text


def parse_public_bundle(text: str) -> PublicBundle:
    """Read a public key file written by `format_public_bundle` (or by stock minisign).

    Raises PackageError(check="key") when the text is not a public key, or its X25519 line is bad.
    """
    signing = minisign.parse_public_key(text)
    encryption: bytes | None = None
    for line in text.splitlines():
        if line.startswith(X25519_PREFIX):
            if encryption is not None:
                raise PackageError("key", "le fichier de clé publique contient deux clés de chiffrement.")
            try:
                raw = base64.b64decode(line[len(X25519_PREFIX) :].strip(), validate=True)
            except (binascii.Error, ValueError):
                raise PackageError("key", "clé de chiffrement : encodage base64 invalide.") from None
            if len(raw) != 32:
                raise PackageError("key", "clé de chiffrement de taille invalide.")
            encryption = raw
    return PublicBundle(signing=signing, encryption=encryption)


def read_public_bundle(path: Path) -> PublicBundle:
    """`parse_public_bundle` of a file; IdentityError when the file cannot be read."""
    try:
        raw = files.read_bounded(Path(path), MAX_IDENTITY_FILE, "Le fichier de clé publique")
        text = raw.decode("utf-8")
    except OSError as exc:
        raise IdentityError(f"Impossible de lire la clé publique {path} : {os_reason(exc)}.") from exc
    except UnicodeDecodeError:
        raise PackageError("key", f"{path} n'est pas un fichier de clé publique (texte illisible).") from None
    return parse_public_bundle(text)


def export_public(identity: Identity, path: Path) -> None:
    """Write the identity's public bundle to `path` (atomically)."""
    write_atomic(Path(path), format_public_bundle(identity.bundle).encode("ascii"))


# --- private key storage -----------------------------------------------------------------------


def _canonical(obj: object) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _derive(passphrase: bytes, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase)


def _check_passphrase(passphrase: bytes) -> None:
    if not isinstance(passphrase, bytes | bytearray) or not passphrase:
        raise IdentityError(
            "La phrase de passe est vide : choisissez une phrase de passe pour protéger la clé."
        )


def _valid_scrypt_n(n: object) -> bool:
    return (
        isinstance(n, int)
        and not isinstance(n, bool)
        and MIN_SCRYPT_N <= n <= MAX_SCRYPT_N
        and n & (n - 1) == 0
    )


def has_identity(folder: Path) -> bool:
    """Whether `folder` already holds an identity."""
    return (Path(folder) / IDENTITY_FILE).exists()


def _seal(identity: Identity, passphrase: bytes, scrypt_n: int) -> bytes:
    salt = os.urandom(SALT_SIZE)
    nonce = os.urandom(NONCE_SIZE)
    enc_public = identity.encryption_public
    header: dict[str, Any] = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "role": identity.role,
        "key_id": minisign.key_id_hex(identity.key_id),
        "signing_public": _b64(identity.public.raw),
        "encryption_public": None if enc_public is None else _b64(enc_public),
        "kdf": {"name": "scrypt", "n": scrypt_n, "r": SCRYPT_R, "p": SCRYPT_P, "salt": _b64(salt)},
        "cipher": "AES-256-GCM",
        "nonce": _b64(nonce),
    }
    secret: dict[str, str | None] = {
        "signing": _b64(identity.signing.private_bytes_raw()),
        "encryption": None if identity.encryption is None else _b64(identity.encryption.private_bytes_raw()),
    }
    key = _derive(passphrase, salt, scrypt_n, SCRYPT_R, SCRYPT_P)
    ciphertext = AESGCM(key).encrypt(nonce, _canonical(secret), _canonical(header))
    document = dict(header, ciphertext=_b64(ciphertext))
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"


def generate_identity(
    folder: Path,
    passphrase: bytes,
    *,
    coordinator: bool = False,
    scrypt_n: int = DEFAULT_SCRYPT_N,
) -> Identity:
    """Create a new identity in `folder` (`identity.key` encrypted under `passphrase`, `identity.pub`).

    A coordinator identity also gets an X25519 encryption key. Refuses (IdentityError) to replace an
    existing identity, and an empty passphrase.
    """
    folder = Path(folder)
    _check_passphrase(passphrase)
    if not _valid_scrypt_n(scrypt_n):
        raise ValueError(f"coût scrypt invalide : {scrypt_n} (puissance de 2 entre 2 et 2**20)")
    if has_identity(folder):
        raise IdentityError(
            f"Une clé existe déjà dans {folder} : elle n'est pas remplacée "
            "(la remplacer rendrait les paquets déjà envoyés impossibles à rattacher)."
        )
    folder.mkdir(parents=True, exist_ok=True)
    identity = Identity(
        key_id=minisign.new_key_id(),
        signing=Ed25519PrivateKey.generate(),
        encryption=X25519PrivateKey.generate() if coordinator else None,
    )
    write_atomic(folder / IDENTITY_FILE, _seal(identity, bytes(passphrase), scrypt_n), private=True)
    export_public(identity, folder / PUBLIC_FILE)
    return identity


def _damaged(path: Path, why: str) -> IdentityError:
    return IdentityError(
        f"Le fichier de clé {path} est endommagé ({why}) : restaurez-le depuis une sauvegarde."
    )


def _field_b64(document: dict[str, Any], name: str, size: int, path: Path) -> bytes:
    value = document.get(name)
    if not isinstance(value, str):
        raise _damaged(path, f"champ « {name} » absent")
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise _damaged(path, f"champ « {name} » illisible") from None
    if size and len(raw) != size:
        raise _damaged(path, f"champ « {name} » de taille invalide")
    return raw


def load_identity(folder: Path, passphrase: bytes) -> Identity:
    """Unlock the identity of `folder` with `passphrase`.

    When `identity.key` does not open but a re-sealed copy waiting from a passphrase change does (the
    change was interrupted after the store got its new passphrase), that copy is put in place and used.
    Raises IdentityError: no identity in the folder, damaged file, or wrong passphrase
    ("Phrase de passe incorrecte...").
    """
    try:
        return _load_identity_file(Path(folder) / IDENTITY_FILE, passphrase)
    except IdentityError:
        staged = Path(folder) / STAGED_FILE
        if not staged.exists():
            raise
        try:
            identity = _load_identity_file(staged, passphrase)
        except IdentityError:
            raise IdentityError(
                "Phrase de passe incorrecte : la clé n'a pas pu être déverrouillée "
                "(ou le fichier de clé a été modifié)."
            ) from None
        promote_resealed(folder)
        return identity


def _scrypt_n_of(path: Path) -> int:
    document = json.loads(files.read_bounded(path, MAX_IDENTITY_FILE, "Le fichier de clé").decode("utf-8"))
    n = document["kdf"]["n"]
    if not _valid_scrypt_n(n):
        raise _damaged(path, "paramètres scrypt hors limites")
    return int(n)


def reseal(folder: Path, old_passphrase: bytes, new_passphrase: bytes) -> bool:
    """Write beside `identity.key` a copy sealed under `new_passphrase` (same keys, same scrypt cost).

    Step one of a passphrase change; `promote_resealed` puts it in place once the store has the new
    passphrase. False when the folder has no identity. IdentityError when the key does not open with
    `old_passphrase` (nothing is written then).
    """
    path = Path(folder) / IDENTITY_FILE
    if not path.exists():
        return False
    _check_passphrase(new_passphrase)
    try:
        identity = load_identity(folder, old_passphrase)
    except IdentityError as exc:
        raise IdentityError(
            f"La clé de signature ({path}) ne s'ouvre pas avec la phrase de passe actuelle : {exc.message} "
            "La phrase de passe n'a pas été changée."
        ) from exc
    sealed = _seal(identity, bytes(new_passphrase), _scrypt_n_of(path))
    write_atomic(Path(folder) / STAGED_FILE, sealed, private=True)
    return True


def promote_resealed(folder: Path) -> None:
    """Put the re-sealed identity in place of `identity.key` (atomic rename; no-op when there is none)."""
    staged = Path(folder) / STAGED_FILE
    if staged.exists():
        os.replace(staged, Path(folder) / IDENTITY_FILE)
        files.fsync_folder(Path(folder))


def discard_resealed(folder: Path) -> None:
    """Remove a re-sealed copy left by a passphrase change that did not happen."""
    (Path(folder) / STAGED_FILE).unlink(missing_ok=True)


def _load_identity_file(path: Path, passphrase: bytes) -> Identity:
    folder = path.parent
    _check_passphrase(passphrase)
    try:
        raw = files.read_bounded(path, MAX_IDENTITY_FILE, "Le fichier de clé")
    except FileNotFoundError:
        raise IdentityError(
            f"Aucune clé dans {folder} : créez-la d'abord (« clausedesk keys init »)."
        ) from None
    except OSError as exc:
        raise IdentityError(f"Impossible de lire le fichier de clé {path} : {os_reason(exc)}.") from exc
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _damaged(path, "ce n'est pas du JSON") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _damaged(path, "format inconnu")
    if document.get("version") != FORMAT_VERSION:
        raise IdentityError(
            f"Le fichier de clé {path} est d'une version que cette application ne sait pas lire : "
            "mettez ClauseDesk à jour."
        )
    kdf = document.get("kdf")
    if not isinstance(kdf, dict) or kdf.get("name") != "scrypt":
        raise _damaged(path, "dérivation de clé inconnue")
    n, r, p = kdf.get("n"), kdf.get("r"), kdf.get("p")
    if not (isinstance(n, int) and isinstance(r, int) and isinstance(p, int)):
        raise _damaged(path, "paramètres scrypt absents")
    if not _valid_scrypt_n(n) or not 1 <= r <= 32 or not 1 <= p <= 16:
        raise _damaged(path, "paramètres scrypt hors limites")
    if document.get("cipher") != "AES-256-GCM" or document.get("role") not in (
        ROLE_FACILITATOR,
        ROLE_COORDINATOR,
    ):
        raise _damaged(path, "chiffrement ou rôle inconnu")
    salt = _field_b64(kdf, "salt", 0, path)
    nonce = _field_b64(document, "nonce", NONCE_SIZE, path)
    ciphertext = _field_b64(document, "ciphertext", 0, path)
    try:
        key_id = minisign.key_id_from_hex(str(document.get("key_id", "")))
    except PackageError:
        raise _damaged(path, "identifiant de clé illisible") from None
    header = {name: value for name, value in document.items() if name != "ciphertext"}
    key = _derive(bytes(passphrase), salt, n, r, p)
    try:
        plaintext = AESGCM(key).decrypt(nonce, ciphertext, _canonical(header))
    except InvalidTag:
        raise IdentityError(
            "Phrase de passe incorrecte : la clé n'a pas pu être déverrouillée "
            "(ou le fichier de clé a été modifié)."
        ) from None
    secret = json.loads(plaintext.decode("utf-8"))
    signing = Ed25519PrivateKey.from_private_bytes(_field_b64(secret, "signing", 32, path))
    encryption: X25519PrivateKey | None = None
    if secret.get("encryption") is not None:
        encryption = X25519PrivateKey.from_private_bytes(_field_b64(secret, "encryption", 32, path))
    identity = Identity(key_id=key_id, signing=signing, encryption=encryption)
    enc_public = identity.encryption_public
    if (
        identity.role != document["role"]
        or _b64(identity.public.raw) != document.get("signing_public")
        or (None if enc_public is None else _b64(enc_public)) != document.get("encryption_public")
    ):
        raise _damaged(path, "clés incohérentes")
    return identity
