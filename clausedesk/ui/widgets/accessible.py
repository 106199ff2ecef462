"""Accessible names for screen readers: every input and button named from what a sighted user reads."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QToolButton,
    QWidget,
)

INPUTS = (
    QAbstractButton, QLineEdit, QComboBox, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QAbstractItemView,
)  # fmt: skip


def is_inner_part(widget: QWidget) -> bool:
    """Qt's own inner parts, named through their owner: a table's header and corner button, a combo
    box's popup list, a spin box's arrows."""
    if isinstance(widget, QHeaderView) or widget.objectName().startswith("qt_"):
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractItemView, QAbstractSpinBox)):
            return True
        parent = parent.parentWidget()
    return False


def _label_for(widget: QWidget) -> str:
    """The text a sighted user reads for `widget`: its own text, its label, its placeholder or tooltip."""
    if isinstance(widget, QAbstractButton) and widget.text():
        return widget.text().replace("&", "")
    action = widget.defaultAction() if isinstance(widget, QToolButton) else None
    if action is not None:  # an icon inside a field (calendar, clear)
        return (action.toolTip() or action.text() or "Effacer le champ").replace("&", "")
    root = widget.window()
    for label in root.findChildren(QLabel):
        if label.buddy() is widget and label.text():
            return label.text().replace("&", "").rstrip(" *:")
    parent = widget.parentWidget()
    layout = parent.layout() if parent is not None else None
    if layout is not None and hasattr(layout, "labelForField"):
        label = layout.labelForField(widget)
        if isinstance(label, QLabel) and label.text():
            return label.text().replace("&", "").rstrip(" *:")
    for text in (
        widget.placeholderText() if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)) else "",
        widget.toolTip(),
        widget.windowTitle() if widget.isWindow() else "",
    ):
        if text:
            return text.split("\n")[0]
    name = widget.objectName()
    return name.replace("_", " ").strip() if name and not name.startswith("qt_") else ""


def name_widgets(root: QWidget) -> list[QWidget]:
    """Give every input and button under `root` an accessible name; returns those still without one."""
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INPUTS) or widget.accessibleName():
            continue
        if is_inner_part(widget):
            continue
        text = _label_for(widget)
        if text:
            widget.setAccessibleName(text)
        else:
            missing.append(widget)
    return missing
