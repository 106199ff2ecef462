"""The Parcours screen's small forms: one write on the worker per Enregistrer, any refusal kept in view."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from clausedesk.ui.context import UiContext
from clausedesk.ui.errors import message_of
from clausedesk.ui.style import FittedDialog
from clausedesk.ui.widgets.form import ERROR_STYLE


def checked(widget: Any) -> list[str]:
    """The keys (UserRole) of the ticked items of a QListWidget."""
    from PySide6.QtCore import Qt

    items = (widget.item(i) for i in range(widget.count()))
    return [str(i.data(Qt.ItemDataRole.UserRole)) for i in items if i.checkState() == Qt.CheckState.Checked]


def fill_checks(widget: Any, choices: list[tuple[str, str]]) -> None:
    """Fill a QListWidget with unticked items (label shown, key kept in UserRole)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QListWidgetItem

    widget.clear()
    for key, label in choices:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        widget.addItem(item)


class WriteDialog(FittedDialog):
    """A small form whose Enregistrer runs one write on the worker; a refusal stays shown in the dialog."""

    def __init__(self, ctx: UiContext, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel("")
        self.error.setObjectName("error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("save")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(self.form)
        box.addWidget(self.error)
        box.addWidget(self.buttons)
        self.resize(620, 420)

    def write(self, fn: Callable[[Any], Any], then: Callable[[Any], None], changes: str) -> None:
        self.save_button.setEnabled(False)

        def refused(exc: BaseException) -> None:
            self.error.setText(message_of(exc))
            self.save_button.setEnabled(True)

        def done(result: Any) -> None:
            then(result)
            self.accept()

        self.ctx.ops.write(self, fn, done, changes=changes, on_error=refused)

    def save(self) -> None:
        """Each form reads its fields and calls `write`."""
        raise NotImplementedError(type(self).__name__)
