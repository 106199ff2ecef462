"""The list of every candidate (name, prescriber, jobs sought, applications running) and the one chosen."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clausedesk.core.formatting import number
from clausedesk.core.services import recruitment_candidates as cand
from clausedesk.ui.context import UiContext
from clausedesk.ui.recruitment.candidates import ApplicationsPanel, CandidateProfileDialog
from clausedesk.ui.widgets.columns import fit_columns, measured_on_first_rows
from clausedesk.ui.widgets.refresh import RefreshWhenShown
from clausedesk.ui.widgets.text_model import TextTableModel


class CandidatesPage(QWidget):
    """Every candidate (name, prescriber, jobs sought, applications in progress) and the selected one."""

    open_offer = Signal(str)

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.loading = False
        self._keep: str | None = None
        self.refresh = RefreshWhenShown(self, self.reload)  # the list of a hidden tab waits to be shown
        self.dialog: CandidateProfileDialog | None = None
        # a model of texts, not an item per candidate: 28,000 candidates at tenfold took 0.6 s to list
        self.model = TextTableModel(["Candidat", "Prescripteur", "Métiers", "En cours"], right_aligned=(3,))
        self.list = QTableView(objectName="candidates")  # a table: a tree view asks every row for children
        self.list.setModel(self.model)
        self.list.setShowGrid(False)
        self.list.setWordWrap(False)
        self.list.verticalHeader().hide()
        self.list.verticalHeader().setDefaultSectionSize(22)
        self.list.horizontalHeader().setStretchLastSection(True)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        measured_on_first_rows(self.list)  # widths from the first rows, not thousands
        self._fitted = False
        self.new_btn = QPushButton("Nouveau candidat…", objectName="new_candidate")
        self.new_btn.setToolTip(
            "Faire d'un participant un candidat (profil, prescripteur, métiers recherchés)"
        )
        self.new_btn.clicked.connect(self.new_candidate)
        self.panel = ApplicationsPanel(ctx)
        self.panel.profile_saved.connect(lambda uuid: self.reload(uuid))
        self.panel.open_offer.connect(self.open_offer)
        self.list.selectionModel().currentRowChanged.connect(self._on_row)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(QLabel("Candidats"), 1)
        top.addWidget(self.new_btn)
        lv.addLayout(top)
        lv.addWidget(self.list)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.panel)
        split.setStretchFactor(1, 2)
        split.setSizes([520, 880])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.refresh.stale = True  # read when the tab is first shown (thousands of candidates when large)

    def reload(self, select: str | None = None) -> None:
        """Read the candidates in the background; the list fills when they arrive."""
        keep = select or self._keep or self.panel.participant_uuid
        self._keep = keep  # a newer reload asked meanwhile still selects this one
        self.loading = True

        def read(s: Any) -> tuple[list[list[str]], list[str]]:  # in words on the worker (28,000 at tenfold)
            rows = cand.candidate_rows(s)
            texts = [[r.name, r.prescriber or "", r.jobs, number(r.open_applications) if r.open_applications
                      else ""] for r in rows]  # fmt: skip
            return texts, [r.participant_uuid for r in rows]

        self.ctx.ops.read(self, read, lambda rows: self._fill(rows, keep), latest="candidates")

    def _fill(self, listed: tuple[list[list[str]], list[str]], keep: str | None) -> None:
        self.loading = False
        self._keep = None
        selection = self.list.selectionModel()
        selection.blockSignals(True)
        rows, keys = listed
        if rows:
            self.model.set_rows(rows, keys)
        else:
            self.model.set_rows([["Aucun candidat : « Nouveau candidat… » pour en ajouter.", "", "", ""]])
        if rows and not self._fitted:  # measured once; later reloads keep what the person set
            self._fitted = True
            fit_columns(self.list)
        current = self.model.keys.index(keep) if keep and keep in self.model.keys else None
        if current is not None:
            self.list.setCurrentIndex(self.model.index(current, 0))
            self.list.scrollTo(self.model.index(current, 0))
        selection.blockSignals(False)
        self.panel.show_person(keep if current is not None else None)

    def names(self) -> list[str]:
        """The candidates listed, as shown (for tests and the person's eyes)."""
        return [row[0] for row in self.model.rows]

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        self.refresh.shown()

    def _on_row(self, current: QModelIndex, _previous: object = None) -> None:
        uuid = self.model.keys[current.row()] if current.isValid() else None
        self.panel.show_person(uuid or None)

    def new_candidate(self) -> None:
        dialog = CandidateProfileDialog(self.ctx, self)
        dialog.saved.connect(lambda uuid: self.reload(uuid))
        self.dialog = dialog
        dialog.open()
