"""The recruitment screen: offers (filtered by status) with the selected offer's page, and the candidates."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clausedesk.core.formatting import date_fr, number
from clausedesk.core.reference.rome import job_with_code
from clausedesk.core.reference.rome import load_tables as load_rome
from clausedesk.core.services import offer_board as board
from clausedesk.core.services import recruitment as rec
from clausedesk.core.services.recruitment_vocab import OfferStatus
from clausedesk.ui.context import UiContext
from clausedesk.ui.recruitment.board import OfferPage, status_text
from clausedesk.ui.recruitment.candidate_list import CandidatesPage
from clausedesk.ui.recruitment.dialogs import OfferDialog
from clausedesk.ui.widgets.columns import fit_columns, measured_on_first_rows
from clausedesk.ui.widgets.page_parts import EmptyState
from clausedesk.ui.widgets.refresh import RefreshWhenShown

HEADERS = ("Poste", "Entreprise", "Statut", "Postes", "Candidatures", "Ouverte le")
Index = QModelIndex | QPersistentModelIndex


class OffersModel(QAbstractTableModel):
    """The offers listed; a line's texts are made when the view asks for them (only the lines shown)."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[board.OfferLine] = []
        self._texts: dict[int, tuple[str, ...]] = {}

    @property
    def rows(self) -> list[tuple[str, tuple[str, ...]]]:
        """(uuid, texts) of every line (for tests and lookups; the view never asks for all of them)."""
        return [(line.uuid, self._line(i)) for i, line in enumerate(self.lines)]

    def uuid(self, row: int) -> str:
        return self.lines[row].uuid

    def uuids(self) -> list[str]:
        return [line.uuid for line in self.lines]

    def load(self, rows: list[board.OfferLine]) -> None:
        self.beginResetModel()
        self.lines = rows
        self._texts = {}
        self.endResetModel()

    def _line(self, row: int) -> tuple[str, ...]:
        texts = self._texts.get(row)
        if texts is None:
            r = self.lines[row]
            status = status_text(r.status, r.filled_on, r.cancelled_on)
            texts = self._texts[row] = (
                job_with_code(r.job_label, r.rome), r.company_name, status, number(r.posts),
                number(r.applications), date_fr(r.opened_on),
            )  # fmt: skip
        return texts

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._line(index.row())[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return self.lines[index.row()].uuid
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None


class RecruitmentScreen(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.loading = False
        self.dialog: OfferDialog | None = None
        self.status = QComboBox(objectName="status_filter")
        self.status.addItem("Offres ouvertes", OfferStatus.OUVERTE.value)
        self.status.addItem("Toutes les offres", "")
        self.status.addItem("Offres pourvues", OfferStatus.POURVUE.value)
        self.status.addItem("Offres annulées", OfferStatus.ANNULEE.value)
        self.new_btn = QPushButton("Nouvelle offre…", objectName="new_offer")
        self.new_btn.clicked.connect(self.open_new_offer)
        self.model = OffersModel()
        self.table = QTableView(objectName="offers")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        measured_on_first_rows(self.table)  # whole names (never « Ouv »), measured on the first rows
        self._fitted = False
        self.table.setWordWrap(False)
        self.table.selectionModel().currentRowChanged.connect(self._on_row)
        EmptyState(self.table, self._no_offer)
        self.page = OfferPage(ctx)
        self.page.changed.connect(self._reload_keep)
        self.page.open_offer.connect(lambda uuid: self.open_object("job_offer", uuid))
        self.status.currentIndexChanged.connect(lambda _i: self.reload())
        left = QWidget()
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.new_btn)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addLayout(top)
        lv.addWidget(self.table)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.page)
        split.setStretchFactor(1, 2)
        split.setSizes([480, 670])  # the offers list whole at 1366 px, the board in the rest
        self.candidates = CandidatesPage(ctx)
        self.candidates.open_offer.connect(lambda uuid: self.open_object("job_offer", uuid))
        self.tabs = QTabWidget(objectName="recruitment_tabs")
        self.tabs.addTab(split, "Offres d'emploi")
        self.tabs.addTab(self.candidates, "Candidats")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.refresh = RefreshWhenShown(self, self._refresh)
        self._offers_stale = False
        ctx.bus.changed.connect(self._on_bus)
        self.reload()

    def _no_offer(self) -> str:
        if self.loading:
            return ""
        if self.status.currentData() == OfferStatus.OUVERTE.value:
            return ("Aucune offre ouverte. Créez-en une avec « Nouvelle offre… » (ou depuis la page d'une "
                    "entreprise ou d'un lot) ; les offres pourvues et annulées sont dans « Toutes les "
                    "offres ».")  # fmt: skip
        return "Aucune offre dans cette liste : choisissez « Toutes les offres »."

    def _on_bus(self, kind: str) -> None:
        """Offers and candidates change with recruitment, people and companies (not with hours)."""
        if kind in ("hours", "hours_grid", "settings", "meeting", "action"):
            return
        if kind not in ("application", "job_offer"):  # the offer page reloads itself after its writes
            self._offers_stale = True
        self.refresh.request()

    def _refresh(self) -> None:
        if self._offers_stale:
            self._offers_stale = False
            self._reload_keep()
        self.candidates.refresh.request()

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        self.refresh.shown()

    def reload(self, select: str | None = None) -> None:
        """Read the offers in the background; then select `select` (or keep its page open)."""
        status = self.status.currentData() or None
        self.loading = True
        def read(s: Any) -> list[board.OfferLine]:
            load_rome()  # the jobs named in the list: loaded here, never by the GUI thread
            return board.offer_lines(s, status)

        self.ctx.ops.read(self, read, lambda rows: self._show(rows, select), latest="offers")

    def _show(self, rows: list[board.OfferLine], select: str | None) -> None:
        self.loading = False
        self.model.load(rows)
        if rows and not self._fitted:  # measured once; later lists keep what the person set
            self._fitted = True
            fit_columns(self.table)
        uuids = self.model.uuids()
        if select in uuids:
            self.table.selectRow(uuids.index(select))
        elif select is not None:  # filtered out of the list (e.g. just filled): its page stays open
            self.page.show_offer(select)
        elif not uuids:
            self.page.show_offer(None)

    def _reload_keep(self) -> None:
        self.reload(self.page.offer_uuid)

    def _on_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.page.show_offer(self.model.uuid(current.row()) if current.isValid() else None)

    def open_object(self, kind: str, uuid: str | None) -> bool:
        if kind != "job_offer" or uuid is None:
            return False
        self.tabs.setCurrentIndex(0)
        self.status.setCurrentIndex(1)
        self.reload(uuid)
        return True

    def open_new_offer(self) -> None:
        self.ctx.ops.read(self, rec.offer_form_choices, self._new_offer)

    def _new_offer(self, choices: Any) -> None:
        dialog = OfferDialog(self.ctx, self, choices)
        dialog.accepted.connect(lambda: self._created(dialog.saved_uuid))
        self.dialog = dialog
        dialog.open()

    def _created(self, uuid: str | None) -> None:
        if uuid is None:
            return
        self.ctx.bus.changed.emit("job_offer")
        self.status.setCurrentIndex(0)
        self.reload(uuid)
