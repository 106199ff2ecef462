"""Table models of the hours screen: the editable monthly grid, read-only lists (totals, preview)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from clausedesk.core.formatting import number
from clausedesk.core.services.hours import GridRow
from clausedesk.core.vocab import HourStatus
from clausedesk.ui.widgets.text_model import TextTableModel

Index = QModelIndex | QPersistentModelIndex
_NO_INDEX = QModelIndex()


def fmt_hours(value: Decimal | None) -> str:
    """Hours as people type them: `35,5`, `151,67`, `140` (empty when None)."""
    if value is None:
        return ""
    for decimals in (0, 1, 2):
        if value == value.quantize(Decimal(1).scaleb(-decimals)):
            return number(value, decimals)
    return number(value, 2)


class GridModel(QAbstractTableModel):
    """One row per contract active in the month; hours worked, training and tutoring are editable.

    Edits go through `saver(row, column, text) -> bool`: the screen shows the typed value at once and
    saves it in the background; a refused value puts the row back and its reason in `errors` (shown
    in the cell's tooltip, the cell in red) until the row is saved again.
    """

    HEADERS = (
        "Participant",
        "Entreprise",
        "Lot",
        "Modalité",
        "Heures travaillées",
        "Heures de formation",
        "Heures de tutorat",
        "Statut",
        "Source",
    )
    PERSON, COMPANY, LOT, MODALITY, WORKED, TRAINING, TUTORING, STATUS, SOURCE = range(9)
    EDITABLE = (WORKED, TRAINING, TUTORING)
    FIELDS = {WORKED: "worked", TRAINING: "training", TUTORING: "tutoring"}  # GridRow's and HourChange's
    row_replaced = Signal(object, object)  # (old GridRow, new GridRow): one line changed in place

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[GridRow] = []
        self.errors: dict[str, str] = {}  # contract uuid -> why its last typed value was refused
        self.saver: Callable[[int, int, str], bool] = lambda r, c, t: False

    def set_rows(self, rows: list[GridRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.errors = {}
        self.endResetModel()

    def position_of(self, contract_uuid: str) -> int | None:
        """The row of a contract now (rows may have been reloaded while a save ran)."""
        for i, r in enumerate(self.rows):
            if r.contract_uuid == contract_uuid:
                return i
        return None

    def rowCount(self, parent: Index = _NO_INDEX) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _NO_INDEX) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    # made once: each cell painted asks for them (a repaint of the grid is a thousand calls)
    _BASE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    _EDITABLE_FLAGS = _BASE | Qt.ItemFlag.ItemIsEditable
    _RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    _TEXT_ROLES = (int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.EditRole))
    _ALIGN, _BACKGROUND = int(Qt.ItemDataRole.TextAlignmentRole), int(Qt.ItemDataRole.BackgroundRole)
    _REFUSED, _VALIDATED, _TO_TYPE = (QBrush(QColor(c)) for c in ("#f8d7d7", "#e3f1e3", "#fff7d6"))

    def flags(self, index: Index) -> Qt.ItemFlag:
        if index.column() in self.EDITABLE and self.rows[index.row()].status != HourStatus.VALIDE.value:
            return self._EDITABLE_FLAGS
        return self._BASE

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = self.rows[index.row()], index.column()
        if role in self._TEXT_ROLES:
            return self._text(row, col)
        if role == self._ALIGN:
            return self._RIGHT if col in self.EDITABLE else None
        refused = self.errors.get(row.contract_uuid) if col in self.EDITABLE else None
        if role == self._BACKGROUND:
            if col not in self.EDITABLE:
                return None
            if refused:
                return self._REFUSED
            if row.status == HourStatus.VALIDE.value:
                return self._VALIDATED
            return self._TO_TYPE
        if role == Qt.ItemDataRole.ToolTipRole:
            if refused:
                return f"Non enregistré : {refused}"
            if col in self.EDITABLE and row.status == HourStatus.VALIDE.value:
                return "Relevé validé : annulez la validation pour modifier les heures."
            if col == self.PERSON:
                return f"Contrat du {row.start:%d/%m/%Y}" + (f" au {row.end:%d/%m/%Y}" if row.end else "")
            if col == self.LOT:
                return f"{row.market_ref} – {row.lot_title}"
        return None

    def _text(self, row: GridRow, col: int) -> str:
        """The text of one cell (only that one is made: the painter asks cell by cell)."""
        if col in self.FIELDS:
            return fmt_hours(getattr(row, self.FIELDS[col]))
        if col == self.PERSON:
            return row.person
        if col == self.COMPANY:
            return row.company
        if col == self.LOT:
            return row.lot_ref
        if col == self.MODALITY:
            return row.modality_label
        return row.status_label if col == self.STATUS else row.source

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() not in self.EDITABLE:
            return False
        text = str(value or "").strip()
        if text == self._text(self.rows[index.row()], index.column()):
            return False
        return self.saver(index.row(), index.column(), text)

    def update_row(self, position: int, row: GridRow, error: str | None = None) -> None:
        old = self.rows[position]
        self.rows[position] = row
        self.row_replaced.emit(old, row)
        if error:
            self.errors[row.contract_uuid] = error
        else:
            self.errors.pop(row.contract_uuid, None)
        self.dataChanged.emit(self.index(position, 0), self.index(position, len(self.HEADERS) - 1))


class ListModel(TextTableModel):
    """A small read-only table of already formatted strings (totals, import preview, past imports)."""

    def __init__(self, headers: Sequence[str], right_aligned: Sequence[int] = ()) -> None:
        super().__init__(headers, right_aligned, text_tips=True)

    def set_rows(  # type: ignore[override]
        self, rows: list[list[str]], colours: list[str | None] | None = None
    ) -> None:
        super().set_rows(rows, colours=colours)
