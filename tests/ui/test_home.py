"""The home screen: figures and alerts loaded off the GUI thread; recruitment alerts open their screen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from clausedesk.core.services import people
from clausedesk.core.services import recruitment_candidates as cand
from clausedesk.ui.context import UiContext
from clausedesk.ui.home.screen import HomeScreen
from clausedesk.ui.main_window import MainWindow


@pytest.fixture
def demo_window(qtbot: Any, demo_store: Any) -> Iterator[MainWindow]:
    w = MainWindow(demo_store)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


def _items(alerts: QListWidget) -> list[QListWidgetItem]:
    return [alerts.item(i) for i in range(alerts.count())]


def _double_click(qtbot: Any, alerts: QListWidget, item: QListWidgetItem) -> None:
    alerts.scrollToItem(item)
    rect = alerts.visualItemRect(item)
    qtbot.mouseClick(alerts.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(alerts.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_figures_load_in_the_background(qtbot: Any, demo_store: Any) -> None:
    home = HomeScreen(UiContext(store=demo_store, paths=demo_store.paths))
    qtbot.addWidget(home)
    home.show()
    # results only come back through the event loop: right after opening, the screen says it is loading
    assert home.currentWidget() is home.dashboard
    assert home.loading
    assert home.status.text() == "Chargement…" and home.status.isVisible()
    qtbot.waitUntil(lambda: not home.loading)
    assert not home.status.isVisible()
    assert home.alert_list.count() > 0
    assert home.content.findChildren(object, "alerts") == [home.alert_list]


def test_a_change_while_hidden_reloads_when_shown_again(qtbot: Any, demo_window: MainWindow) -> None:
    home = demo_window.screens["home"]
    qtbot.waitUntil(lambda: not home.loading)
    demo_window.show_screen("participants")
    demo_window.ctx.bus.changed.emit("participant")
    assert not home.loading  # hidden: nothing computed for nobody
    qtbot.keyClick(demo_window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert demo_window.stack.currentWidget() is home
    assert home.loading
    qtbot.waitUntil(lambda: not home.loading)
    # a change during a load is not lost: one more load follows
    demo_window.ctx.bus.changed.emit("contract")
    demo_window.ctx.bus.changed.emit("contract")
    assert home.loading and home._again
    qtbot.waitUntil(lambda: not home.loading and not home._again)


def test_recruitment_alerts_open_the_recruitment_screen(
    qtbot: Any, demo_window: MainWindow, demo_store: Any
) -> None:
    store = demo_store
    with store.session() as s:
        person = people.save_participant(s, people.ParticipantData("Attente", "Longue")).uuid
        cand.save_candidate_profile(
            s, cand.CandidateData(person, candidate_since=date.today() - timedelta(days=90),
                                 prescriber="Mission locale")
        )  # fmt: skip
    demo_window.ctx.bus.changed.emit("participant")
    home = demo_window.screens["home"]
    qtbot.waitUntil(lambda: not home.loading and not home._again, timeout=30000)
    texts = [i.text() for i in _items(home.alert_list)]
    offers = [t for t in texts if t.startswith("Offre ouverte depuis longtemps — ")]
    assert offers and all(" : ouverte depuis " in t for t in offers), texts
    waiting = [i for i in _items(home.alert_list) if "Attente Longue attend une proposition" in i.text()]
    assert len(waiting) == 1
    assert "depuis 90 jours, adressé(e) par Mission locale" in waiting[0].text()

    offer = next(i for i in _items(home.alert_list) if i.text().startswith("Offre ouverte"))
    _double_click(qtbot, home.alert_list, offer)
    recruitment = demo_window.screens["recruitment"]
    assert demo_window.stack.currentWidget() is recruitment

    demo_window.show_screen("home")
    waiting = [i for i in _items(home.alert_list) if "Attente Longue" in i.text()]
    home.alert_list.setCurrentItem(waiting[0])
    qtbot.keyClick(home.alert_list, Qt.Key.Key_Return)
    assert demo_window.stack.currentWidget() is recruitment
