"""The parts of a page: its title, its label/value pairs, its row of buttons, what an empty list says."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QPushButton


def title(text: str, sub: str = "") -> QLabel:
    label = QLabel(
        f"<h2 style='margin:0'>{escape(text)}</h2>"
        + (f"<div style='color:#555'>{escape(sub)}</div>" if sub else "")
    )
    label.setWordWrap(True)
    return label


def info(pairs: list[tuple[str, str]]) -> QLabel:
    rows = "".join(
        f"<tr><td style='color:#555;padding-right:12px'>{escape(k)}</td><td>{escape(v) or '—'}</td></tr>"
        for k, v in pairs
    )
    label = QLabel(f"<table>{rows}</table>")
    label.setWordWrap(True)
    return label


def buttons(*items: tuple[str, str, Any]) -> QHBoxLayout:
    bar = QHBoxLayout()
    for text, name, slot in items:
        b = QPushButton(text)
        b.setObjectName(name)
        b.clicked.connect(slot)
        bar.addWidget(b)
    bar.addStretch(1)
    return bar


class EmptyState(QObject):
    """Over a list with no rows, a sentence saying what to do next (« Aucune entreprise. Ajoutez-en une
    avec « Nouvelle entreprise »… »), in the middle of the list; gone as soon as a row arrives.

    `text()` is asked at each change: it says why the list is empty (nothing yet, or a search or a
    filter that finds nothing), or "" while the list is still being read.
    """

    def __init__(self, view: QAbstractItemView, text: Callable[[], str]) -> None:
        super().__init__(view)
        self.view, self.text = view, text
        self.label = QLabel(view.viewport())
        self.label.setObjectName("empty_state")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setStyleSheet("color: #4a5a6a; font-size: 10.5pt; padding: 12px;")
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        view.viewport().installEventFilter(self)
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self.update)
        filled = getattr(view, "filled", None)  # a small table says when it was filled, even with nothing
        if filled is not None:
            filled.connect(self.update)
        self.label.hide()
        QTimer.singleShot(0, self, self.update)  # once the screen building it is whole

    def update(self, *_args: object) -> None:
        model = self.view.model()
        said = self.text() if model is None or model.rowCount() == 0 else ""
        said = said.replace("« ", "«\u00a0").replace(" »", "\u00a0»")  # a quoted name never broken
        self.label.setText(said)
        self.label.setVisible(bool(said))
        self._place()

    def _place(self) -> None:
        room = self.view.viewport().rect().adjusted(16, 16, -16, -16)
        self.label.setGeometry(room.x(), room.y(), room.width(), max(room.height() // 2, 80))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False
