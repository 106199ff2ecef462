"""The "Heures du mois" screen: the monthly grid typed or pasted like a spreadsheet, totals, validation.

Everything the screen reads or writes goes through the operations layer: rows load in the background
(« Chargement… » in place), a typed cell shows at once and is saved in the background; a refused
value puts the cell back, in red, with its reason.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from clausedesk.core.formatting import month_label, number, parse_decimal
from clausedesk.core.rules.people import normalise_name as fold
from clausedesk.core.services import hours as service
from clausedesk.core.services.hours import GridFilter, GridRow, HourChange, LotTotal
from clausedesk.core.vocab import Modality
from clausedesk.ui.context import UiContext
from clausedesk.ui.errors import message_of
from clausedesk.ui.feedback import tell
from clausedesk.ui.hours import actions, totals
from clausedesk.ui.hours.models import GridModel, ListModel, fmt_hours
from clausedesk.ui.hours.view import HoursView
from clausedesk.ui.style import fit_hint
from clausedesk.ui.widgets.columns import measured_on_first_rows
from clausedesk.ui.widgets.month import MonthField
from clausedesk.ui.widgets.page_parts import EmptyState
from clausedesk.ui.widgets.refresh import RefreshWhenShown


def contracts(n: int) -> str:
    return f"{number(n)} contrat actif" if n < 2 else f"{number(n)} contrats actifs"


def lines(n: int) -> str:
    return f"{number(n)} ligne" if n < 2 else f"{number(n)} lignes"


class HoursScreen(QWidget):
    """`loaded` each time the rows of a reload are on screen (or the load failed)."""

    loaded = Signal()

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.lots: dict[str, LotTotal] = {}
        self.loading = False
        self.saving = 0  # cell saves still running in the background
        self._note = ""
        self.refresh = RefreshWhenShown(self, self.reload)
        self.month_edit = MonthField()
        self.month_edit.setObjectName("mois_heures")
        self.month_edit.setToolTip("Mois du relevé")
        self.filters: dict[str, QComboBox] = {}
        top = QHBoxLayout()
        top.addWidget(QLabel("Mois :"))
        top.addWidget(self.month_edit)
        for key, label in (
            ("buyer", "Donneur d'ordre"),
            ("market", "Marché"),
            ("lot", "Lot"),
            ("company", "Entreprise"),
        ):
            combo = QComboBox()
            combo.setObjectName(f"filtre_{key}")
            combo.setMinimumContentsLength(14)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.addItem(f"{label} : tous", None)
            combo.currentIndexChanged.connect(lambda _index: self.reload())
            self.filters[key] = combo
            top.addWidget(combo)
        top.addStretch(1)
        self.search = QLineEdit(objectName="recherche_heures", placeholderText="Rechercher un nom…")
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(220)
        fit_hint(self.search)
        self.search.textEdited.connect(lambda text: self.find_name(text))
        self.search.returnPressed.connect(self._find_next)
        top.addWidget(self.search)

        self.model = GridModel()
        self.model.saver = self._save_cell
        self.view = HoursView(self)
        self.view.setObjectName("grille_heures")
        self.view.setModel(self.model)
        self.empty_state = EmptyState(self.view, self._no_contract)
        self.loaded.connect(self.empty_state.update)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().setDefaultSectionSize(24)
        for col, width in enumerate((200, 170, 140, 160, 125, 140, 125, 80)):
            self.view.setColumnWidth(col, width)
        widest = max(self.view.fontMetrics().horizontalAdvance(m.label) for m in Modality)
        self.view.setColumnWidth(GridModel.MODALITY, max(160, widest + 14))  # no modality ever elided

        self.lot_model = ListModel(
            ("Lot", "Heures du mois", "Cumul", "Objectif", "Réalisé", "Prorata temporis"),
            right_aligned=(1, 2, 3, 4, 5),
        )
        self.company_model = ListModel(
            ("Entreprise", "Heures du mois", "Formation", "Personnes", "Relevé"), right_aligned=(1, 2, 3)
        )
        self.lot_view, self.company_view = QTableView(), QTableView()
        for view, model, name in (
            (self.lot_view, self.lot_model, "totaux_lots"),
            (self.company_view, self.company_model, "totaux_entreprises"),
        ):
            view.setObjectName(name)
            view.setModel(model)
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            # fixed widths: ResizeToContents measured every cell at each change (89 616 data() calls)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            view.horizontalHeader().setStretchLastSection(True)
            view.horizontalHeader().setDefaultSectionSize(118)
            view.verticalHeader().hide()
            view.verticalHeader().setDefaultSectionSize(22)
            measured_on_first_rows(view)  # the first column measured on its first rows (hundreds at tenfold)

        self.validate_button = QPushButton("Valider le relevé")
        self.validate_button.setToolTip("Valide les heures du mois de l'entreprise de la ligne sélectionnée")
        self.validate_button.clicked.connect(lambda: self.set_validated(True))
        self.unvalidate_button = QPushButton("Annuler la validation")
        self.unvalidate_button.clicked.connect(lambda: self.set_validated(False))
        self.template_button = QToolButton()
        self.template_button.setText("Modèles Excel")
        self.template_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.template_button)
        menu.addAction("Pour l'entreprise sélectionnée…", self._ask_company_template)
        menu.addAction("Pour toutes les entreprises du mois…", self._ask_month_templates)
        self.template_button.setMenu(menu)
        self.import_button = QPushButton("Importer un relevé…")
        self.import_button.clicked.connect(self.open_import)
        self.history_button = QPushButton("Imports précédents…")
        self.history_button.clicked.connect(self.open_history)
        actions = QHBoxLayout()
        for w in (
            self.validate_button,
            self.unvalidate_button,
            self.template_button,
            self.import_button,
            self.history_button,
        ):
            actions.addWidget(w)
        actions.addStretch(1)
        self.status = QLabel()
        self.status.setObjectName("message_heures")
        actions.addWidget(self.status)

        totals = QWidget()
        totals_layout = QHBoxLayout(totals)
        totals_layout.setContentsMargins(0, 0, 0, 0)
        for title, view in (("Totaux par lot", self.lot_view), ("Totaux par entreprise", self.company_view)):
            box = QVBoxLayout()
            box.addWidget(QLabel(f"<b>{title}</b>"))
            box.addWidget(view)
            totals_layout.addLayout(box)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(totals)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)
        self.totals: totals.Totals | None = None
        self.model.row_replaced.connect(self._line_changed)
        self.month_edit.month_changed.connect(lambda _month: self._month_changed())
        ctx.bus.changed.connect(self._on_changed)
        self._month_changed()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.refresh.shown()

    # -- month, filters and loading --------------------------------------------------------------
    @property
    def month(self) -> str:
        return self.month_edit.month

    def set_month(self, month: str) -> None:
        self.month_edit.set_month(month)

    def _month_changed(self) -> None:
        """The filters' choices of the new month, then its rows: both read in the background."""
        month = self.month
        self._loading(f"Chargement de {month_label(month)}…")
        self.ctx.ops.read(self, lambda s: service.filter_choices(s, month), self._fill_filters,
                          on_error=self._load_failed, latest="choices")  # fmt: skip

    def _fill_filters(self, choices: dict[str, list[tuple[str, str]]]) -> None:
        for key, combo in self.filters.items():
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for uuid, label in choices[key]:
                combo.addItem(label, uuid)
            found = combo.findData(current) if current else 0
            combo.setCurrentIndex(max(found, 0))
            combo.blockSignals(False)
        self.reload()

    def set_filter(self, key: str, uuid: str | None) -> None:
        combo = self.filters[key]
        combo.setCurrentIndex(max(combo.findData(uuid), 0) if uuid else 0)

    def _filter(self) -> GridFilter:
        data = {k: c.currentData() for k, c in self.filters.items()}
        return GridFilter(data["buyer"], data["market"], data["lot"], data["company"])

    def _loading(self, text: str) -> None:
        self.loading = True
        self.status.setStyleSheet("color: #555; font-style: italic;")
        self.status.setText(text)

    def reload(self, note: str = "") -> None:
        """Read the month's rows and the lots' totals in the background; the grid stays usable meanwhile.

        `note` (what was just done) replaces the count of contracts once the rows are shown.
        """
        month, filt = self.month, self._filter()
        self._note = note
        self._loading(f"Chargement de {month_label(month)}…")

        def read(s: Any) -> tuple[list[GridRow], totals.Totals, tuple[Any, ...]]:
            rows = service.grid(s, month, filt)
            lots = service.lot_totals(s, [r.lot_uuid for r in rows], month)
            summed = totals.Totals(rows, lots, date.today())  # summed and formatted here, on the worker
            return rows, summed, (*summed.lot_rows(), summed.company_rows())

        self.ctx.ops.read(self, read, self._show_rows, on_error=self._load_failed, latest="grid")

    def _show_rows(self, result: tuple[list[GridRow], totals.Totals, tuple[Any, ...]]) -> None:
        rows, summed, (lot_rows, colours, company_rows) = result
        self.lots, self.totals = summed.lots, summed
        current = self.view.currentIndex()
        self.model.set_rows(rows)
        self.lot_model.set_rows(lot_rows, colours)
        self.company_model.set_rows(company_rows)
        for view in (self.lot_view, self.company_view):  # names and lot numbers whole (tens of rows)
            view.setColumnWidth(0, max(118, view.sizeHintForColumn(0)))
        if current.isValid() and current.row() < len(rows):
            self.view.setCurrentIndex(self.model.index(current.row(), current.column()))
        self.loading = False
        self._say(self._note or f"{contracts(len(rows))} en {month_label(self.month)}")
        self._note = ""
        self.loaded.emit()

    def _no_contract(self) -> str:
        if self.loading:
            return ""
        if any(combo.currentData() for combo in self.filters.values()):
            return (f"Aucun contrat ne correspond à ces filtres en {month_label(self.month)} : choisissez "
                    "« tous » dans les filtres.")  # fmt: skip
        return (f"Aucun contrat actif en {month_label(self.month)}. Les heures se saisissent ici pour les "
                "contrats en cours : créez d'abord un contrat depuis la page d'un participant, ou changez "
                "de mois.")  # fmt: skip

    def _load_failed(self, exc: BaseException) -> None:
        self.loading = False
        self._say(f"Impossible de charger les heures : {message_of(exc)}", error=True)
        self.loaded.emit()

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setStyleSheet("color: #a12622;" if error else "")
        self.status.setText(text)

    def _on_changed(self, kind: str) -> None:
        if kind in ("hours", "contract", "all"):
            self.refresh.request()

    # -- totals: summed with each read on the worker; a typed cell redraws only its lot and company --
    def _line_changed(self, old: GridRow, new: GridRow) -> None:
        if self.totals is None:
            return
        lot, company = self.totals.replace(old, new)
        if lot is not None:
            self.lot_model.set_row(lot, *self.totals.lot_row(new.lot_uuid))
        if company is not None:
            self.company_model.set_row(company, self.totals.company_row(new.company))

    # -- searching ------------------------------------------------------------------------------------
    def find_name(self, text: str | None = None, *, start: int = 0) -> bool:
        """Select the next row whose participant's name contains `text` (accents and case ignored)."""
        wanted = fold(self.search.text() if text is None else text)
        if not wanted:
            return False
        n = len(self.model.rows)
        for step in range(n):
            row = (start + step) % n
            if wanted in fold(self.model.rows[row].person):
                self.select_cell(row, GridModel.PERSON)
                self.view.scrollTo(self.model.index(row, GridModel.PERSON))
                self.search.setStyleSheet("")
                return True
        self.search.setStyleSheet("background: #f8d7d7;")
        return False

    def _find_next(self) -> None:
        index = self.view.currentIndex()
        self.find_name(start=index.row() + 1 if index.isValid() else 0)

    # -- typing and pasting ----------------------------------------------------------------------------
    def _save_cell(self, row: int, col: int, text: str) -> bool:
        """Show the typed value at once and save it in the background (the cell comes back if refused)."""
        old = self.model.rows[row]
        change = self._change(row, col, text)
        try:
            value = parse_decimal(text) if text.strip() else Decimal(0)
        except ValueError:
            value = None  # the service says why; the cell keeps its value meanwhile
        if value is not None:
            self.model.update_row(row, replace(old, **{GridModel.FIELDS[col]: value}))
        month = self.month
        self.saving += 1

        def write(s: Any) -> tuple[int, list[GridRow]]:
            count = service.save_changes(s, month, [change])
            return count, service.grid_for_contract(s, month, change.contract_uuid)

        def saved(result: tuple[int, list[GridRow]]) -> None:
            count, fresh = result
            self.saving -= 1
            position = self.model.position_of(old.contract_uuid)
            if fresh and position is not None and month == self.month:
                self.model.update_row(position, fresh[0])
            self._say(f"{lines(count)} {'enregistrée' if count < 2 else 'enregistrées'} ({old.person})")

        def refused(exc: BaseException) -> None:
            reason = message_of(exc)
            self.saving -= 1
            position = self.model.position_of(old.contract_uuid)
            if position is not None and month == self.month:
                self.model.update_row(position, old, error=reason)
            self._say(f"Heures non enregistrées pour {old.person} : {reason}", error=True)

        self.ctx.ops.write(self, write, saved, changes="hours_grid", on_error=refused, busy=False)
        return True

    def _change(self, row: int, col: int, text: str, into: HourChange | None = None) -> HourChange:
        change = into or HourChange(self.model.rows[row].contract_uuid)
        setattr(change, GridModel.FIELDS[col], text.strip() or "0")
        return change

    def _save(self, changes: dict[int, HourChange], done_text: str) -> None:
        """Save a block (paste, clear) in one transaction in the background, then reload the grid."""
        month = self.month
        who = self.model.rows[next(iter(changes))].person if len(changes) == 1 else "le bloc collé"

        def saved(count: int) -> None:
            self.reload(done_text or f"{lines(count)} {'enregistrée' if count < 2 else 'enregistrées'}")

        def refused(exc: BaseException) -> None:  # said in place, in red, above the grid: no box to close
            self._say(f"Heures non enregistrées pour {who} : {message_of(exc)}", error=True)

        self.ctx.ops.write(self, lambda s: service.save_changes(s, month, list(changes.values())), saved,
                           changes="hours_grid", on_error=refused)  # fmt: skip

    def paste_text(self, text: str) -> bool:
        """Paste a block of cells copied from a spreadsheet, from the current cell, in one transaction."""
        start = self.view.currentIndex()
        if not start.isValid() or not text.strip("\r\n"):
            return False
        block = text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n").split("\n")
        changes: dict[int, HourChange] = {}
        for i, line in enumerate(block):
            row = start.row() + i
            if row >= self.model.rowCount():
                break
            for j, cell in enumerate(line.split("\t")):
                col = start.column() + j
                if col in GridModel.EDITABLE:
                    changes[row] = self._change(row, col, cell, changes.get(row))
        if not changes:
            self._say("Rien à coller : placez-vous sur une colonne d'heures.")
            return False
        n = len(changes)
        self._save(changes, f"{lines(n)} {'collée et enregistrée' if n < 2 else 'collées et enregistrées'}")
        return True

    def copy_selection(self) -> None:
        indexes = sorted(self.view.selectedIndexes(), key=lambda i: (i.row(), i.column()))
        if not indexes:
            return
        rows = sorted({i.row() for i in indexes})
        cols = sorted({i.column() for i in indexes})
        copied = ["\t".join(str(self.model.index(r, c).data() or "") for c in cols) for r in rows]
        QGuiApplication.clipboard().setText("\n".join(copied))

    def clear_selection(self) -> None:
        changes: dict[int, HourChange] = {}
        for index in self.view.selectedIndexes():
            if index.column() in GridModel.EDITABLE and self.model.flags(index) & Qt.ItemFlag.ItemIsEditable:
                changes[index.row()] = self._change(
                    index.row(), index.column(), "0", changes.get(index.row())
                )
        if changes:
            self._save(changes, "")

    def select_cell(self, row: int, col: int) -> None:
        index = self.model.index(row, col)
        self.view.setCurrentIndex(index)
        self.view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    # -- validation -----------------------------------------------------------------------------------
    def _current_company(self) -> tuple[str, str] | None:
        uuid = self.filters["company"].currentData()
        if uuid:
            return uuid, self.filters["company"].currentText()
        index = self.view.currentIndex()
        if index.isValid():
            row = self.model.rows[index.row()]
            return row.company_uuid, row.company
        tell(self, "Choisissez d'abord une entreprise (filtre « Entreprise ») ou une ligne de la grille.")
        self.filters["company"].setFocus()
        return None

    def set_validated(self, validated: bool) -> None:
        company = self._current_company()
        if company is None:
            return
        month = self.month
        verb = "validé" if validated else "remis à l'état déclaré"

        def done(count: int) -> None:
            self.reload(f"Relevé de {company[1]} ({month_label(month)}) {verb} : {lines(count)}")

        self.ctx.ops.write(self, lambda s: service.set_releve_status(s, company[0], month, validated), done,
                           changes="hours_grid")  # fmt: skip

    # -- templates and import (ui/hours/actions.py) ---------------------------------------------------
    def _ask_company_template(self) -> None:
        actions.ask_company_template(self)

    def _ask_month_templates(self) -> None:
        actions.ask_month_templates(self)

    def make_templates(
        self, folder: Path, company_uuids: list[str] | None = None, single: Path | None = None
    ) -> None:
        actions.make_templates(self, folder, company_uuids, single)

    def open_import(self) -> None:
        actions.open_import(self)

    def open_history(self) -> None:
        actions.open_history(self)


__all__ = ["HoursScreen", "HoursView", "fmt_hours"]
