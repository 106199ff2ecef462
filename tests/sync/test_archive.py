"""The zip inside a package: deterministic writing, every refusal of hostile archives, JSON helpers."""

from __future__ import annotations

import io
import random
import stat
import struct
import warnings
import zipfile
from pathlib import Path
from typing import Any

import pytest

from clausedesk.sync import archive
from clausedesk.sync.errors import PackageError

FILES = {
    "manifest.json": b'{"format":"clausedesk-package","sequence":3}',
    "manifest.json.minisig": b"untrusted comment: x\n",
    "data/records.json": b'[{"uuid":"0f","rev":2}]' * 20,
    "data/aggregates.json": b'{"hours":12}',
}
ALLOWED = set(FILES)
CAPS: dict[str, Any] = {"max_total": 1 << 20, "max_entry": 1 << 19, "max_ratio": 100, "max_entries": 10}


def _read(blob: bytes, allowed: Any = None, **overrides: Any) -> dict[str, bytes]:
    caps = dict(CAPS, **overrides)
    return archive.read_zip(blob, ALLOWED if allowed is None else allowed, **caps)


def _refusal(blob: bytes, allowed: Any = None, **overrides: Any) -> PackageError:
    with pytest.raises(PackageError) as caught:
        _read(blob, allowed, **overrides)
    return caught.value


def _raw_zip(entries: list[tuple[str | zipfile.ZipInfo, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip written by the standard library, without any of our checks (duplicates allowed)."""
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", compression=method) as handle:
        warnings.simplefilter("ignore")
        for name, data in entries:
            handle.writestr(name, data)
    return buffer.getvalue()


def _central_offset(blob: bytes, index: int = 0) -> int:
    position = -1
    for _ in range(index + 1):
        position = blob.index(b"PK\x01\x02", position + 1)
    return position


def _patch(blob: bytes, offset: int, fmt: str, value: int) -> bytes:
    patched = bytearray(blob)
    struct.pack_into(fmt, patched, offset, value)
    return bytes(patched)


def _write_file(tmp_path: Path, blob: bytes) -> bytes:
    path = tmp_path / "contenu.zip"
    path.write_bytes(blob)
    return path.read_bytes()


# --- writing and round trips -------------------------------------------------------------------


def test_round_trip_through_a_file(tmp_path: Path) -> None:
    blob = _write_file(tmp_path, archive.write_zip(FILES))
    assert _read(blob, required=FILES) == FILES


def test_write_is_deterministic_and_sorted() -> None:
    reversed_files = dict(reversed(list(FILES.items())))
    blob = archive.write_zip(FILES)
    assert blob == archive.write_zip(reversed_files)
    with zipfile.ZipFile(io.BytesIO(blob)) as handle:
        infos = handle.infolist()
    assert [info.filename for info in infos] == sorted(FILES)
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {info.compress_type for info in infos} == {zipfile.ZIP_DEFLATED}
    assert {stat.S_IMODE(info.external_attr >> 16) for info in infos} == {0o644}


def test_empty_archive_round_trip() -> None:
    assert _read(archive.write_zip({})) == {}


def test_predicate_allows_names() -> None:
    blob = archive.write_zip(FILES)
    assert _read(blob, allowed=lambda name: name.endswith((".json", ".minisig"))) == FILES


@pytest.mark.parametrize(
    "name", ["../x.json", "/abs.json", "a\\b.json", "C:/x.json", ".hidden", "d/", "NUL.json"]
)
def test_write_refuses_bad_names(name: str) -> None:
    with pytest.raises(PackageError) as caught:
        archive.write_zip({name: b"x"})
    assert caught.value.check == "archive"


def test_write_refuses_names_equal_ignoring_case() -> None:
    with pytest.raises(PackageError, match="double"):
        archive.write_zip({"a.json": b"1", "A.json": b"2"})


# --- structure refusals --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "blob", [b"", b"not a zip at all", b"PK\x05\x06" + b"\0" * 10], ids=["empty", "text", "stub"]
)
def test_not_a_zip_refused(blob: bytes) -> None:
    error = _refusal(blob)
    assert error.check == "archive"
    assert "archive" in error.message


def test_truncated_zip_refused() -> None:
    assert _refusal(archive.write_zip(FILES)[:-30]).check == "archive"


@pytest.mark.parametrize(
    "name",
    [
        "../evil.json",
        "data/../../evil.json",
        "data/./x.json",
        "/etc/passwd",
        "C:/Windows/evil.json",
        "c:evil.json",
        "data\\evil.json",
        "..\\evil.json",
        "data//x.json",
        "data/",
        ".hidden.json",
        "évil.json",
        "a:b.json",
        "CON.json",
        "com1",
    ],
)
def test_path_traversal_and_odd_names_refused(name: str) -> None:
    error = _refusal(_raw_zip([(name, b"x")]), allowed=lambda _: True)
    assert error.check == "archive"


def test_nul_in_name_refused() -> None:
    blob = _raw_zip([("aXb.json", b"x")]).replace(b"aXb.json", b"a\x00b.json")
    assert _refusal(blob, allowed=lambda _: True).check == "archive"


def test_duplicate_entry_refused() -> None:
    blob = _raw_zip([("manifest.json", b"first"), ("manifest.json", b"second")])
    error = _refusal(blob)
    assert error.check == "archive" and "double" in error.message


def test_duplicate_entry_ignoring_case_refused() -> None:
    blob = _raw_zip([("manifest.json", b"first"), ("MANIFEST.json", b"second")])
    assert "double" in _refusal(blob, allowed=lambda _: True).message


def test_unexpected_entry_refused() -> None:
    blob = archive.write_zip(dict(FILES, **{"data/extra.json": b"{}"}))
    error = _refusal(blob)
    assert error.check == "archive" and "inattendue" in error.message


def test_unexpected_entry_refused_by_predicate() -> None:
    blob = archive.write_zip(FILES)
    assert _refusal(blob, allowed=lambda name: name != "data/records.json").check == "archive"


def test_missing_entry_refused() -> None:
    partial = {name: data for name, data in FILES.items() if name != "data/aggregates.json"}
    error = _refusal(archive.write_zip(partial), required=FILES)
    assert error.check == "archive"
    assert "manquante" in error.message and "data/aggregates.json" in error.message


def test_symlink_refused() -> None:
    info = zipfile.ZipInfo("manifest.json")
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    error = _refusal(_raw_zip([(info, b"/etc/passwd")]))
    assert error.check == "archive" and "lien symbolique" in error.message


def test_directory_attribute_refused() -> None:
    info = zipfile.ZipInfo("manifest.json")
    info.external_attr = 0x10
    assert _refusal(_raw_zip([(info, b"")])).check == "archive"


def test_encrypted_entry_refused() -> None:
    blob = _raw_zip([("manifest.json", b"{}")])
    central = _central_offset(blob)
    blob = _patch(blob, 6, "<H", 0x1)  # general purpose flags of the local header
    blob = _patch(blob, central + 8, "<H", 0x1)  # ... and of the central directory
    error = _refusal(blob)
    assert error.check == "archive" and "chiffrée" in error.message


def test_unsupported_compression_refused() -> None:
    blob = _raw_zip([("manifest.json", b"{}" * 100)], method=zipfile.ZIP_BZIP2)
    assert "compression" in _refusal(blob).message


def test_bad_crc_refused() -> None:
    blob = bytearray(_raw_zip([("manifest.json", b"0123456789")], method=zipfile.ZIP_STORED))
    position = blob.index(b"0123456789")
    blob[position] ^= 0x01
    error = _refusal(bytes(blob))
    assert error.check == "archive" and "CRC" in error.message


def test_names_differing_between_headers_refused() -> None:
    blob = _raw_zip([("manifest.json", b"{}")])
    local_name = blob.index(b"manifest.json")
    patched = blob[:local_name] + b"manifesT.json" + blob[local_name + len(b"manifest.json") :]
    assert "diffère" in _refusal(patched, allowed=lambda _: True).message


def test_overlapping_entries_refused() -> None:
    blob = _raw_zip(
        [("manifest.json", b"A" * 100), ("data/records.json", b"B" * 100)], method=zipfile.ZIP_STORED
    )
    blob = _patch(blob, _central_offset(blob, 0) + 20, "<L", 200)  # first entry now covers the second
    assert "chevauchent" in _refusal(blob).message


# --- size refusals -----------------------------------------------------------------------------


def test_too_many_entries_refused() -> None:
    blob = archive.write_zip({f"data/part{i}.json": b"{}" for i in range(11)})
    error = _refusal(blob, allowed=lambda _: True)
    assert error.check == "size" and "trop d'entrées" in error.message


def test_entry_over_cap_refused() -> None:
    blob = archive.write_zip({"data/records.json": bytes(range(256)) * 40})
    error = _refusal(blob, max_entry=10_000)
    assert error.check == "size" and "data/records.json" in error.message


def test_total_over_cap_refused() -> None:
    blob = archive.write_zip(FILES)
    assert _refusal(blob, max_total=sum(map(len, FILES.values())) - 1).check == "size"


def test_zip_bomb_refused_by_ratio() -> None:
    blob = archive.write_zip({"data/records.json": bytes(20 * 1024 * 1024)})
    assert len(blob) < 100_000
    error = _refusal(blob, max_total=64 << 20, max_entry=64 << 20)
    assert error.check == "size" and "bombe" in error.message


def test_lying_declared_size_stops_decompression() -> None:
    """The headers claim 10 bytes; decompression stops at the 11th and the entry is refused."""
    blob = _raw_zip([("data/records.json", bytes(5_000_000))])
    blob = _patch(blob, 22, "<L", 10)  # uncompressed size in the local header
    blob = _patch(blob, _central_offset(blob) + 24, "<L", 10)  # ... and in the central directory
    error = _refusal(blob, max_ratio=10**9)
    assert error.check == "size" and "taille déclarée" in error.message


def test_entry_shorter_than_declared_refused() -> None:
    blob = _raw_zip([("manifest.json", b"{}" * 50)])
    blob = _patch(blob, _central_offset(blob) + 24, "<L", 1000)
    assert _refusal(blob).check == "archive"


# --- random corruption -------------------------------------------------------------------------


def test_random_corruption_only_ever_raises_package_error() -> None:
    original = archive.write_zip(FILES)
    rng = random.Random(20250301)
    for _ in range(1500):
        blob = bytearray(original)
        for _ in range(rng.randint(1, 3)):
            blob[rng.randrange(len(blob))] = rng.randrange(256)
        try:
            files = _read(bytes(blob))
        except PackageError as error:
            assert error.check in {"archive", "size"}
        else:
            assert files.items() <= FILES.items()  # never different content


# --- JSON and hashes ---------------------------------------------------------------------------


def test_canonical_json() -> None:
    obj = {"b": [1, {"d": None, "c": True}], "a": "épargne €"}
    assert archive.canonical_json(obj) == '{"a":"épargne €","b":[1,{"c":true,"d":null}]}'.encode()
    with pytest.raises(ValueError):
        archive.canonical_json({"x": float("nan")})


def test_sha256_hex() -> None:
    assert archive.sha256_hex(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert archive.sha256_hex(b"abc").startswith("ba7816bf")


def test_strict_json_round_trip() -> None:
    obj = {"a": [1, 2.5, "é"], "b": {"c": None}}
    assert archive.strict_json(archive.canonical_json(obj)) == obj


@pytest.mark.parametrize(
    "data",
    [b'{"a":1,"a":2}', b'{"a":NaN}', b"[Infinity]", b"\xff\xfe", b"{", b"[" * 100_000],
    ids=["duplicate-key", "nan", "infinity", "not-utf8", "invalid", "too-deep"],
)
def test_strict_json_refusals(data: bytes) -> None:
    with pytest.raises(PackageError) as caught:
        archive.strict_json(data)
    assert caught.value.check == "schema"
