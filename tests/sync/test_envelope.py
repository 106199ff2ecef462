"""Encryption to the coordinator: round trips, header layout, every refusal, random corruption."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from clausedesk.sync import envelope
from clausedesk.sync.errors import PackageError

KEY_ID = bytes.fromhex("0102030405060708")
OTHER_ID = bytes.fromhex("1112131415161718")
PLAINTEXT = b"PK\x03\x04 le zip du paquet " * 50


def _recipient() -> tuple[X25519PrivateKey, bytes]:
    private = X25519PrivateKey.generate()
    return private, private.public_key().public_bytes_raw()


def _sealed(tmp_path: Path, plaintext: bytes = PLAINTEXT) -> tuple[X25519PrivateKey, Path]:
    private, public = _recipient()
    path = tmp_path / "2025-03.cdpkg"
    path.write_bytes(envelope.encrypt(plaintext, public, KEY_ID))
    return private, path


def _refused(blob: bytes, private: X25519PrivateKey, key_id: bytes = KEY_ID) -> PackageError:
    with pytest.raises(PackageError) as caught:
        envelope.decrypt(blob, private, key_id)
    return caught.value


def test_round_trip_through_a_file(tmp_path: Path) -> None:
    private, path = _sealed(tmp_path)
    assert envelope.decrypt(path.read_bytes(), private, KEY_ID) == PLAINTEXT


def test_empty_plaintext_round_trip(tmp_path: Path) -> None:
    private, path = _sealed(tmp_path, b"")
    assert envelope.decrypt(path.read_bytes(), private, KEY_ID) == b""


def test_header_layout(tmp_path: Path) -> None:
    _, path = _sealed(tmp_path)
    blob = path.read_bytes()
    assert envelope.HEADER_SIZE == 59
    assert blob[:6] == b"CDPKG1" and blob[6] == 1
    assert blob[7:15] == KEY_ID
    assert envelope.recipient_of(blob) == KEY_ID
    assert envelope.is_envelope(blob) and not envelope.is_envelope(PLAINTEXT)
    assert len(blob) == envelope.HEADER_SIZE + len(PLAINTEXT) + envelope.TAG_SIZE


def test_each_encryption_is_fresh() -> None:
    _, public = _recipient()
    first, second = envelope.encrypt(b"x", public, KEY_ID), envelope.encrypt(b"x", public, KEY_ID)
    assert first[15:59] != second[15:59]  # ephemeral key and nonce
    assert first[59:] != second[59:]


def test_wrong_recipient_key_id_refused(tmp_path: Path) -> None:
    private, path = _sealed(tmp_path)
    error = _refused(path.read_bytes(), private, OTHER_ID)
    assert error.check == "recipient"
    assert "destinataire" in error.message


def test_right_key_id_but_other_private_key_refused(tmp_path: Path) -> None:
    _, path = _sealed(tmp_path)
    other_private, _ = _recipient()
    assert _refused(path.read_bytes(), other_private).check == "decrypt"


@pytest.mark.parametrize("length", [0, 5, 6, 7, 15, 58, 59, 59 + 15])
def test_truncated_header_refused(tmp_path: Path, length: int) -> None:
    private, path = _sealed(tmp_path)
    error = _refused(path.read_bytes()[:length], private)
    assert error.check == "decrypt"
    assert "tronqué" in error.message


@pytest.mark.parametrize("cut", [1, 16, 100])
def test_truncated_body_refused(tmp_path: Path, cut: int) -> None:
    private, path = _sealed(tmp_path)
    assert _refused(path.read_bytes()[:-cut], private).check == "decrypt"


def test_extended_body_refused(tmp_path: Path) -> None:
    private, path = _sealed(tmp_path)
    assert _refused(path.read_bytes() + b"\0", private).check == "decrypt"


@pytest.mark.parametrize(
    "index",
    [0, 6, 20, 45, 58, 59, 200, -1],
    ids=["magic", "version", "ephemeral-key", "nonce-start", "nonce-end", "ciphertext", "middle", "tag"],
)
def test_flipped_byte_refused(tmp_path: Path, index: int) -> None:
    private, path = _sealed(tmp_path)
    blob = bytearray(path.read_bytes())
    blob[index] ^= 0x40
    assert _refused(bytes(blob), private).check == "decrypt"


def test_flipped_key_id_byte_is_a_recipient_error(tmp_path: Path) -> None:
    private, path = _sealed(tmp_path)
    blob = bytearray(path.read_bytes())
    blob[10] ^= 0x01
    assert _refused(bytes(blob), private).check == "recipient"


def test_not_an_envelope_refused() -> None:
    private, _ = _recipient()
    error = _refused(b"PK\x03\x04" + b"\0" * 200, private)
    assert error.check == "decrypt"
    assert "pas un paquet chiffré" in error.message


def test_unknown_version_refused(tmp_path: Path) -> None:
    private, path = _sealed(tmp_path)
    blob = bytearray(path.read_bytes())
    blob[6] = 2
    error = _refused(bytes(blob), private)
    assert error.check == "decrypt" and "version" in error.message


def test_low_order_ephemeral_key_refused(tmp_path: Path) -> None:
    private, path = _sealed(tmp_path)
    blob = bytearray(path.read_bytes())
    blob[15:47] = bytes(32)  # the all-zero point: the shared secret would be zero
    assert _refused(bytes(blob), private).check == "decrypt"


def test_bad_recipient_key_refused_when_encrypting() -> None:
    with pytest.raises(PackageError) as caught:
        envelope.encrypt(b"x", b"short", KEY_ID)
    assert caught.value.check == "recipient"
    with pytest.raises(PackageError):
        envelope.encrypt(b"x", bytes(32), b"short")


def test_random_corruption_never_yields_other_plaintext(tmp_path: Path) -> None:
    private, path = _sealed(tmp_path)
    original = path.read_bytes()
    rng = random.Random(20250301)
    for _ in range(300):
        blob = bytearray(original)
        for _ in range(rng.randint(1, 4)):
            blob[rng.randrange(len(blob))] ^= rng.randint(1, 255)
        if bytes(blob) == original:
            continue
        with pytest.raises(PackageError) as caught:
            envelope.decrypt(bytes(blob), private, KEY_ID)
        assert caught.value.check in {"decrypt", "recipient"}
