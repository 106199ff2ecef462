"""Minisign-compatible signatures: published test vectors, round trips, every refusal, stock minisign."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from clausedesk.sync import minisign
from clausedesk.sync.errors import PackageError

VECTORS = Path(__file__).resolve().parent.parent / "fixtures" / "minisign"
HAS_MINISIGN = shutil.which("minisign") is not None


def _vector_key() -> minisign.PublicKey:
    return minisign.parse_public_key((VECTORS / "jedisct1.pub").read_text(encoding="utf-8"))


def _vector_message() -> bytes:
    return (VECTORS / "test.txt").read_bytes()


def _keypair() -> tuple[Ed25519PrivateKey, bytes, minisign.PublicKey]:
    secret = Ed25519PrivateKey.generate()
    key_id = minisign.new_key_id()
    return secret, key_id, minisign.public_key_of(secret, key_id)


def _replace_line(sig_text: str, index: int, new_line: str) -> str:
    lines = sig_text.splitlines()
    lines[index] = new_line
    return "\n".join(lines) + "\n"


def _flip_b64_line(sig_text: str, index: int, byte: int) -> str:
    line = sig_text.splitlines()[index]
    raw = bytearray(base64.b64decode(line))
    raw[byte] ^= 0x01
    return _replace_line(sig_text, index, base64.b64encode(bytes(raw)).decode("ascii"))


# --- published test vectors (rust-minisign-verify, by minisign's author) ------------------------


def test_published_vector_public_key() -> None:
    key = _vector_key()
    assert key.key_id_hex == "E7620F1842B4E81F"
    assert minisign.parse_public_key("RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3") == key
    assert minisign.format_public_key(key) == (VECTORS / "jedisct1.pub").read_text(encoding="utf-8")


def test_published_vector_prehashed_signature_verifies() -> None:
    sig_text = (VECTORS / "test.txt.minisig").read_text(encoding="utf-8")
    comment = minisign.verify(_vector_message(), sig_text, _vector_key(), allow_legacy=False)
    assert comment == "timestamp:1556193335\tfile:test"


def test_published_vector_second_prehashed_signature_verifies() -> None:
    sig_text = (VECTORS / "test.txt.prehashed2.minisig").read_text(encoding="utf-8")
    comment = minisign.verify(_vector_message(), sig_text, _vector_key())
    assert comment == "timestamp:1633700835\tfile:test\tprehashed"


def test_published_vector_legacy_signature_verifies() -> None:
    sig_text = (VECTORS / "test.txt.legacy.minisig").read_text(encoding="utf-8")
    comment = minisign.verify(_vector_message(), sig_text, _vector_key())
    assert comment == "timestamp:1555779966\tfile:test"


def test_published_vector_legacy_refused_when_legacy_not_allowed() -> None:
    sig_text = (VECTORS / "test.txt.legacy.minisig").read_text(encoding="utf-8")
    with pytest.raises(PackageError) as caught:
        minisign.verify(_vector_message(), sig_text, _vector_key(), allow_legacy=False)
    assert caught.value.check == "signature"


@pytest.mark.parametrize("name", ["test.txt.minisig", "test.txt.legacy.minisig"])
def test_published_vector_refuses_other_message(name: str) -> None:
    sig_text = (VECTORS / name).read_text(encoding="utf-8")
    with pytest.raises(PackageError) as caught:
        minisign.verify(b"Test", sig_text, _vector_key())
    assert caught.value.check == "signature"


def test_published_vector_signature_key_id() -> None:
    sig_text = (VECTORS / "test.txt.minisig").read_text(encoding="utf-8")
    assert minisign.signature_key_id(sig_text) == _vector_key().key_id


# --- round trips ---------------------------------------------------------------------------------


def test_sign_then_verify_round_trip(tmp_path: Path) -> None:
    secret, key_id, public = _keypair()
    data = b'{"period":"2025-03","sequence":4}'
    (tmp_path / "manifest.json").write_bytes(data)
    (tmp_path / "manifest.json.minisig").write_text(
        minisign.sign(data, secret, key_id, "ClauseDesk paquet 2025-03 séquence 4"), encoding="utf-8"
    )
    (tmp_path / "key.pub").write_text(minisign.format_public_key(public), encoding="utf-8")

    loaded_key = minisign.parse_public_key((tmp_path / "key.pub").read_text(encoding="utf-8"))
    sig_text = (tmp_path / "manifest.json.minisig").read_text(encoding="utf-8")
    assert loaded_key == public
    assert minisign.verify((tmp_path / "manifest.json").read_bytes(), sig_text, loaded_key) == (
        "ClauseDesk paquet 2025-03 séquence 4"
    )


def test_signature_uses_prehashed_algorithm_and_four_lines() -> None:
    secret, key_id, _ = _keypair()
    sig_text = minisign.sign(b"data", secret, key_id, "c")
    lines = sig_text.splitlines()
    assert len(lines) == 4 and sig_text.endswith("\n")
    assert lines[0].startswith("untrusted comment: ")
    assert base64.b64decode(lines[1])[:2] == b"ED"
    assert base64.b64decode(lines[1])[2:10] == key_id
    assert lines[2] == "trusted comment: c"
    assert minisign.signature_key_id(sig_text) == key_id


def test_verify_accepts_crlf_line_endings() -> None:
    secret, key_id, public = _keypair()
    sig_text = minisign.sign(b"data", secret, key_id, "c").replace("\n", "\r\n")
    assert minisign.verify(b"data", sig_text, public) == "c"


def test_public_key_format_matches_minisign() -> None:
    _, key_id, public = _keypair()
    text = minisign.format_public_key(public)
    first, second = text.splitlines()
    assert first == f"untrusted comment: minisign public key {key_id[::-1].hex().upper()}"
    assert base64.b64decode(second) == b"Ed" + key_id + public.raw


def test_key_id_hex_round_trip() -> None:
    key_id = minisign.new_key_id()
    assert len(key_id) == 8
    assert minisign.key_id_from_hex(minisign.key_id_hex(key_id)) == key_id
    with pytest.raises(PackageError) as caught:
        minisign.key_id_from_hex("not hex")
    assert caught.value.check == "key"


def test_fingerprint_is_readable_and_bound_to_the_whole_key() -> None:
    _, key_id, public = _keypair()
    assert re.fullmatch(r"[0-9A-F]{4}( [0-9A-F]{4}){4}", public.fingerprint)
    assert public.fingerprint == minisign.fingerprint(public)
    other = minisign.PublicKey(
        key_id=key_id, raw=Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    )
    assert other.fingerprint != public.fingerprint  # same key id, other key: other fingerprint
    assert minisign.fingerprint(public, b"extra") != public.fingerprint


# --- refusals ----------------------------------------------------------------------------------


def test_tampered_data_refused() -> None:
    secret, key_id, public = _keypair()
    sig_text = minisign.sign(b"data", secret, key_id, "c")
    with pytest.raises(PackageError, match="signature") as caught:
        minisign.verify(b"datA", sig_text, public)
    assert caught.value.check == "signature"


def test_tampered_signature_refused() -> None:
    secret, key_id, public = _keypair()
    sig_text = _flip_b64_line(minisign.sign(b"data", secret, key_id, "c"), 1, 20)
    with pytest.raises(PackageError) as caught:
        minisign.verify(b"data", sig_text, public)
    assert caught.value.check == "signature"
    assert "fichier modifié" in caught.value.message


def test_tampered_trusted_comment_refused() -> None:
    secret, key_id, public = _keypair()
    sig_text = _replace_line(
        minisign.sign(b"data", secret, key_id, "sequence 4"), 2, "trusted comment: sequence 5"
    )
    with pytest.raises(PackageError) as caught:
        minisign.verify(b"data", sig_text, public)
    assert caught.value.check == "signature"
    assert "commentaire de confiance" in caught.value.message


def test_tampered_global_signature_refused() -> None:
    secret, key_id, public = _keypair()
    sig_text = _flip_b64_line(minisign.sign(b"data", secret, key_id, "c"), 3, 0)
    with pytest.raises(PackageError) as caught:
        minisign.verify(b"data", sig_text, public)
    assert caught.value.check == "signature"


def test_wrong_key_id_refused() -> None:
    secret, key_id, _ = _keypair()
    _, _, other_public = _keypair()
    sig_text = minisign.sign(b"data", secret, key_id, "c")
    with pytest.raises(PackageError) as caught:
        minisign.verify(b"data", sig_text, other_public)
    assert caught.value.check == "signature"
    assert minisign.key_id_hex(key_id) in caught.value.message


def test_other_key_claiming_same_key_id_refused() -> None:
    secret, key_id, _ = _keypair()
    impostor = Ed25519PrivateKey.generate()
    sig_text = minisign.sign(b"data", impostor, key_id, "c")
    with pytest.raises(PackageError) as caught:
        minisign.verify(b"data", sig_text, minisign.public_key_of(secret, key_id))
    assert caught.value.check == "signature"


@pytest.mark.parametrize(
    "mangle",
    [
        lambda text: "\n".join(text.splitlines()[:3]) + "\n",  # a line missing
        lambda text: text + "extra line\n",  # a line too many
        lambda text: text.replace("untrusted comment: ", "comment: ", 1),
        lambda text: _replace_line(text, 2, "comment: c"),
        lambda text: _replace_line(text, 1, "not base64 !!!"),
        lambda text: _replace_line(text, 1, base64.b64encode(b"ED" + b"\0" * 40).decode()),
        lambda text: _replace_line(text, 3, base64.b64encode(b"\0" * 10).decode()),
        lambda text: "",
    ],
    ids=["3-lines", "5-lines", "no-untrusted", "no-trusted", "bad-b64", "short-sig", "short-global", "empty"],
)
def test_malformed_signature_file_refused(mangle: object) -> None:
    secret, key_id, public = _keypair()
    sig_text = minisign.sign(b"data", secret, key_id, "c")
    assert callable(mangle)
    with pytest.raises(PackageError) as caught:
        minisign.verify(b"data", mangle(sig_text), public)
    assert caught.value.check == "signature"
    assert "signature" in caught.value.message


def test_unknown_signature_algorithm_refused() -> None:
    secret, key_id, public = _keypair()
    sig_text = minisign.sign(b"data", secret, key_id, "c")
    raw = bytearray(base64.b64decode(sig_text.splitlines()[1]))
    raw[0:2] = b"XX"
    with pytest.raises(PackageError) as caught:
        minisign.verify(b"data", _replace_line(sig_text, 1, base64.b64encode(bytes(raw)).decode()), public)
    assert caught.value.check == "signature"


def test_trusted_comment_with_newline_refused_when_signing() -> None:
    secret, key_id, _ = _keypair()
    with pytest.raises(PackageError):
        minisign.sign(b"data", secret, key_id, "line\ntrusted comment: forged")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "untrusted comment: minisign public key 0000000000000000\n",
        "untrusted comment: x\nnot base64!\n",
        "untrusted comment: x\n" + base64.b64encode(b"Ed" + b"\0" * 30).decode() + "\n",
        "untrusted comment: x\n" + base64.b64encode(b"XX" + b"\0" * 40).decode() + "\n",
    ],
    ids=["empty", "no-key-line", "bad-b64", "short", "algorithm"],
)
def test_malformed_public_key_refused(text: str) -> None:
    with pytest.raises(PackageError) as caught:
        minisign.parse_public_key(text)
    assert caught.value.check == "key"
    assert "clé" in caught.value.message


# --- interoperability with the stock minisign tool ------------------------------------------------


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(arg) for arg in args], capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.skipif(not HAS_MINISIGN, reason="le programme minisign n'est pas installé")
def test_stock_minisign_accepts_our_signature(tmp_path: Path) -> None:
    secret, key_id, public = _keypair()
    data = b'{"format":"clausedesk-package","sequence":1}\n'
    (tmp_path / "manifest.json").write_bytes(data)
    (tmp_path / "manifest.json.minisig").write_text(
        minisign.sign(data, secret, key_id, "ClauseDesk séquence 1"), encoding="utf-8"
    )
    (tmp_path / "key.pub").write_text(minisign.format_public_key(public), encoding="utf-8")

    result = _run("minisign", "-Vm", tmp_path / "manifest.json", "-p", tmp_path / "key.pub")
    assert result.returncode == 0, result.stderr
    assert "ClauseDesk séquence 1" in result.stdout

    (tmp_path / "manifest.json").write_bytes(data.replace(b"1", b"2"))
    tampered = _run("minisign", "-Vm", tmp_path / "manifest.json", "-p", tmp_path / "key.pub")
    assert tampered.returncode != 0


@pytest.mark.skipif(not HAS_MINISIGN, reason="le programme minisign n'est pas installé")
def test_we_accept_stock_minisign_signature(tmp_path: Path) -> None:
    pub, sec = tmp_path / "stock.pub", tmp_path / "stock.key"
    generated = _run("minisign", "-G", "-W", "-p", pub, "-s", sec)
    assert generated.returncode == 0, generated.stderr
    data = b"donnees du mois\n"
    (tmp_path / "file.txt").write_bytes(data)
    signed = _run("minisign", "-S", "-s", sec, "-m", tmp_path / "file.txt", "-t", "commentaire de test")
    assert signed.returncode == 0, signed.stderr

    public = minisign.parse_public_key(pub.read_text(encoding="utf-8"))
    sig_text = (tmp_path / "file.txt.minisig").read_text(encoding="utf-8")
    assert minisign.verify(data, sig_text, public, allow_legacy=False) == "commentaire de test"
    with pytest.raises(PackageError):
        minisign.verify(data + b"x", sig_text, public)
