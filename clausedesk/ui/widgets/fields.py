"""Input fields speaking French: a date typed as jj/mm/aaaa, checkbox groups for code lists."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLineEdit, QWidget

from clausedesk.core.formatting import date_fr

_DATE = re.compile(r"(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4}|\d{2})")


def parse_date_fr(text: str) -> date | None:
    """`05/03/2026`, `5/3/2026`, `05032026`, `5.3.26` → date; empty → None; ValueError when impossible."""
    t = text.strip()
    if not t:
        return None
    if t.isdigit() and len(t) == 8:
        t = f"{t[:2]}/{t[2:4]}/{t[4:]}"
    m = _DATE.fullmatch(t)
    if m is None:
        raise ValueError(t)
    day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if year < 100:
        year += 2000 if year < 70 else 1900
    return date(year, month, day)


class DateField(QLineEdit):
    """A date typed jj/mm/aaaa; `value()` is a date or None, `problem()` says what is wrong."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("jj/mm/aaaa")
        self.setMaximumWidth(120)
        self.setToolTip("Date au format jj/mm/aaaa (par exemple 05/03/2026)")

    def value(self) -> date | None:
        try:
            return parse_date_fr(self.text())
        except ValueError:
            return None

    def problem(self) -> str | None:
        try:
            parse_date_fr(self.text())
        except ValueError:
            return (
                f"« {self.text().strip()} » n'est pas une date : tapez jj/mm/aaaa (par exemple 05/03/2026)."
            )
        return None

    def set_value(self, d: date | None) -> None:
        self.setText(date_fr(d))


class CheckGroup(QWidget):
    """A grid of checkboxes for a list of (code, label); `value()` is the list of checked codes."""

    changed = Signal()

    def __init__(
        self, choices: list[tuple[str, str]], columns: int = 2, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for i, (code, label) in enumerate(choices):
            box = QCheckBox(label)
            box.setObjectName(f"check_{code}")
            box.toggled.connect(lambda _checked: self.changed.emit())
            self.boxes[code] = box
            grid.addWidget(box, i // columns, i % columns)

    def value(self) -> list[str]:
        return [code for code, box in self.boxes.items() if box.isChecked()]

    def set_value(self, codes: list[str]) -> None:
        for code, box in self.boxes.items():
            box.setChecked(code in codes)
