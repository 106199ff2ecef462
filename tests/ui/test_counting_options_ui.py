"""The lot's counting options in the window: the lot form sets them, the lot page shows what each produced."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from clausedesk.core.formatting import hours, money
from clausedesk.db.repositories import details
from clausedesk.db.store import Store
from clausedesk.ui.main_window import MainWindow
from clausedesk.ui.widgets.tables import SmallTable
from tests.sync.test_counting_options import _setup
from tests.ui.helpers import save, tick, type_in

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def window(qtbot: Any, store: Store) -> Iterator[MainWindow]:
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    yield w
    w.close()


def _cells(table: SmallTable) -> list[list[str]]:
    model = table.model()
    return [
        [str(model.index(r, c).data()) for c in range(model.columnCount())] for r in range(model.rowCount())
    ]


def test_the_lot_form_sets_tutoring_and_conversion_and_the_page_shows_them(
    qtbot: Any, window: MainWindow, store: Store
) -> None:
    ids = _setup(store)
    window.navigate("lot", ids["lot"])
    markets = window.screens["markets"]
    qtbot.waitUntil(lambda: not markets.page_loading)
    qtbot.mouseClick(markets.scroll.widget().findChild(QPushButton, "edit"), LEFT)
    dialog = markets.dialog
    tick(qtbot, dialog, "count_tutoring")
    type_in(qtbot, dialog, "subcontract_hourly_cost", "32")
    save(qtbot, dialog)
    with store.session() as s:
        assert details.lot_page(s, ids["lot"]).realised == Decimal("1001.28")
    window.navigate("lot", ids["lot"])
    qtbot.waitUntil(lambda: not markets.page_loading)
    page = markets.scroll.widget()
    texts = " ".join(label.text() for label in page.findChildren(QLabel))
    assert f"Réalisé {hours(Decimal('1001.28'), 0)} sur" in texts  # the progress line (whole hours)
    assert "tutorat compté (dont 15,50\u00a0h)" in texts
    assert "montant ÷ 32,00\u00a0€ par heure (dont 385,78\u00a0h)" in texts
    months = {row[0]: row for row in _cells(page.findChild(SmallTable, "lot_months"))}
    assert months["2018-04"][3:] == ["385,78\u00a0h", "485,78\u00a0h"]
    assert months["2018-03"][2] == "15,50\u00a0h"
    attributions = _cells(page.findChild(SmallTable, "lot_attributions"))
    assert any(row[-1] == f"{money(Decimal(12345))} en 2018-04" for row in attributions)
