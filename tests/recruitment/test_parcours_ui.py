"""The parcours page from a person's page, and the « fins de contrat » tab proposing the next job."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from clausedesk.core.services import people
from clausedesk.core.services import recruitment as rec
from clausedesk.core.services.recruitment_candidates import candidate_applications
from clausedesk.db.store import Store
from clausedesk.ui.main_window import MainWindow
from clausedesk.ui.participants.parcours import ParcoursDialog
from clausedesk.ui.widgets.tables import SmallTable
from tests.ui.helpers import shown_window
from tests.ui.test_counting_options_ui import _cells

from .conftest import World, offer_data

LEFT = Qt.MouseButton.LeftButton
WAIT = 30000  # ms: reads and writes run on the worker, slow on a loaded machine


@pytest.fixture
def window(qtbot: Any, store: Store, world: World) -> Iterator[MainWindow]:
    """Bruno's CDD ends in 20 days; the Maçon offer starts in 30 days (dates from today: the window's)."""
    today = date.today()
    with store.session() as s:
        rec.save_offer(s, offer_data(world, start_date=today + timedelta(days=30), opened_on=today))
        contract = people.save_contract(s, people.ContractData(
            world.bruno, world.company, world.lot, "embauche_directe", "CDD", date(2026, 9, 2),
            today + timedelta(days=20), rome="F1703", job_label="Maçon", weekly_hours="35",
        ))  # fmt: skip
        people.set_hours(s, contract.uuid, "2026-10", "140")
    with shown_window(qtbot, store) as w:
        yield w


def test_fins_de_contrat_propose_the_person_on_a_matching_offer(
    qtbot: Any, window: MainWindow, store: Store, world: World
) -> None:
    screen = window.show_screen("parcours")
    screen.tabs.setCurrentWidget(screen.endings)
    panel = screen.endings
    qtbot.waitUntil(lambda: _cells(panel.table) != [], timeout=WAIT)
    [row] = _cells(panel.table)
    assert row[1:] == ["DURAND Bruno", "Bâtiments du Val", "Ville de Cergy", "2026-REC-01-L01", "Maçon", "1"]
    offer = _cells(panel.details)[0]
    assert offer[0] == "Maçon" and "recherche ce métier (F1703 — Maçon / Maçonne)" in offer[3]
    panel.weeks.setValue(2)  # 20 days away: out of two weeks
    qtbot.waitUntil(lambda: _cells(panel.table) == [] and panel.empty.isVisible(), timeout=WAIT)
    panel.weeks.setValue(4)
    qtbot.waitUntil(lambda: _cells(panel.table) != [], timeout=WAIT)
    panel.details.selectRow(0)
    qtbot.mouseClick(panel.propose_button, LEFT)
    qtbot.waitUntil(lambda: "candidature proposée" in panel.note.text(), timeout=WAIT)
    qtbot.waitUntil(lambda: _cells(panel.table) != [] and _cells(panel.table)[0][6] == "0", timeout=WAIT)
    with store.session() as s:
        assert [(a.offer_label, a.step) for a in candidate_applications(s, world.bruno)] == [
            ("F1703 — Maçon / Maçonne", "proposee")
        ]


def test_the_parcours_page_opens_from_the_person_page(qtbot: Any, window: MainWindow, world: World) -> None:
    screen = window.show_screen("participants")
    screen.show_person(world.bruno)
    # the person's page is read in the background: wait for it before clicking its button
    qtbot.waitUntil(lambda: screen.scroll.widget().findChild(QPushButton, "parcours") is not None,
                    timeout=WAIT)  # fmt: skip
    parcours = screen.scroll.widget().findChild(QPushButton, "parcours")
    qtbot.mouseClick(parcours, LEFT)
    qtbot.waitUntil(
        lambda: isinstance(screen.dialog, ParcoursDialog) and screen.dialog.page is not None, timeout=WAIT
    )
    dialog = screen.dialog
    head = dialog.findChild(QLabel, "parcours_head")
    assert "DURAND Bruno" in head.text()
    assert "1 contrat chez 1 employeur pour 1 donneur d'ordre" in head.text()
    assert _cells(dialog.findChild(SmallTable, "parcours_contracts"))[0][2:6] == [
        "Bâtiments du Val", "Ville de Cergy", "2026-REC-01", "2026-REC-01-L01",
    ]  # fmt: skip
    assert _cells(dialog.offers)[0][0] == "Maçon"
    dialog.offers.selectRow(0)
    qtbot.mouseClick(dialog.propose_button, LEFT)
    qtbot.waitUntil(lambda: "Candidature proposée" in dialog.note.text(), timeout=WAIT)
    qtbot.waitUntil(lambda: _cells(dialog.offers) == [], timeout=WAIT)


def test_fins_de_contrat_is_read_only_when_its_tab_is_shown(
    qtbot: Any, window: MainWindow, world: World
) -> None:
    """The matching of every ending contract against the offers is long on a large store: opening the
    Parcours screen (on its first tab) must not start it; showing its tab does."""
    screen = window.show_screen("parcours")
    panel = screen.endings
    assert window.ctx.ops.runner.wait_idle()
    qtbot.wait(50)  # any result already read would be delivered now
    assert not panel.isVisible() and panel.rows == [] and _cells(panel.table) == []
    screen.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: _cells(panel.table) != [], timeout=WAIT)
    assert _cells(panel.table)[0][1] == "DURAND Bruno"
