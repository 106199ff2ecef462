"""A small bar chart of a lot's progress: objective, prorata temporis expected, and realised hours."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from clausedesk.core.formatting import hours


class ProgressChart(QWidget):
    def __init__(self, objective: Decimal, expected: Decimal | None, realised: Decimal, late: bool) -> None:
        super().__init__()
        self.objective, self.expected, self.realised, self.late = objective, expected, realised, late
        self.setMinimumHeight(100)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip("Heures réalisées comparées à l'objectif et au prorata temporis du lot")

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        bars = [
            ("Objectif", self.objective, QColor("#9aa9b8")),
            ("Prorata attendu", self.expected or Decimal(0), QColor("#e0a030")),
            ("Réalisé", self.realised, QColor("#c0392b") if self.late else QColor("#2e8b57")),
        ]
        top = max([b[1] for b in bars] + [Decimal(1)])
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        label_w, value_w = 120, 110
        width = max(self.width() - label_w - value_w - 10, 10)
        for i, (label, value, color) in enumerate(bars):
            y = 6 + i * 30
            p.setPen(QColor("#333"))
            p.drawText(
                QRectF(0, y, label_w - 6, 22),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#eef1f4"))
            p.drawRoundedRect(QRectF(label_w, y, width, 22), 3, 3)
            p.setBrush(color)
            p.drawRoundedRect(QRectF(label_w, y, float(width * (value / top)), 22), 3, 3)
            p.setPen(QColor("#333"))
            p.drawText(
                QRectF(label_w + width + 6, y, value_w, 22),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                hours(value, 0),
            )
        p.end()
