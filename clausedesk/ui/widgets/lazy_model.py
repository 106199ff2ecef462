"""Base of the big lists: a table model reading pages from SQL as the view scrolls (sort, filter in SQL)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from clausedesk.db.repositories import browse
from clausedesk.db.store import Store

Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_USER = Qt.ItemDataRole.UserRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class Column:
    key: str  # a column of the repository's list
    label: str  # French header
    fmt: Callable[[Any], str] = lambda v: "" if v is None else str(v)
    align_right: bool = False


class LazyTableModel(QAbstractTableModel):
    """Rows of repository list `name`, `page_size` at a time; `set_query` re-reads from the first page."""

    def __init__(self, store: Store, name: str, columns: list[Column], page_size: int = 200) -> None:
        super().__init__()
        self.store, self.name, self.columns, self.page_size = store, name, columns, page_size
        self._keys = browse.columns(name)
        self._positions = [1 + self._keys.index(c.key) for c in columns]  # column → place in a row
        self.query = browse.ListQuery(sort=columns[0].key)
        self.rows: list[tuple[Any, ...]] = []
        self.total = 0
        self.reload()

    # --- data access ----------------------------------------------------------------------------
    def reload(self) -> None:
        self.beginResetModel()
        with self.store.session() as s:
            self.rows = browse.page(s, self.name, self.query, 0, self.page_size)
            # a short first page is the whole list: no need to count
            short = len(self.rows) < self.page_size
            self.total = len(self.rows) if short else browse.count(s, self.name, self.query)
        self.endResetModel()

    def set_query(self, **changes: Any) -> None:
        for key, value in changes.items():
            setattr(self.query, key, value)
        self.reload()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008
        if parent.isValid():
            return
        with self.store.session() as s:
            more = browse.page(s, self.name, self.query, len(self.rows), self.page_size)
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def uuid_at(self, row: int) -> str | None:
        return str(self.rows[row][0]) if 0 <= row < len(self.rows) else None

    # --- Qt model -------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # called for every role of every visible cell: the common "no data" answer comes first
        if role == _DISPLAY:
            c = index.column()
            return self.columns[c].fmt(self.rows[index.row()][self._positions[c]])
        if role == _ALIGN:
            return _RIGHT if self.columns[index.column()].align_right else None
        if role == _USER:
            return self.rows[index.row()][0]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].label
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key, descending = self.columns[column].key, order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self.query.sort, self.query.descending):
            return  # the view re-applies its sort indicator when set up: no need to read again
        self.set_query(sort=key, descending=descending)
