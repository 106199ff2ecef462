"""Quiet feedback: a refusal to delete before any confirmation; irreversible choices default to « Non »."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from clausedesk.db.models import Company, Contract
from clausedesk.db.repositories import listing
from clausedesk.ui.app import make_application
from clausedesk.ui.context import UiContext
from clausedesk.ui.sync import create_screen
from clausedesk.ui.sync.screen import SyncScreen
from clausedesk.ui.widgets.confirm import confirm_delete
from tests.ui.helpers import when_modal


def test_refusal_comes_before_the_confirmation(qtbot: Any, demo_store: Any, monkeypatch: Any) -> None:
    make_application()
    ctx = UiContext(store=demo_store, paths=demo_store.paths)
    with demo_store.session() as s:
        used = s.query(Company).join(Contract, Contract.company_id == Company.id).filter(
            Contract.deleted_at.is_(None)).first()  # fmt: skip
        assert used is not None
        company = {"uuid": used.uuid}
    asked: list[str] = []
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)  # fmt: skip
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    parent = QWidget()
    qtbot.addWidget(parent)
    assert confirm_delete(ctx, parent, "company", company["uuid"], "cette entreprise") is False
    assert asked == []  # never asked « Supprimer ? » for a deletion that will be refused
    assert warned and warned[0].startswith("L'entreprise ne peut pas être supprimée : elle est encore")
    with demo_store.session() as s:
        assert company["uuid"] in {c["uuid"] for c in listing.companies(s)}  # nothing deleted


def test_becoming_the_coordinator_defaults_to_no(qtbot: Any, store: Any) -> None:
    make_application()
    screen = create_screen(UiContext(store=store, paths=store.paths))
    qtbot.addWidget(screen)
    assert isinstance(screen, SyncScreen)
    seen: dict[str, Any] = {}

    def act(box: QMessageBox) -> None:
        seen["default"] = box.defaultButton()
        seen["no"] = box.button(QMessageBox.StandardButton.No)
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)

    when_modal(QMessageBox, act, seen)
    button = next(b for b in screen.findChildren(QPushButton)
                  if b.text() == "Ce poste est celui du coordinateur départemental…")  # fmt: skip
    button.click()
    assert "error" not in seen, seen.get("error")
    assert seen["default"] is seen["no"] and seen["default"] is not None


def _boxes_closed(seen: list[str], tries: int = 400) -> None:
    """A modal box that shows is closed at once and its text kept in `seen` (the test then fails on it
    instead of waiting forever offscreen); polls for a limited time only."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def poll(left: int) -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, QMessageBox) and widget.isVisible():
            seen.append(widget.text())
            widget.done(0)
        if left:
            QTimer.singleShot(10, lambda: poll(left - 1))

    QTimer.singleShot(0, lambda: poll(tries))


def test_ctrl_p_without_a_marche_says_so_in_place_and_focuses_the_picker(qtbot: Any, store: Any) -> None:
    from tests.ui.helpers import shown_window

    with shown_window(qtbot, store) as window:
        boxes: list[str] = []
        _boxes_closed(boxes)
        window.activateWindow()
        qtbot.waitUntil(lambda: window.isActiveWindow())
        qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        reports = window.screens["reports"]
        qtbot.waitUntil(lambda: bool(getattr(window, "last_message", "")))
        assert boxes == []  # no « Aucun marché » box to close
        assert window.last_message.startswith("Aucun marché choisi")
        assert "Aucun marché choisi" in window.statusBar().currentMessage()
        qtbot.waitUntil(lambda: reports.market.hasFocus() or reports.market.lineEdit().hasFocus())


def test_routine_news_of_the_board_goes_to_the_status_bar(qtbot: Any, demo_store: Any) -> None:
    from tests.ui.helpers import open_first_offer, shown_window

    with shown_window(qtbot, demo_store) as window:
        screen = open_first_offer(qtbot, window)
        boxes: list[str] = []
        _boxes_closed(boxes)
        qtbot.mouseClick(screen.page.next_btn, Qt.MouseButton.LeftButton)  # no card selected
        qtbot.wait(100)
        assert boxes == []
        assert window.last_message.startswith("Sélectionnez d'abord une candidature")
        assert window.statusBar().currentMessage().startswith("Sélectionnez d'abord une candidature")


def test_undoing_an_import_says_it_in_the_dialog(qtbot: Any, store: Any) -> None:
    from clausedesk.ui.hours.import_dialog import PastImportsDialog

    make_application()
    history = PastImportsDialog(UiContext(store=store, paths=store.paths))
    qtbot.addWidget(history)
    history.show()
    boxes: list[str] = []
    _boxes_closed(boxes)
    qtbot.mouseClick(history.undo_button, Qt.MouseButton.LeftButton)  # nothing selected
    qtbot.wait(100)
    assert boxes == []
    assert history.notice.text() == "Sélectionnez d'abord dans la liste l'import à annuler."
