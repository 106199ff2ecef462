"""Widgets of the "Tableaux de bord" screen; figures come from core services, files from the reports package.

The preview shows the dashboard's figures as formatted text (fast, selectable, printable through the
Qt print dialog) rather than rendered PDF pages: it needs no QtPdf (pyside6-addons) and updates at once.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from clausedesk.core.formatting import month_label, number, plural
from clausedesk.core.services import browsing, documents
from clausedesk.core.services.bilan import Penalties, bilan_inputs, save_bilan_comment, save_bilan_penalties
from clausedesk.core.services.dashboard import Dashboard, market_dashboard
from clausedesk.ui.context import UiContext
from clausedesk.ui.errors import message_of, present
from clausedesk.ui.feedback import tell
from clausedesk.ui.reports import revision
from clausedesk.ui.reports.preview import dashboard_html
from clausedesk.ui.style import fit_hint
from clausedesk.ui.widgets.files import choose_folder, save_file
from clausedesk.ui.widgets.lookup import attach_lookup, requery
from clausedesk.ui.widgets.month import MonthField

MARKET_KINDS = ("buyer", "operation", "market", "lot", "demo", "all")


class ReportsScreen(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.figures: Dashboard | None = None
        self.market = QComboBox()
        self.market.setObjectName("marche")
        self.market.setMinimumWidth(380)
        self.month = MonthField()  # the same month field, display and default month as every screen
        self.month.setObjectName("mois")
        self.loading = self.previewing = self.saving = False
        self.preview_button = QPushButton("Aperçu")
        self.save_button = QPushButton("Enregistrer le PDF…")
        self.print_button = QPushButton("Imprimer…")
        self.print_button.setToolTip("Ouvre le PDF envoyé dans votre lecteur de PDF pour l'imprimer (Ctrl+P)")
        self.bilan_button = QPushButton("Bilan final (PDF)…")
        self.closing_button = QPushButton("Clôture du mois…")
        top = QHBoxLayout()
        for widget in (QLabel("Marché :"), self.market, QLabel("Mois :"), self.month, self.preview_button):
            top.addWidget(widget)
        top.addStretch(1)
        actions = QHBoxLayout()
        for widget in (self.save_button, self.print_button, self.bilan_button, self.closing_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        self.view = QTextBrowser()
        self.view.setObjectName("apercu")
        self.view.setHtml(  # what to do, until a first preview
            "<p style='color:#4a5a6a; font-size:11pt; margin:24px'>Choisissez un marché (tapez sa référence, "
            "son objet ou son donneur d'ordre) et un mois, puis « Aperçu » : le tableau de bord mensuel "
            "s'affiche ici tel qu'il sera envoyé au donneur d'ordre, à l'entreprise et à la SIAE.</p>"
        )
        self.comment = QPlainTextEdit()
        self.comment.setObjectName("commentaire")
        self.comment.setPlaceholderText("Commentaire libre du bilan final (imprimé à la fin du bilan)")
        self.comment.setMaximumHeight(110)
        self.penalty_applied = QLineEdit()
        self.penalty_applied.setObjectName("penalites_appliquees")
        self.penalty_waived = QLineEdit()
        self.penalty_waived.setObjectName("penalites_remises")
        for field in (self.penalty_applied, self.penalty_waived):
            field.setPlaceholderText("0,00")
            field.setMaximumWidth(140)
            field.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.penalty_note = QLineEdit()
        self.penalty_note.setObjectName("penalites_motif")
        self.penalty_note.setPlaceholderText("objectif non atteint, relevés en retard, remise accordée…")
        fit_hint(self.penalty_note)
        self.comment_button = QPushButton("Enregistrer le commentaire et les pénalités")
        penalties = QFormLayout()
        penalties.addRow("Pénalités appliquées (€) :", self.penalty_applied)
        penalties.addRow("Pénalités remises (€) :", self.penalty_waived)
        penalties.addRow("Motif :", self.penalty_note)
        comment_box = QVBoxLayout()
        comment_box.addWidget(QLabel("Commentaire du bilan final :"))
        comment_box.addWidget(self.comment)
        penalty_box = QVBoxLayout()
        penalty_box.addWidget(QLabel("Pénalités au titre de la clause sociale :"))
        penalty_box.addLayout(penalties)
        penalty_box.addStretch(1)
        bilan_inputs = QHBoxLayout()
        bilan_inputs.addLayout(comment_box, 3)
        bilan_inputs.addLayout(penalty_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.view, 1)
        layout.addLayout(bilan_inputs)
        layout.addWidget(self.comment_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.preview_button.clicked.connect(self.preview)
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button.clicked.connect(self.print_preview)
        self.bilan_button.clicked.connect(self.save_bilan)
        self.closing_button.clicked.connect(self.month_closing)
        self.comment_button.clicked.connect(self.save_comment)
        self.market.currentIndexChanged.connect(self._load_comment)
        # the marché is looked up as one types (7 000 marchés at tenfold: never a list of all of them)
        attach_lookup(ctx.ops, self.market, browsing.market_ref_choices)
        self.market.lineEdit().setPlaceholderText("Tapez une référence, un objet ou un donneur d'ordre")
        # the list of marchés changes with marchés only (a saved cell of hours no longer rebuilds it)
        ctx.bus.changed.connect(lambda kind: self.reload() if kind in MARKET_KINDS else None)

    # -- data ------------------------------------------------------------------------------------
    def reload(self) -> None:
        requery(self.market)

    def _ref(self) -> str | None:
        ref = self.market.currentData()
        if not ref:  # said on the status bar, the picker ready to type in (no box to close)
            tell(self, "Aucun marché choisi : tapez sa référence, son objet ou son donneur d'ordre dans "
                       "« Marché », puis recommencez. Sans marché, créez-le d'abord sur l'écran Marchés.")
            self.market.setFocus()
            self.market.lineEdit().selectAll()
            return None
        return str(ref)

    def _month(self) -> str:
        return self.month.month

    def _load_comment(self) -> None:
        ref = self.market.currentData()
        if not ref:
            self._show_comment(("", Penalties()))
            return
        self.loading = True
        self.ctx.ops.read(self, lambda s: bilan_inputs(s, str(ref)), self._show_comment, latest="comment")

    def _show_comment(self, read: tuple[str, Penalties]) -> None:
        self.loading = False
        text, penalties = read
        self.comment.setPlainText(text)
        self.penalty_applied.setText(_amount_text(penalties.applied))
        self.penalty_waived.setText(_amount_text(penalties.waived))
        self.penalty_note.setText(penalties.note)

    # -- actions ---------------------------------------------------------------------------------
    def preview(self) -> None:
        ref, month = self._ref(), self._month()
        if ref is None:
            return
        self.previewing = True
        self.view.setPlainText("Chargement…")

        def shown(figures: Dashboard) -> None:
            self.previewing = False
            self.figures = figures
            self.view.setHtml(dashboard_html(figures))

        def refused(exc: BaseException) -> None:
            self.previewing = False
            self.figures = None
            self.view.setPlainText(message_of(exc))

        self.ctx.ops.read(self, lambda s: market_dashboard(s, ref, month), shown, on_error=refused,
                          latest="preview")  # fmt: skip

    def save_pdf(self) -> None:
        ref, month = self._ref(), self._month()
        if ref is None:
            return
        name = save_file(self, "pdf", "Enregistrer le tableau de bord",
                         documents.dashboard_file_name(ref, month), "PDF (*.pdf)")  # fmt: skip
        if name:
            saved, job = "Tableau de bord enregistré", revision.dashboard_job
            self.ctx.ops.task(self, "Édition du tableau de bord…", job, ref, month, Path(name),
                              on_done=lambda r: self._done(revision.saved_message(saved, r)))  # fmt: skip

    def save_bilan(self) -> None:
        ref = self._ref()
        if ref is None:
            return
        name = save_file(self, "pdf", "Enregistrer le bilan", f"bilan_{documents.safe_name(ref)}.pdf",
                         "PDF (*.pdf)")  # fmt: skip
        if name:
            saved = "Bilan enregistré"
            self.ctx.ops.task(self, "Édition du bilan…", revision.bilan_job, ref, Path(name),
                              on_done=lambda r: self._done(revision.saved_message(saved, r)))  # fmt: skip

    def print_preview(self) -> None:
        """Print the very PDF that is sent: written as for « Enregistrer le PDF » into the data folder's
        « impressions », then opened in the system's PDF viewer, whose Imprimer prints it as it is
        (Qt's PDF module is not in pyside6-essentials, so the window does not render PDFs itself)."""
        ref, month = self._ref(), self._month()
        if ref is None or month is None:
            return
        folder = self.ctx.paths.root / "impressions"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / documents.dashboard_file_name(ref, month)
        self.ctx.ops.task(self, "Préparation de l'impression…", revision.dashboard_job, ref, month, target,
                          on_done=lambda saved: self._open_for_printing(saved[0]))  # fmt: skip

    def _open_for_printing(self, path: Path) -> None:
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self._done(f"Le PDF envoyé s'ouvre dans votre lecteur de PDF : imprimez-le avec Ctrl+P. ({path})")
        else:
            QMessageBox.warning(self, "Impression", f"Aucun lecteur de PDF n'a pu ouvrir {path} : ouvrez ce "
                                "fichier vous-même pour l'imprimer.")  # fmt: skip

    def month_closing(self) -> None:
        month = self._month()
        title = f"Dossier des tableaux de bord de {month_label(month)}"
        folder = choose_folder(self, "pdf", title)
        if folder:
            self.ctx.ops.task(self, f"Clôture de {month_label(month)}…", documents.month_batch, month,
                              Path(folder), on_done=self._closing_done)  # fmt: skip

    def _closing_done(self, result: documents.BatchResult) -> None:
        text = plural(len(result.written), "tableau de bord écrit", "tableaux de bord écrits") + "."
        if result.skipped:
            text += "\n\nNon édités :\n" + "\n".join(result.skipped)
        self._done(text)

    def save_comment(self) -> None:
        ref = self._ref()
        if ref is None:
            return
        comment = self.comment.toPlainText()
        applied, waived = self.penalty_applied.text(), self.penalty_waived.text()
        note = self.penalty_note.text()

        def write(session: Any) -> None:  # one unit of work: both saved, or neither
            save_bilan_comment(session, ref, comment)
            save_bilan_penalties(session, ref, applied, waived, note)

        self.saving = True
        self.ctx.ops.write(self, write, lambda _r: setattr(self, "saving", False), changes="market",
                           on_error=self._refused)  # fmt: skip

    def _refused(self, exc: BaseException) -> None:
        self.saving = False
        present(self, exc)

    def _done(self, message: str) -> None:
        """Routine news goes to the status bar (no box to close); the PDF's path stays readable there."""
        tell(self, message)


def _amount_text(value: Decimal | None) -> str:
    """An amount as typed back into a field: `1 200,50` (empty when not stated)."""
    return "" if value is None else number(value, 2)
