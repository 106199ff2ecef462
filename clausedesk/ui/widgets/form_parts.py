"""A form's parts: its declared fields, the reserved line of a field's error, a value as shown, colours."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy

from clausedesk.core.formatting import number

ERROR_STYLE = "color: #b00020;"
HINT_STYLE = "color: #44546a;"


class ErrorLine(QLabel):
    """One reserved line under a field for its error: always in the layout (empty when all is well),
    its height fixed, a long text elided with the whole of it in the tooltip, so nothing ever moves."""

    def __init__(self, name: str) -> None:
        super().__init__("")
        self.setObjectName(name)
        self.setStyleSheet(ERROR_STYLE)
        self.setFixedHeight(self.fontMetrics().lineSpacing() + 2)
        self.setMinimumWidth(1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)  # the field's whole width
        self._full = ""

    def setText(self, text: str) -> None:  # noqa: N802
        self._full = text
        self.setToolTip(text)
        self.setAccessibleDescription(text)
        self._elide()

    def text(self) -> str:
        return self._full

    def sizeHint(self) -> QSize:  # noqa: N802
        # its size never depends on its text: the layout stays where it is
        return QSize(200, self.fontMetrics().lineSpacing() + 2)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(40, self.fontMetrics().lineSpacing() + 2)

    def _elide(self) -> None:
        width = max(self.width(), 40)
        super().setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()


@dataclass
class Field:
    """One input of a form. `check(value)` raises ValidationError for a bad value (optional)."""

    key: str
    label: str
    kind: str = "text"  # text | multiline | date | decimal | choice | bool | checks | file | lookup
    file_filter: str = ""  # kind "file": the file dialog's filter, e.g. "Images (*.png *.jpg)"
    required: bool = False
    choices: list[tuple[str, str]] = field(default_factory=list)
    check: Callable[[Any], Any] | None = None
    placeholder: str = ""
    tip: str = ""
    max_len: int = 300
    minimum: Decimal | None = Decimal(0)
    maximum: Decimal | None = None
    reference: Any = None  # kind "lookup": a widgets.reference_lookup.Reference (communes, ROME jobs)


def display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return number(value, 0 if value == value.to_integral_value() else 2).replace("\u202f", " ")
    return str(value)
