"""The retention purge from the window: a preview of the people due, then erasure after a backup."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clausedesk.core.errors import ClauseDeskError
from clausedesk.core.formatting import date_fr, plural
from clausedesk.core.services import rgpd
from clausedesk.ui.context import UiContext
from clausedesk.ui.style import FittedDialog


class PurgeDialog(FittedDialog):
    """Shows who the retention rule designates; « Effacer » erases them (backup first)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Durée de conservation : purge")
        self.resize(560, 440)
        self.plan = ctx.ops.call_sessions(rgpd.plan_purge)
        layout = QVBoxLayout(self)
        n = len(self.plan.candidates)
        intro = QLabel(
            f"Règle : les personnes sans contact depuis {self.plan.retention_months} mois (avant le "
            f"{date_fr(self.plan.cutoff)}) et sans contrat en cours sont effacées. Leurs heures restent "
            f"comptées de façon anonyme.\n\n{plural(n, 'personne concernée', 'personnes concernées')} :"
        )
        intro.setObjectName("regle")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setObjectName("personnes")
        for c in self.plan.candidates:
            last = date_fr(c.last_contact) if c.last_contact else "aucun contact daté"
            self.list.addItem(f"{c.display_name} — dernier contact : {last}")
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.erase_button = QPushButton(
            "Effacer cette personne" if n == 1 else f"Effacer ces {plural(n, 'personne', 'personnes')}"
        )
        self.erase_button.setObjectName("effacer")
        self.erase_button.setEnabled(n > 0)
        close = QPushButton("Fermer")
        row.addWidget(self.erase_button)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.erase_button.clicked.connect(self.apply)
        close.clicked.connect(self.reject)
        self.done_count = 0

    def apply(self) -> None:
        answer = QMessageBox.question(
            self,
            "Purge",
            f"Effacer définitivement {plural(len(self.plan.candidates), 'personne', 'personnes')} ? "
            "Une sauvegarde est faite avant.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.ctx.ops.backup(reason="avant-effacement")
            plan = self.plan
            self.done_count = self.ctx.ops.call_sessions(
                lambda sessions: rgpd.apply_purge(sessions, plan, channel="fenetre")
            )
        except ClauseDeskError as exc:
            QMessageBox.warning(self, "Purge refusée", exc.message)
            return
        self.ctx.bus.changed.emit("participant")
        self.accept()
