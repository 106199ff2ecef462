"""Minisign-compatible Ed25519 keys and signatures (public key files, .minisig files, fingerprints).

Formats (identical to minisign ≥ 0.8, so that the stock `minisign -V` checks our signatures):

* public key file, two lines::

      untrusted comment: minisign public key <KEYID>
      base64( "Ed" || key_id (8 bytes) || Ed25519 public key (32 bytes) )

  `key_id` is 8 random bytes stored as is; minisign *displays* it as the little-endian 64-bit
  integer in upper-case hex, i.e. the bytes reversed (`key_id_hex`).
* signature file (`.minisig`), four lines::

      untrusted comment: <free text, not authenticated>
      base64( "ED" || key_id (8) || Ed25519(BLAKE2b-512(data)) (64) )
      trusted comment: <text, authenticated>
      base64( Ed25519(signature (64) || trusted comment bytes) )

  "ED" is the prehashed algorithm (default since minisign 0.8); the legacy "Ed" algorithm signs
  the data itself and is accepted when verifying only.

A fingerprint to read over the phone is derived from the whole public key, not from the key id
alone: the key id is chosen freely by the key's owner and so proves nothing about the key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from clausedesk.sync.errors import PackageError

KEY_ID_SIZE = 8
PUBLIC_KEY_SIZE = 32
SIGNATURE_SIZE = 64

ALG_SIGN = b"Ed"  # algorithm of public keys and of legacy (non-prehashed) signatures
ALG_PREHASHED = b"ED"  # signatures over BLAKE2b-512(data)

UNTRUSTED_PREFIX = "untrusted comment: "
TRUSTED_PREFIX = "trusted comment: "
#: Longest trusted comment accepted (bytes, UTF-8); minisign reads lines of up to 8 KiB.
MAX_TRUSTED_COMMENT = 4096
#: Longest signature file accepted, to bound the work done on hostile input.
MAX_SIGNATURE_TEXT = 16384
#: Number of hexadecimal groups of 4 in a fingerprint (5 groups = 80 bits).
FINGERPRINT_GROUPS = 5


@dataclass(frozen=True)
class PublicKey:
    """A minisign public key: its 8-byte key id (as stored) and its raw 32-byte Ed25519 key."""

    key_id: bytes
    raw: bytes

    def __post_init__(self) -> None:
        if len(self.key_id) != KEY_ID_SIZE or len(self.raw) != PUBLIC_KEY_SIZE:
            raise PackageError("key", "clé publique de taille invalide.")

    @property
    def key_id_hex(self) -> str:
        """The key id as minisign displays it (e.g. "E7620F1842B4E81F")."""
        return key_id_hex(self.key_id)

    @property
    def fingerprint(self) -> str:
        """The fingerprint to read over the phone (see `fingerprint`)."""
        return fingerprint(self)


def new_key_id() -> bytes:
    """Eight random bytes, as minisign draws them for a new key."""
    return os.urandom(KEY_ID_SIZE)


def key_id_hex(key_id: bytes) -> str:
    """The key id as minisign shows it: the little-endian 64-bit integer in upper-case hexadecimal."""
    return key_id[::-1].hex().upper()


def key_id_from_hex(text: str) -> bytes:
    """The inverse of `key_id_hex`; PackageError(check="key") when `text` is not 16 hex digits."""
    cleaned = text.strip().replace(" ", "")
    try:
        raw = bytes.fromhex(cleaned)
    except ValueError:
        raw = b""
    if len(raw) != KEY_ID_SIZE:
        raise PackageError("key", f"identifiant de clé invalide : « {text} » (16 chiffres hexadécimaux).")
    return raw[::-1]


def public_key_of(secret: Ed25519PrivateKey, key_id: bytes) -> PublicKey:
    """The public half of a signing key, under the given key id."""
    return PublicKey(key_id=bytes(key_id), raw=secret.public_key().public_bytes_raw())


def _blob(public: PublicKey) -> bytes:
    return ALG_SIGN + public.key_id + public.raw


def fingerprint(public: PublicKey, *extra: bytes) -> str:
    """A short, human-readable digest of the public key (and of `extra` bound keys, if any).

    SHA-256 over a domain label, the minisign key blob and each extra value (length-prefixed),
    truncated to 80 bits and shown as upper-case hex groups: "A1B2 C3D4 E5F6 0718 9ABC".
    """
    digest = hashlib.sha256(b"ClauseDesk fingerprint v1\x00")
    for part in (_blob(public), *extra):
        digest.update(len(part).to_bytes(4, "big"))
        digest.update(part)
    hexa = digest.hexdigest()[: 4 * FINGERPRINT_GROUPS].upper()
    return " ".join(hexa[i : i + 4] for i in range(0, len(hexa), 4))


def format_public_key(public: PublicKey) -> str:
    """The content of a minisign public key file (two lines, ending with a newline)."""
    b64 = base64.b64encode(_blob(public)).decode("ascii")
    return f"{UNTRUSTED_PREFIX}minisign public key {public.key_id_hex}\n{b64}\n"


def _b64decode(text: str, check: str, what: str) -> bytes:
    try:
        return base64.b64decode(text.strip().encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise PackageError(check, f"{what} : encodage base64 invalide.") from None


def _lines(text: str) -> list[str]:
    lines = [line.rstrip("\r") for line in text.split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def parse_public_key(text: str) -> PublicKey:
    """Read a minisign public key: the whole `.pub` file, or only its base64 line ("RWQ...").

    Lines after the key (such as the X25519 key line of a ClauseDesk coordinator bundle) are ignored,
    as minisign itself ignores them. Raises PackageError(check="key") when the text is not one.
    """
    lines = [line for line in _lines(text) if line.strip()]
    if not lines:
        raise PackageError("key", "clé publique vide.")
    if lines[0].startswith(UNTRUSTED_PREFIX):
        if len(lines) < 2:
            raise PackageError("key", "clé publique incomplète : la ligne base64 manque.")
        b64 = lines[1]
    else:
        b64 = lines[0]
    blob = _b64decode(b64, "key", "clé publique")
    if len(blob) != 2 + KEY_ID_SIZE + PUBLIC_KEY_SIZE:
        raise PackageError("key", "ce texte n'est pas une clé publique minisign (taille inattendue).")
    if blob[:2] != ALG_SIGN:
        raise PackageError("key", "algorithme de clé publique non pris en charge (Ed25519 attendu).")
    return PublicKey(key_id=blob[2 : 2 + KEY_ID_SIZE], raw=blob[2 + KEY_ID_SIZE :])


def _check_comment(trusted_comment: str) -> bytes:
    if "\n" in trusted_comment or "\r" in trusted_comment:
        raise PackageError("signature", "le commentaire de confiance ne doit pas contenir de saut de ligne.")
    encoded = trusted_comment.encode("utf-8")
    if len(encoded) > MAX_TRUSTED_COMMENT:
        raise PackageError("signature", "le commentaire de confiance est trop long.")
    return encoded


def sign(data: bytes, secret: Ed25519PrivateKey, key_id: bytes, trusted_comment: str) -> str:
    """The content of a `.minisig` file signing `data` (prehashed "ED" algorithm + global signature)."""
    if len(key_id) != KEY_ID_SIZE:
        raise PackageError("key", "identifiant de clé de taille invalide.")
    comment = _check_comment(trusted_comment)
    signature = secret.sign(hashlib.blake2b(data, digest_size=64).digest())
    global_signature = secret.sign(signature + comment)
    line1 = base64.b64encode(ALG_PREHASHED + key_id + signature).decode("ascii")
    line2 = base64.b64encode(global_signature).decode("ascii")
    untrusted = f"{UNTRUSTED_PREFIX}signature from ClauseDesk secret key {key_id_hex(key_id)}"
    return f"{untrusted}\n{line1}\n{TRUSTED_PREFIX}{trusted_comment}\n{line2}\n"


@dataclass(frozen=True)
class _Signature:
    algorithm: bytes
    key_id: bytes
    signature: bytes
    trusted_comment: str
    global_signature: bytes


def _parse_signature(sig_text: str) -> _Signature:
    if len(sig_text) > MAX_SIGNATURE_TEXT:
        raise PackageError("signature", "fichier de signature trop long.")
    lines = _lines(sig_text)
    if len(lines) != 4:
        raise PackageError("signature", "fichier de signature mal formé (quatre lignes attendues).")
    untrusted, b64_sig, trusted, b64_global = lines
    if not untrusted.startswith(UNTRUSTED_PREFIX):
        raise PackageError("signature", "fichier de signature mal formé (commentaire non fiable absent).")
    if not trusted.startswith(TRUSTED_PREFIX):
        raise PackageError("signature", "fichier de signature mal formé (commentaire de confiance absent).")
    blob = _b64decode(b64_sig, "signature", "signature")
    if len(blob) != 2 + KEY_ID_SIZE + SIGNATURE_SIZE:
        raise PackageError("signature", "signature de taille inattendue.")
    global_signature = _b64decode(b64_global, "signature", "signature globale")
    if len(global_signature) != SIGNATURE_SIZE:
        raise PackageError("signature", "signature globale de taille inattendue.")
    algorithm = blob[:2]
    if algorithm not in (ALG_PREHASHED, ALG_SIGN):
        raise PackageError("signature", "algorithme de signature non pris en charge.")
    return _Signature(
        algorithm=algorithm,
        key_id=blob[2 : 2 + KEY_ID_SIZE],
        signature=blob[2 + KEY_ID_SIZE :],
        trusted_comment=trusted[len(TRUSTED_PREFIX) :],
        global_signature=global_signature,
    )


def signature_key_id(sig_text: str) -> bytes:
    """The key id a `.minisig` claims to be signed with (not verified: use it to look up the key)."""
    return _parse_signature(sig_text).key_id


def verify(data: bytes, sig_text: str, public: PublicKey, *, allow_legacy: bool = True) -> str:
    """Check a `.minisig` over `data` with `public`; return its trusted comment.

    Raises PackageError(check="signature") when the file is malformed, was made by another key
    (key id differs), or when the signature or the global signature (over the trusted comment)
    does not verify. Legacy "Ed" signatures are accepted unless `allow_legacy` is false.
    """
    parsed = _parse_signature(sig_text)
    if parsed.key_id != public.key_id:
        raise PackageError(
            "signature",
            f"signé par la clé {key_id_hex(parsed.key_id)}, "
            f"alors que la clé attendue est {public.key_id_hex}.",
        )
    if parsed.algorithm == ALG_PREHASHED:
        message = hashlib.blake2b(data, digest_size=64).digest()
    elif allow_legacy:
        message = data
    else:
        raise PackageError("signature", "signature à l'ancien format (non pré-hachée) refusée.")
    try:
        comment = parsed.trusted_comment.encode("utf-8")
    except UnicodeEncodeError:
        raise PackageError("signature", "commentaire de confiance illisible.") from None
    try:
        verifier = Ed25519PublicKey.from_public_bytes(public.raw)
    except ValueError:
        raise PackageError("key", "clé publique Ed25519 invalide.") from None
    try:
        verifier.verify(parsed.signature, message)
    except InvalidSignature:
        raise PackageError(
            "signature", "la signature ne correspond pas au fichier (fichier modifié ?)."
        ) from None
    try:
        verifier.verify(parsed.global_signature, parsed.signature + comment)
    except InvalidSignature:
        raise PackageError(
            "signature", "le commentaire de confiance a été modifié (signature globale invalide)."
        ) from None
    return parsed.trusted_comment
