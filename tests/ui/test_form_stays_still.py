"""Forms that stay still: no error before a field is left, errors in reserved space, saving says why not."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QWidget

from clausedesk.ui.main_window import MainWindow
from clausedesk.ui.widgets.form import FormDialog
from tests.ui.helpers import leave, pick, settled, type_in


@pytest.fixture
def window(qtbot: Any, store: Any) -> Iterator[MainWindow]:
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    yield w
    w.close()


def geometry(d: FormDialog) -> dict[str, QRect]:
    """Where every field, label and error line sits, in the dialog's coordinates."""
    out: dict[str, QRect] = {}
    for key, w in d.widgets.items():
        for name, widget in (("field", w), ("label", d.findChild(QWidget, f"label_{key}")),
                             ("error", d.errors[key])):  # fmt: skip
            assert widget is not None
            out[f"{name}_{key}"] = QRect(widget.mapTo(d, widget.rect().topLeft()), widget.size())
    out["save"] = QRect(d.save_button.mapTo(d, d.save_button.rect().topLeft()), d.save_button.size())
    return out


def test_company_form_never_moves_and_says_why_it_cannot_save(qtbot: Any, window: MainWindow) -> None:
    companies = window.show_screen("companies")
    companies.new_company()
    d = companies.dialog
    qtbot.waitExposed(d)
    before = geometry(d)
    # nothing red before anything is typed; the save button says what is missing, in a neutral hint
    assert all(e.text() == "" for e in d.errors.values())
    assert not d.save_button.isEnabled()
    assert d.reason.text().startswith("Pour enregistrer, remplissez : ")
    assert "obligatoire" not in d.reason.text() and "SIRET" in d.save_button.toolTip()
    # a wrong SIRET: no error while typing, the error once the field is left, in its reserved line
    type_in(qtbot, d, "siret", "12345678901234")
    assert d.errors["siret"].text() == ""
    leave(qtbot, d, "siret")
    assert "SIRET" in d.reason.text() or d.errors["siret"].text()
    assert d.errors["siret"].text() != ""
    assert geometry(d) == before
    # a required field left empty says so, still without moving anything
    leave(qtbot, d, "name")
    assert "obligatoire" in d.errors["name"].text()
    assert geometry(d) == before
    # corrected: the errors go, the layout stays
    type_in(qtbot, d, "siret", "73282932000074")
    type_in(qtbot, d, "name", "BTP Alpes Insertion")
    assert d.errors["siret"].text() == "" and d.errors["name"].text() == ""
    assert d.save_button.isEnabled() and d.reason.text() == ""
    assert geometry(d) == before
    d.done(0)  # typed but not saved: leave without the « abandonner ? » question


def test_a_long_error_is_elided_and_read_whole_in_the_tooltip(qtbot: Any, window: MainWindow) -> None:
    participants = window.show_screen("participants")
    participants.new_person()
    d = participants.dialog
    qtbot.waitExposed(d)
    before = geometry(d)
    type_in(qtbot, d, "birth_date", "31/02/2026")
    leave(qtbot, d, "birth_date")
    error = d.errors["birth_date"]
    assert error.text() == "« 31/02/2026 » : le 31 février 2026 n'existe pas (février 2026 a 28 jours)."
    assert error.toolTip() == error.text()
    assert geometry(d) == before
    # the dialog fits the laptop screen and every label reads whole
    assert d.width() <= 1366 and d.height() <= 768
    for key in d.widgets:
        label = d.findChild(QWidget, f"label_{key}")
        assert label is not None and label.width() >= label.sizeHint().width(), key
    d.done(0)  # typed but not saved: leave without the « abandonner ? » question


def test_ctrl_s_saves_and_escape_cancels(qtbot: Any, window: MainWindow) -> None:
    markets = window.show_screen("markets")
    markets.new_buyer() if hasattr(markets, "new_buyer") else qtbot.mouseClick(
        markets.findChild(QWidget, "new_buyer"), Qt.MouseButton.LeftButton
    )
    d = markets.dialog
    qtbot.waitExposed(d)
    type_in(qtbot, d, "name", "Ville de Vienne")
    pick(d, "kind", "Commune")
    assert d.save_button.isEnabled(), d.reason.text()
    d.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is d)
    d.widgets["name"].setFocus()
    qtbot.keyClick(d.widgets["name"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settled(qtbot, d)  # saved on the worker, then closed
    assert d.result_value is not None
    markets.new_buyer() if hasattr(markets, "new_buyer") else qtbot.mouseClick(
        markets.findChild(QWidget, "new_buyer"), Qt.MouseButton.LeftButton
    )
    d2 = markets.dialog
    assert d2 is not d
    qtbot.waitExposed(d2)
    d2.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is d2)
    d2.widgets["name"].setFocus()
    qtbot.keyClick(d2.widgets["name"], Qt.Key.Key_Escape)  # nothing typed: Échap closes without asking
    qtbot.waitUntil(lambda: not d2.isVisible())
    assert d2.result_value is None
