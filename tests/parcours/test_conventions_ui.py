"""Conventions de globalisation in the window: create one, allocate hours, a refusal shown in the form."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from clausedesk.cli import run
from clausedesk.db.store import Store
from clausedesk.paths import Paths
from clausedesk.ui.main_window import MainWindow
from clausedesk.ui.parcours.conventions import AllocationDialog, ConventionDialog
from tests.recipients.scenario import COMPANY, build
from tests.ui.helpers import shown_window, type_text
from tests.ui.test_counting_options_ui import _cells

LEFT = Qt.MouseButton.LeftButton
WAIT = 30000  # ms: reads and writes run on the worker, slow on a loaded machine


@pytest.fixture
def window(qtbot: Any, store: Store) -> Iterator[MainWindow]:
    build(store)
    with shown_window(qtbot, store) as w:
        yield w


def _flat(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


def test_a_convention_is_created_and_hours_allocated_from_the_window(
    qtbot: Any, window: MainWindow, store: Store, paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    screen = window.show_screen("parcours")
    panel = screen.conventions
    qtbot.waitUntil(lambda: panel.empty.isVisible(), timeout=WAIT)
    qtbot.mouseClick(panel.new_button, LEFT)
    qtbot.waitUntil(
        lambda: isinstance(panel.dialog, ConventionDialog) and panel.dialog.isVisible(), timeout=WAIT
    )
    dialog = panel.dialog
    assert isinstance(dialog, ConventionDialog)
    type_text(qtbot, dialog.ref, "GLOB-UI")
    type_text(qtbot, dialog.title, "Globalisation Cergy et Département")
    dialog.company.setCurrentIndex(dialog.company.findData(COMPANY))
    qtbot.waitUntil(lambda: dialog.lots.count() == 2, timeout=WAIT)
    type_text(qtbot, dialog.start, "01/01/2026")
    type_text(qtbot, dialog.end, "31/12/2026")
    # one lot only: refused, the form stays open with the reason
    dialog.lots.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: "au moins deux lots" in dialog.error.text(), timeout=WAIT)
    assert dialog.isVisible()
    dialog.lots.item(1).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
    qtbot.waitUntil(lambda: _cells(panel.table) != [], timeout=WAIT)
    assert _cells(panel.table)[0][:4] == [
        "GLOB-UI", "Bâti Ouest", "01/01/2026 – 31/12/2026", "2026-001-L01, 2026-002-L01",
    ]  # fmt: skip

    qtbot.mouseClick(panel.allocate_button, LEFT)
    qtbot.waitUntil(
        lambda: isinstance(panel.dialog, AllocationDialog) and panel.dialog.isVisible(), timeout=WAIT
    )
    alloc = panel.dialog
    assert isinstance(alloc, AllocationDialog)
    alloc.month.set_month("2026-04")
    qtbot.waitUntil(
        lambda: _flat(alloc.free.text()) == "100 h disponibles sur ce lot en avril 2026", timeout=WAIT
    )
    type_text(qtbot, alloc.hours, "150")
    type_text(qtbot, alloc.reason, "Parcours qualifiant")
    qtbot.mouseClick(alloc.save_button, LEFT)
    qtbot.waitUntil(lambda: "100 h seulement sont disponibles" in _flat(alloc.error.text()), timeout=WAIT)
    alloc.hours.clear()
    type_text(qtbot, alloc.hours, "35")
    qtbot.mouseClick(alloc.save_button, LEFT)
    qtbot.waitUntil(lambda: not alloc.isVisible(), timeout=WAIT)
    qtbot.waitUntil(lambda: _cells(panel.allocations) != [], timeout=WAIT)
    row = _cells(panel.allocations)[0]
    assert row[:5] == ["avril 2026", "2026-001-L01", "2026-002-L01", "35\u00a0h", "Parcours qualifiant"]
    assert _flat(_cells(panel.table)[0][4]) == "35 h"
    # the command line sees what the window wrote
    assert run(["--data-dir", str(paths.root), "list", "conventions", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(a["hours"], a["month"]) for a in listed[0]["allocations"]] == [(35, "2026-04")]
