"""Store encryption keys: where the passphrase comes from, and the raw SQLCipher key derived once per process.

SQLCipher's own key derivation (PBKDF2, 256 000 rounds) would run on every connection, and the engine
opens many. Instead the raw 256-bit key is derived here once per (passphrase, salt) and handed to
SQLCipher in its raw form `x'<key><salt>'`, which costs nothing per connection. The salt is the one
SQLCipher writes in the first 16 bytes of every encrypted file, so a copy of the file (backup,
restore) carries its own salt and needs no side file.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from clausedesk.core.errors import StoreError

ENV_PASSPHRASE = "CLAUSEDESK_PASSPHRASE"
KDF_ROUNDS = 256_000
KEY_BYTES = 32
SALT_BYTES = 16
MIN_PASSPHRASE_LENGTH = 8
SQLITE_HEADER = b"SQLite format 3\x00"


class PassphraseMissingError(StoreError):
    """No passphrase was given and CLAUSEDESK_PASSPHRASE is not set."""


class WrongPassphraseError(StoreError):
    """The file does not open with this passphrase (or is not an encrypted ClauseDesk store)."""


@dataclass(frozen=True)
class RawKey:
    """A derived SQLCipher key and the salt of the files it opens."""

    key: bytes
    salt: bytes

    @property
    def pragma_value(self) -> str:
        """The raw-key literal for `PRAGMA key` (96 hex digits: key then salt)."""
        return f"x'{self.key.hex()}{self.salt.hex()}'"

    def __repr__(self) -> str:  # never print key material in logs or tracebacks
        return "RawKey(…)"


_remembered: str | None = None
_derived: dict[tuple[bytes, bytes], bytes] = {}
_last_salt: dict[bytes, bytes] = {}


def remember(passphrase: str) -> None:
    """Keep the passphrase the user typed for this process (the window asks it once)."""
    global _remembered
    _remembered = passphrase


def passphrase_is_remembered() -> bool:
    return _remembered is not None


def forget() -> None:
    """Drop the remembered passphrase and every derived key (tests, or after a passphrase change)."""
    global _remembered
    _remembered = None
    _derived.clear()
    _last_salt.clear()


def passphrase(explicit: str | None = None) -> str:
    """The passphrase: the explicit one, else the one typed in the window, else CLAUSEDESK_PASSPHRASE."""
    value = explicit if explicit is not None else _remembered
    if value is None:
        value = os.environ.get(ENV_PASSPHRASE)
    if not value:
        raise PassphraseMissingError(
            "La base est chiffrée et aucune phrase de passe n'a été donnée. Définissez la variable "
            f"{ENV_PASSPHRASE} (ligne de commande) ou ouvrez ClauseDesk depuis sa fenêtre."
        )
    return value


def check_new_passphrase(value: str, confirmation: str | None = None) -> str:
    """Refuse a passphrase too short to protect the data, or not confirmed identically."""
    if len(value) < MIN_PASSPHRASE_LENGTH:
        raise StoreError(
            f"La phrase de passe doit compter au moins {MIN_PASSPHRASE_LENGTH} caractères. "
            "Choisissez une phrase plus longue (plusieurs mots, par exemple)."
        )
    if confirmation is not None and confirmation != value:
        raise StoreError(
            "Les deux saisies de la phrase de passe diffèrent. Saisissez-la deux fois à l'identique."
        )
    return value


def is_plaintext(path: Path) -> bool:
    """True when `path` is an unencrypted SQLite file (a store written before encryption)."""
    try:
        with path.open("rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return False


def read_salt(path: Path) -> bytes | None:
    """The salt of an existing encrypted file, or None for a missing, empty or plaintext file."""
    try:
        with path.open("rb") as fh:
            head = fh.read(SALT_BYTES)
    except OSError:
        return None
    if len(head) < SALT_BYTES or head == SQLITE_HEADER:
        return None
    return head


def _fingerprint(phrase: str) -> bytes:
    return hashlib.sha256(phrase.encode("utf-8")).digest()


def derive(phrase: str, salt: bytes) -> RawKey:
    """The raw key for `phrase` and `salt` (PBKDF2-HMAC-SHA512, computed once per process)."""
    fp = _fingerprint(phrase)
    key = _derived.get((fp, salt))
    if key is None:
        key = hashlib.pbkdf2_hmac("sha512", phrase.encode("utf-8"), salt, KDF_ROUNDS, KEY_BYTES)
        _derived[(fp, salt)] = key
    _last_salt[fp] = salt
    return RawKey(key, salt)


def key_for_new_file(phrase: str) -> RawKey:
    """A key for a file about to be created: the salt already derived for this passphrase, else a new one."""
    salt = _last_salt.get(_fingerprint(phrase)) or secrets.token_bytes(SALT_BYTES)
    return derive(phrase, salt)


def key_for_file(path: Path, phrase: str) -> RawKey:
    """The key opening the encrypted file `path` (or a new one when the file does not exist yet)."""
    salt = read_salt(path)
    return derive(phrase, salt) if salt is not None else key_for_new_file(phrase)
