"""Base of the big lists: a table model reading pages from SQL as the view scrolls (sort, filter in SQL)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QWidget

from clausedesk.core.services import browsing

Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_USER = Qt.ItemDataRole.UserRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class Column:
    key: str  # a column of the list (core.services.browsing.list_columns)
    label: str  # French header
    fmt: Callable[[Any], str] = lambda v: "" if v is None else str(v)
    align_right: bool = False
    # a table `fmt` reads (the communes), loaded by the read on the worker, never by the GUI thread
    ready: Callable[[], object] | None = None


class LazyTableModel(QAbstractTableModel):
    """Rows of list `name`, `page_size` at a time, read in the background through the operations layer.

    `set_query` re-reads from the first page; scrolling near the end asks for the next page. `loading`
    is True while a read runs; `loaded` is emitted when its rows are in the model.
    """

    loaded = Signal()

    def __init__(self, ops: Any, name: str, columns: list[Column], page_size: int = 200) -> None:
        super().__init__()
        self.ops, self.name, self.columns, self.page_size = ops, name, columns, page_size
        self.owner: QObject | None = None  # the widget the reads belong to (set by the list panel)
        self._keys = browsing.list_columns(name)
        self._positions = [1 + self._keys.index(c.key) for c in columns]  # column → place in a row
        self.query = browsing.ListQuery(sort=columns[0].key)
        self.rows: list[tuple[Any, ...]] = []
        self.total = 0
        self.loading = False
        self._fetching = False
        self._generation = 0

    # --- data access ----------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the first page again (in the background); the rows shown stay until it arrives."""
        if self.owner is None:
            return
        self.loading = True
        self._generation += 1
        generation = self._generation
        name, query, size = self.name, browsing.ListQuery(**vars(self.query)), self.page_size

        def done(result: tuple[list[tuple[Any, ...]], int]) -> None:
            if generation != self._generation:
                return
            self.beginResetModel()
            self.rows, self.total = result
            self._fetching = False
            self.endResetModel()
            self.loading = False
            self.loaded.emit()

        def failed(exc: BaseException) -> None:
            self.loading = False
            from clausedesk.ui.errors import present

            present(self.owner if isinstance(self.owner, QWidget) else None, exc)

        tables = [c.ready for c in self.columns if c.ready is not None]

        def read(s: Any) -> tuple[list[tuple[Any, ...]], int]:
            for load in tables:
                load()
            return browsing.first_page(s, name, query, size)

        self.ops.read(self.owner, read, done, on_error=failed, latest=f"list-{name}")

    def set_query(self, **changes: Any) -> None:
        for key, value in changes.items():
            setattr(self.query, key, value)
        self.reload()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and not self._fetching and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008
        if parent.isValid() or self._fetching or self.owner is None:
            return
        self._fetching = True
        generation = self._generation
        name, query = self.name, browsing.ListQuery(**vars(self.query))
        offset, size = len(self.rows), self.page_size

        def done(more: list[tuple[Any, ...]]) -> None:
            if generation != self._generation or offset != len(self.rows):
                return
            self._fetching = False
            if not more:
                self.total = len(self.rows)
                return
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
            self.rows.extend(more)
            self.endInsertRows()

        self.ops.read(self.owner, lambda s: browsing.list_page(s, name, query, offset, size), done,
                      busy=False)  # fmt: skip

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
