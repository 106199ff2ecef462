"""The one read-only table model of already formatted text (totals, previews, histories, small lists).

Rows are lists of display strings; a row may carry a key (its uuid), tooltips and a background colour;
the columns given as `right_aligned` (figures) are aligned right.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

Index = QModelIndex | QPersistentModelIndex
_NO_INDEX = QModelIndex()
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class TextTableModel(QAbstractTableModel):
    """`set_rows(rows, keys=, tips=, colours=)`; `text(row, column)`, `keys[row]` for tests and views.

    `text_tips`: a cell's tooltip is its own text (long names cut by a narrow column stay readable).
    """

    def __init__(
        self, headers: Sequence[str], right_aligned: Sequence[int] = (), parent: Any = None, *,
        text_tips: bool = False,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.headers = list(headers)
        self.right = set(right_aligned)
        self.text_tips = text_tips
        self.rows: list[list[str]] = []
        self.keys: list[str] = []
        self.tips: list[list[str]] = []
        self.colours: list[str | None] = []

    def set_rows(
        self,
        rows: list[list[str]],
        keys: list[str] | None = None,
        tips: list[list[str]] | None = None,
        colours: list[str | None] | None = None,
    ) -> None:
        self.beginResetModel()
        self.rows = rows
        self.keys = keys or [""] * len(rows)
        self.tips = tips or []
        self.colours = colours or [None] * len(rows)
        self.endResetModel()

    def set_row(self, row: int, texts: list[str], colour: str | None = None) -> None:
        """Replace one row's texts (and colour) in place: the views redraw that row only."""
        self.rows[row] = texts
        self.colours[row] = colour
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.headers) - 1))

    def set_headers(self, headers: Sequence[str], right_aligned: Sequence[int]) -> None:
        self.beginResetModel()
        self.headers, self.right = list(headers), set(right_aligned)
        self.rows, self.keys, self.tips, self.colours = [], [], [], []
        self.endResetModel()

    def text(self, row: int, column: int) -> str:
        return self.rows[row][column]

    def rowCount(self, parent: Index = _NO_INDEX) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _NO_INDEX) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[row][column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if row < len(self.tips) and self.tips[row][column]:
                return self.tips[row][column]
            return self.rows[row][column] if self.text_tips else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.right:
            return _RIGHT
        if role == Qt.ItemDataRole.BackgroundRole and self.colours[row]:
            return QBrush(QColor(self.colours[row] or ""))
        if role == Qt.ItemDataRole.UserRole:
            return self.keys[row] or None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None
