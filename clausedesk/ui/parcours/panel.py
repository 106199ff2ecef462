"""The Parcours screen's tabs share one shape: buttons, a list of records, the chosen record's lines below."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from clausedesk.ui.context import UiContext
from clausedesk.ui.widgets.refresh import RefreshWhenShown
from clausedesk.ui.widgets.tables import SmallTable, section


class RecordsPanel(QWidget):
    """Records read by `listing(session)` (dicts keyed by `key`), reloaded when one of `watched` changes.

    Subclasses give `master_row(record)` and `detail_rows(record)`, and may react in `chosen(record)`.
    """

    def __init__(self, ctx: UiContext, *, listing: Callable[[Any], list[dict[str, Any]]], key: str,
                 buttons: Sequence[QWidget], empty: str, titles: tuple[str, str],
                 headers: tuple[list[str], list[str]], names: tuple[str, str],
                 watched: Sequence[str]) -> None:  # fmt: skip
        super().__init__()
        self.ctx = ctx
        self._listing, self._key = listing, key
        self.rows: list[dict[str, Any]] = []
        self.dialog: QWidget | None = None
        bar = QHBoxLayout()
        for button in buttons:
            bar.addWidget(button)
        bar.addStretch(1)
        self.empty = QLabel(empty)
        self.empty.setWordWrap(True)
        self.table, self.details = SmallTable(headers[0]), SmallTable(headers[1])
        self.table.setObjectName(names[0])
        self.details.setObjectName(names[1])
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_details())
        box = QVBoxLayout(self)
        box.addLayout(bar)
        box.addWidget(self.empty)
        for title, table in zip(titles, (self.table, self.details), strict=True):
            box.addWidget(section(title))
            box.addWidget(table)
        box.addStretch(1)
        self.refresh = RefreshWhenShown(self, self.load)
        ctx.bus.changed.connect(lambda k: self.refresh.request() if k in watched else None)
        self.refresh.stale = True  # read when first shown: a tab never opened costs the store nothing

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.refresh.shown()

    def load(self) -> None:
        self.ctx.ops.read(self, self.reader(), self._show, latest="list")

    def reader(self) -> Callable[[Any], list[dict[str, Any]]]:
        """The read run on the worker: it captures any value of a widget here, on the GUI thread."""
        return self._listing

    def _show(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.empty.setVisible(not rows)
        self.table.set_rows([self.master_row(r) for r in rows], [str(r[self._key]) for r in rows])
        self.table.resizeColumnsToContents()
        if rows:
            self.table.selectRow(0)
        self._show_details()

    def current(self) -> dict[str, Any] | None:
        key = self.table.current_key()
        return next((r for r in self.rows if str(r[self._key]) == key), None)

    def _show_details(self) -> None:
        record = self.current()
        if record is None:
            self.details.set_rows([])
        else:
            self.details.set_rows(self.detail_rows(record), self.detail_keys(record))
        self.details.resizeColumnsToContents()
        self.chosen(record)

    def open_dialog(self, dialog: QWidget) -> None:
        self.dialog = dialog
        dialog.open()  # type: ignore[attr-defined]

    def master_row(self, record: dict[str, Any]) -> list[str]:
        raise NotImplementedError(type(self).__name__)

    def detail_rows(self, record: dict[str, Any]) -> list[list[str]]:
        raise NotImplementedError(type(self).__name__)

    def detail_keys(self, record: dict[str, Any]) -> list[str] | None:
        """Keys of the detail rows (to act on the chosen one), None when they need none."""
        return None

    def chosen(self, record: dict[str, Any] | None) -> None:
        """The chosen record changed (None: none chosen)."""
