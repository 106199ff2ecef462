"""Input fields speaking French: a date typed as jj/mm/aaaa (calendar at hand), a file path, check boxes."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QKeyEvent, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from clausedesk.core.formatting import date_fr
from clausedesk.core.validate import parse_date_fr

__all__ = ["CheckGroup", "DateField", "FileField", "parse_date_fr"]


def _calendar_icon() -> QIcon:
    """A small calendar drawn in code (no image file to ship): a frame, a red header, a grid of days."""
    pix = QPixmap(16, 16)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setPen(QColor("#44546a"))
    p.setBrush(QColor("white"))
    p.drawRect(1, 2, 13, 12)
    p.fillRect(2, 3, 12, 3, QColor("#c0392b"))
    p.setPen(QColor("#44546a"))
    for y in (8, 11):
        for x in (3, 6, 9, 12):
            p.drawPoint(x, y)
    p.end()
    return QIcon(pix)


class DateField(QLineEdit):
    """A date typed jj/mm/aaaa; `value()` is a date or None, `problem()` says what is wrong.

    Typing stays the main way; the calendar button at the right (or Alt+Bas) opens a month calendar
    where a click, or Entrée on the day chosen with the arrows, fills the field.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("jj/mm/aaaa")
        self.setMaximumWidth(150)
        self.setAccessibleName("Date")
        self.setToolTip("Date : 05/03/2026, 5/3/26, 05032026 ou 5 mars 2026 ; Alt+Bas : calendrier")
        self.calendar_action = QAction(_calendar_icon(), "Choisir dans le calendrier", self)
        self.calendar_action.setToolTip("Choisir dans le calendrier (Alt+Bas)")
        self.calendar_action.triggered.connect(self.open_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.popup: QCalendarWidget | None = None

    def value(self) -> date | None:
        try:
            return parse_date_fr(self.text())
        except ValueError:
            return None

    def problem(self) -> str | None:
        try:
            parse_date_fr(self.text())
        except ValueError as exc:
            return str(exc)
        return None

    def set_value(self, d: date | None) -> None:
        self.setText(date_fr(d))

    def open_calendar(self) -> QCalendarWidget:
        """The month calendar under the field, on the date typed (today when none)."""
        if self.popup is None:
            self.popup = QCalendarWidget(self)
            self.popup.setObjectName("calendar_popup")
            self.popup.setWindowFlags(Qt.WindowType.Popup)
            self.popup.setGridVisible(True)
            self.popup.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
            self.popup.clicked.connect(self._picked)
            self.popup.activated.connect(self._picked)
        current = self.value()
        self.popup.setSelectedDate(QDate(current) if current else QDate.currentDate())
        self.popup.move(self.mapToGlobal(self.rect().bottomLeft()))
        self.popup.show()
        self.popup.setFocus()
        return self.popup

    def _picked(self, day: QDate) -> None:
        self.set_value(day.toPython())  # type: ignore[arg-type]
        if self.popup is not None:
            self.popup.hide()
        self.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier:
            self.open_calendar()
            return
        super().keyPressEvent(event)


class FileField(QWidget):
    """A file path typed or chosen with « Parcourir… »; `text()` and `textChanged` like a QLineEdit."""

    textChanged = Signal(str)  # noqa: N815

    def __init__(self, caption: str, filters: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption, self.filters = caption, filters
        self.kind = "image" if "png" in filters.lower() else "fichier"
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setObjectName("file_path")
        self.edit.textChanged.connect(self.textChanged.emit)
        row.addWidget(self.edit, 1)
        self.edit.setAccessibleName(caption)
        self.browse = QPushButton("Parcourir…")
        self.browse.setAccessibleName(f"Parcourir : {caption}")
        self.browse.setObjectName("browse")
        self.browse.clicked.connect(self.choose)
        row.addWidget(self.browse)
        self.setFocusProxy(self.edit)

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:  # noqa: N802
        self.edit.setText(text)

    def clear(self) -> None:
        self.edit.clear()

    def insert(self, text: str) -> None:
        self.edit.insert(text)

    def choose(self) -> None:
        from clausedesk.ui.widgets.files import open_file

        path = open_file(self, self.kind, self.caption, self.filters, self.edit.text().strip())
        if path:
            self.edit.setText(path)


class CheckGroup(QWidget):
    """A grid of checkboxes for a list of (code, label); `value()` is the list of checked codes.

    Up to `columns` columns when the room allows, fewer when the form is narrower (a laptop's screen):
    the boxes flow again at each resize, so no label is ever cut at the right edge.
    """

    changed = Signal()

    def __init__(
        self, choices: list[tuple[str, str]], columns: int = 2, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.max_columns = columns
        self.columns = 0
        self.boxes: dict[str, QCheckBox] = {}
        for code, label in choices:
            box = QCheckBox(label)
            box.setObjectName(f"check_{code}")
            box.toggled.connect(lambda _checked: self.changed.emit())
            self.boxes[code] = box
        self._flow(columns)

    def _widest(self) -> int:
        return max((b.sizeHint().width() for b in self.boxes.values()), default=0)

    def _flow(self, columns: int) -> None:
        columns = max(1, min(columns, self.max_columns, len(self.boxes) or 1))
        if columns == self.columns:
            return
        self.columns = columns
        for box in self.boxes.values():
            self.grid.removeWidget(box)
        for i, box in enumerate(self.boxes.values()):
            self.grid.addWidget(box, i // columns, i % columns)
        self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802
        spacing = max(self.grid.horizontalSpacing(), 0)
        width = self.max_columns * self._widest() + (self.max_columns - 1) * spacing
        return QSize(width, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(self._widest(), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        spacing = max(self.grid.horizontalSpacing(), 0)
        self._flow((event.size().width() + spacing) // max(1, self._widest() + spacing))
        super().resizeEvent(event)

    def value(self) -> list[str]:
        return [code for code, box in self.boxes.items() if box.isChecked()]

    def set_value(self, codes: list[str]) -> None:
        for code, box in self.boxes.items():
            box.setChecked(code in codes)
