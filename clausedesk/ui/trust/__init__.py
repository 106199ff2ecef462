"""Trust dialogs: passphrase at start-up, backups (list, take, restore), retention purge; the Données menu."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow

from clausedesk.ui.context import UiContext


def install_menu(window: QMainWindow, ctx: UiContext) -> None:
    """Add the « Données » menu (backups, purge, passphrase) to the main window."""
    from clausedesk.ui.trust.menu import install

    install(window, ctx)
