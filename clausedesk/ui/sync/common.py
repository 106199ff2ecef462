"""Pieces shared by the synchronisation panels: table model, fingerprint label, file choosers, formats.

File dialogs go through `FileChooser`: a test (or a script) may queue the answers with `preset(...)`,
and the buttons then take them instead of opening a dialog; everything after the dialog runs the same.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QWidget,
)

from clausedesk.core.formatting import month_label
from clausedesk.ui.style import file_dialog
from clausedesk.ui.widgets.columns import measured_on_first_rows
from clausedesk.ui.widgets.text_model import TextTableModel

log = logging.getLogger("clausedesk.ui")
Index = QModelIndex | QPersistentModelIndex


def of_month(month: str) -> str:
    """`2026-10` → `d'octobre 2026`, `2026-03` → `de mars 2026` (French elision)."""
    label = month_label(month)
    return f"d'{label}" if label[0] in "aeiouyéè" else f"de {label}"


def local_datetime(value: datetime | None) -> str:
    """A stored UTC time as local `dd/mm/yyyy à HH:MM`."""
    if value is None:
        return ""
    return value.replace(tzinfo=UTC).astimezone().strftime("%d/%m/%Y à %H:%M")


def local_date(value: datetime | None) -> str:
    return "" if value is None else value.replace(tzinfo=UTC).astimezone().strftime("%d/%m/%Y")


class RowsModel(TextTableModel):
    """A small read-only table of display strings (`numeric` columns right-aligned), optional tooltips."""

    def __init__(self, headers: Sequence[str], numeric: Sequence[int] = (), parent: Any = None) -> None:
        super().__init__(headers, numeric, parent)


def table_view(model: RowsModel, name: str, stretch: int = -1) -> QTableView:
    """A read-only table; column `stretch` (default: the last) takes the spare width."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch < 0:
        view.horizontalHeader().setStretchLastSection(True)
    else:
        view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    view.setWordWrap(False)
    measured_on_first_rows(view)
    return view


def selected_key(view: QTableView) -> str | None:
    model = view.model()
    index = view.currentIndex()
    if not isinstance(model, RowsModel) or not index.isValid():
        return None
    return model.keys[index.row()] or None


def title(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: 600; font-size: 11pt; margin-top: 6px; color: #1f3b5a;")
    return label


def fingerprint_label(name: str) -> QLabel:
    """The fingerprint, large and in a fixed-width font, so it can be read out group by group."""
    label = QLabel()
    label.setObjectName(name)
    font = QFont("DejaVu Sans Mono")
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSize(20)
    font.setBold(True)
    label.setFont(font)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet("color: #1f3b5a; padding: 4px 0;")
    return label


def note(name: str = "") -> QLabel:
    label = QLabel()
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def set_busy(busy: bool) -> None:
    if busy:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    else:
        QGuiApplication.restoreOverrideCursor()


class FileChooser:
    """File dialogs of a panel, remembering the last folder; `preset` queues answers instead."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent
        self.folder = Path.home()
        self._queued: list[list[Path]] = []

    def preset(self, *paths: Path | str | Sequence[Path]) -> None:
        """Queue the answer of the next dialogs: a path, or a list of paths for a multi-file dialog."""
        for item in paths:
            if isinstance(item, Path | str):
                self._queued.append([Path(item)])
            else:
                self._queued.append([Path(p) for p in item])

    def _answer(self, chosen: list[str]) -> list[Path]:
        result = [Path(c) for c in chosen if c]
        if result:
            self.folder = result[0].parent
        return result

    def save(self, heading: str, default_name: str, filters: str) -> Path | None:
        if self._queued:
            return self._answer([str(p) for p in self._queued.pop(0)])[0]
        proposed = str(self.folder / default_name)
        name, _ = file_dialog(QFileDialog.getSaveFileName, self.parent, heading, proposed, filters)
        found = self._answer([name])
        return found[0] if found else None

    def open(self, heading: str, filters: str) -> Path | None:
        found = self.open_many(heading, filters, many=False)
        return found[0] if found else None

    def open_many(self, heading: str, filters: str, *, many: bool = True) -> list[Path]:
        if self._queued:
            return self._answer([str(p) for p in self._queued.pop(0)])
        if many:
            ask = QFileDialog.getOpenFileNames
            names, _ = file_dialog(ask, self.parent, heading, str(self.folder), filters)
        else:
            one = QFileDialog.getOpenFileName
            name, _ = file_dialog(one, self.parent, heading, str(self.folder), filters)
            names = [name]
        return self._answer(names)


def unexpected(parent: QWidget, exc: BaseException) -> None:
    """An error nobody planned for: a French message, the details in the log."""
    log.error("synchronisation task failed", exc_info=exc)
    QMessageBox.critical(
        parent, "ClauseDesk",
        "Une erreur inattendue a interrompu l'opération ; rien n'a été modifié. "
        "Les détails sont dans le journal de l'application.",
    )  # fmt: skip
