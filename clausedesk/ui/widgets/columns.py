"""Column widths of a long list, measured once on its first rows: never on every row, never at each change.

Qt's ResizeToContents measures up to 1,000 rows per column again at every layout, and every row of a
list that is not on screen yet: 2 to 3.6 s of `data()` calls for 20,000 offers (issue 12).
"""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableView, QTreeView

FIRST_ROWS = 60  # the widths of the rows a person sees first, and some below


def header_of(view: QTableView | QTreeView) -> QHeaderView:
    return view.horizontalHeader() if isinstance(view, QTableView) else view.header()


def measured_on_first_rows(view: QTableView | QTreeView, rows: int = FIRST_ROWS) -> None:
    """Any later measure of `view` (by Qt or by `fit_columns`) reads its first `rows` rows only."""
    header = header_of(view)
    header.setResizeContentsPrecision(rows)
    if isinstance(view, QTableView):
        view.verticalHeader().setResizeContentsPrecision(rows)


def fit_columns(view: QTableView | QTreeView, rows: int = FIRST_ROWS) -> None:
    """Each column as wide as its header and its first `rows` rows, then left as it is (the person may
    widen it): columns sized to their contents become interactive, a stretched one keeps the rest."""
    measured_on_first_rows(view, rows)
    header = header_of(view)
    stretch_last = header.stretchLastSection()
    header.setStretchLastSection(False)
    for column in range(header.count()):
        mode = header.sectionResizeMode(column)
        if mode == QHeaderView.ResizeMode.Stretch or header.isSectionHidden(column):
            continue
        if mode == QHeaderView.ResizeMode.ResizeToContents:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        view.resizeColumnToContents(column)
    header.setStretchLastSection(stretch_last)
