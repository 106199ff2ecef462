"""Pre-hiring training in the window: a session for an offer, a trainee put on it, refusals shown."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from clausedesk.core.services import recruitment as rec
from clausedesk.db.store import Store
from clausedesk.ui.main_window import MainWindow
from clausedesk.ui.parcours.trainings import SessionDialog, TraineeDialog
from tests.ui.helpers import shown_window, type_text
from tests.ui.test_counting_options_ui import _cells

from .conftest import World, offer_data

LEFT = Qt.MouseButton.LeftButton
WAIT = 30000  # ms: reads and writes run on the worker, slow on a loaded machine


@pytest.fixture
def window(qtbot: Any, store: Store, world: World) -> Iterator[MainWindow]:
    with store.session() as s:
        rec.save_offer(s, offer_data(world))
    with shown_window(qtbot, store) as w:
        yield w


def test_a_session_and_its_trainee_are_recorded_from_the_window(qtbot: Any, window: MainWindow) -> None:
    screen = window.show_screen("parcours")
    screen.tabs.setCurrentWidget(screen.trainings)
    panel = screen.trainings
    qtbot.waitUntil(lambda: panel.empty.isVisible(), timeout=WAIT)
    qtbot.mouseClick(panel.new_button, LEFT)
    qtbot.waitUntil(
        lambda: isinstance(panel.dialog, SessionDialog) and panel.dialog.isVisible(), timeout=WAIT
    )
    dialog = panel.dialog
    assert isinstance(dialog, SessionDialog)
    type_text(qtbot, dialog.fields["title"], "Preparation au metier de macon")
    type_text(qtbot, dialog.fields["organisation"], "AFPA")
    type_text(qtbot, dialog.fields["hours"], "140")
    type_text(qtbot, dialog.start, "05/10/2026")
    type_text(qtbot, dialog.end, "20/10/2026")
    qtbot.mouseClick(dialog.save_button, LEFT)  # neither an offer nor a lot: refused, the form stays open
    qtbot.waitUntil(lambda: "au moins un lot ou une offre" in dialog.error.text(), timeout=WAIT)
    dialog.offers.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
    qtbot.waitUntil(lambda: _cells(panel.table) != [], timeout=WAIT)
    assert _cells(panel.table)[0][0] == "Preparation au metier de macon"
    assert _cells(panel.table)[0][4:] == ["0", "0", "0", "0"]

    qtbot.mouseClick(panel.trainee_button, LEFT)
    qtbot.waitUntil(
        lambda: isinstance(panel.dialog, TraineeDialog) and panel.dialog.isVisible(), timeout=WAIT
    )
    trainee = panel.dialog
    assert isinstance(trainee, TraineeDialog)
    trainee.person.setCurrentIndex(trainee.person.findText("MARTIN Alice"))
    type_text(qtbot, trainee.hours, "200")
    trainee.outcome.setCurrentIndex(trainee.outcome.findData("termine"))
    qtbot.mouseClick(trainee.save_button, LEFT)
    qtbot.waitUntil(lambda: "Heures suivies" in trainee.error.text(), timeout=WAIT)
    trainee.hours.clear()
    type_text(qtbot, trainee.hours, "140")
    qtbot.mouseClick(trainee.save_button, LEFT)
    qtbot.waitUntil(lambda: not trainee.isVisible(), timeout=WAIT)
    qtbot.waitUntil(lambda: _cells(panel.trainees) != [], timeout=WAIT)
    assert _cells(panel.trainees)[0] == ["MARTIN Alice", "140\u00a0h", "Formation terminée"]
    assert _cells(panel.table)[0][4:] == ["1", "1", "0", "0"]
