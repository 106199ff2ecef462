"""The key passphrase dialog: asked before signing or decrypting, chosen (twice) when a key is created."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from clausedesk.core.errors import ClauseDeskError
from clausedesk.ui.style import FittedDialog
from clausedesk.ui.sync.common import note, set_busy

MIN_PASSPHRASE = 8


class PassphraseDialog(FittedDialog):
    """Asks the key's passphrase and runs `check` with it on OK; a refusal is said in the dialog.

    With `confirm`, the passphrase is typed twice and must have at least MIN_PASSPHRASE characters.
    `result_value` holds what `check` returned.
    """

    def __init__(
        self,
        parent: QWidget | None,
        heading: str,
        intro: str,
        check: Callable[[bytes], Any],
        *,
        confirm: bool,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("phrase_dialog")
        self.setWindowTitle(heading)
        self.setMinimumWidth(440)
        self._check = check
        self.result_value: Any = None
        layout = QVBoxLayout(self)
        text = QLabel(intro)
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.phrase = QLineEdit()
        self.phrase.setObjectName("phrase")
        self.phrase.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("Phrase de passe de la clé :", self.phrase)
        self.confirmation: QLineEdit | None = None
        if confirm:
            self.confirmation = QLineEdit()
            self.confirmation.setObjectName("confirmation")
            self.confirmation.setEchoMode(QLineEdit.EchoMode.Password)
            form.addRow("Confirmation :", self.confirmation)
        layout.addLayout(form)
        self.error = note("erreur")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setMinimumHeight(2 * self.error.fontMetrics().lineSpacing())  # reserved: nothing moves
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        phrase = self.phrase.text()
        if not phrase:
            self._fail("Saisissez la phrase de passe.")
            return
        if self.confirmation is not None:
            if len(phrase) < MIN_PASSPHRASE:
                self._fail(f"Choisissez une phrase de passe d'au moins {MIN_PASSPHRASE} caractères.")
                return
            if self.confirmation.text() != phrase:
                self._fail("Les deux saisies diffèrent : retapez la phrase de passe.")
                return
        set_busy(True)
        try:
            self.result_value = self._check(phrase.encode("utf-8"))
        except ClauseDeskError as exc:
            self._fail(exc.message)
            return
        finally:
            set_busy(False)
        super().accept()

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.phrase.selectAll()
        self.phrase.setFocus()


def ask_passphrase(
    parent: QWidget, heading: str, intro: str, check: Callable[[bytes], Any], *, confirm: bool = False
) -> Any:
    """Run the passphrase dialog; what `check` returned, or None when the user cancelled."""
    dialog = PassphraseDialog(parent, heading, intro, check, confirm=confirm)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.result_value
        return None
    finally:
        dialog.deleteLater()
