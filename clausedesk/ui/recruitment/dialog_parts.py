"""The recruitment dialogs' small parts: date fields, the OK/cancel row, the reason line under a form."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QLabel

from clausedesk.ui.widgets.form import ERROR_STYLE


def _date_edit(value: date | None = None) -> QDateEdit:
    edit = QDateEdit()
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    d = value or date.today()
    edit.setDate(QDate(d.year, d.month, d.day))
    return edit


def _date_of(edit: QDateEdit) -> date:
    q = edit.date()
    return date(q.year(), q.month(), q.day())


def _buttons(
    dialog: QDialog, ok_text: str, on_ok: Callable[[], None] | None = None, cancel_text: str = "Annuler"
) -> QDialogButtonBox:
    """OK (named "ok") and Cancel in French; OK runs `on_ok` (which accepts when it succeeds) or accepts."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setObjectName("ok")
    cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
    cancel.setText(cancel_text)
    cancel.setObjectName("cancel")
    box.accepted.connect(on_ok or dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def error_label(name: str = "reason") -> QLabel:
    label = QLabel(objectName=name, wordWrap=True)
    label.setStyleSheet(ERROR_STYLE)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.hide()
    return label


def show_error(label: QLabel, text: str | None) -> None:
    label.setText(text or "")
    label.setVisible(bool(text))


def reserved_error_label(lines: int = 2) -> QLabel:
    """An error line whose room is kept while empty: a reason appearing never moves the dialog."""
    label = error_label()
    label.setMinimumHeight(lines * label.fontMetrics().lineSpacing() + 4)
    label.show()
    return label


def say_reason(label: QLabel, text: str | None) -> None:
    """Write (or clear) a reason in a reserved error line, which stays in place."""
    label.setText(text or "")
