"""Editing a contract from the person's page, the date fields' calendar, the logo picker, saved layout."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFileDialog, QPushButton, QSplitter, QTableView, QToolButton

from clausedesk.db.models import Contract
from clausedesk.db.repositories import details, listing, reference
from clausedesk.ui.main_window import MainWindow
from clausedesk.ui.widgets.fields import DateField, FileField
from tests.ui.helpers import leave, save, type_in, type_text

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def demo_window(qtbot: Any, demo_store: Any) -> Iterator[MainWindow]:
    w = MainWindow(demo_store)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


def test_edit_a_contract_from_the_person_page(qtbot: Any, demo_window: MainWindow, demo_store: Any) -> None:
    with demo_store.session() as s:
        contract = s.query(Contract).filter(Contract.deleted_at.is_(None)).order_by(Contract.id).first()
        assert contract is not None
        before = details.contract_values(s, contract.uuid)
        n_contracts = len(listing.contracts(s))
    demo_window.navigate("participant", before["participant_uuid"])
    participants = demo_window.screens["participants"]
    qtbot.waitUntil(lambda: participants.current == before["participant_uuid"])
    table = participants.scroll.widget().findChild(QTableView, "person_contracts")
    row = next(r for r in range(table.model().rowCount())
               if table.model().index(r, 0).data(Qt.ItemDataRole.UserRole) == contract.uuid)  # fmt: skip
    table.setFocus()
    table.setCurrentIndex(table.model().index(row, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)  # Entrée on the row opens the contract's form
    d = participants.dialog
    assert d.windowTitle() == "Modifier le contrat"
    v = d.values()
    assert (v["company_uuid"], v["lot_uuid"], v["contract_type_code"]) == (
        before["company_uuid"], before["lot_uuid"], before["contract_type_code"])  # fmt: skip
    assert v["start_date"] == before["start_date"]
    assert not d.is_dirty() and d.save_button.isEnabled()
    type_in(qtbot, d, "end_date", "01/01/1990")  # before the start: refused at the field
    assert not d.save_button.isEnabled() and "Enregistrement impossible" in d.reason.text()
    new_end = date(before["start_date"].year + 3, 6, 30)
    type_in(qtbot, d, "end_date", new_end.strftime("%d/%m/%Y"))
    type_in(qtbot, d, "job_label", "Chef d'équipe")
    save(qtbot, d)
    with demo_store.session() as s:
        after = details.contract_values(s, contract.uuid)
        assert len(listing.contracts(s)) == n_contracts  # corrected, not added
    assert (after["end_date"], after["job_label"]) == (new_end, "Chef d'équipe")
    assert after["lot_uuid"] == before["lot_uuid"] and after["start_date"] == before["start_date"]
    # the button below the table does the same for the selected row
    qtbot.waitUntil(lambda: not participants.page_loading)
    table = participants.scroll.widget().findChild(QTableView, "person_contracts")
    table.setCurrentIndex(table.model().index(row, 0))
    qtbot.mouseClick(participants.scroll.widget().findChild(QPushButton, "edit_contract"), LEFT)
    assert participants.dialog.values()["end_date"] == new_end
    participants.dialog.reject()


# the offscreen platform cannot raise a popup nor grab the keyboard for it: it says so, harmlessly
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_a_date_field_opens_a_calendar_and_typing_still_works(qtbot: Any) -> None:
    field = DateField()
    qtbot.addWidget(field)
    field.show()
    type_text(qtbot, field, "05/03/2026")
    assert field.value() == date(2026, 3, 5)
    button = next(b for b in field.findChildren(QToolButton) if b.defaultAction() is field.calendar_action)
    qtbot.mouseClick(button, LEFT)
    popup = field.popup
    assert popup is not None and popup.isVisible()
    assert popup.selectedDate() == QDate(2026, 3, 5)
    view = popup.findChild(QTableView)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert field.text() == "13/03/2026"
    field.clear()
    qtbot.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # Alt+Bas, as in Qt's date fields
    assert popup.isVisible() and popup.selectedDate() == QDate.currentDate()
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not popup.isVisible() and field.text() == ""


def test_the_logo_is_chosen_with_a_file_picker(
    qtbot: Any, demo_window: MainWindow, tmp_path: Path, monkeypatch: Any
, demo_store: Any) -> None:
    logo = tmp_path / "logo.png"
    pixmap = QPixmap(40, 20)
    pixmap.fill(Qt.GlobalColor.darkBlue)
    assert pixmap.save(str(logo))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(logo), "Images"))
    settings = demo_window.show_screen("settings")
    qtbot.waitUntil(lambda: not settings.loading)
    qtbot.mouseClick(settings.findChild(QPushButton, "edit_settings"), LEFT)
    d = settings.dialog
    picker = d.widgets["organisation_logo"]
    assert isinstance(picker, FileField)
    type_text(qtbot, picker.edit, "/nulle/part/logo.gif")
    assert not d.save_button.isEnabled()
    leave(qtbot, d, "organisation_logo")
    assert "PNG ou JPEG" in d.errors["organisation_logo"].text()
    picker.clear()
    type_text(qtbot, picker.edit, str(tmp_path / "absent.png"))
    leave(qtbot, d, "organisation_logo")
    assert "introuvable" in d.errors["organisation_logo"].text()
    qtbot.mouseClick(picker.browse, LEFT)
    assert picker.text() == str(logo)
    save(qtbot, d)
    with demo_store.session() as s:
        assert reference.get_setting(s, "organisation_logo") == str(logo)


def test_splitter_positions_are_remembered(qtbot: Any, demo_store: Any) -> None:
    first = MainWindow(demo_store)
    qtbot.addWidget(first)
    first.show()
    split = first.screens["participants"].findChild(QSplitter)
    first.show_screen("participants")
    default = split.sizes()
    split.setSizes([default[0] + 150, default[1] - 150])
    sizes = split.sizes()
    assert sizes != default
    first.close()
    second = MainWindow(demo_store)
    qtbot.addWidget(second)
    second.resize(first.size())  # the offscreen screen (800 × 600) clamps a restored geometry
    second.show()
    second.show_screen("participants")
    assert second.screens["participants"].findChild(QSplitter).sizes() == sizes
    second.close()
