"""The marchés tree reads in the background: « Chargement… » in place, then its rows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from clausedesk.core.services import catalog
from clausedesk.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: Any, store: Any) -> Iterator[MainWindow]:
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


def _texts(model: Any, parent: Any = None) -> list[str]:
    from PySide6.QtCore import QModelIndex

    parent = parent or QModelIndex()
    return [model.index(r, 0, parent).data() for r in range(model.rowCount(parent))]


def test_the_tree_shows_loading_then_its_rows(qtbot: Any, window: MainWindow, store: Any) -> None:
    with store.session() as s:
        buyer = catalog.save_buyer(s, catalog.BuyerData("Ville de Cergy")).uuid
        catalog.save_buyer(s, catalog.BuyerData("Conseil départemental"))
        market = catalog.save_market(s, catalog.MarketData("2026-TRAV-01", "Voirie", buyer)).uuid
    screen = window.show_screen("markets")
    assert _texts(screen.model) == ["Chargement…"] and screen.loading  # at once, before any read
    qtbot.waitUntil(lambda: not screen.loading)
    assert sorted(_texts(screen.model)) == ["Conseil départemental (0 marché)", "Ville de Cergy (1 marché)"]
    cergy = next(screen.model.index(r, 0) for r in range(2) if "Cergy" in screen.model.index(r, 0).data())
    screen.view.expand(cergy)
    assert _texts(screen.model, cergy) == ["Chargement…"]  # the branch is read in the background
    qtbot.waitUntil(lambda: _texts(screen.model, cergy) != ["Chargement…"])
    assert any("2026-TRAV-01" in t for t in _texts(screen.model, cergy))
    screen.filter.setText("Conseil")  # the filter reads again in the background
    qtbot.waitUntil(lambda: _texts(screen.model) == ["Conseil départemental (0 marché)"])
    window.navigate("market", market)  # the filter is emptied and the tree opened down to the marché
    qtbot.waitUntil(lambda: not screen.loading and screen.current == ("market", market))
    assert screen.filter.text() == ""
    current = screen.view.currentIndex()
    assert "2026-TRAV-01" in current.data() and current.parent().data() == "Ville de Cergy (1 marché)"
