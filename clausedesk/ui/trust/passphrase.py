"""Asking the passphrase at start-up (first run: choosing it), and opening the store with it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from clausedesk.core.errors import ClauseDeskError, StoreError
from clausedesk.core.services import desk
from clausedesk.core.services.desk import Store, WrongPassphraseError
from clausedesk.paths import Paths
from clausedesk.ui.style import FittedDialog

FIRST_RUN_TEXT = (
    "<b>Bienvenue dans ClauseDesk.</b><br><br>Vos données (participants, contrats, heures) sont "
    "<b>chiffrées</b> sur cet ordinateur. Choisissez une phrase de passe : elle vous sera demandée à "
    "chaque ouverture. Si l'ordinateur est perdu ou volé, personne ne pourra lire la base sans elle.<br><br>"
    "<b>Attention :</b> sans cette phrase, la base et ses sauvegardes sont illisibles, y compris pour le "
    "support. Faites faire un <i>kit de secours</i> pour votre employeur (menu Données)."
)


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class _PassphraseDialog(FittedDialog):
    def __init__(self, title: str, intro: str, *, confirm: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        label = QLabel(intro)
        label.setWordWrap(True)
        layout.addWidget(label)
        form = QFormLayout()
        self.phrase = _password_field("phrase")
        form.addRow("Phrase de passe :", self.phrase)
        self.confirmation: QLineEdit | None = None
        if confirm:
            self.confirmation = _password_field("confirmation")
            form.addRow("Confirmation :", self.confirmation)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("erreur")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.value = ""

    def accept(self) -> None:
        try:
            if self.confirmation is not None:
                desk.check_new_passphrase(self.phrase.text(), self.confirmation.text())
            elif not self.phrase.text():
                raise StoreError("Saisissez la phrase de passe.")
        except StoreError as exc:
            self.show_error(exc.message)
            return
        self.value = self.phrase.text()
        super().accept()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.phrase.selectAll()
        self.phrase.setFocus()


class FirstRunDialog(_PassphraseDialog):
    """Choosing the passphrase of a new store (typed twice, at least 8 characters)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("ClauseDesk — première ouverture", FIRST_RUN_TEXT, confirm=True, parent=parent)


class AskPassphraseDialog(_PassphraseDialog):
    """Asking the passphrase of an existing store."""

    def __init__(self, paths: Paths, parent: QWidget | None = None) -> None:
        super().__init__(
            "ClauseDesk — phrase de passe",
            f"La base <b>{paths.store}</b> est chiffrée. Saisissez votre phrase de passe.",
            confirm=False,
            parent=parent,
        )


def open_store(paths: Paths, parent: QWidget | None = None) -> Store | None:
    """Open the store, asking the passphrase (choosing it on first run) unless CLAUSEDESK_PASSPHRASE is set.

    A wrong passphrase is said in French and asked again; Cancel returns None; any other refusal is
    shown in a message box and returns None.
    """
    try:
        if desk.passphrase_is_given():
            return desk.open_store(paths, create=True)
        first_run = not paths.store.exists()
        dialog: _PassphraseDialog = (
            FirstRunDialog(parent) if first_run else AskPassphraseDialog(paths, parent)
        )
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                store = desk.open_store(paths, create=first_run, passphrase=dialog.value)
            except WrongPassphraseError:
                dialog.show_error(
                    "Phrase de passe incorrecte. Vérifiez les majuscules et les accents, puis réessayez."
                )
                continue
            desk.remember_passphrase(dialog.value)
            return store
        return None
    except ClauseDeskError as exc:
        QMessageBox.critical(parent, "ClauseDesk", exc.message)
        return None
