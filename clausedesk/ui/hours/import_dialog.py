"""The relevé import wizard (choose a file, say which sheet and columns if needed, preview every row, import)
and the list of past imports (undo)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clausedesk.core.errors import ClauseDeskError
from clausedesk.core.formatting import date_fr, month_label
from clausedesk.core.services import hours_import
from clausedesk.core.services.hours_import import (
    OUTCOME_LABELS,
    ImportResult,
    ReadOptions,
    ReleveFileError,
    SheetChoiceError,
)
from clausedesk.ui.context import UiContext
from clausedesk.ui.feedback import tell
from clausedesk.ui.hours.column_mapping import ColumnMappingPanel
from clausedesk.ui.hours.models import ListModel, fmt_hours
from clausedesk.ui.style import FittedDialog, file_dialog

_COLOURS = {"new": "#dff0d8", "changed": "#fcf3cf", "removed": "#f5e1c8", "error": "#f8d7d7"}
_WARNING_COLOUR = "#ffe0b2"
_FILTER = "Relevés (*.xlsx *.xlsm *.xls *.ods *.csv);;Tous les fichiers (*)"


_PREVIEW_HEADERS = (
    "Ligne", "Résultat", "Participant", "Lot", "Heures travaillées", "Heures de formation", "Avant", "Motif",
)  # fmt: skip

class ImportDialog(FittedDialog):
    """Step 1: pick the file (and, when ClauseDesk cannot tell, its sheet or its columns); step 2: the
    preview (each row's outcome, the warnings); step 3: import, all or nothing."""

    imported = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_: ImportResult | None = None
        self.options = ReadOptions()
        self.setWindowTitle("Importer un relevé d'heures")
        self.resize(980, 560)
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("Relevé rempli par l'entreprise (.xlsx, .xls, .ods, .csv)")
        self.path_edit.textChanged.connect(self._new_file)
        browse = QPushButton("Parcourir…")
        browse.clicked.connect(self._browse)
        self.preview_button = QPushButton("Vérifier le fichier")
        self.preview_button.clicked.connect(self.preview)
        top = QHBoxLayout()
        top.addWidget(self.path_edit, 1)
        top.addWidget(browse)
        top.addWidget(self.preview_button)
        self.columns_button = QPushButton("Indiquer les colonnes…")
        self.columns_button.clicked.connect(self.show_columns)
        top.addWidget(self.columns_button)
        self.sheet_row = QWidget()
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("feuille_a_importer")
        sheet_button = QPushButton("Vérifier cette feuille")
        sheet_button.clicked.connect(self._sheet_chosen)
        sheet_layout = QHBoxLayout(self.sheet_row)
        sheet_layout.setContentsMargins(0, 0, 0, 0)
        sheet_layout.addWidget(QLabel("Feuille à importer :"))
        sheet_layout.addWidget(self.sheet_combo, 1)
        sheet_layout.addWidget(sheet_button)
        self.sheet_row.hide()
        self.mapping = ColumnMappingPanel()
        self.mapping.setObjectName("etape_colonnes")
        self.mapping.applied.connect(self._columns_chosen)
        self.mapping.hide()
        self.summary = QLabel("Choisissez le fichier envoyé par l'entreprise, puis « Vérifier le fichier ».")
        self.summary.setWordWrap(True)
        self.model = ListModel(_PREVIEW_HEADERS, right_aligned=(0, 4, 5, 6))
        self.table = QTableView()
        self.table.setObjectName("apercu_import")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = self.buttons.addButton("Importer", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.sheet_row)
        layout.addWidget(self.mapping, 1)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)

    def _browse(self) -> None:
        ask = QFileDialog.getOpenFileName
        path, _ = file_dialog(ask, self, "Relevé à importer", str(Path.home()), _FILTER)
        if path:
            self.path_edit.setText(path)
            self.preview()

    def _new_file(self) -> None:
        self.options = ReadOptions()
        self.sheet_row.hide()
        self.mapping.hide()

    def show_columns(self, sheet: str | None = None) -> bool:
        """The « Colonnes » step for the chosen file: its first rows and a column per role."""
        path = Path(self.path_edit.text().strip())
        try:
            _, sheets = hours_import.peek(path)
        except ClauseDeskError as exc:
            self.summary.setText(f"<b>Fichier refusé.</b> {exc.message}")
            return False
        self.mapping.load(sheets, sheet or self.options.sheet)
        self.sheet_row.hide()
        self.mapping.show()
        self.table.hide()
        return True

    def _columns_chosen(self, options: ReadOptions) -> None:
        self.options = options
        self.mapping.hide()
        self.preview()

    def _sheet_chosen(self) -> None:
        self.options.sheet = self.sheet_combo.currentText() or None
        self.sheet_row.hide()
        self.preview()

    def preview(self) -> None:
        path = Path(self.path_edit.text().strip())
        options = self.options
        self.import_button.setEnabled(False)
        self.table.show()
        self.summary.setText("Vérification en cours…")

        def work(sessions: Any, progress: Any) -> ImportResult:
            return hours_import.import_file(sessions, path, dry_run=True, progress=progress, options=options)

        self.ctx.ops.task(self, "Vérification du relevé…", work, on_done=self._show, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.model.set_rows([])
        if isinstance(exc, SheetChoiceError):
            self.summary.setText(f"<b>Quelle feuille importer ?</b> {exc.message}")
            self.sheet_combo.clear()
            self.sheet_combo.addItems(exc.choices)
            self.sheet_row.show()
        elif isinstance(exc, ClauseDeskError):
            self.summary.setText(f"<b>Fichier refusé.</b> {exc.message}")
            readable = isinstance(exc, ReleveFileError) and Path(self.path_edit.text().strip()).is_file()
            if readable and not self.options.columns and self.show_columns():
                self.summary.setText(
                    f"<b>Colonnes à indiquer.</b> {exc.message}<br>Indiquez ci-dessous quelle colonne "
                    "contient quoi, puis « Appliquer ces colonnes »."
                )
        else:
            self.summary.setText(
                "Erreur inattendue : le fichier n'a pas pu être vérifié (détails dans le journal)."
            )

    def _show(self, result: ImportResult) -> None:
        self.result_ = result
        rows, colours = [], []
        # a file with a tutoring column: its hours shown beside the training hours
        tutoring = any(o.hours_tutoring is not None for o in result.outcomes)
        extra = ["Heures de tutorat"] if tutoring else []
        self.model.headers = [*_PREVIEW_HEADERS[:6], *extra, *_PREVIEW_HEADERS[6:]]
        self.model.right = {0, 4, 5, 6, 7} if tutoring else {0, 4, 5, 6}
        for o in sorted(result.outcomes, key=lambda o: (o.outcome != "error", o.row or 10**9)):
            before = "" if o.previous_hours_worked is None else fmt_hours(o.previous_hours_worked)
            rows.append(
                [
                    "" if o.row is None else str(o.row),
                    OUTCOME_LABELS[o.outcome],
                    o.person,
                    o.lot,
                    fmt_hours(o.hours_worked),
                    fmt_hours(o.hours_training),
                    *([fmt_hours(o.hours_tutoring)] if tutoring else []),
                    before,
                    o.message,
                ]
            )
            colours.append(_COLOURS.get(o.outcome))
        for w in result.warnings:
            blank = [""] * (len(self.model.headers) - 3)
            rows.append(["" if w.row is None else str(w.row), "Attention", *blank, w.message])
            colours.append(_WARNING_COLOUR)
        self.model.set_rows(rows, colours)
        # a few lines: each reason read whole, wrapped in its row (kept as the dialog is resized)
        mode = QHeaderView.ResizeMode
        self.table.verticalHeader().setSectionResizeMode(
            mode.ResizeToContents if len(rows) <= 300 else mode.Interactive
        )
        text = result.summary() + "."
        if result.warnings:
            count = len(result.warnings)
            text += (
                f"<br><b>{count} {'point' if count == 1 else 'points'} à vérifier</b> "
                "(lignes « Attention » du tableau)."
            )
        if result.errors:
            text += (
                f"<br><b>{hours_import.lines_fr(len(result.errors))} en erreur : rien ne sera importé.</b> "
                "Corrigez le "
                "fichier (ou demandez-le corrigé à l'entreprise) puis vérifiez-le à nouveau."
            )
        elif not result.has_changes:
            text += "<br>La base contient déjà ces heures : rien à importer."
        else:
            text += "<br>Cliquez sur « Importer » pour enregistrer ces heures (l'import pourra être annulé)."
        self.summary.setText(text)
        self.import_button.setEnabled(not result.errors and result.has_changes)

    def do_import(self) -> None:
        path = Path(self.path_edit.text().strip())
        options = self.options
        self.import_button.setEnabled(False)

        def work(sessions: Any, *, store: Any, progress: Any) -> ImportResult:
            return hours_import.import_file(sessions, path, progress=progress, store=store, options=options)

        def done(result: ImportResult) -> None:
            self._show(result)
            if result.written and result.source_id is not None:
                self.summary.setText(f"<b>Import enregistré.</b> {result.summary()}.")
                self.ctx.bus.changed.emit("hours")
                self.imported.emit(result.source_id)

        self.ctx.ops.task(self, "Import du relevé…", work, on_done=done, on_error=self._failed,
                          with_store=True)  # fmt: skip


class PastImportsDialog(FittedDialog):
    """The imports made so far, newest first; the selected one can be undone."""

    undone = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Imports de relevés")
        self.resize(860, 420)
        self.ids: list[int] = []
        self.model = ListModel(
            ("Importé le", "Fichier", "Entreprise", "Mois", "Lignes", "État"), right_aligned=(4,)
        )
        self.table = QTableView()
        self.table.setObjectName("imports_precedents")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.undo_button = QPushButton("Annuler cet import")
        self.undo_button.clicked.connect(self.undo_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("Annuler un import remet les heures qu'il a modifiées dans leur état d'avant.")
        )
        layout.addWidget(self.table, 1)
        self.notice = QLabel("", objectName="notice")  # routine news said here, in place
        self.notice.setWordWrap(True)
        layout.addWidget(self.notice)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        past = self.ctx.ops.call(hours_import.past_imports)
        self.ids = [p["id"] for p in past]
        rows = [
            [
                p["imported_at"].strftime("%d/%m/%Y %H:%M"),
                p["file_name"] or "",
                p["company"] or "",
                month_label(p["month"]) if p["month"] else "",
                str(p["rows"]),
                f"Annulé le {date_fr(p['undone_at'])}" if p["undone_at"] else "Importé",
            ]
            for p in past
        ]
        self.model.set_rows(rows, ["#eeeeee" if p["undone_at"] else None for p in past])

    def undo_selected(self, *, confirm: bool = True) -> bool:
        index = self.table.currentIndex()
        if not index.isValid():
            tell(self, "Sélectionnez d'abord dans la liste l'import à annuler.", place=self.notice)
            return False
        source_id = self.ids[index.row()]
        if (
            confirm
            and QMessageBox.question(
                self, "ClauseDesk", "Annuler cet import et remettre les heures dans leur état d'avant ?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
            )
            != QMessageBox.StandardButton.Yes
        ):
            return False
        try:
            count = self.ctx.ops.call(lambda s: hours_import.undo_import(s, source_id))
        except ClauseDeskError as exc:
            QMessageBox.warning(self, "ClauseDesk", exc.message)
            return False
        self.reload()
        self.ctx.bus.changed.emit("hours")
        self.undone.emit()
        tell(self, f"Import annulé : {hours_import.lines_fr(count)} "
                   f"{'remise' if count <= 1 else 'remises'} en l'état.", place=self.notice)  # fmt: skip
        return True
