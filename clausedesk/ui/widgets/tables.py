"""Small read-only tables of an object's page (a few dozen rows) and the section title style."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QWidget

from clausedesk.ui.widgets.columns import fit_columns, measured_on_first_rows
from clausedesk.ui.widgets.text_model import TextTableModel


def section(title: str) -> QLabel:
    label = QLabel(title)
    label.setStyleSheet("font-weight: 600; font-size: 11pt; margin-top: 8px; color: #1f3b5a;")
    return label


class SmallTable(QTableView):
    """Rows of text; `opened(key)` when a row is double-clicked or Entrée is pressed on it."""

    opened = Signal(str)
    filled = Signal()  # after each set_rows, even an empty one (no row signal then)

    def __init__(self, headers: list[str], parent: QWidget | None = None, *, fit_rows: bool = True) -> None:
        super().__init__(parent)
        # fit_rows: a table among others on a page, as tall as its rows; else it fills the height it is given
        self.fit_rows = fit_rows
        self._model = TextTableModel(headers, parent=self)  # texts kept as given: no item per cell
        self.setModel(self._model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents if fit_rows else QHeaderView.ResizeMode.Interactive
        )
        self.horizontalHeader().setStretchLastSection(True)
        self.setAlternatingRowColors(True)
        self.setMinimumHeight(90)
        measured_on_first_rows(self)  # a long « full-height » list is never measured row by row
        self.activated.connect(self._open)
        self.doubleClicked.connect(self._open)

    def set_rows(self, rows: list[list[str]], keys: list[str] | None = None) -> None:
        self._model.set_rows(rows, keys)
        if self.fit_rows:
            self.setMaximumHeight(40 + 30 * max(len(rows), 2) if len(rows) < 12 else 16777215)
            # measured again once on screen: filled while its viewport had no height, Qt sized the
            # columns from their headers alone (« Dem… » in a 1920×1080 window)
            QTimer.singleShot(0, self, self._measure)
        else:  # a full-height list: its columns measured once filled (the last one too), on its first rows
            fit_columns(self)
        self.filled.emit()

    def _measure(self) -> None:
        header = self.horizontalHeader()
        self.resizeColumnsToContents()
        header.setStretchLastSection(False)  # the last column takes the rest of the width again
        header.setStretchLastSection(True)

    def current_key(self) -> str | None:
        index = self.currentIndex()
        if not index.isValid():
            return None
        key = self._model.keys[index.row()]
        return str(key) if key else None

    def _open(self, *_args: object) -> None:
        key = self.current_key()
        if key:
            self.opened.emit(key)
