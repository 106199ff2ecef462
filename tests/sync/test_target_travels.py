"""The facilitator's funders' target (issue 14): on the home screen, and in the package to the coordinator."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFrame, QLabel

from clausedesk.cli import run
from clausedesk.db.store import Store
from clausedesk.sync import importer, package, setup
from clausedesk.ui.app import make_application
from clausedesk.ui.context import UiContext
from clausedesk.ui.home.screen import HomeScreen

from .comite_store import Department
from .conftest import PASS


def _cli(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = run(["--data-dir", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_target_shows_on_the_home_screen_and_reaches_the_coordinator(
    department: Department, capsys: pytest.CaptureFixture[str], qtbot: Any, tmp_path: Path
) -> None:
    root_a = department.paths["A"].root
    for year, amount in (("2025", "1000"), ("2026", "500")):
        code, out, err = _cli(capsys, root_a, "targets", "set", "--year", year, "--hours", amount,
                              "--public", "BRSA=30")  # fmt: skip
        assert code == 0, err

    # the home screen on 2 July 2025: 180 h of 1 000 (18 %), 501 h expected at the prorata (183 days of 365)
    make_application()
    store = Store.open(department.paths["A"])
    try:
        home = HomeScreen(UiContext(store=store, paths=department.paths["A"]), today=date(2025, 7, 2))
        qtbot.addWidget(home)
        home.show()
        qtbot.waitUntil(lambda: not home.loading, timeout=60_000)  # alerts are computed too
        [card] = home.content.findChildren(QFrame, "objectif_financeurs")
        text = " ".join(label.text() for label in card.findChildren(QLabel))
        assert "Objectif des financeurs 2025" in text and "18,0 %" in text
        assert "180\u00a0h sur 1\u202f000\u00a0h" in text and "501\u00a0h (en retard sur le prorata)" in text

        # the next package carries the target of its month's year; the coordinator's directory shows it
        identity = setup.unlock(department.paths["A"], PASS)
        target = tmp_path / "A-2026-01.cdpkg"
        package.write_package(store.sessions, identity, "2026-01", target)
    finally:
        store.close()
    coord = department.coord
    result = importer.import_blob(coord.store.sessions, coord.identity, target.read_bytes(), "A")
    assert result.status == "merged", result.reason
    code, out, err = _cli(capsys, coord.paths.root, "coordinator", "directory", "--json")
    assert code == 0, err
    entries = {e["name"]: e for e in json.loads(out)}
    assert entries["A"]["target"] == {"year": 2026, "hours": "500.00", "shares": {"BRSA": "30.00"}}
    assert entries["B"]["target"] is None  # B set none (its package says so)
