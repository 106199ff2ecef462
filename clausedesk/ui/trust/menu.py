"""The « Données » menu of the main window: backups, retention purge, passphrase help."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from clausedesk.ui.context import UiContext

PASSPHRASE_HELP = (
    "La phrase de passe chiffre la base et ses sauvegardes.\n\n"
    "Pour la changer : fermez ClauseDesk puis lancez « clausedesk passphrase change ».\n"
    "Kit de secours pour l'employeur : « clausedesk passphrase recovery-kit -o FICHIER » ; en cas de "
    "perte de la phrase : « clausedesk passphrase recover --kit FICHIER »."
)


def install(window: QMainWindow, ctx: UiContext) -> None:
    from clausedesk.ui.trust.backups import BackupsDialog
    from clausedesk.ui.trust.purge import PurgeDialog

    menu = window.menuBar().addMenu("&Données")
    menu.setObjectName("menu_donnees")

    def restored() -> None:
        QMessageBox.information(
            window, "Restauration", "Base restaurée. ClauseDesk va se fermer : relancez-le."
        )
        QApplication.quit()

    backups = menu.addAction("Sauvegardes…")
    backups.triggered.connect(lambda: BackupsDialog(ctx, window, on_restored=restored).exec())
    purge = menu.addAction("Durée de conservation (purge)…")
    purge.triggered.connect(lambda: PurgeDialog(ctx, window).exec())
    phrase = menu.addAction("Phrase de passe et kit de secours…")
    phrase.triggered.connect(lambda: QMessageBox.information(window, "Phrase de passe", PASSPHRASE_HELP))
