"""Encryption of a package to the coordinator's X25519 key (ephemeral X25519, HKDF-SHA256, AES-256-GCM).

Binary format (all sizes in bytes)::

    magic "CDPKG1" (6) | version = 1 (1) | recipient key id (8) | ephemeral X25519 public key (32)
    | nonce (12) | AES-256-GCM ciphertext of the plaintext, followed by its 16-byte tag

The 59-byte header is the associated data: altering any of it makes decryption fail. The key is
HKDF-SHA256(shared secret, salt = empty, info = "ClauseDesk CDPKG1 v1" || ephemeral public key ||
recipient public key, 32 bytes); a fresh ephemeral key per package makes each key single-use.
"""

from __future__ import annotations

import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from clausedesk.sync.errors import PackageError
from clausedesk.sync.minisign import KEY_ID_SIZE, key_id_hex

MAGIC = b"CDPKG1"
VERSION = 1
PUBLIC_SIZE = 32
NONCE_SIZE = 12
TAG_SIZE = 16
HEADER_SIZE = len(MAGIC) + 1 + KEY_ID_SIZE + PUBLIC_SIZE + NONCE_SIZE
_INFO = b"ClauseDesk CDPKG1 v1"


def _key(shared: bytes, ephemeral_pub: bytes, recipient_pub: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO + ephemeral_pub + recipient_pub)
    return hkdf.derive(shared)


def is_envelope(blob: bytes) -> bool:
    """Whether `blob` starts like an encrypted package (magic bytes only; nothing is verified)."""
    return blob[: len(MAGIC)] == MAGIC


def recipient_of(blob: bytes) -> bytes:
    """The recipient key id written in the header; PackageError(check="decrypt") if the header is bad."""
    if len(blob) < HEADER_SIZE + TAG_SIZE:
        raise PackageError("decrypt", "paquet chiffré tronqué (en-tête ou contenu incomplet).")
    if not is_envelope(blob):
        raise PackageError("decrypt", "ce fichier n'est pas un paquet chiffré ClauseDesk.")
    if blob[len(MAGIC)] != VERSION:
        raise PackageError(
            "decrypt", f"version de chiffrement {blob[len(MAGIC)]} inconnue : mettez ClauseDesk à jour."
        )
    start = len(MAGIC) + 1
    return bytes(blob[start : start + KEY_ID_SIZE])


def encrypt(plaintext: bytes, recipient_pub: bytes, recipient_key_id: bytes) -> bytes:
    """Encrypt `plaintext` so that only the holder of the X25519 key `recipient_pub` can read it."""
    if len(recipient_pub) != PUBLIC_SIZE:
        raise PackageError("recipient", "clé de chiffrement du destinataire de taille invalide.")
    if len(recipient_key_id) != KEY_ID_SIZE:
        raise PackageError("recipient", "identifiant de clé du destinataire de taille invalide.")
    ephemeral = X25519PrivateKey.generate()
    ephemeral_pub = ephemeral.public_key().public_bytes_raw()
    try:
        shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_pub))
    except ValueError:
        raise PackageError("recipient", "clé de chiffrement du destinataire invalide.") from None
    nonce = os.urandom(NONCE_SIZE)
    header = MAGIC + bytes([VERSION]) + recipient_key_id + ephemeral_pub + nonce
    ciphertext = AESGCM(_key(shared, ephemeral_pub, recipient_pub)).encrypt(nonce, plaintext, header)
    return header + ciphertext


def decrypt(blob: bytes, recipient_priv: X25519PrivateKey, expected_key_id: bytes) -> bytes:
    """Decrypt a package addressed to us.

    Raises PackageError(check="recipient") when the package is addressed to another key id, and
    PackageError(check="decrypt") when the header is malformed or truncated or authentication fails.
    """
    recipient = recipient_of(blob)
    if not hmac.compare_digest(recipient, expected_key_id):
        raise PackageError(
            "recipient",
            f"ce paquet est chiffré pour la clé {key_id_hex(recipient)}, "
            f"pas pour la vôtre ({key_id_hex(expected_key_id)}).",
        )
    offset = len(MAGIC) + 1 + KEY_ID_SIZE
    ephemeral_pub = bytes(blob[offset : offset + PUBLIC_SIZE])
    nonce = bytes(blob[offset + PUBLIC_SIZE : HEADER_SIZE])
    header = bytes(blob[:HEADER_SIZE])
    recipient_pub = recipient_priv.public_key().public_bytes_raw()
    try:
        shared = recipient_priv.exchange(X25519PublicKey.from_public_bytes(ephemeral_pub))
    except ValueError:
        raise PackageError("decrypt", "clé éphémère invalide dans l'en-tête du paquet.") from None
    try:
        return AESGCM(_key(shared, ephemeral_pub, recipient_pub)).decrypt(
            nonce, bytes(blob[HEADER_SIZE:]), header
        )
    except InvalidTag:
        raise PackageError(
            "decrypt",
            "le paquet ne peut pas être déchiffré : il a été modifié, tronqué, ou n'est pas pour cette clé.",
        ) from None
