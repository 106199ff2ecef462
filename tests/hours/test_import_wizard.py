"""The import wizard's steps of issue 16, driven like a person: the « Colonnes » step for a company's own
layout (remembered for its next file), the choice of the sheet, the warnings in the preview."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from clausedesk.core.services import hours_import
from clausedesk.db.store import Store
from clausedesk.ui.app import make_application
from clausedesk.ui.context import UiContext
from clausedesk.ui.hours.import_dialog import ImportDialog
from clausedesk.ui.tasks import wait_idle
from tests.hours.helpers import RELEVES

SHOTS = Path("/tmp/issue16")  # screenshots looked at while building; never compared


def open_dialog(qtbot: QtBot, store: Store, name: str) -> ImportDialog:
    make_application()
    dialog = ImportDialog(UiContext(store=store, paths=store.paths))
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    dialog.show()
    qtbot.keyClicks(dialog.path_edit, str(RELEVES / name))
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    return dialog


def pick(qtbot: QtBot, combo: QComboBox, letter: str) -> None:
    """Choose an item by typing its first letters, as a person does in a closed combo box."""
    combo.setFocus()
    qtbot.keyClicks(combo, letter)


def shot(dialog: ImportDialog, name: str) -> None:
    if SHOTS.is_dir():
        dialog.grab().save(str(SHOTS / name))


def test_column_step_maps_an_unknown_layout_and_is_remembered(qtbot: QtBot, demo_store: Store) -> None:
    dialog = open_dialog(qtbot, demo_store, "mise_en_page_inconnue.xlsx")
    qtbot.waitUntil(dialog.mapping.isVisible)
    assert "Colonnes à indiquer" in dialog.summary.text()
    panel = dialog.mapping
    assert panel.header_spin.value() == 5  # the header row guessed: « Salarié(e) », « Chantier »…
    assert panel.model.rows[5][1] == "Kévin BOYER"  # the first rows of the file, shown as they are
    shot(dialog, "colonnes.png")
    qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    assert "colonne des heures travaillées" in panel.message.text() and panel.isVisible()
    pick(qtbot, panel.role_combos["nom_prenom"], "A")
    pick(qtbot, panel.role_combos["lot"], "B")
    pick(qtbot, panel.role_combos["heures"], "C")
    pick(qtbot, panel.role_combos["formation"], "D")
    assert panel.role_combos["heures"].currentData() == "Temps passé (h)"
    qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.import_button.isEnabled)
    assert not panel.isVisible()
    assert [r[1] for r in dialog.model.rows].count("Modifié") == 4
    with qtbot.waitSignal(dialog.imported, timeout=10000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_idle()
    # the company's next relevé with the same headers needs no step: the mapping was remembered
    again = hours_import.import_file(
        demo_store.sessions, RELEVES / "mise_en_page_inconnue.xlsx", dry_run=True
    )
    assert again.mapping["nom_prenom"] == "Salarié(e)" and again.count("unchanged") == 5


def test_a_workbook_with_two_months_asks_for_the_sheet(qtbot: QtBot, demo_store: Store) -> None:
    dialog = open_dialog(qtbot, demo_store, "onglet_mois_precedent.xlsx")
    qtbot.waitUntil(dialog.sheet_row.isVisible)
    assert "Quelle feuille importer" in dialog.summary.text() and not dialog.import_button.isEnabled()
    assert [dialog.sheet_combo.itemText(i) for i in range(dialog.sheet_combo.count())] == [
        "Septembre",
        "Octobre",
    ]
    pick(qtbot, dialog.sheet_combo, "O")
    button = next(b for b in dialog.sheet_row.findChildren(type(dialog.preview_button)))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.import_button.isEnabled)
    assert dialog.result_ is not None and dialog.result_.sheet == "Octobre"


def test_warnings_are_shown_in_the_preview(qtbot: QtBot, demo_store: Store) -> None:
    dialog = open_dialog(qtbot, demo_store, "ligne_masquee.xlsx")
    qtbot.waitUntil(dialog.import_button.isEnabled)
    warned = [r for r in dialog.model.rows if r[1] == "Attention"]
    assert [r[0] for r in warned] == ["8", "9"] and "masquée" in warned[0][7]
    assert "2 points à vérifier" in dialog.summary.text()
    shot(dialog, "avertissements.png")


def test_a_hidden_sheet_is_said_in_the_preview(qtbot: QtBot, demo_store: Store) -> None:
    """The relevé on a hidden tab behind a cover sheet: imported, and said so before the import."""
    dialog = open_dialog(qtbot, demo_store, "feuille_masquee.xlsx")
    qtbot.waitUntil(dialog.import_button.isEnabled)
    warned = [r for r in dialog.model.rows if r[1] == "Attention"]
    assert len(warned) == 1 and warned[0][0] == ""
    assert "Feuille « Heures » : cette feuille est masquée dans le fichier" in warned[0][7]
    assert "1 point à vérifier" in dialog.summary.text()
    shot(dialog, "feuille_masquee.png")


def test_the_month_a_file_lacks_is_typed_in_the_column_step(qtbot: QtBot, demo_store: Store) -> None:
    """csv_renomme.xlsx: a CSV (named .xlsx) with known headers but no month nor SIRET."""
    dialog = open_dialog(qtbot, demo_store, "csv_renomme.xlsx")
    qtbot.waitUntil(dialog.mapping.isVisible)
    assert "le mois du relevé est absent" in dialog.summary.text()
    qtbot.keyClicks(dialog.mapping.month_edit, "2026-10")
    qtbot.keyClicks(dialog.mapping.siret_edit, "436 803 878 00756")
    qtbot.mouseClick(dialog.mapping.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.import_button.isEnabled)
    assert dialog.result_ is not None and dialog.result_.format == "csv" and dialog.result_.month == "2026-10"


def test_a_tutoring_column_is_shown_in_the_preview(qtbot: QtBot, demo_store: Store) -> None:
    dialog = open_dialog(qtbot, demo_store, "tutorat.xlsx")
    qtbot.waitUntil(dialog.import_button.isEnabled)
    headers = dialog.model.headers
    assert headers[5:8] == ["Heures de formation", "Heures de tutorat", "Avant"]
    boyer = next(r for r in dialog.model.rows if r[2] == "BOYER Kévin")
    assert boyer[6] == "10" and boyer[1] == "Modifié"
    shot(dialog, "apercu_tutorat.png")
    # a file without one: the preview keeps its usual columns
    dialog.path_edit.clear()
    qtbot.keyClicks(dialog.path_edit, str(RELEVES / "releve_ok.xlsx"))
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Heures de tutorat" not in dialog.model.headers)
    assert len(dialog.model.headers) == 8
