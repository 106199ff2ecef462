"""Short run of the fuzz harness of the two doors (benchmarks/fuzz_importers.py), same assertions.

Each mutated relevé or package ends in success or a French refusal, never another exception; a
refusal leaves the store exactly as before, an accepted file gives what a clean import of the same
content gives. The long run is `uv run python benchmarks/fuzz_importers.py` (counts in its docstring).
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from clausedesk.core.services import hours_import
from clausedesk.db.store import Store
from clausedesk.reports.releve_reader import ReleveFileError
from clausedesk.sync import importer
from clausedesk.sync.archive import canonical_json, write_zip
from clausedesk.sync.manifest import RECORDS

HARNESS = Path(__file__).resolve().parents[2] / "benchmarks" / "fuzz_importers.py"
CASES = 150


@pytest.fixture(scope="module")
def harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_importers", HARNESS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_mutated_releves_are_imported_or_refused_in_french(
    harness: ModuleType, demo_template: Path, tmp_path: Path
) -> None:
    tally = harness.fuzz_releves(demo_template, CASES, 11, tmp_path)
    assert tally.failures == []
    assert sum(tally.outcomes.values()) == CASES
    assert tally.outcomes["refusé (fichier)"] > 0 and tally.outcomes["refusé (lignes en erreur)"] > 0
    assert tally.outcomes["accepté (enregistré)"] > 0  # and each one equal to a clean import


def test_mutated_packages_are_imported_or_refused_in_french(
    harness: ModuleType, demo_template: Path, tmp_path: Path
) -> None:
    tally = harness.fuzz_packages(demo_template, CASES, 11, tmp_path)
    assert tally.failures == []
    assert sum(tally.outcomes.values()) == CASES
    refused = {outcome for outcome in tally.outcomes if outcome.startswith("refusé")}
    assert {"refusé (decrypt)", "refusé (archive)", "refusé (schema)"} <= refused
    assert tally.outcomes["intégré"] > 0 and tally.outcomes["mis en attente"] > 0


def _rezipped(harness: ModuleType, sheet_xml: Callable[[bytes], bytes]) -> bytes:
    entries = [
        (i.filename, c) for i, c in harness._zip_entries((harness.RELEVES / "releve_ok.xlsx").read_bytes())
    ]
    return harness._rezip([(n, sheet_xml(c) if n == "xl/worksheets/sheet1.xml" else c) for n, c in entries])


@pytest.mark.parametrize(
    "damage",
    [
        lambda xml: xml[: len(xml) // 2],  # truncated sheet: malformed XML (ParseError)
        lambda xml: xml.replace(b'<row r="9">', b'<row r="A0">', 1),  # a row number that does not parse
        lambda xml: re.sub(rb'(<c r="H10"[^>]*><v>)[^<]*', rb"\g<1>0x10", xml, count=1),  # nor a number
    ],
)
def test_damaged_sheet_xml_is_refused_in_french(
    harness: ModuleType, demo_store: Store, tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    """Found by the fuzz harness: these escaped as ParseError / ValueError tracebacks."""
    target = tmp_path / "releve.xlsx"
    target.write_bytes(_rezipped(harness, damage))
    before = harness.facilitator_fingerprint(demo_store)
    with pytest.raises(ReleveFileError, match="endommagé ou incomplet"):
        hours_import.import_file(demo_store.sessions, target)
    assert harness.facilitator_fingerprint(demo_store) == before


@pytest.mark.parametrize("value", [b"1e308", b"1e30", b"-1e300", b"NaN"])  # NaN: calamine reads a float
def test_hours_that_are_no_quantity_are_a_row_error(
    harness: ModuleType, demo_store: Store, tmp_path: Path, value: bytes
) -> None:
    """Found by the fuzz harness: decimal.InvalidOperation escaped from numbers of 29 digits or more."""
    target = tmp_path / "releve.xlsx"
    target.write_bytes(
        _rezipped(
            harness, lambda xml: re.sub(rb'(<c r="H10"[^>]*><v>)[^<]*', rb"\g<1>" + value, xml, count=1)
        )
    )
    before = harness.facilitator_fingerprint(demo_store)
    result = hours_import.import_file(demo_store.sessions, target)
    assert [o.row for o in result.errors] == [10]
    assert "n'est pas un nombre d'heures" in result.errors[0].message
    assert harness.facilitator_fingerprint(demo_store) == before


@pytest.fixture(scope="module")
def bench(harness: ModuleType, demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    return harness.build_package_bench(demo_template, tmp_path_factory.mktemp("banc-paquets"))


@pytest.mark.parametrize("hours", ["1" * 40, "1e3", "-3.00", "35,5", 35])
def test_signed_package_with_unusable_hours_is_refused(
    harness: ModuleType, bench: Any, tmp_path: Path, hours: object
) -> None:
    """Found by the fuzz harness: a signed package with hours "111…1" (40 digits) merged, then every
    department figure (stats, workbook, comité PDF) failed with SQLite's integer overflow."""
    files = harness._open(bench.genuine[1], bench)
    doc = json.loads(files[RECORDS])
    entry = next(r for r in doc["records"] if r["type"] == "hour_entry")
    entry["data"]["hours_worked"] = hours
    files[RECORDS] = canonical_json(doc)
    blob = harness._seal(write_zip(harness._sign(harness._rehash(files), bench.facilitator)), bench)
    work = harness.WorkStore(bench.coordinator_base, tmp_path / "travail")
    try:
        before = harness.coordinator_fingerprint(work.store)
        result = importer.import_blob(work.store.sessions, bench.coordinator, blob, "paquet.cdpkg")
        assert result.status == "rejected" and result.check == "schema", result
        assert "quantité invalide dans « hours_worked »" in (result.reason or "")
        assert harness.coordinator_fingerprint(work.store) == before
    finally:
        work.close()


def test_the_harness_sees_a_partial_write(harness: ModuleType, demo_template: Path, tmp_path: Path) -> None:
    """The fingerprint is fine enough: one hour changed behind the importer's back is noticed."""
    from sqlalchemy import select

    from clausedesk.db.models import HourEntry

    work = harness.WorkStore(demo_template, tmp_path / "base")
    try:
        before = harness.facilitator_fingerprint(work.store)
        with work.store.session() as s:
            entry = s.scalars(select(HourEntry).limit(1)).one()
            entry.hours_worked += 1
        assert harness.facilitator_fingerprint(work.store) != before
        work.reset()
        assert harness.facilitator_fingerprint(work.store) == before
    finally:
        work.close()


def test_french_messages_only(harness: ModuleType) -> None:
    assert harness.french("Le fichier « x.xlsx » est endommagé.")
    assert not harness.french("invalid literal for int() with base 10: '0x10'")
    assert not harness.french("")
