"""The backups dialog: the rotating backups with their dates and contents; back up now; restore one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clausedesk.core.errors import ClauseDeskError
from clausedesk.core.formatting import number, plural
from clausedesk.core.services import desk
from clausedesk.ui.context import UiContext
from clausedesk.ui.style import FittedDialog, file_dialog
from clausedesk.ui.widgets.text_model import TextTableModel

COLUMNS = ("Date", "Motif", "Taille")


class BackupsDialog(FittedDialog):
    """Lists backups; « Sauvegarder maintenant »; « Restaurer… » then ClauseDesk closes (`on_restored`)."""

    def __init__(
        self, ctx: UiContext, parent: QWidget | None = None, on_restored: Callable[[], None] | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.on_restored = on_restored
        self.setWindowTitle("Sauvegardes")
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        self.table = QTableView()
        self.table.setObjectName("sauvegardes")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        self.contents = QLabel("Choisissez une sauvegarde pour voir ce qu'elle contient.")
        self.contents.setObjectName("contenu")
        self.contents.setWordWrap(True)
        layout.addWidget(self.contents)
        row = QHBoxLayout()
        self.backup_button = QPushButton("Sauvegarder maintenant")
        self.restore_button = QPushButton("Restaurer la sauvegarde choisie…")
        self.other_button = QPushButton("Restaurer un autre fichier…")
        close = QPushButton("Fermer")
        for b in (self.backup_button, self.restore_button, self.other_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.other_button.clicked.connect(self.restore_other)
        close.clicked.connect(self.reject)
        self.reload()

    def reload(self) -> None:
        self.backups = desk.list_backups(self.ctx.paths)
        self.model = TextTableModel(COLUMNS, (2,))
        self.model.set_rows([
            [b.taken_at.strftime("%d/%m/%Y %H:%M:%S"), b.reason_label, f"{number(b.size / 1024)} Ko"]
            for b in self.backups
        ])  # fmt: skip
        self.table.setModel(self.model)
        self.table.selectionModel().currentRowChanged.connect(self._show_contents)
        self.restore_button.setEnabled(bool(self.backups))

    def selected(self) -> Any | None:
        index = self.table.currentIndex()
        return self.backups[index.row()] if index.isValid() else None

    def _show_contents(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        info = self.backups[current.row()]
        try:
            c = self.ctx.ops.describe_backup(info.path)
        except ClauseDeskError as exc:
            self.contents.setText(f"Illisible : {exc.message}")
            return
        self.contents.setText(
            f"Contenu : {plural(c.get('participants', 0), 'participant', 'participants')}, "
            f"{plural(c.get('contracts', 0), 'contrat', 'contrats')}, "
            f"{plural(c.get('lots', 0), 'lot', 'lots')}, "
            f"{plural(c.get('hour_entries', 0), 'ligne', 'lignes')} d'heures."
        )

    def backup_now(self) -> None:
        try:
            target = self.ctx.ops.backup()
        except ClauseDeskError as exc:
            QMessageBox.warning(self, "Sauvegarde", exc.message)
            return
        self.reload()
        self.contents.setText(f"Sauvegarde vérifiée : {target.name}")

    def restore_selected(self) -> None:
        info = self.selected()
        if info is None:
            self.contents.setText("Choisissez d'abord une sauvegarde dans la liste.")
            return
        self.restore(info.path)

    def restore_other(self) -> None:
        name, _ = file_dialog(
            QFileDialog.getOpenFileName, self,
            "Restaurer une sauvegarde",
            str(self.ctx.paths.backups),
            "Sauvegardes ClauseDesk (*.sqlite);;Tous les fichiers (*)",
        )
        if name:
            self.restore(Path(name))

    def restore(self, source: Path) -> None:
        answer = QMessageBox.question(
            self,
            "Restaurer",
            f"Remplacer la base actuelle par la sauvegarde {source.name} ?\n\nLa base actuelle sera "
            "d'abord sauvegardée. ClauseDesk se fermera ensuite : relancez-le.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        session = self.ctx.app  # the window's hold on the folder, released for the restore
        if session is not None:
            session.release_lock()
        try:
            self.ctx.ops.restore(source)
        except ClauseDeskError as exc:
            if session is not None:
                session.take_lock()
            QMessageBox.warning(
                self, "Restauration refusée", exc.message + "\n\nLa base n'a pas été modifiée."
            )
            return
        self.accept()
        if self.on_restored is not None:
            self.on_restored()
