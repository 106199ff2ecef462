"""The shipped app's manners: the "À propos" dialog and the French dialog for an unexpected error."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from clausedesk import __version__
from clausedesk.db.repositories import reference
from clausedesk.db.store import Store
from clausedesk.paths import Paths
from clausedesk.ui import crash
from clausedesk.ui.about import AboutDialog
from clausedesk.ui.first_run import OrganisationDialog


def test_about_shows_version_data_folder_and_licences(qtbot: QtBot, paths: Paths) -> None:
    dialog = AboutDialog(paths)
    qtbot.addWidget(dialog)
    assert __version__ in dialog.summary.text()
    assert str(paths.root) in dialog.summary.text()
    text = dialog.notices.toPlainText()
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text
    assert "SQLAlchemy" in text and "reportlab" in text


def test_unexpected_error_shows_a_french_dialog_and_logs_details(
    qtbot: QtBot, paths: Paths, caplog: pytest.LogCaptureFixture
) -> None:
    seen: list[str] = []

    def read_and_close() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.objectName() == "crash_dialog":
                seen.append(widget.text())
                widget.accept()

    previous = sys.excepthook
    crash.install(paths)
    logger = logging.getLogger("clausedesk")
    propagate = logger.propagate
    logger.propagate = True
    try:
        QTimer.singleShot(50, read_and_close)
        with caplog.at_level(logging.ERROR, logger="clausedesk"):
            try:
                raise RuntimeError("panne simulée")
            except RuntimeError:
                kind, value, tb = sys.exc_info()
                assert kind is not None and value is not None
                sys.excepthook(kind, value, tb)
    finally:
        sys.excepthook = previous
        logger.propagate = propagate
    assert seen and "erreur inattendue" in seen[0]
    assert str(paths.logs / "clausedesk.log") in seen[0]
    assert any("panne simulée" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)


def test_first_run_asks_the_organisation_and_saves_it(qtbot: QtBot, store: Store) -> None:
    dialog = OrganisationDialog(store)
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()
    qtbot.keyClicks(dialog.name, "PLIE de Cergy-Pontoise")
    qtbot.keyClicks(dialog.facilitator, "Nadia Benali")
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    with store.session() as session:
        assert reference.get_setting(session, "organisation_name") == "PLIE de Cergy-Pontoise"
        assert reference.get_setting(session, "facilitator_name") == "Nadia Benali"


def test_first_run_refuses_a_nir_in_the_address(qtbot: QtBot, store: Store) -> None:
    dialog = OrganisationDialog(store)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "PLIE")
    dialog.address.setPlainText("1 85 05 78 006 084 36")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "sécurité sociale" in dialog.error.text())
    assert dialog.result() != QDialog.DialogCode.Accepted
