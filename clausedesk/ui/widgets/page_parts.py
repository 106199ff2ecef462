"""The parts of an object's page: its title, its label/value pairs, its row of buttons."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton


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
