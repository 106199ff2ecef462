"""Identities: generation, passphrase-protected storage, refusals, public bundles, atomic writes."""

from __future__ import annotations

import base64
import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from clausedesk.sync import keys, minisign
from clausedesk.sync.errors import IdentityError, PackageError

FAST = 2**4  # scrypt cost for tests: the real default (2**17) takes about 0.3 s per derivation
PASS = b"correct horse battery staple"


def _raw_private(identity: keys.Identity) -> bytes:
    return identity.signing.private_bytes_raw()


def _rewrite(path: Path, **changes: object) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    document.update(changes)
    path.write_text(json.dumps(document), encoding="utf-8")


def test_facilitator_identity_round_trip(tmp_path: Path) -> None:
    created = keys.generate_identity(tmp_path, PASS, scrypt_n=FAST)
    loaded = keys.load_identity(tmp_path, PASS)

    assert not created.is_coordinator and created.role == "facilitator"
    assert loaded.key_id == created.key_id and len(loaded.key_id) == 8
    assert _raw_private(loaded) == _raw_private(created)
    assert loaded.encryption is None
    assert loaded.public == created.public
    assert keys.has_identity(tmp_path)


def test_coordinator_identity_has_encryption_key(tmp_path: Path) -> None:
    created = keys.generate_identity(tmp_path, PASS, coordinator=True, scrypt_n=FAST)
    loaded = keys.load_identity(tmp_path, PASS)

    assert loaded.is_coordinator and loaded.role == "coordinator"
    assert loaded.encryption is not None and created.encryption is not None
    assert loaded.encryption.private_bytes_raw() == created.encryption.private_bytes_raw()
    assert loaded.encryption_public == created.encryption_public
    assert loaded.fingerprint == created.fingerprint


def test_key_file_format_is_documented_json_without_clear_secrets(tmp_path: Path) -> None:
    identity = keys.generate_identity(tmp_path, PASS, coordinator=True, scrypt_n=FAST)
    document = json.loads((tmp_path / keys.IDENTITY_FILE).read_text(encoding="utf-8"))

    assert document["format"] == "clausedesk-identity" and document["version"] == 1
    assert document["role"] == "coordinator"
    assert document["key_id"] == minisign.key_id_hex(identity.key_id)
    assert document["kdf"] == {"name": "scrypt", "n": FAST, "r": 8, "p": 1, "salt": document["kdf"]["salt"]}
    assert document["cipher"] == "AES-256-GCM"
    raw_file = (tmp_path / keys.IDENTITY_FILE).read_bytes()
    assert base64.b64encode(_raw_private(identity)) not in raw_file
    assert identity.encryption is not None
    assert base64.b64encode(identity.encryption.private_bytes_raw()) not in raw_file


@pytest.mark.skipif(os.name != "posix", reason="permissions Unix")
def test_key_file_is_private(tmp_path: Path) -> None:
    keys.generate_identity(tmp_path, PASS, scrypt_n=FAST)
    assert stat.S_IMODE((tmp_path / keys.IDENTITY_FILE).stat().st_mode) == 0o600


def test_wrong_passphrase_refused(tmp_path: Path) -> None:
    keys.generate_identity(tmp_path, PASS, scrypt_n=FAST)
    with pytest.raises(IdentityError, match="Phrase de passe incorrecte"):
        keys.load_identity(tmp_path, b"wrong passphrase")


def test_empty_passphrase_refused(tmp_path: Path) -> None:
    with pytest.raises(IdentityError, match="phrase de passe est vide"):
        keys.generate_identity(tmp_path, b"", scrypt_n=FAST)
    assert not keys.has_identity(tmp_path)


def test_existing_identity_never_replaced(tmp_path: Path) -> None:
    first = keys.generate_identity(tmp_path, PASS, scrypt_n=FAST)
    with pytest.raises(IdentityError, match="existe déjà"):
        keys.generate_identity(tmp_path, PASS, scrypt_n=FAST)
    assert keys.load_identity(tmp_path, PASS).key_id == first.key_id


def test_missing_identity_refused(tmp_path: Path) -> None:
    with pytest.raises(IdentityError, match="Aucune clé"):
        keys.load_identity(tmp_path, PASS)


def test_tampered_public_part_refused(tmp_path: Path) -> None:
    keys.generate_identity(tmp_path, PASS, scrypt_n=FAST)
    _rewrite(tmp_path / keys.IDENTITY_FILE, key_id="0011223344556677")
    with pytest.raises(IdentityError, match="modifié"):
        keys.load_identity(tmp_path, PASS)


def test_excessive_scrypt_cost_refused_before_deriving(tmp_path: Path) -> None:
    keys.generate_identity(tmp_path, PASS, scrypt_n=FAST)
    path = tmp_path / keys.IDENTITY_FILE
    document = json.loads(path.read_text(encoding="utf-8"))
    _rewrite(path, kdf=dict(document["kdf"], n=2**30))
    with pytest.raises(IdentityError, match="endommagé"):
        keys.load_identity(tmp_path, PASS)


@pytest.mark.parametrize("content", [b"not json", b'{"format":"other"}', b"[]", "é".encode("latin-1")])
def test_damaged_key_file_refused(tmp_path: Path, content: bytes) -> None:
    (tmp_path / keys.IDENTITY_FILE).write_bytes(content)
    with pytest.raises(IdentityError, match="endommagé"):
        keys.load_identity(tmp_path, PASS)


def test_newer_key_file_version_refused(tmp_path: Path) -> None:
    keys.generate_identity(tmp_path, PASS, scrypt_n=FAST)
    _rewrite(tmp_path / keys.IDENTITY_FILE, version=2)
    with pytest.raises(IdentityError, match="mettez ClauseDesk à jour"):
        keys.load_identity(tmp_path, PASS)


def test_invalid_scrypt_cost_rejected_at_generation(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        keys.generate_identity(tmp_path, PASS, scrypt_n=1000)


# --- public bundles ----------------------------------------------------------------------------


def test_facilitator_public_file_is_plain_minisign(tmp_path: Path) -> None:
    identity = keys.generate_identity(tmp_path, PASS, scrypt_n=FAST)
    text = (tmp_path / keys.PUBLIC_FILE).read_text(encoding="utf-8")
    assert text == minisign.format_public_key(identity.public)
    assert keys.read_public_bundle(tmp_path / keys.PUBLIC_FILE) == identity.bundle


def test_coordinator_public_bundle_round_trip(tmp_path: Path) -> None:
    identity = keys.generate_identity(tmp_path / "coord", PASS, coordinator=True, scrypt_n=FAST)
    keys.export_public(identity, tmp_path / "coordinateur.pub")
    text = (tmp_path / "coordinateur.pub").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert len(lines) == 3 and lines[2].startswith("clausedesk-x25519: ")

    bundle = keys.read_public_bundle(tmp_path / "coordinateur.pub")
    assert bundle == identity.bundle
    assert bundle.encryption == identity.encryption_public
    assert bundle.key_id == identity.key_id
    assert minisign.parse_public_key(text) == identity.public  # minisign readers ignore the third line


def test_bundle_fingerprint_covers_encryption_key(tmp_path: Path) -> None:
    identity = keys.generate_identity(tmp_path, PASS, coordinator=True, scrypt_n=FAST)
    swapped = keys.PublicBundle(signing=identity.public, encryption=os.urandom(32))
    assert swapped.fingerprint != identity.fingerprint
    assert keys.PublicBundle(signing=identity.public).fingerprint == identity.public.fingerprint


@pytest.mark.parametrize(
    "extra",
    ["clausedesk-x25519: not base64!", "clausedesk-x25519: " + base64.b64encode(b"short").decode()],
    ids=["bad-b64", "short"],
)
def test_bad_encryption_key_line_refused(tmp_path: Path, extra: str) -> None:
    identity = keys.generate_identity(tmp_path, PASS, scrypt_n=FAST)
    with pytest.raises(PackageError) as caught:
        keys.parse_public_bundle(minisign.format_public_key(identity.public) + extra + "\n")
    assert caught.value.check == "key"


@pytest.mark.skipif(shutil.which("minisign") is None, reason="le programme minisign n'est pas installé")
def test_stock_minisign_reads_coordinator_bundle(tmp_path: Path) -> None:
    identity = keys.generate_identity(tmp_path, PASS, coordinator=True, scrypt_n=FAST)
    data = b"referentiel"
    (tmp_path / "ref.json").write_bytes(data)
    (tmp_path / "ref.json.minisig").write_text(minisign.sign(data, identity.signing, identity.key_id, "ref"))
    result = subprocess.run(
        ["minisign", "-Vm", str(tmp_path / "ref.json"), "-p", str(tmp_path / keys.PUBLIC_FILE)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# --- atomic writes -----------------------------------------------------------------------------


def test_write_atomic_replaces_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "paquet.cdpkg"
    keys.write_atomic(target, b"old")
    keys.write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["paquet.cdpkg"]


def test_write_atomic_failure_keeps_old_content(tmp_path: Path) -> None:
    target = tmp_path / "paquet.cdpkg"
    keys.write_atomic(target, b"old")
    with pytest.raises(TypeError):
        keys.write_atomic(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["paquet.cdpkg"]
