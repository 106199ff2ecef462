"""Finding what a shown window or dialog cuts: texts wider than their widget, widgets off the visible area.

`cut_texts(root)` walks every visible widget of `root` and names, in French, each defect a person
would see at the window's present size: a label, check box or button whose text is wider than
the room it was given (Qt elides or clips it), a word-wrapped label taller than its box, a table
cell whose text is cut in a column that is on screen, an empty field whose hint is cut, a list
with a horizontal scroll bar, a widget lying (partly) outside its window, a window forced wider
or taller than it was asked to be. The screenshots command and the tests run it on every screen
and dialog they open.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QCheckBox,
    QLabel,
    QLineEdit,
    QListView,
    QMenuBar,
    QRadioButton,
    QStatusBar,
    QTableView,
    QTabWidget,
    QToolButton,
    QTreeView,
    QWidget,
)

ROWS_CHECKED = 30  # the first rows of a table on screen are enough to find a narrow column


def _name(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    shown = text().replace("&", "") if callable(text) else ""
    return f"{type(widget).__name__} {widget.objectName() or ''} « {shown[:40]} »".replace("  ", " ")


def _inside_scroll_area(widget: QWidget, top: QWidget) -> bool:
    """Inside a scroll area's viewport, being off the visible area is what scrolling is for."""
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QAbstractScrollArea) or parent.objectName() == "qt_scrollarea_viewport":
            return True
        parent = parent.parentWidget()
    return False


def _label_problem(label: QLabel) -> str | None:
    if not label.text() or label.pixmap() is not None and not label.pixmap().isNull():
        return None
    room = label.contentsRect()
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height() + 2:
            return f"texte coupé en hauteur ({needed} px nécessaires, {label.height()} px donnés)"
        return None
    needed = label.minimumSizeHint().width()
    if needed > label.width() + 1 and room.width() > 0:
        return f"texte coupé ({needed} px nécessaires, {label.width()} px donnés)"
    return None


def _button_problem(button: QAbstractButton) -> str | None:
    if not button.text():
        return None
    if isinstance(button, QToolButton) and button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly:
        return None  # its text is its tooltip
    if isinstance(button, (QCheckBox, QRadioButton)):
        needed = button.minimumSizeHint().width()
    else:  # a push button's own minimum (80 px in most styles) says nothing of its text
        margin = 12 + (button.iconSize().width() + 4 if not button.icon().isNull() else 0)
        needed = button.fontMetrics().horizontalAdvance(button.text().replace("&", "")) + margin
    if needed > button.width() + 1:
        return f"texte coupé ({needed} px nécessaires, {button.width()} px donnés)"
    return None


def _table_problems(table: QTableView | QTreeView) -> list[str]:
    """Cells whose text is wider than their column (of a table, or of a tree showing its header)."""
    model = table.model()
    if model is None or model.rowCount(table.rootIndex()) == 0:
        return []
    viewport = table.viewport().width()
    header = table.horizontalHeader() if isinstance(table, QTableView) else table.header()
    metrics = table.fontMetrics()
    problems = []
    for column in range(model.columnCount()):
        if table.isColumnHidden(column):
            continue
        start = header.sectionViewportPosition(column)
        if start < 0 or start >= viewport:
            continue  # scrolled away: the person scrolls to read it
        room = header.sectionSize(column) - 6  # the style's text margins; a column running past the
        # table's right edge is read by scrolling, a column narrower than its text elides it
        root = table.rootIndex()
        for row in range(min(model.rowCount(root), ROWS_CHECKED)):
            if isinstance(table, QTableView) and table.isRowHidden(row):
                continue
            index: QModelIndex = model.index(row, column, root)
            text = model.data(index, Qt.ItemDataRole.DisplayRole)
            if not isinstance(text, str) or not text:
                continue
            widest = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
            if widest > room and _wrapped_whole(table, metrics, row, room, text):
                continue  # a word-wrapping table whose row is tall enough shows the text whole
            if widest > room:
                title = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
                problems.append(f"colonne « {title} » coupe « {text[:40]} » ({widest} px, {room} px donnés)")
                break
    return problems


def cut_texts(root: QWidget, size: tuple[int, int] | None = None) -> list[str]:
    """Every cut text and misplaced widget of the shown `root`, in French; empty when all fits.

    `size`, when given, is the window size asked for: a window whose content forces it larger is cut
    on the person's screen.
    """
    top = root.window()
    problems: list[str] = []
    where = f"{type(top).__name__} « {top.windowTitle()} »"
    if size is not None:
        least = top.minimumSizeHint().expandedTo(top.minimumSize())
        if least.width() > size[0] or least.height() > size[1]:
            problems.append(f"{where} : demande au moins {least.width()}×{least.height()} px, "
                            f"plus que l'écran de {size[0]}×{size[1]}")  # fmt: skip
    visible = QRect(0, 0, top.width(), top.height())
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.window() is not top or widget.width() <= 0:
            continue
        if any(isinstance(p, (QMenuBar, QStatusBar)) for p in _ancestors(widget)):
            continue
        problem: str | None = None
        if isinstance(widget, QLabel):
            problem = _label_problem(widget)
        elif isinstance(widget, QAbstractButton) and not _in_tab_bar(widget):
            problem = _button_problem(widget)
        elif isinstance(widget, QLineEdit) and not widget.text() and widget.placeholderText():
            needed = widget.fontMetrics().horizontalAdvance(widget.placeholderText()) + 10
            if needed > widget.width():  # « Tapez … » says nothing of what to type
                problem = f"texte d'aide coupé ({needed} px nécessaires, {widget.width()} px donnés)"
        if problem is None and widget is not top and not _inside_scroll_area(widget, top):
            box = QRect(widget.mapTo(top, widget.rect().topLeft()), widget.size())
            if not visible.contains(box):
                problem = f"hors de la fenêtre ({box.x()},{box.y()} {box.width()}×{box.height()})"
        if problem is not None:
            problems.append(f"{where} : {_name(widget)} : {problem}")
        if isinstance(widget, QTableView) or isinstance(widget, QTreeView) and not widget.isHeaderHidden():
            problems += [f"{where} : {_name(widget)} : {p}" for p in _table_problems(widget)]
        elif isinstance(widget, QListView) and widget.horizontalScrollBar().isVisible():
            problems.append(f"{where} : {_name(widget)} : barre de défilement horizontale")
    return problems


def _ancestors(widget: QWidget) -> list[QWidget]:
    found = []
    parent = widget.parentWidget()
    while parent is not None:
        found.append(parent)
        parent = parent.parentWidget()
    return found


def _in_tab_bar(widget: QWidget) -> bool:
    """A tab bar's scroll arrows are Qt's own parts, shown when its tabs do not fit (they scroll)."""
    return any(isinstance(p, QTabWidget) for p in _ancestors(widget)[:2]) and widget.objectName() == ""


def _wrapped_whole(table: Any, metrics: Any, row: int, room: int, text: str) -> bool:
    """The text, wrapped at word boundaries in `room`, fits the row's height (no word wider than it)."""
    if not isinstance(table, QTableView) or not table.wordWrap():
        return False
    if any(metrics.horizontalAdvance(word) > room for word in text.split()):
        return False
    return bool(table.rowHeight(row) >= table.sizeHintForRow(row))  # as tall as its wrapped contents
