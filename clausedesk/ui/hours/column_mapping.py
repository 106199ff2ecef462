"""The import wizard's « Colonnes » step: the first rows of the file, and which column holds what.

Shown when ClauseDesk does not recognise a relevé's header (or on request): the user picks the
sheet, the header row and, for each role (name, first name or both together, lot, hours worked,
training hours, tutoring hours, contract id), its column; with the month and SIRET when the file
lacks them. The result is the ReadOptions of the import: the mapping is remembered for the company
once imported.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clausedesk.core.errors import ClauseDeskError
from clausedesk.core.rules.identifiers import check_siret
from clausedesk.core.rules.progress import check_month
from clausedesk.core.services.hours_import import ReadOptions, SheetPeek
from clausedesk.ui.hours.models import ListModel

ROLE_LABELS = {
    "nom": "Nom",
    "prenom": "Prénom",
    "nom_prenom": "Nom et prénom (une seule colonne)",
    "lot": "Lot",
    "heures": "Heures travaillées",
    "formation": "Heures de formation",
    "tutorat": "Heures de tutorat",
    "identifiant": "Identifiant du contrat",
}
_NONE = "— aucune —"


def _letter(col: int) -> str:
    text = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        text = chr(65 + rest) + text
    return text


class ColumnMappingPanel(QWidget):
    """Sheet, header row, a column per role; « Appliquer ces colonnes » emits the import's options."""

    applied = Signal(object)  # ReadOptions

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sheets: list[SheetPeek] = []
        intro = QLabel(
            "Indiquez quelle colonne contient quoi. Ce choix sera retenu pour cette entreprise et "
            "réutilisé pour son prochain relevé s'il a les mêmes en-têtes."
        )
        intro.setWordWrap(True)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("feuille")
        self.header_spin = QSpinBox()
        self.header_spin.setObjectName("ligne_entete")
        self.header_spin.setMinimum(1)
        self.month_edit = QLineEdit()
        self.month_edit.setPlaceholderText("AAAA-MM, si le fichier ne l'indique pas")
        self.siret_edit = QLineEdit()
        self.siret_edit.setPlaceholderText("SIRET, si le fichier ne l'indique pas")
        top = QHBoxLayout()
        form = QFormLayout()
        form.addRow("Feuille :", self.sheet_combo)
        form.addRow("Ligne d'en-tête :", self.header_spin)
        other = QFormLayout()
        other.addRow("Mois :", self.month_edit)
        other.addRow("SIRET :", self.siret_edit)
        top.addLayout(form)
        top.addLayout(other)
        self.model = ListModel(["Ligne"])
        self.table = QTableView()
        self.table.setObjectName("premieres_lignes")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.role_combos: dict[str, QComboBox] = {}
        grid = QGridLayout()
        for i, (role, label) in enumerate(ROLE_LABELS.items()):
            combo = QComboBox()
            combo.setObjectName(f"colonne_{role}")
            self.role_combos[role] = combo
            grid.addWidget(QLabel(f"{label} :"), i // 2, (i % 2) * 2)
            grid.addWidget(combo, i // 2, (i % 2) * 2 + 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a00000")
        self.apply_button = QPushButton("Appliquer ces colonnes")
        self.apply_button.clicked.connect(self.apply)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addWidget(self.apply_button)
        self.sheet_combo.currentIndexChanged.connect(self._sheet_changed)
        self.header_spin.valueChanged.connect(self._header_changed)

    def load(self, sheets: list[SheetPeek], sheet: str | None = None) -> None:
        """Show the file's sheets (the one named first), their first rows and the guessed header row."""
        self.sheets = sheets
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItems([s.name for s in sheets])
        names = [s.name for s in sheets]
        self.sheet_combo.setCurrentIndex(names.index(sheet) if sheet in names else 0)
        self.sheet_combo.blockSignals(False)
        self._sheet_changed()

    def _current(self) -> SheetPeek | None:
        index = self.sheet_combo.currentIndex()
        return self.sheets[index] if 0 <= index < len(self.sheets) else None

    def _sheet_changed(self) -> None:
        sheet = self._current()
        if sheet is None:
            return
        width = max((len(r) for r in sheet.rows), default=0)
        self.model.headers = ["Ligne"] + [_letter(c) for c in range(width)]
        self.model.set_rows(
            [[str(i + 1), *row, *[""] * (width - len(row))] for i, row in enumerate(sheet.rows)]
        )
        self.header_spin.blockSignals(True)
        self.header_spin.setMaximum(max(1, len(sheet.rows)))
        self.header_spin.setValue(sheet.header_guess() + 1)
        self.header_spin.blockSignals(False)
        self._header_changed()

    def _header_changed(self) -> None:
        sheet = self._current()
        row = sheet.rows[self.header_spin.value() - 1] if sheet and sheet.rows else []
        for combo in self.role_combos.values():
            combo.clear()
            combo.addItem(_NONE, None)
            for c, text in enumerate(row):
                if text:
                    combo.addItem(f"{_letter(c)} : {text}", text)

    def options(self) -> ReadOptions:
        """The import's options as chosen; raises ClauseDeskError (French) when a value is wrong."""
        columns = {
            role: str(combo.currentData()) for role, combo in self.role_combos.items() if combo.currentData()
        }
        if columns and "heures" not in columns:  # no column chosen: the headers ClauseDesk knows are used
            raise ClauseDeskError("Choisissez la colonne des heures travaillées.")
        if columns and not {"nom", "nom_prenom", "identifiant"} & set(columns):
            raise ClauseDeskError("Choisissez la colonne du nom (ou celle du nom et du prénom ensemble).")
        month = check_month(self.month_edit.text()) if self.month_edit.text().strip() else None
        siret = check_siret(self.siret_edit.text(), "SIRET") if self.siret_edit.text().strip() else None
        if not columns and month is None and siret is None:
            raise ClauseDeskError("Choisissez au moins la colonne des heures travaillées et celle du nom.")
        return ReadOptions(self.sheet_combo.currentText() or None, month, siret, columns)

    def apply(self) -> None:
        try:
            options = self.options()
        except ClauseDeskError as exc:
            self.message.setText(exc.message)
            return
        self.message.clear()
        self.applied.emit(options)
