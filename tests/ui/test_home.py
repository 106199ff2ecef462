"""The home screen: figures and alerts loaded off the GUI thread; recruitment alerts open their screen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem

from clausedesk.core.formatting import number
from clausedesk.core.services import alerts, people
from clausedesk.core.services import recruitment_candidates as cand
from clausedesk.ui.context import UiContext
from clausedesk.ui.home.alert_tree import URGENCY
from clausedesk.ui.home.screen import HomeScreen
from clausedesk.ui.main_window import MainWindow
from tests.ui.helpers import type_text


@pytest.fixture
def demo_window(qtbot: Any, demo_store: Any) -> Iterator[MainWindow]:
    w = MainWindow(demo_store)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


def _counted(qtbot: Any, home: Any) -> None:
    """The figures, then every kind's count, read in the background."""
    qtbot.waitUntil(lambda: not home.loading and not home._again, timeout=30000)
    qtbot.waitUntil(lambda: not home.alert_tree.pending, timeout=30000)


def _items(qtbot: Any, home: Any) -> list[QTreeWidgetItem]:
    """Every alert line, each group opened first (as a person clicks it) and its lines read."""
    for group in home.alert_tree.groups.values():
        group.setExpanded(True)
    qtbot.waitUntil(lambda: not home.alert_tree.reading, timeout=30000)
    return home.alert_tree.alert_items()


def _double_click(qtbot: Any, alerts: QTreeWidget, item: QTreeWidgetItem) -> None:
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
    assert home.alert_list.topLevelItemCount() > 0
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
    _counted(qtbot, home)
    texts = [i.text(0) for i in _items(qtbot, home)]
    group = home.alert_tree.groups["offre"]
    offers = [group.child(i).text(0) for i in range(group.childCount())]
    assert offers and all(" : ouverte depuis " in t for t in offers), texts
    waiting = [i for i in _items(qtbot, home) if "Attente Longue attend une proposition" in i.text(0)]
    assert len(waiting) == 1
    assert "depuis 90 jours, candidature transmise par Mission locale" in waiting[0].text(0)

    offer = next(i for i in _items(qtbot, home) if " : ouverte depuis " in i.text(0))
    _double_click(qtbot, home.alert_list, offer)
    recruitment = demo_window.screens["recruitment"]
    assert demo_window.stack.currentWidget() is recruitment

    demo_window.show_screen("home")
    waiting = [i for i in _items(qtbot, home) if "Attente Longue" in i.text(0)]
    home.alert_list.setCurrentItem(waiting[0])
    qtbot.keyClick(home.alert_list, Qt.Key.Key_Return)
    assert demo_window.stack.currentWidget() is recruitment


def test_home_triages_alerts_by_kind(qtbot: Any, demo_window: MainWindow) -> None:
    home = demo_window.screens["home"]
    _counted(qtbot, home)
    tree = home.alert_tree
    kinds = list(tree.groups)
    assert kinds == sorted(kinds, key=URGENCY.index)  # most urgent first
    for kind, group in tree.groups.items():
        assert group.text(0) == f"{alerts.KIND_LABELS[kind]} — {number(tree.totals[kind])}"
    first = tree.tree.topLevelItem(0)
    qtbot.waitUntil(lambda: not tree.reading)
    assert first.isExpanded() and len(tree.alert_items()) > 0
    closed = [g for g in tree.groups.values() if not g.isExpanded()]
    assert all(g.childCount() == 0 for g in closed)  # a group's lines are made when it is opened
    # the filter keeps what matches, across groups
    sample = _items(qtbot, home)[0].text(0)
    word = sample.split()[-1]
    type_text(qtbot, tree.filter, word)
    shown = [i for i in tree.alert_items() if not i.isHidden()]
    assert shown and all(word.lower() in i.text(0).lower() for i in shown)
    tree.filter.clear()
    # an alert opens its object
    lines = _items(qtbot, home)
    lot_alert = next((i for i in lines if i.data(0, Qt.ItemDataRole.UserRole)[0] == "lot"), None)
    if lot_alert is not None:
        _double_click(qtbot, tree.tree, lot_alert)
        markets = demo_window.screens["markets"]
        assert demo_window.stack.currentWidget() is markets
        assert markets.current == ("lot", lot_alert.data(0, Qt.ItemDataRole.UserRole)[1])


def test_a_lot_without_dates_runs_on_its_markets(store: Any) -> None:
    from clausedesk.core.services import home as home_service
    from clausedesk.db.models import Buyer, Lot, Market

    today = date(2026, 5, 15)
    with store.session() as s:
        buyer = Buyer(name="Ville de Vienne", kind="commune")
        s.add(buyer)
        s.flush()
        market = Market(ref="2026-VIE-01", title="Voirie", buyer_id=buyer.id,
                        start_date=date(2026, 1, 1), end_date=date(2027, 12, 31))  # fmt: skip
        s.add(market)
        s.flush()
        s.add(Lot(ref="2026-VIE-01-L01", number="1", title="Terrassement", market_id=market.id,
                  objective_hours=Decimal(700)))  # fmt: skip
    with store.session() as s:
        figures = home_service.home_figures(s, today)
    assert figures.active_lots == 1
    assert figures.running_objective == Decimal(700)


def test_figures_first_then_each_count_and_reads_abandoned_quietly_at_close(
    qtbot: Any, demo_store: Any, caplog: Any
) -> None:
    """The figures are on screen before any alert is counted; counts still queued when the window closes
    end without reading, and without an error said or logged."""
    import threading

    home = HomeScreen(UiContext(store=demo_store, paths=demo_store.paths))
    qtbot.addWidget(home)
    runner, gate = home.ctx.ops.runner, threading.Event()
    # once the figures are shown, the worker is held: the counts wait behind, the figures do not
    home.loaded.connect(lambda: runner.submit(lambda progress: gate.wait(30), urgent=True))
    home.show()
    qtbot.waitUntil(lambda: not home.loading)
    tree = home.alert_tree
    assert home.status.isHidden() and "Heures réalisées" in home.content.findChildren(QLabel)[1].text()
    assert len(tree.pending) >= len(URGENCY) - 1  # at most the first count ran before the worker was held
    assert "calcul en cours…)" in tree.header.text()
    assert tree.tree.topLevelItem(tree.tree.topLevelItemCount() - 1).text(0) == "Calcul des alertes…"
    home.stop_background()  # the window closes
    gate.set()
    runner.wait_idle()
    qtbot.wait(50)
    assert tree.pending and not any("impossible" in g.text(0) for g in tree.groups.values())
    assert "background operation failed" not in caplog.text
