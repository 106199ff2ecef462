"""The page of one offer: figures, the board of applications by step (drag or Ctrl+→), actions, the person."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDropEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clausedesk.core.formatting import date_fr, number, plural
from clausedesk.core.reference import rome
from clausedesk.core.reference.rome import job_with_code
from clausedesk.core.services import offer_board as board
from clausedesk.core.services import recruitment as rec
from clausedesk.core.services import suggestions as sug
from clausedesk.core.services.recruitment_vocab import BOARD_STEPS, OfferStatus, Step
from clausedesk.ui.context import UiContext
from clausedesk.ui.errors import message_of
from clausedesk.ui.feedback import tell
from clausedesk.ui.recruitment.candidates import ApplicationsPanel, CandidateProfileDialog
from clausedesk.ui.recruitment.dialogs import ContractDialog, OfferStatusDialog, OutcomeDialog, ProposeDialog
from clausedesk.ui.style import file_dialog

UUID = Qt.ItemDataRole.UserRole
PERSON = Qt.ItemDataRole.UserRole + 1


class StepList(QListWidget):
    """One column of the board; dropping a card here asks to move the application to this step."""

    dropped = Signal(str, str)  # application uuid, step
    forward = Signal(str)  # application uuid (Ctrl+→)

    def __init__(self, step: Step) -> None:
        super().__init__()
        self.step = step
        self.setObjectName(f"step_{step.value}")
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        # a card wraps its lines in the column's width: no horizontal scroll bar on a narrow board
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setMinimumWidth(72)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        source = event.source()
        if isinstance(source, StepList) and source is not self and source.currentItem() is not None:
            self.dropped.emit(str(source.currentItem().data(UUID)), self.step.value)
        event.ignore()  # the board reloads from the store; Qt must not move the item itself

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        item = self.currentItem()
        if (
            item is not None
            and event.key() == Qt.Key.Key_Right
            and bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        ):
            self.forward.emit(str(item.data(UUID)))
            return
        super().keyPressEvent(event)


def status_text(status: str, filled_on: date | None, cancelled_on: date | None) -> str:
    """The status with its date: Ouverte, Pourvue le 12/11/2026, Annulée le 03/11/2026."""
    label = OfferStatus.label_of(status)
    day = filled_on or cancelled_on
    return f"{label} le {date_fr(day)}" if day and status != OfferStatus.OUVERTE.value else label


class OfferPage(QWidget):
    changed = Signal()
    loaded = Signal()  # the board of the offer is on screen (or could not be read)
    open_offer = Signal(str)  # another offer, from the selected person's applications

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.offer_uuid: str | None = None
        self.loading = False
        self.dialog: Any = None
        self.title = QLabel(objectName="offer_title", wordWrap=True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.figures = QLabel(objectName="offer_figures", wordWrap=True)
        self.propose_btn = QPushButton("Proposer des candidats…", objectName="propose")
        self.next_btn = QPushButton("Étape suivante (Ctrl+→)", objectName="next_step")
        self.close_btn = QPushButton("Non retenue / désistement…", objectName="close_application")
        self.sheet_btn = QPushButton("Fiche de poste (PDF)…", objectName="offer_sheet")
        self.cancel_btn = QPushButton("Annuler l'offre…", objectName="cancel_offer")
        self.reopen_btn = QPushButton("Rouvrir l'offre…", objectName="reopen_offer")
        self.cancel_btn.clicked.connect(lambda: self.change_status(OfferStatus.ANNULEE.value))
        self.reopen_btn.clicked.connect(lambda: self.change_status(OfferStatus.OUVERTE.value))
        self.profile_dialog: CandidateProfileDialog | None = None
        self.propose_btn.clicked.connect(self.open_propose)
        self.next_btn.clicked.connect(lambda: self._with_selected(self.move_forward))
        self.close_btn.clicked.connect(lambda: self._with_selected(self.open_outcome))
        self.sheet_btn.clicked.connect(self.save_sheet)
        # two rows of buttons: the board's moves, then the offer's own (fits a 1366 px screen)
        moves, offer = QHBoxLayout(), QHBoxLayout()
        for b in (self.propose_btn, self.next_btn, self.close_btn):
            moves.addWidget(b)
        moves.addStretch(1)
        offer.addWidget(self.sheet_btn)
        offer.addStretch(1)
        offer.addWidget(self.cancel_btn)
        offer.addWidget(self.reopen_btn)
        self.columns: dict[str, StepList] = {}
        board = QHBoxLayout()
        for step in BOARD_STEPS:
            col = QVBoxLayout()
            heading = QLabel(f"<b>{step.label}</b>", wordWrap=True)
            heading.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
            heading.setMinimumHeight(2 * heading.fontMetrics().height())  # two lines: columns stay aligned
            col.addWidget(heading)
            lst = StepList(step)
            lst.dropped.connect(self.move_to)
            lst.forward.connect(self.move_forward)
            lst.currentItemChanged.connect(self._show_person)
            self.columns[step.value] = lst
            col.addWidget(lst)
            board.addLayout(col)
        self.person_panel = ApplicationsPanel(ctx)
        self.person_panel.setMaximumHeight(210)
        self.person_panel.profile_saved.connect(lambda _uuid: self.reload())
        self.person_panel.open_offer.connect(self.open_offer)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.figures)
        layout.addLayout(moves)
        layout.addLayout(offer)
        layout.addLayout(board, 1)
        layout.addWidget(self.person_panel)
        self.setEnabled(False)

    # -- showing ---------------------------------------------------------------------------------
    def show_offer(self, uuid: str | None) -> None:
        self.offer_uuid = uuid
        self.setEnabled(uuid is not None)
        self.reload()

    def reload(self) -> None:
        """Read the offer's board in the background; the columns fill when it arrives."""
        if self.offer_uuid is None:
            for lst in self.columns.values():
                lst.clear()
            self.title.setText("Choisissez une offre dans la liste, ou créez-en une.")
            self.figures.clear()
            self.cancel_btn.setVisible(False)
            self.reopen_btn.setVisible(False)
            self.person_panel.show_person(None)
            return
        uuid = self.offer_uuid
        self.loading = True
        self.figures.setText("Chargement…")
        def read(s: Any) -> board.OfferBoard:
            rome.load_tables()  # the job named on the page: loaded here, never by the GUI thread
            return board.offer_board(s, uuid)

        self.ctx.ops.read(self, read, self._show_board, on_error=self._load_failed, latest="board")

    def _load_failed(self, exc: BaseException) -> None:
        self.loading = False
        self.figures.setText(f"Impossible de charger l'offre : {message_of(exc)}")
        self.loaded.emit()

    def _show_board(self, b: board.OfferBoard) -> None:
        self.loading = False
        summary, f = b.summary, b.figures
        if summary.uuid != self.offer_uuid:
            return
        person = self.person_panel.participant_uuid
        for lst in self.columns.values():
            lst.clear()
        state = status_text(summary.status, summary.filled_on, summary.cancelled_on)
        posts = "1 poste" if summary.posts < 2 else f"{number(summary.posts)} postes"
        self.title.setText(
            f"{job_with_code(summary.job_label, summary.rome)} – {summary.company_name} – {state} – "
            f"{posts}, ouverte le {date_fr(summary.opened_on)}"
        )
        is_open = summary.status == OfferStatus.OUVERTE.value
        self.cancel_btn.setVisible(is_open)
        self.reopen_btn.setVisible(not is_open)
        self.propose_btn.setEnabled(is_open)
        if f.days_to_fill is not None:
            fill = f"pourvue en {plural(f.days_to_fill, 'jour', 'jours')}"
        elif summary.status == OfferStatus.ANNULEE.value:
            fill = f"annulée après {plural(f.days_open, 'jour', 'jours')} d'ouverture"
        else:
            fill = f"ouverte depuis {plural(f.days_open, 'jour', 'jours')}"
        applications = "candidature" if f.applications < 2 else "candidatures"
        retained = "retenue" if f.retained < 2 else "retenues"
        self.figures.setText(
            f"{number(f.applications)} {applications}, {number(f.applications_per_post, 1)} par poste ; "
            f"{number(f.retained)} {retained} ; {fill}."
        )
        for c in b.cards:
            text = f"{c.name}\n{date_fr(c.step_on)}"
            if c.reason:
                text += f" – {c.reason}"
            if c.signed:
                text += " – contrat signé"
            item = QListWidgetItem(text)
            item.setData(UUID, c.application_uuid)
            item.setData(PERSON, c.person_uuid)
            self.columns[c.step].addItem(item)
        people = {c.person_uuid for c in b.cards}
        self.person_panel.show_person(person if person in people else None)
        self.loaded.emit()

    def _show_person(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is not None:
            self.person_panel.show_person(str(item.data(PERSON)))

    def change_status(self, target: str) -> None:
        """Cancel or reopen the offer after confirmation (date, and the reason to cancel)."""
        if self.offer_uuid is None:
            return
        uuid = self.offer_uuid

        def ask(summary: rec.OfferSummary) -> None:
            dialog = OfferStatusDialog(self.ctx, self, summary, target)

            def done() -> None:
                self.reload()
                self.changed.emit()
                self.ctx.bus.changed.emit("job_offer")

            dialog.accepted.connect(done)
            self.dialog = dialog
            dialog.open()

        self.ctx.ops.read(self, lambda s: rec.offer_summary(s, uuid), ask)

    def selected_application(self) -> tuple[str, str] | None:
        for lst in self.columns.values():
            item = lst.currentItem()
            if item is not None and item.isSelected():
                return str(item.data(UUID)), item.text().split("\n")[0]
        return None

    def _with_selected(self, fn: Callable[[str], None]) -> None:
        sel = self.selected_application()
        if sel is None:
            tell(self, "Sélectionnez d'abord une candidature sur le tableau (cliquez sur une carte).")
            return
        fn(sel[0])

    def _run(self, fn: Callable[[Any], Any], then: Callable[[], None] | None = None) -> None:
        """Write `fn(session)` in the background; then reload the board and run `then` (if it was saved)."""

        def done(_result: Any) -> None:
            self.reload()
            self.changed.emit()
            if then is not None:
                then()

        self.ctx.ops.write(self, fn, done, changes="application")

    # -- moving ----------------------------------------------------------------------------------
    def move_forward(self, app_uuid: str) -> None:
        """Ctrl+→: the next step, read in the background (the key press returns at once)."""

        def go(target: str | None) -> None:
            if target is None:
                tell(self, "Cette candidature est close : elle n'a plus d'étape suivante.")
                return
            self.move_to(app_uuid, target)

        self.ctx.ops.read(self, lambda s: board.next_step(s, app_uuid), go)

    def move_to(self, app_uuid: str, step: str) -> None:
        if step in (Step.NON_RETENUE.value, Step.DESISTEMENT.value):
            self.open_outcome(app_uuid, step)
            return
        then = (lambda: self.open_contract(app_uuid)) if step == Step.RETENUE.value else None
        self._run(lambda s: rec.move(s, app_uuid, step), then)

    def open_outcome(self, app_uuid: str, step: str | None = None) -> None:
        sel = self.selected_application()
        dialog = OutcomeDialog(self, sel[1] if sel else "")
        if step:
            dialog.outcome.setCurrentIndex(dialog.outcome.findData(step))

        def done() -> None:
            outcome, reason = dialog.outcome.currentData(), dialog.reason.text()
            self._run(lambda s: rec.move(s, app_uuid, outcome, reason=reason))

        dialog.accepted.connect(done)
        self.dialog = dialog
        dialog.open()

    def open_contract(self, app_uuid: str) -> None:
        """The contract form of the retained candidate, once its choices are read."""

        def show(form: board.ContractForm) -> None:
            dialog = ContractDialog(self.ctx, self, form.who, form.data, form.contract_types, form.lot_label)

            def sign() -> None:
                data = dialog.data()
                self._run(lambda s: rec.sign_contract(s, app_uuid, data))

            dialog.accepted.connect(sign)
            self.dialog = dialog
            dialog.open()

        self.ctx.ops.read(self, lambda s: board.contract_form(s, app_uuid), show)

    def open_propose(self) -> None:
        if self.offer_uuid is None:
            return
        offer_uuid = self.offer_uuid
        self.ctx.ops.read(self, lambda s: sug.suggest(s, offer_uuid),
                          lambda found: self._propose(offer_uuid, found))  # fmt: skip

    def _propose(self, offer_uuid: str, found: Any) -> None:
        def edit_profile(person_uuid: str | None) -> None:
            profile = CandidateProfileDialog(self.ctx, dialog, person_uuid)

            def refresh(_uuid: str) -> None:
                self.ctx.ops.read(dialog, lambda s: sug.suggest(s, offer_uuid), dialog.set_suggestions)

            profile.saved.connect(refresh)
            self.profile_dialog = profile
            profile.open()

        dialog = ProposeDialog(self, found, edit_profile)

        def done() -> None:
            chosen = dialog.chosen()
            self._run(lambda s: [rec.propose(s, offer_uuid, who) for who in chosen])

        dialog.accepted.connect(done)
        self.dialog = dialog
        dialog.open()

    def save_sheet(self) -> None:
        if self.offer_uuid is None:
            return
        proposed = str(self.ctx.paths.root / "fiche-de-poste.pdf")
        path, _ = file_dialog(QFileDialog.getSaveFileName, self, "Fiche de poste", proposed, "PDF (*.pdf)")
        if not path:
            return
        uuid = self.offer_uuid

        def write(s: Any) -> Path:  # reportlab imported here, on the worker, not with the screen
            from clausedesk.reports.offer_sheet import offer_sheet_data, write_offer_sheet

            target = Path(path)
            write_offer_sheet(offer_sheet_data(s, uuid), target)
            return target

        self.ctx.ops.read(self, write, lambda _target: None)
