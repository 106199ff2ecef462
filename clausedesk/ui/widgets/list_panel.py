"""A searchable SQL-backed list with its toolbar: Nouveau, Exporter (Excel), Corbeille, and filters."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clausedesk.core.formatting import number
from clausedesk.ui.context import UiContext
from clausedesk.ui.feedback import tell
from clausedesk.ui.style import file_dialog
from clausedesk.ui.widgets.confirm import TrashDialog
from clausedesk.ui.widgets.lazy_model import LazyTableModel
from clausedesk.ui.widgets.page_parts import EmptyState


class ListPanel(QWidget):
    """`selected(uuid)` when the current row changes; `new_requested` on Nouveau."""

    selected = Signal(str)
    new_requested = Signal()

    def __init__(
        self,
        ctx: UiContext,
        model: LazyTableModel,
        placeholder: str,
        export_kind: str | None,
        trash_kinds: list[tuple[str, str]],
        new_label: str = "Nouveau",
    ) -> None:
        super().__init__()
        self.ctx, self.model, self.export_kind, self.trash_kinds = ctx, model, export_kind, trash_kinds
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("list_search")
        self.search.setPlaceholderText(placeholder)
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)  # a line of its own: its hint (what it searches) read whole
        self.new_button = QPushButton(new_label)
        self.new_button.setObjectName("new")
        self.new_button.clicked.connect(self.new_requested.emit)
        bar.addWidget(self.new_button)
        self.export_button = QPushButton("Exporter…")
        self.export_button.setObjectName("export")
        self.export_button.setToolTip("Enregistrer la liste dans un classeur Excel")
        self.export_button.clicked.connect(self.export)
        self.export_button.setVisible(export_kind is not None)
        bar.addWidget(self.export_button)
        self.trash_button = QPushButton("Corbeille")
        self.trash_button.setObjectName("trash")
        self.trash_button.clicked.connect(self.open_trash)
        bar.addWidget(self.trash_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.filters_bar = QHBoxLayout()
        layout.addLayout(self.filters_bar)
        self.table = QTableView()
        self.table.setObjectName("list_table")
        self.table.setModel(model)
        # the indicator first: enabling sorting applies it, and the model's query already matches it
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        # column widths measured on the first rows only (not every row fetched)
        self.table.horizontalHeader().setResizeContentsPrecision(60)
        self.table.verticalHeader().setResizeContentsPrecision(60)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(False)
        layout.addWidget(self.table, 1)
        self.count_label = QLabel()
        self.count_label.setObjectName("list_count")
        layout.addWidget(self.count_label)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.apply_text)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.apply_text)
        model.modelReset.connect(self._update_count)
        model.owner = self
        self._sized = False
        model.loaded.connect(self._size_columns)
        self.count_label.setText("Chargement…")
        model.reload()

    def add_filter(self, label: str, key: str, choices: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(f"filter_{key}")
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(10)
        combo.addItem(f"{label} : tous", "")
        for code, text in choices:
            combo.addItem(text, code)
        combo.currentIndexChanged.connect(lambda _i: self._set_filter(key, combo.currentData()))
        self.filters_bar.addWidget(combo)
        return combo

    def say_when_empty(self, nothing_yet: str) -> EmptyState:
        """Over the empty list: `nothing_yet` when there is nothing at all, else how to widen the search."""

        def text() -> str:
            if self.model.loading:
                return ""
            query = self.model.query
            if query.text or any(query.filters.values()):
                return ("Aucun résultat pour cette recherche : effacez-la, ou choisissez « tous » dans les "
                        "filtres.")  # fmt: skip
            return nothing_yet

        state = EmptyState(self.table, text)
        self.model.loaded.connect(state.update)
        return state

    def finish_filters(self) -> None:
        self.filters_bar.addStretch(1)

    def _set_filter(self, key: str, value: str) -> None:
        filters = dict(self.model.query.filters)
        filters[key] = value or ""
        self.model.set_query(filters=filters)

    def apply_text(self) -> None:
        self._timer.stop()
        if self.search.text().strip() != self.model.query.text:
            self.model.set_query(text=self.search.text().strip())

    def _size_columns(self) -> None:
        """Column widths from the first rows read, once (later reads keep what the person set)."""
        if not self._sized and self.model.rows:
            self._sized = True
            self.table.resizeColumnsToContents()

    def _update_count(self) -> None:
        n = self.model.total
        self.count_label.setText(f"{number(n)} élément{'s' if n > 1 else ''}")

    def _row_changed(self, current: object, _previous: object) -> None:
        uuid = self.model.uuid_at(current.row())  # type: ignore[attr-defined]
        if uuid:
            self.selected.emit(uuid)

    def reload(self) -> None:
        self.model.reload()

    @property
    def loading(self) -> bool:
        return self.model.loading

    def open_trash(self) -> None:
        TrashDialog(self.ctx, self.trash_kinds, self).exec()
        self.reload()

    def export(self) -> None:
        try:
            from clausedesk.core.services.exports import export_xlsx
        except ImportError:
            tell(self, "L'export Excel n'est pas disponible dans cette installation.")
            return
        default = str(self.ctx.paths.root / f"{self.export_kind}.xlsx")
        ask = QFileDialog.getSaveFileName
        path, _ = file_dialog(ask, self, "Exporter la liste", default, "Classeur Excel (*.xlsx)")
        if not path:
            return
        kind = self.export_kind

        def work(sessions: Any, progress: Callable[..., None]) -> Path:
            return export_xlsx(sessions, str(kind), Path(path))

        self.ctx.ops.task(
            self, "Export en cours…", work,
            on_done=lambda p: tell(self, f"Liste enregistrée : {p}"),
        )  # fmt: skip
