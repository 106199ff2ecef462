"""The "À propos" dialog: version, data folder, log folder, and the licence notices of bundled libraries."""

from __future__ import annotations

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from clausedesk import __version__
from clausedesk.licences import notices_text
from clausedesk.paths import Paths
from clausedesk.ui.style import FittedDialog


class AboutDialog(FittedDialog):
    def __init__(self, paths: Paths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("À propos de ClauseDesk")
        self.resize(720, 560)
        layout = QVBoxLayout(self)
        self.summary = QLabel(
            f"<h2>ClauseDesk {__version__}</h2>"
            "<p>Le poste de travail des facilitateurs des clauses sociales d'insertion.</p>"
            "<p><b>Licence :</b> ClauseDesk est un logiciel libre distribué sous la licence GNU GPL "
            "version 3 ou ultérieure, sans aucune garantie.</p>"
            f"<p><b>Dossier des données :</b> {paths.root}<br>"
            f"<b>Journaux :</b> {paths.logs}<br>"
            f"<b>Qt :</b> {qVersion()} (Qt for Python {pyside_version}, licence LGPL v3)</p>"
            "<p>Qt est utilisé sous la licence GNU LGPL version 3 ; vous pouvez le remplacer par une autre "
            "version compatible dans le dossier de l'application. Les licences de toutes les bibliothèques "
            "fournies figurent ci-dessous.</p>"
        )
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(self.summary.textInteractionFlags())
        layout.addWidget(self.summary)
        self.notices = QPlainTextEdit(notices_text())
        self.notices.setReadOnly(True)
        self.notices.setObjectName("licences")
        layout.addWidget(self.notices, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def install_help_menu(window: QMainWindow, paths: Paths) -> None:
    """The standard menus (Fichier, Édition, Aide with the guide and « À propos de ClauseDesk »)."""
    from clausedesk.ui.menus import install

    install(window)
