"""The first start: after the passphrase is chosen, the organisation's name and address used on reports."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from clausedesk.core.services import desk
from clausedesk.ui.context import UiContext
from clausedesk.ui.errors import message_of
from clausedesk.ui.style import FittedDialog


class OrganisationDialog(FittedDialog):
    """Asks who uses ClauseDesk; everything can be changed later in Paramètres."""

    def __init__(self, ctx: UiContext | Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx if isinstance(ctx, UiContext) else UiContext(store=ctx)
        self.setWindowTitle("Bienvenue dans ClauseDesk")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Indiquez votre structure : son nom et son adresse figurent en tête des tableaux de bord et "
            "des bilans. Vous pourrez les modifier à tout moment dans Paramètres."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText("par exemple : PLIE de Cergy-Pontoise")
        self.address = QPlainTextEdit()
        self.address.setFixedHeight(60)
        self.facilitator = QLineEdit()
        self.territory = QLineEdit()
        form.addRow("Nom de la structure", self.name)
        form.addRow("Adresse", self.address)
        form.addRow("Votre nom (facilitateur)", self.facilitator)
        form.addRow("Territoire couvert", self.territory)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save)
        later = self.buttons.addButton("Plus tard", QDialogButtonBox.ButtonRole.RejectRole)
        later.setObjectName("later")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.name.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        missing = not self.name.text().strip()
        self.save_button.setEnabled(not missing)
        self.save_button.setToolTip("Indiquez le nom de la structure." if missing else "")

    def save(self) -> None:
        values = {
            "organisation_name": self.name.text().strip(),
            "organisation_address": self.address.toPlainText().strip(),
            "facilitator_name": self.facilitator.text().strip(),
            "territory": self.territory.text().strip(),
        }
        self.save_button.setEnabled(False)

        def refused(exc: BaseException) -> None:
            self.error.setText(message_of(exc))
            self._update()

        self.ctx.ops.write(self, lambda s: desk.save_organisation(s, values), lambda _r: self.accept(),
                           changes="settings", on_error=refused)  # fmt: skip
