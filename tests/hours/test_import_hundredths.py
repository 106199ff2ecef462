"""The import's fast paths (issue 16's speed work) give exactly what a person typed: hours as hundredths
rounded half up like « 0,125 » → 0,13, whatever the cell holds (number, text, duration), and the
collector paused for the import is set back, whether the import succeeds or is refused."""

from __future__ import annotations

import gc
import json
from datetime import time
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from clausedesk.core.services import hours_import
from clausedesk.db.store import Store
from clausedesk.paths import Paths
from tests.hours.helpers import RELEVES, cli, snapshot

# (cell as typed, hours stored): numbers with more than two decimals round half up, as Decimal does
TYPED: list[tuple[object, str]] = [
    (0.125, "0.13"),  # a float just below 0.125: Decimal(str()) rounds it up, so must the import
    (2.675, "2.68"),
    ("1,005", "1.01"),
    ("7h30", "7.50"),
    (time(6, 45), "6.75"),
]


def releve_with(tmp_path: Path, values: list[object]) -> Path:
    """releve_ok.xlsx with the first rows' « Heures travaillées » replaced by `values`."""
    wb = openpyxl.load_workbook(RELEVES / "releve_ok.xlsx")
    ws = wb["Relevé"]
    for offset, value in enumerate(values):
        ws.cell(row=9 + offset, column=8, value=value)
    target = tmp_path / "arrondis.xlsx"
    wb.save(target)
    return target


def test_typed_hours_are_stored_to_the_hundredth_rounded_half_up(
    demo_paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = releve_with(tmp_path, [typed for typed, _ in TYPED])
    code, out, err = cli(capsys, demo_paths, "import-hours", str(path), "--json")
    assert code == 0, err
    rows = json.loads(out)["rows"][: len(TYPED)]
    assert [r["hours_worked"] for r in rows] == [float(Decimal(h)) for _, h in TYPED]
    stored = {e[2] for e in snapshot(demo_paths)[:-1]}
    assert {Decimal(h) for _, h in TYPED} <= stored
    # the same file again: every row unchanged (the stored hundredths equal the file's)
    code, out, _ = cli(capsys, demo_paths, "import-hours", str(path), "--json")
    assert code == 0 and json.loads(out)["counts"]["unchanged"] == 5


def test_too_many_hours_typed_as_a_long_number_are_refused(
    demo_paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(demo_paths)
    path = releve_with(tmp_path, ["123456789012345678901234567890,5", float("1e300")])
    code, _, err = cli(capsys, demo_paths, "import-hours", str(path))
    assert code == 1 and "ligne 9" in err and "ligne 10" in err
    assert snapshot(demo_paths) == before


def test_the_collector_is_set_back_after_an_import(demo_paths: Paths, tmp_path: Path) -> None:
    assert gc.isenabled()
    store = Store.open(demo_paths)
    try:
        result = hours_import.import_file(store.sessions, RELEVES / "releve_ok.xlsx")
        assert result.written and gc.isenabled()
        with pytest.raises(hours_import.ReleveFileError):
            hours_import.import_file(store.sessions, RELEVES / "pas_un_tableur.xlsx")
        assert gc.isenabled()
        gc.disable()  # paused by the caller: left paused
        try:
            hours_import.import_file(store.sessions, RELEVES / "releve_ok.xlsx", dry_run=True)
            assert not gc.isenabled()
        finally:
            gc.enable()
    finally:
        store.close()
