"""Confirm-before-delete and the trash (corbeille) where deleted records wait to be restored."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clausedesk.core.errors import ClauseDeskError
from clausedesk.core.formatting import date_fr
from clausedesk.core.services import records
from clausedesk.ui.context import UiContext
from clausedesk.ui.style import FittedDialog


def describe(obj: object) -> str:
    for attrs in (("last_name", "first_name"), ("ref", "title"), ("name",), ("title",), ("number",)):
        if all(hasattr(obj, a) for a in attrs):
            parts = [str(getattr(obj, a) or "") for a in attrs]
            return " – ".join(p for p in parts if p) if "ref" in attrs else " ".join(parts)
    return str(getattr(obj, "uuid", ""))


YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


def question_box(
    parent: QWidget | None,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton = YES | NO,
    default: QMessageBox.StandardButton = NO,
) -> QMessageBox:
    """A box asking for a decision, built but not shown; the safe answer (`default`) is the default button."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, buttons, parent)
    box.setDefaultButton(default)
    return box


def answer_of(box: QMessageBox) -> QMessageBox.StandardButton:
    """Run the box (modal: the person decides) and return the standard button chosen."""
    box.exec()
    clicked = box.clickedButton()
    return box.standardButton(clicked) if clicked is not None else QMessageBox.StandardButton.NoButton


def delete_question(parent: QWidget | None, what: str) -> QMessageBox:
    return question_box(
        parent, "Confirmer la suppression",
        f"Supprimer {what}\u00a0?\n\nL'élément ira dans la corbeille, d'où vous pourrez le restaurer.",
    )  # fmt: skip


def discard_question(parent: QWidget | None) -> QMessageBox:
    box = question_box(
        parent, "Modifications non enregistrées",
        "Vous avez modifié ce formulaire sans l'enregistrer. Abandonner ces modifications\u00a0?",
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )  # fmt: skip
    box.button(QMessageBox.StandardButton.Discard).setText("Abandonner les modifications")
    box.button(QMessageBox.StandardButton.Cancel).setText("Reprendre la saisie")
    return box


def confirm_delete(ctx: UiContext, parent: QWidget, kind: str, uuid: str, what: str) -> bool:
    """Say at once why the record cannot be deleted (before asking anything); else ask, the answer « Non »
    by default, then tombstone it through the service. True when it was deleted."""
    try:
        refusal = ctx.ops.call(lambda s: records.delete_refusal(s, kind, uuid))
    except ClauseDeskError as exc:
        refusal = exc.message
    if refusal is not None:
        QMessageBox.warning(parent, "Suppression impossible", refusal)
        return False
    if answer_of(delete_question(parent, what)) != YES:
        return False
    try:
        ctx.ops.call(lambda s: records.delete(s, kind, uuid), changes=kind)
    except ClauseDeskError as exc:
        QMessageBox.warning(parent, "Suppression impossible", exc.message)
        return False
    return True


class TrashDialog(FittedDialog):
    """The deleted records of some kinds, most recent first, with a Restaurer button."""

    def __init__(self, ctx: UiContext, kinds: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.kinds = ctx, kinds
        self.setWindowTitle("Corbeille")
        self.setObjectName("trash_dialog")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Éléments supprimés (les plus récents d'abord) :"))
        self.list = QListWidget()
        self.list.setObjectName("trash_list")
        layout.addWidget(self.list, 1)
        self.restore_button = QPushButton("Restaurer")
        self.restore_button.setObjectName("restore")
        self.restore_button.clicked.connect(self.restore_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 420)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        kinds = self.kinds

        def read(s: Any) -> list[tuple[str, str, str]]:
            out = []
            for kind, label in kinds:
                for obj in records.trash(s, kind):
                    when = date_fr(obj.deleted_at.date()) if obj.deleted_at else ""
                    out.append((f"{label} : {describe(obj)} (supprimé le {when})", kind, obj.uuid))
            return out

        for text, kind, uuid in self.ctx.ops.call(read):
            item = QListWidgetItem(text)
            item.setData(256, (kind, uuid))
            self.list.addItem(item)
        self.restore_button.setEnabled(self.list.count() > 0)
        if self.list.count():
            self.list.setCurrentRow(0)

    def restore_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        kind, uuid = item.data(256)
        try:
            self.ctx.ops.call(lambda s: records.restore(s, kind, uuid), changes=kind)
        except ClauseDeskError as exc:
            QMessageBox.warning(self, "Restauration impossible", exc.message)
            return
        self.reload()
