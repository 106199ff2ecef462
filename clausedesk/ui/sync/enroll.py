"""Enrolling a facilitator: the key's fingerprint, to check over the phone, and the facilitator's name."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from clausedesk.core.errors import ClauseDeskError
from clausedesk.sync import keys, setup
from clausedesk.ui.context import UiContext
from clausedesk.ui.style import FittedDialog
from clausedesk.ui.sync.common import fingerprint_label, note


class EnrollDialog(FittedDialog):
    def __init__(self, parent: QWidget, ctx: UiContext, path: Path, bundle: keys.PublicBundle) -> None:
        super().__init__(parent)
        self.setObjectName("inscription_dialog")
        self.setWindowTitle("Inscrire un facilitateur")
        self.setMinimumWidth(480)
        self.ctx, self.path = ctx, path
        self.enrolled_name = ""
        layout = QVBoxLayout(self)
        intro = note()
        intro.setText(
            f"Clé {bundle.signing.key_id_hex} ({path.name}). Appelez le facilitateur : il doit lire sur son "
            "écran exactement la même empreinte. Sinon, n'inscrivez pas cette clé."
        )
        layout.addWidget(intro)
        self.fingerprint = fingerprint_label("empreinte_facilitateur")
        self.fingerprint.setText(bundle.fingerprint)
        layout.addWidget(self.fingerprint)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setObjectName("nom")
        self.name.setPlaceholderText("Prénom Nom (structure)")
        form.addRow("Facilitateur :", self.name)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("erreur")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Empreinte vérifiée : inscrire")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        try:
            path, name = self.path, self.name.text()
            self.ctx.ops.call_sessions(lambda sessions: setup.enroll(sessions, path, name))
        except ClauseDeskError as exc:
            self.error.setText(exc.message)
            return
        self.enrolled_name = self.name.text().strip()
        super().accept()
