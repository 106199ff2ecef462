"""The coordinator's « Comité de l'année » and « Annuaire et couverture » tabs, driven by clicks and keys."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from clausedesk.sync import directory
from clausedesk.ui.app import make_application
from clausedesk.ui.context import UiContext
from clausedesk.ui.sync import create_screen
from clausedesk.ui.sync.directory_edit import ChefDeFileDialog, EntryDialog
from clausedesk.ui.sync.screen import SyncScreen
from clausedesk.ui.tasks import wait_idle
from clausedesk.ui.widgets.lookup import pending

from .comite_store import SIRET_B, Department
from .test_sync_screen import when_open

LEFT = Qt.MouseButton.LeftButton
WAIT = 30_000  # ms: reads run on the worker, slow on a loaded machine


@pytest.fixture
def screen(qtbot: Any, department: Department) -> Iterator[SyncScreen]:
    make_application()
    coord = department.coord
    widget = create_screen(UiContext(store=coord.store, paths=coord.paths))
    assert isinstance(widget, SyncScreen) and widget.tabs is not None
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    yield widget
    wait_idle()


def test_the_year_is_compared_and_broken_down_by_territory(screen: SyncScreen, qtbot: Any) -> None:
    panel = screen.comite_year
    assert panel is not None and screen.tabs is not None
    screen.tabs.setCurrentWidget(panel)
    panel.year.setValue(2025)
    qtbot.waitUntil(lambda: panel.view is not None and (panel.view.year, panel.view.by) == (2025, None),
                    timeout=WAIT)  # fmt: skip
    rows = {r[0]: r for r in panel.model.rows}
    assert rows["Heures d'insertion réalisées"][1:4] == ["280\u00a0h", "70\u00a0h", "+210\u00a0h"]
    assert rows["Comités départementaux tenus"][1:4] == ["2", "1", "+1"]
    assert "pseudonyme départemental" in rows["Personnes ayant travaillé"][4]

    panel.by.setCurrentIndex(panel.by.findData("territory"))
    qtbot.waitUntil(lambda: panel.view is not None and panel.view.by == "territory", timeout=WAIT)
    labels = [r[0] for r in panel.model.rows]
    assert labels == ["CU d'Arras", "CA de Lens - Liévin", "Sans territoire (marché sans commune)"]
    assert [r[1] for r in panel.model.rows] == ["180\u00a0h", "100\u00a0h", "0\u00a0h"]
    assert panel.model.rows[0][2] == "< 5"  # two people in Arras: a small count, masked


def test_the_directory_is_edited_from_the_window_and_the_zones_blanches_follow(
    screen: SyncScreen, qtbot: Any, department: Department
) -> None:
    panel = screen.directory
    assert panel is not None and screen.tabs is not None
    screen.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.view is not None and panel.directory_model.rowCount() == 2, timeout=WAIT)
    assert all(r[0].startswith("Zone blanche") for r in [[row[5]] for row in panel.coverage_model.rows])

    def fill(dialog: EntryDialog, territory: str) -> None:
        dialog.structure.setCurrentIndex(dialog.structure.findData("plie"))
        dialog.territory.clear()
        qtbot.keyClicks(dialog.territory, territory)
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), LEFT)

    attempts: list[str] = []

    def act(dialog: EntryDialog) -> None:
        fill(dialog, "200033578")  # not an EPCI: refused, the dialog stays open with the reason
        qtbot.waitUntil(lambda: bool(dialog.error.text()), timeout=WAIT)
        attempts.append(dialog.error.text())
        # the EPCI found by its name, not its SIREN: « arras » → « CU d'Arras (200033579) »
        dialog.territory.clear()
        dialog.place.setFocus()
        qtbot.keyClicks(dialog.place.lineEdit(), "arras")
        qtbot.waitUntil(lambda: not pending(dialog.place) and not dialog.place._lookup.timer.isActive()
                        and dialog.place.findData("200033579") >= 0, timeout=WAIT)
        dialog.place.setCurrentIndex(dialog.place.findData("200033579"))
        attempts.append(dialog.places.text())
        assert dialog.territory.text() == "200033579" and dialog.place.currentText() == ""
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), LEFT)

    panel.directory_table.selectRow(0)  # A
    when_open(qtbot, EntryDialog, act)
    qtbot.mouseClick(panel.edit_button, LEFT)
    assert "aucun EPCI de ce SIREN" in attempts[0]
    assert attempts[1] == "CU d'Arras (200033579)"  # the territory read by its names
    assert "Annuaire mis à jour pour « A »" in panel.result.text()
    qtbot.waitUntil(lambda: panel.directory_model.rows[0][2] == "PLIE", timeout=WAIT)
    assert panel.directory_model.rows[0][3] == "CU d'Arras (200033579)"
    with department.coord.store.session() as session:
        assert directory.directory(session)[0]["territory"] == ["200033579"]

    def designate(dialog: ChefDeFileDialog) -> None:
        qtbot.keyClicks(dialog.siret, SIRET_B)
        dialog.facilitator.setCurrentIndex(dialog.facilitator.findData(department.keys["B"]))
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), LEFT)

    when_open(qtbot, ChefDeFileDialog, designate)
    qtbot.mouseClick(panel.chef_button, LEFT)
    assert f"« B » est chef de file pour le donneur d'ordre {SIRET_B}." in panel.result.text()
    qtbot.waitUntil(lambda: panel.directory_model.rows[1][5] == SIRET_B, timeout=WAIT)
    arras = next(r for r, key in zip(panel.coverage_model.rows, panel.coverage_model.keys, strict=True)
                 if key == "200033579")  # fmt: skip
    assert arras[1] == "A" and arras[2] == "1 (0)"  # the year shown is this year: no hours yet
