"""The one month field of every screen: shown « 11/2026 », opening on the month just ended."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QDateEdit, QWidget


def default_month(today: date | None = None) -> str:
    """The month a facilitator works on: the one just ended (its relevés arrive now), as `YYYY-MM`."""
    first = (today or date.today()).replace(day=1)
    previous = date(first.year - 1, 12, 1) if first.month == 1 else first.replace(month=first.month - 1)
    return f"{previous.year:04d}-{previous.month:02d}"


class MonthField(QDateEdit):
    """A month picked with the arrows or typed as MM/AAAA; `month_changed("YYYY-MM")` once per change."""

    month_changed = Signal(str)

    def __init__(self, month: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("MM/yyyy")
        self.setToolTip("Mois (MM/AAAA)")
        self.setCalendarPopup(False)
        self.setCurrentSection(QDateEdit.Section.MonthSection)
        self.set_month(month or default_month())
        self._last = self.month
        self.dateChanged.connect(self._changed)

    @property
    def month(self) -> str:
        d = self.date()
        return f"{d.year():04d}-{d.month():02d}"

    def set_month(self, month: str) -> None:
        self.setDate(QDate(int(month[:4]), int(month[5:7]), 1))

    def _changed(self) -> None:
        if self.month != self._last:
            self._last = self.month
            self.month_changed.emit(self.month)
