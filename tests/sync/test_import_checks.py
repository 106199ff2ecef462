"""The coordinator's import: every check refuses its own attack, and a refused file changes nothing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete

from clausedesk.db.models import SentPackage
from clausedesk.db.repositories import coordinator as repo
from clausedesk.sync import importer, setup
from clausedesk.sync.archive import canonical_json
from clausedesk.sync.manifest import AGGREGATES, MANIFEST, RECORDS, SIGNATURE

from .conftest import (
    MONTHS,
    Coordinator,
    Facilitator,
    make_coordinator,
    make_facilitator,
    raw_zip,
    repack,
    resign,
    rewrite_records,
    seal,
    unpack,
)


def _import(coord: Coordinator, blob: bytes, name: str = "paquet.cdpkg") -> importer.ImportResult:
    return importer.import_blob(coord.store.sessions, coord.identity, blob, name)


def _snapshot(coord: Coordinator) -> tuple[list[tuple[object, ...]], list[tuple[int, int, str]]]:
    with coord.store.session() as s:
        records = repo.record_snapshot(s)
        packages = [(p.facilitator_id, p.sequence, p.status) for p in repo.packages(s)]
    return records, packages


def _rejected(coord: Coordinator, blob: bytes, check: str) -> importer.ImportResult:
    before = _snapshot(coord)
    result = _import(coord, blob)
    assert result.status == "rejected", result
    assert result.check == check, result.reason
    assert result.reason and "Paquet refusé" in result.reason
    assert _snapshot(coord) == before
    return result


def test_package_merges_and_replay_is_duplicate(coord: Coordinator, fac1: Facilitator, out: Path) -> None:
    blob = fac1.package(MONTHS[0], out)
    first = _import(coord, blob)
    assert first.status == "merged" and first.records > 100 and first.sequence == 1
    after = _snapshot(coord)
    again = _import(coord, blob)
    assert again.status == "duplicate"
    assert _snapshot(coord) == after


def test_older_sequence_is_refused(coord: Coordinator, fac1: Facilitator, out: Path) -> None:
    p1 = fac1.package(MONTHS[0], out)
    p2 = fac1.package(MONTHS[1], out)
    assert _import(coord, p1).status == "merged" and _import(coord, p2).status == "merged"
    # the facilitator restores an old backup: their history forgets packages 1 and 2
    with fac1.store.session() as s:
        s.execute(delete(SentPackage))
    forged = fac1.package(MONTHS[1], out)
    result = _rejected(coord, forged, "sequence")
    assert "n° 1" in (result.reason or "")


def test_same_sequence_with_other_content_is_refused(
    coord: Coordinator, fac1: Facilitator, out: Path
) -> None:
    p1 = fac1.package(MONTHS[0], out)
    assert _import(coord, p1).status == "merged"
    with fac1.store.session() as s:
        s.execute(delete(SentPackage))
    _rejected(coord, fac1.package(MONTHS[0], out), "sequence")


def test_gap_is_held_then_merged_when_filled(coord: Coordinator, fac1: Facilitator, out: Path) -> None:
    p1, p2, p3 = (fac1.package(m, out) for m in MONTHS)
    assert _import(coord, p1).status == "merged"
    held = _import(coord, p3)
    assert held.status == "held"
    assert _import(coord, p3).status == "duplicate"
    filled = _import(coord, p2)
    assert filled.status == "merged" and filled.released == [3]
    with coord.store.session() as s:
        assert [(p.sequence, p.status) for p in repo.packages(s)] == [
            (1, "merged"),
            (2, "merged"),
            (3, "merged"),
        ]
        assert all(p.content is None for p in repo.packages(s))


def test_broken_chain_is_refused(coord: Coordinator, fac1: Facilitator, out: Path) -> None:
    p1, p2 = fac1.package(MONTHS[0], out), fac1.package(MONTHS[1], out)
    assert _import(coord, p1).status == "merged"
    files = unpack(p2, coord)
    manifest = json.loads(files[MANIFEST])
    manifest["previous_manifest_sha256"] = "0" * 64
    files[MANIFEST] = canonical_json(manifest)
    _rejected(coord, repack(resign(files, fac1.identity), coord), "chain")


def test_foreign_key_is_refused(tmp_path: Path, coord: Coordinator, fac1: Facilitator, out: Path) -> None:
    from clausedesk.paths import Paths

    stranger = make_facilitator("Inconnu", Paths(tmp_path / "inconnu"), coord, enroll=False)
    try:
        result = _rejected(coord, stranger.package(MONTHS[0], out), "key")
        assert "n'est pas celle d'un facilitateur inscrit" in (result.reason or "")
    finally:
        stranger.store.close()


def test_revoked_key_is_refused(coord: Coordinator, fac1: Facilitator, out: Path) -> None:
    p1 = fac1.package(MONTHS[0], out)
    with coord.store.session() as s:
        repo.revoke(s, fac1.identity.public.key_id_hex)
    result = _rejected(coord, p1, "key")
    assert "révoquée" in (result.reason or "")


def test_wrong_recipient_is_refused(tmp_path: Path, coord: Coordinator, fac1: Facilitator, out: Path) -> None:
    other = make_coordinator(tmp_path / "autre-coordinateur")
    try:
        p1 = fac1.package(MONTHS[0], out)
        # addressed (encrypted) to `coord`: the other coordinator cannot even open it
        refused = importer.import_blob(other.store.sessions, other.identity, p1, "p")
        assert refused.status == "rejected" and refused.check == "recipient"
        # mix-and-match: `coord` re-encrypts the facilitator's signed package to the other coordinator
        with other.store.session() as s:
            repo.enroll(
                s, fac1.identity.public.key_id_hex, "Alice", fac1.identity.bundle.signing.key_id_hex, "x"
            )
        forwarded = raw_zip(sorted(unpack(p1, coord).items()))
        result = importer.import_blob(other.store.sessions, other.identity, seal(forwarded, other), "p")
        assert result.status == "rejected"
    finally:
        other.store.close()


def test_manifest_recipient_must_be_us(
    tmp_path: Path, coord: Coordinator, fac1: Facilitator, out: Path
) -> None:
    files = unpack(fac1.package(MONTHS[0], out), coord)
    manifest = json.loads(files[MANIFEST])
    manifest["recipient_key_id"] = "0123456789ABCDEF"
    files[MANIFEST] = canonical_json(manifest)
    _rejected(coord, repack(resign(files, fac1.identity), coord), "recipient")


def test_path_traversal_is_refused(coord: Coordinator, fac1: Facilitator, out: Path) -> None:
    files = unpack(fac1.package(MONTHS[0], out), coord)
    entries = sorted(files.items()) + [("../../evil.sh", b"rm -rf ~")]
    result = _rejected(coord, seal(raw_zip(entries), coord), "archive")
    assert "remontée" in (result.reason or "")


def test_duplicate_entry_is_refused(coord: Coordinator, fac1: Facilitator, out: Path) -> None:
    files = unpack(fac1.package(MONTHS[0], out), coord)
    entries = sorted(files.items()) + [(RECORDS, b'{"records":[]}')]
    result = _rejected(coord, seal(raw_zip(entries), coord), "archive")
    assert "double" in (result.reason or "")


def test_extra_file_is_refused(coord: Coordinator, fac1: Facilitator, out: Path) -> None:
    files = unpack(fac1.package(MONTHS[0], out), coord)
    files["noms.json"] = b'["Dupont"]'
    _rejected(coord, repack(files, coord), "archive")


def test_missing_file_is_refused(coord: Coordinator, fac1: Facilitator, out: Path) -> None:
    files = unpack(fac1.package(MONTHS[0], out), coord)
    del files[AGGREGATES]
    result = _rejected(coord, repack(files, coord), "archive")
    assert "manquante" in (result.reason or "")


def test_swapped_data_is_refused(coord: Coordinator, fac1: Facilitator, out: Path) -> None:
    p1, p2 = fac1.package(MONTHS[0], out), fac1.package(MONTHS[1], out)
    files = unpack(p1, coord)
    files[RECORDS] = unpack(p2, coord)[RECORDS]
    _rejected(coord, repack(files, coord), "hash")


def test_tampered_manifest_fails_signature(coord: Coordinator, fac1: Facilitator, out: Path) -> None:
    files = unpack(fac1.package(MONTHS[0], out), coord)
    files[MANIFEST] = files[MANIFEST].replace(b'"sequence":1', b'"sequence":7')
    _rejected(coord, repack(files, coord), "signature")


def test_bad_schema_is_refused_even_when_signed(coord: Coordinator, fac1: Facilitator, out: Path) -> None:
    def change(records: list[dict[str, Any]]) -> None:
        records[0]["data"]["last_name"] = "DUPONT"

    _rejected(coord, rewrite_records(fac1.package(MONTHS[0], out), coord, fac1.identity, change), "schema")


def test_truncated_package_is_refused(coord: Coordinator, fac1: Facilitator, out: Path) -> None:
    blob = fac1.package(MONTHS[0], out)
    for cut in (len(blob) - 1, len(blob) // 2, 40):
        _rejected(coord, blob[:cut], "decrypt")


def test_oversize_file_is_refused_without_reading_it(
    coord: Coordinator, fac1: Facilitator, out: Path
) -> None:
    good = out / "bon.cdpkg"
    good.write_bytes(fac1.package(MONTHS[0], out))
    huge = out / "enorme.cdpkg"
    with huge.open("wb") as handle:
        handle.truncate(importer.MAX_PACKAGE + 1)  # sparse: nothing is written
    results = importer.import_files(coord.store.sessions, coord.identity, [huge, good])
    assert [r.status for r in results] == ["rejected", "merged"]
    assert results[0].check == "size" and "trop gros" in (results[0].reason or "")
    os.remove(huge)


@pytest.mark.skipif(shutil.which("minisign") is None, reason="the minisign tool is not installed")
def test_signature_verifies_with_stock_minisign(coord: Coordinator, fac1: Facilitator, out: Path) -> None:
    files = unpack(fac1.package(MONTHS[0], out), coord)
    (out / MANIFEST).write_bytes(files[MANIFEST])
    (out / SIGNATURE).write_bytes(files[SIGNATURE])
    pub = fac1.paths.root / "identite.pub"
    done = subprocess.run(
        ["minisign", "-Vm", str(out / MANIFEST), "-p", str(pub)], capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert b"sequence 1 periode 2026-08" in done.stdout


def test_coordinator_folder_detected(coord: Coordinator, fac1: Facilitator) -> None:
    assert setup.is_coordinator(coord.paths) and not setup.is_coordinator(fac1.paths)
