"""The journal: a meeting typed through its form (marché looked up as typed), its action, the layout."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel

from clausedesk.core.services import browsing
from clausedesk.ui.main_window import MainWindow
from tests.ui.helpers import look_up, pick, save, type_in


@pytest.fixture
def demo_window(qtbot: Any, demo_store: Any) -> Iterator[MainWindow]:
    w = MainWindow(demo_store)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    yield w
    w.close()


def test_a_meeting_with_its_action_then_the_layout_with_one_meeting(
    qtbot: Any, demo_window: MainWindow, demo_store: Any
) -> None:
    journal = demo_window.show_screen("journal")
    qtbot.waitUntil(lambda: not journal.loading)
    with demo_store.session() as s:
        before = len(browsing.meetings(s))
        market_ref = browsing.market_ref_choices(s, "", 1)[0][0]
    qtbot.mouseClick(journal.findChild(object, "new_meeting"), Qt.MouseButton.LeftButton)
    d = journal.dialog
    pick(d, "kind", "Réunion de chantier")
    type_in(qtbot, d, "title", "Réunion de chantier n° 12")
    look_up(qtbot, d, "market_uuid", market_ref)
    type_in(qtbot, d, "action_title", "Relancer l'entreprise")
    type_in(qtbot, d, "action_owner", "Moi")
    save(qtbot, d)
    qtbot.waitUntil(lambda: not journal.loading and journal.meetings.model().rowCount() == before + 1)
    with demo_store.session() as s:
        meeting = browsing.meetings(s)[0]
        assert meeting[3] == "Réunion de chantier n° 12" and meeting[4] == market_ref
        assert any(a[1] == "Relancer l'entreprise" for a in browsing.actions(s, owner="Moi"))

    # one meeting only: the heading stays at the top and the table takes the height of the column
    journal.meetings.set_rows([["01/12/2026", "Chantier", "Seule réunion", "", ""]])
    qtbot.wait(50)
    heading = next(lab for lab in journal.findChildren(QLabel) if lab.text() == "Réunions")
    assert heading.mapTo(journal, QPoint(0, 0)).y() < 120
    assert journal.meetings.height() > 400
    assert journal.actions.height() > 300
