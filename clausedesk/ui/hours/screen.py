"""The "Heures du mois" screen: the monthly grid typed or pasted like a spreadsheet, totals, validation."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QDate, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from clausedesk.core.errors import ClauseDeskError
from clausedesk.core.formatting import hours, month_label, percent
from clausedesk.core.services import hours as service
from clausedesk.core.services.hours import GridFilter, HourChange, LotTotal
from clausedesk.core.vocab import HourStatus
from clausedesk.ui.context import UiContext
from clausedesk.ui.hours import actions
from clausedesk.ui.hours.models import GridModel, ListModel, fmt_hours
from clausedesk.ui.hours.view import HoursView


def _h(value: Decimal) -> str:
    return f"{fmt_hours(value)}\u00a0h"


class HoursScreen(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.lots: dict[str, LotTotal] = {}
        self.month_edit = QDateEdit()
        self.month_edit.setDisplayFormat("MM/yyyy")
        self.month_edit.setDate(QDate(date.today().year, date.today().month, 1))
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
            combo.currentIndexChanged.connect(self.reload)
            self.filters[key] = combo
            top.addWidget(combo)
        top.addStretch(1)

        self.model = GridModel()
        self.model.saver = self._save_cell
        self.view = HoursView(self)
        self.view.setObjectName("grille_heures")
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().setDefaultSectionSize(24)
        for col, width in enumerate((200, 170, 140, 160, 125, 140, 80)):
            self.view.setColumnWidth(col, width)

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
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            view.verticalHeader().hide()
            view.verticalHeader().setDefaultSectionSize(22)

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
        self.model.dataChanged.connect(self.update_totals)
        self.model.modelReset.connect(self.update_totals)
        self.month_edit.dateChanged.connect(self._month_changed)
        ctx.bus.changed.connect(self._on_changed)
        self._month_changed()

    # -- month, filters and loading --------------------------------------------------------------
    @property
    def month(self) -> str:
        d = self.month_edit.date()
        return f"{d.year():04d}-{d.month():02d}"

    def set_month(self, month: str) -> None:
        self.month_edit.setDate(QDate(int(month[:4]), int(month[5:7]), 1))

    def _month_changed(self) -> None:
        with self.ctx.store.session() as s:
            choices = service.filter_choices(s, self.month)
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

    def reload(self) -> None:
        current = self.view.currentIndex()
        with self.ctx.store.session() as s:
            rows = service.grid(s, self.month, self._filter())
            self.lots = service.lot_totals(s, [r.lot_uuid for r in rows], self.month)
        self.model.set_rows(rows)
        if current.isValid() and current.row() < len(rows):
            self.view.setCurrentIndex(self.model.index(current.row(), current.column()))
        self.status.setText(f"{len(rows)} contrat(s) actif(s) en {month_label(self.month)}")

    def _on_changed(self, kind: str) -> None:
        if kind in ("hours", "contract", "all"):
            self.reload()

    # -- totals -------------------------------------------------------------------------------------
    def update_totals(self) -> None:
        lots: dict[str, Decimal] = defaultdict(Decimal)
        companies: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0), Decimal(0)])
        statuses: dict[str, set[str]] = defaultdict(set)
        for r in self.model.rows:
            lots[r.lot_uuid] += r.worked or 0
            c = companies[r.company]
            c[0] += r.worked or 0
            c[1] += r.training or 0
            c[2] += 1
            statuses[r.company].add(r.status or "")
        lot_rows, colours = [], []
        for uuid, month_hours in lots.items():
            info = self.lots.get(uuid)
            if info is None:
                continue
            cumulative, achieved, late = info.progress_with(month_hours, date.today())
            lot_rows.append(
                [
                    info.lot_ref,
                    _h(month_hours),
                    _h(cumulative),
                    hours(info.objective, 0) if info.objective else "–",
                    percent(achieved),
                    percent(info.prorata) if info.prorata is not None else "–",
                ]
            )
            colours.append("#f8d7d7" if late else None)
        self.lot_model.set_rows(lot_rows, colours)
        company_rows = []
        for name, (worked, training, people) in companies.items():
            st = statuses[name] - {""}
            label = (
                "Validé"
                if st == {HourStatus.VALIDE.value}
                else "Partiellement validé"
                if HourStatus.VALIDE.value in st
                else "Déclaré"
                if st
                else "Aucune heure"
            )
            company_rows.append([name, _h(worked), _h(training), str(int(people)), label])
        self.company_model.set_rows(company_rows)

    # -- typing and pasting ----------------------------------------------------------------------------
    def _save_cell(self, row: int, col: int, text: str) -> bool:
        return self._save({row: self._change(row, col, text)}, reload_all=False)

    def _change(self, row: int, col: int, text: str, into: HourChange | None = None) -> HourChange:
        change = into or HourChange(self.model.rows[row].contract_uuid)
        value = text.strip() or "0"
        if col == GridModel.WORKED:
            change.worked = value
        else:
            change.training = value
        return change

    def _save(self, changes: dict[int, HourChange], *, reload_all: bool) -> bool:
        try:
            with self.ctx.store.session() as s:
                count = service.save_changes(s, self.month, list(changes.values()))
        except ClauseDeskError as exc:
            person = self.model.rows[next(iter(changes))].person if len(changes) == 1 else "le bloc collé"
            QMessageBox.warning(self, "ClauseDesk", f"Heures non enregistrées pour {person} :\n{exc.message}")
            return False
        if reload_all:
            self.reload()
        else:
            with self.ctx.store.session() as s:
                for position, change in changes.items():
                    fresh = service.grid_for_contract(s, self.month, change.contract_uuid)
                    if fresh:
                        self.model.update_row(position, fresh[0])
        self.status.setText(f"{count} ligne(s) enregistrée(s)")
        self.ctx.bus.changed.emit("hours_grid")
        return True

    def paste_text(self, text: str) -> bool:
        """Paste a block of cells copied from a spreadsheet, from the current cell, in one transaction."""
        start = self.view.currentIndex()
        if not start.isValid() or not text.strip("\r\n"):
            return False
        lines = text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n").split("\n")
        changes: dict[int, HourChange] = {}
        for i, line in enumerate(lines):
            row = start.row() + i
            if row >= self.model.rowCount():
                break
            for j, cell in enumerate(line.split("\t")):
                col = start.column() + j
                if col in GridModel.EDITABLE:
                    changes[row] = self._change(row, col, cell, changes.get(row))
        if not changes:
            self.status.setText("Rien à coller : placez-vous sur une colonne d'heures.")
            return False
        ok = self._save(changes, reload_all=True)
        if ok:
            self.status.setText(f"{len(changes)} ligne(s) collée(s) et enregistrée(s)")
        return ok

    def copy_selection(self) -> None:
        indexes = sorted(self.view.selectedIndexes(), key=lambda i: (i.row(), i.column()))
        if not indexes:
            return
        rows = sorted({i.row() for i in indexes})
        cols = sorted({i.column() for i in indexes})
        lines = ["\t".join(str(self.model.index(r, c).data() or "") for c in cols) for r in rows]
        QGuiApplication.clipboard().setText("\n".join(lines))

    def clear_selection(self) -> None:
        changes: dict[int, HourChange] = {}
        for index in self.view.selectedIndexes():
            if index.column() in GridModel.EDITABLE and self.model.flags(index) & Qt.ItemFlag.ItemIsEditable:
                changes[index.row()] = self._change(
                    index.row(), index.column(), "0", changes.get(index.row())
                )
        if changes:
            self._save(changes, reload_all=True)

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
        QMessageBox.information(
            self, "ClauseDesk", "Choisissez une entreprise (filtre) ou une ligne de la grille."
        )
        return None

    def set_validated(self, validated: bool) -> None:
        company = self._current_company()
        if company is None:
            return
        try:
            with self.ctx.store.session() as s:
                count = service.set_releve_status(s, company[0], self.month, validated)
        except ClauseDeskError as exc:
            QMessageBox.warning(self, "ClauseDesk", exc.message)
            return
        verb = "validé" if validated else "remis à l'état déclaré"
        self.reload()
        self.status.setText(f"Relevé de {company[1]} ({month_label(self.month)}) {verb} : {count} ligne(s)")
        self.ctx.bus.changed.emit("hours_grid")

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
