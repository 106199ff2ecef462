"""The global search (Ctrl+K): type a few letters, pick a buyer, marché, lot, company or person, open it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from clausedesk.core.services import lookup
from clausedesk.ui.context import UiContext
from clausedesk.ui.style import FittedDialog


class SearchDialog(FittedDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Rechercher")
        self.setObjectName("search_dialog")
        layout = QVBoxLayout(self)
        self.input = QLineEdit()
        self.input.setObjectName("search_input")
        self.input.setPlaceholderText("Nom, référence de marché ou de lot, SIRET… (Entrée pour ouvrir)")
        self.input.setClearButtonEnabled(True)
        layout.addWidget(self.input)
        self.results = QListWidget()
        self.results.setObjectName("search_results")
        layout.addWidget(self.results, 1)
        self.hint = QLabel("Tapez au moins deux caractères.")
        layout.addWidget(self.hint)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.run)
        self.input.textChanged.connect(lambda _t: self._timer.start())
        self.input.returnPressed.connect(self.open_current)
        self._open_when_found = False
        self.results.itemActivated.connect(lambda _i: self.open_current())
        self.resize(620, 420)

    def run(self) -> None:
        text = self.input.text().strip()
        self.results.clear()
        if len(text) < 2:
            self.hint.setText("Tapez au moins deux caractères.")
            return
        self.hint.setText("Recherche…")
        self.ctx.ops.read(self, lambda s: lookup.search(s, text), self._show, latest="search")

    def _show(self, hits: list[Any]) -> None:
        self.results.clear()
        for hit in hits:
            item = QListWidgetItem(f"{hit.label}    ·    {hit.detail}")
            item.setData(Qt.ItemDataRole.UserRole, (hit.kind, hit.uuid))
            self.results.addItem(item)
        n = len(hits)
        self.hint.setText("Aucun résultat." if not n else "1 résultat." if n == 1 else f"{n} résultats.")
        if hits:
            self.results.setCurrentRow(0)
        if self._open_when_found:
            self._open_when_found = False
            self.open_current()

    def keyPressEvent(self, event: object) -> None:  # noqa: N802
        key = event.key()  # type: ignore[attr-defined]
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.results.count():
            row = self.results.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
            self.results.setCurrentRow(max(0, min(row, self.results.count() - 1)))
            return
        super().keyPressEvent(event)  # type: ignore[arg-type]

    def open_current(self) -> None:
        if self._timer.isActive() or self.hint.text() == "Recherche…":
            self._timer.stop()
            self._open_when_found = True  # Entrée typed before the results came: open the first one then
            if self.hint.text() != "Recherche…":
                self.run()
            return
        item = self.results.currentItem()
        if item is None:
            return
        kind, uuid = item.data(Qt.ItemDataRole.UserRole)
        self.accept()
        self.ctx.navigate(kind, uuid)
