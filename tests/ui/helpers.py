"""Helpers for driving forms like a person: type into a field, pick in a list, tick, click Enregistrer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox

from clausedesk.ui.widgets.fields import CheckGroup
from clausedesk.ui.widgets.form import FormDialog


def type_in(qtbot: Any, dialog: FormDialog, key: str, text: str) -> None:
    widget = dialog.widgets[key]
    widget.clear()  # type: ignore[attr-defined]
    type_text(qtbot, widget, text)


def type_text(qtbot: Any, widget: Any, text: str) -> None:
    """Key clicks; QTest cannot synthesise non-ASCII keys, so accented letters are inserted as typed text."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        elif hasattr(widget, "insert"):
            widget.insert(ch)
        else:
            widget.insertPlainText(ch)


def pick(dialog: FormDialog, key: str, label_part: str) -> None:
    combo = dialog.widgets[key]
    assert isinstance(combo, QComboBox)
    for i in range(combo.count()):
        if label_part in combo.itemText(i):
            combo.setCurrentIndex(i)
            return
    raise AssertionError(f"{label_part!r} absent de la liste {key}")


def look_up(qtbot: Any, dialog: FormDialog, key: str, typed: str, label_part: str | None = None) -> None:
    """Type into a lookup field as a person would, wait for the matches, pick the one naming `label_part`."""
    from clausedesk.ui.widgets.lookup import pending

    combo = dialog.widgets[key]
    assert isinstance(combo, QComboBox) and combo.property("lookup"), f"{key} n'est pas une recherche"
    combo.setFocus()
    combo.lineEdit().selectAll()
    type_text(qtbot, combo.lineEdit(), typed)
    wanted = label_part or typed

    def listed() -> bool:
        return not pending(combo) and any(wanted in combo.itemText(i) for i in range(combo.count()))

    try:
        qtbot.waitUntil(lambda: not combo._lookup.timer.isActive() and listed())
    except Exception as exc:
        items = [combo.itemText(i) for i in range(combo.count())][:5]
        raise AssertionError(f"{combo.currentText()!r} {items} {pending(combo)}") from exc
    pick(dialog, key, wanted)
    if combo.view().isVisible():
        combo.hidePopup()


def tick(qtbot: Any, dialog: FormDialog, key: str, code: str | None = None) -> None:
    widget = dialog.widgets[key]
    box = widget.boxes[code] if isinstance(widget, CheckGroup) and code else widget
    assert isinstance(box, QCheckBox)
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)


def save(qtbot: Any, dialog: FormDialog) -> Any:
    """Click Enregistrer; the save runs on the worker: wait for it, and return what it saved."""
    assert dialog.save_button.isEnabled(), dialog.reason.text()
    saved: dict[str, Any] = {}
    dialog.accepted.connect(lambda: saved.setdefault("value", dialog.result_value))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settled(qtbot, dialog)  # saved and closed (deleted on close), or refused in place
    if "value" not in saved:
        assert not dialog.isVisible(), dialog.reason.text()
    return saved.get("value")


def settled(qtbot: Any, dialog: FormDialog) -> None:
    """Until the form's save (run on the worker) has an answer: saved and closed, or refused in place."""
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.saving, timeout=30000)


def when_modal(kind: type, act: Callable[[Any], None], seen: dict[str, Any]) -> None:
    """Once a modal `kind` shows, run `act` on it; a failure is kept in seen["error"] and closes it."""

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if not isinstance(widget, kind) or not widget.isVisible():
            QTimer.singleShot(10, poll)
            return
        try:
            act(widget)
        except BaseException as exc:  # re-raised by the test after the modal loop ends
            seen["error"] = exc
            widget.close()

    QTimer.singleShot(0, poll)


@contextmanager
def shown_window(qtbot: Any, store: Any) -> Iterator[Any]:
    """The main window on `store`, shown at 1366×768, closed afterwards."""
    from clausedesk.ui.main_window import MainWindow

    window = MainWindow(store)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    yield window
    window.close()


def leave(qtbot: Any, dialog: FormDialog, key: str) -> None:
    """Leave a field with Tab, as a person does (its error, if any, shows then)."""
    widget = dialog.widgets[key]
    target = getattr(widget, "edit", widget)
    dialog.activateWindow()
    target.setFocus()
    qtbot.waitUntil(target.hasFocus, timeout=2000)
    qtbot.keyClick(target, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not target.hasFocus(), timeout=2000)


def open_first_offer(qtbot: Any, window: Any) -> Any:
    """The recruitment screen with its first offer's board on screen (both read in the background)."""
    screen = window.show_screen("recruitment")
    qtbot.waitUntil(lambda: not screen.loading)
    screen.table.selectRow(0)
    qtbot.waitUntil(lambda: screen.page.offer_uuid is not None and not screen.page.loading)
    return screen
