"""The trust dialogs driven like a person: passphrase at start, backups list and restore, purge preview."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from clausedesk.db import keyring
from clausedesk.db.repositories import reference
from clausedesk.db.store import Store
from clausedesk.paths import Paths
from clausedesk.ui.context import UiContext
from clausedesk.ui.trust import passphrase
from clausedesk.ui.trust.backups import BackupsDialog
from clausedesk.ui.trust.purge import PurgeDialog


@pytest.fixture
def no_env_passphrase(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    phrase = keyring.passphrase()
    monkeypatch.delenv(keyring.ENV_PASSPHRASE)
    yield phrase
    keyring.forget()


def _type_in_dialog(qtbot: QtBot, entries: list[tuple[str, str | None]]) -> list[str]:
    """Each time a passphrase dialog shows: type the phrase (and confirmation), press Enter; record errors."""
    seen: list[str] = []

    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, passphrase._PassphraseDialog):
            QTimer.singleShot(20, step)
            return
        seen.append(dialog.error.text())
        phrase, confirmation = entries.pop(0)
        dialog.phrase.clear()
        qtbot.keyClicks(dialog.phrase, phrase)
        if confirmation is not None and dialog.confirmation is not None:
            dialog.confirmation.clear()
            qtbot.keyClicks(dialog.confirmation, confirmation)
        qtbot.keyClick(dialog.phrase, Qt.Key.Key_Return)
        if entries:
            QTimer.singleShot(20, step)

    QTimer.singleShot(0, step)
    return seen


def test_first_run_chooses_a_passphrase(qtbot: QtBot, paths: Paths, no_env_passphrase: str) -> None:
    seen = _type_in_dialog(
        qtbot, [("court", "court"), ("une phrase assez longue", "une phrase assez longue")]
    )
    store = passphrase.open_store(paths)
    assert store is not None
    assert "au moins 8" in seen[1]
    store.close()
    keyring.forget()
    s = Store.open(paths, passphrase="une phrase assez longue")
    s.close()


def test_wrong_passphrase_is_said_in_french_and_asked_again(
    qtbot: QtBot, demo_paths: Paths, no_env_passphrase: str
) -> None:
    seen = _type_in_dialog(qtbot, [("pas la bonne phrase", None), (no_env_passphrase, None)])
    store = passphrase.open_store(demo_paths)
    assert store is not None and store.quick_check() == "ok", seen
    assert seen[0] == "" and "Phrase de passe incorrecte" in seen[1]
    store.close()


def test_backups_dialog_lists_contents_and_backs_up(
    qtbot: QtBot, demo_store: Store, demo_paths: Paths
) -> None:
    demo_store.backup()
    dialog = BackupsDialog(UiContext(store=demo_store, paths=demo_paths))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.model.rowCount() == 1
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2)
    dialog.table.selectRow(0)
    qtbot.waitUntil(lambda: "45 participants" in dialog.contents.text())
    assert "/" in dialog.model.data(dialog.model.index(0, 0), Qt.ItemDataRole.DisplayRole)
    dialog.grab().save("/tmp/trust_backups.png")


def test_purge_dialog_previews_then_erases(
    qtbot: QtBot, demo_store: Store, demo_paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    with demo_store.session() as s:
        reference.set_setting(s, "retention_months", "1")
    monkeypatch.setattr("clausedesk.core.services.rgpd.date", _FarFuture)
    dialog = PurgeDialog(UiContext(store=demo_store, paths=demo_paths))
    qtbot.addWidget(dialog)
    dialog.show()
    n = dialog.list.count()
    assert n > 0 and dialog.erase_button.isEnabled()
    dialog.grab().save("/tmp/trust_purge.png")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    assert dialog.done_count == n
    assert any(p.name.startswith("avant-effacement") for p in demo_paths.backups.iterdir())


class _FarFuture(date):
    @classmethod
    def today(cls) -> _FarFuture:
        return cls(2040, 1, 1)
