"""Names, not codes: communes and ROME jobs looked up by name in the forms, shown by name, codes stored."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox

from clausedesk.core.services import people
from clausedesk.db.repositories import listing
from clausedesk.ui.main_window import MainWindow
from clausedesk.ui.participants.forms import contract_form, person_form
from clausedesk.ui.widgets.form import FormDialog
from clausedesk.ui.widgets.lookup import pending
from tests.ui.helpers import leave, look_up, save, shown_window, type_in, type_text


@pytest.fixture
def window(qtbot: Any, store: Any) -> Iterator[MainWindow]:
    with shown_window(qtbot, store) as w:
        yield w


def _person_dialog(qtbot: Any, window: MainWindow) -> FormDialog:
    participants = window.show_screen("participants")
    participants.new_person()
    d = participants.dialog
    qtbot.waitExposed(d)
    type_in(qtbot, d, "last_name", "GAUTIER")
    type_in(qtbot, d, "first_name", "Lucas")
    return d


def test_a_commune_is_found_by_name_and_stored_by_code(qtbot: Any, window: MainWindow, store: Any) -> None:
    d = _person_dialog(qtbot, window)
    look_up(qtbot, d, "commune_code", "gren", "Grenoble (38185)")
    combo = d.widgets["commune_code"]
    assert isinstance(combo, QComboBox) and combo.currentText() == "Grenoble (38185)"
    assert d.values()["commune_code"] == "38185"
    save(qtbot, d)
    with store.session() as s:
        person = next(p for p in listing.participants(s) if p["last_name"] == "GAUTIER")
    assert person["commune_code"] == "38185"
    # the person's page names the commune, never the bare code
    participants = window.show_screen("participants")
    participants.show_person(person["uuid"])
    qtbot.waitUntil(lambda: not participants.page_loading)
    texts = " ".join(lbl.text() for lbl in participants.scroll.widget().findChildren(type(d.reason)))
    assert "Grenoble (38185)" in texts
    # editing it shows the commune by its name, and saving unchanged keeps the code
    participants._open(person_form, person["uuid"])
    edit = participants.dialog
    edit_combo = edit.widgets["commune_code"]
    assert isinstance(edit_combo, QComboBox) and edit_combo.currentText() == "Grenoble (38185)"
    assert edit.values()["commune_code"] == "38185" and not edit.is_dirty()
    edit.reject()


def test_postal_code_accents_and_a_code_typed_in_full(qtbot: Any, window: MainWindow) -> None:
    d = _person_dialog(qtbot, window)
    look_up(qtbot, d, "commune_code", "38130", "Échirolles (38151)")  # a postal code
    assert d.values()["commune_code"] == "38151"
    look_up(qtbot, d, "commune_code", "echirol", "Échirolles (38151)")  # no accent needed
    assert d.values()["commune_code"] == "38151"
    combo = d.widgets["commune_code"]
    assert isinstance(combo, QComboBox)
    combo.lineEdit().selectAll()
    type_text(qtbot, combo.lineEdit(), "38185")  # the INSEE code typed in full, saved without choosing
    assert d.values()["commune_code"] == "38185"
    d.done(0)  # (reject() would ask whether to drop the typing)


def test_an_unknown_commune_is_refused_in_place(qtbot: Any, window: MainWindow, store: Any) -> None:
    d = _person_dialog(qtbot, window)
    combo = d.widgets["commune_code"]
    assert isinstance(combo, QComboBox)
    before = combo.geometry(), d.errors["commune_code"].geometry()
    combo.setFocus()
    type_text(qtbot, combo.lineEdit(), "Grenobel")
    qtbot.waitUntil(lambda: not combo._lookup.timer.isActive() and not pending(combo))
    leave(qtbot, d, "commune_code")
    assert "« Grenobel » : commune inconnue" in d.errors["commune_code"].text()
    assert not d.save_button.isEnabled() and "Grenobel" in d.reason.text()
    assert (combo.geometry(), d.errors["commune_code"].geometry()) == before  # the form stays still
    assert d.values()["commune_code"] is None
    d.try_save()
    assert d.isVisible()
    with store.session() as s:
        assert listing.participants(s) == []  # nothing written
    # a name several communes bear asks to choose
    combo.lineEdit().selectAll()
    type_text(qtbot, combo.lineEdit(), "Saint-Denis")
    assert "« Saint-Denis » : plusieurs portent ce nom" in d.errors["commune_code"].text()
    d.done(0)  # (reject() would ask whether to drop the typing)


def test_a_rome_job_is_found_by_its_title_or_a_job_title(qtbot: Any, window: MainWindow, store: Any) -> None:
    with store.session() as s:
        who = people.save_participant(s, people.ParticipantData("GAUTIER", "Lucas")).uuid
    participants = window.show_screen("participants")
    participants._open(contract_form, who)
    d = participants.dialog
    qtbot.waitExposed(d)
    look_up(qtbot, d, "rome", "macon", "F1703 — Maçon / Maçonne")  # no accent needed
    assert d.values()["rome"] == "F1703"
    # a job title (appellation) leads to its job sheet, and the list says which title matched
    look_up(qtbot, d, "rome", "chef d'equipe macon", "F1206 — Chef / Cheffe d'équipe bâtiment")
    assert d.values()["rome"] == "F1206"
    chosen = d.widgets["rome"]
    assert isinstance(chosen, QComboBox)
    assert "« Chef d'équipe maçon / Cheffe d'équipe maçonne »" in chosen.currentText()
    d.done(0)
