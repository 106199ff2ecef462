"""The standard menus: Fichier (Imprimer Ctrl+P, Quitter Ctrl+Q), Édition, Aide (guide F1, À propos)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QMainWindow,
    QMenu,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from clausedesk.ui.style import FittedDialog

GUIDE = Path(__file__).resolve().parent.parent / "resources" / "guide" / "guide_fr.html"


class GuideDialog(FittedDialog):
    """The short French user guide shipped with the program (resources/guide/guide_fr.html)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Guide de ClauseDesk")
        self.setObjectName("guide_dialog")
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setObjectName("guide")
        self.text.setAccessibleName("Guide de l'utilisateur")
        self.text.setHtml(GUIDE.read_text(encoding="utf-8"))
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(680, 620)


def _action(window: QMainWindow, menu: QMenu, text: str, name: str, keys: str | None, slot: Any) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    if keys:
        action.setShortcut(QKeySequence(keys))
    action.triggered.connect(slot)
    menu.addAction(action)
    window.addAction(action)  # its shortcut works wherever the focus is in the window
    return action


def install(window: QMainWindow) -> dict[str, QAction]:
    """Fichier, Édition and Aide on the window's menu bar; returns the actions by object name."""
    from clausedesk.ui.about import AboutDialog

    bar = window.menuBar()
    bar.clear()
    actions: dict[str, QAction] = {}
    files = bar.addMenu("&Fichier")
    actions["print_action"] = _action(
        window, files, "&Imprimer le tableau de bord…", "print_action", "Ctrl+P", lambda: _print(window)
    )
    files.addSeparator()
    actions["quit_action"] = _action(window, files, "&Quitter", "quit_action", "Ctrl+Q", window.close)
    edit = bar.addMenu("&Édition")
    actions["search_action"] = _action(window, edit, "&Rechercher…", "search_action", None,
                                       getattr(window, "open_search", lambda: None))  # fmt: skip
    edit.actions()[0].setShortcutVisibleInContextMenu(True)
    edit.actions()[0].setText("&Rechercher…\tCtrl+K")
    help_menu = bar.addMenu("&Aide")
    window.guide = None  # type: ignore[attr-defined]

    def guide() -> None:
        dialog = GuideDialog(window)
        window.guide = dialog  # type: ignore[attr-defined]
        dialog.show()

    actions["guide_action"] = _action(
        window, help_menu, "&Guide de l'utilisateur", "guide_action", "F1", guide
    )
    paths = getattr(getattr(window, "ctx", None), "paths", None)

    def about() -> None:
        dialog = AboutDialog(paths, window)
        window.about = dialog  # type: ignore[attr-defined]
        dialog.open()

    actions["about_action"] = _action(
        window, help_menu, "À &propos de ClauseDesk…", "about_action", None, about
    )
    return actions


def _print(window: QMainWindow) -> None:
    """Ctrl+P: the Tableaux de bord screen prints the PDF it sends (opened in the system's viewer)."""
    show = getattr(window, "show_screen", None)
    screen = show("reports") if show is not None else None
    if screen is not None:
        screen.print_preview()
