"""Rendering every main screen and the common dialogs of a window to PNG files (offscreen)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QWidget

from clausedesk.core.services import desk
from clausedesk.ui.main_window import MainWindow
from clausedesk.ui.widgets.files import OPTIONS


def _settle(app: QApplication, window: MainWindow) -> None:
    for _ in range(3):
        window.ctx.ops.runner.wait_idle(100)
        app.processEvents()


def capture_all(app: QApplication, window: MainWindow, target: Path) -> list[Path]:
    ops = window.ctx.ops
    lots, companies, people = ops.run_now(lambda s: (desk.rows(s, "lots"), desk.rows(s, "companies"),
                                                     desk.rows(s, "participants")))  # fmt: skip
    samples = {
        "markets": ("lot", lots[min(3, len(lots) - 1)]["uuid"]) if lots else None,
        "companies": ("company", companies[0]["uuid"]) if companies else None,
        "participants": ("participant", people[0]["uuid"]) if people else None,
    }
    files = []
    for key in list(window.screens):
        screen = window.show_screen(key)
        # a screen filling itself in the background (Accueil: figures, then alert counts and first lines)
        while getattr(screen, "loading", False) or getattr(screen, "reading_alerts", False):
            ops.runner.wait_idle(100)
            app.processEvents()
        sample = samples.get(key)
        if sample is not None:
            window.navigate(*sample)
        _settle(app, window)
        path = target / f"{key}.png"
        window.grab().save(str(path))
        files.append(path)
    files += capture_dialogs(app, window, target)
    return files


def _shot(app: QApplication, window: MainWindow, dialog: QWidget, path: Path) -> Path:
    dialog.show()
    _settle(app, window)
    dialog.grab().save(str(path))
    return path


def _form(window: MainWindow, key: str, opener: Callable[[Any], None]) -> Any:
    screen = window.show_screen(key)
    opener(screen)
    return screen.dialog


def capture_dialogs(app: QApplication, window: MainWindow, target: Path) -> list[Path]:
    """The common forms empty and with an error shown, the French file dialog, the guide, À propos, search."""
    files: list[Path] = []
    forms: list[tuple[str, str, Callable[[Any], None], str, str]] = [
        ("companies", "entreprise", lambda s: s.new_company(), "siret", "12345678901234"),
        ("participants", "personne", lambda s: s.new_person(), "birth_date", "31/02/1990"),
        ("markets", "donneur_ordre", lambda s: s.new_buyer(), "name", ""),
    ]
    for key, name, opener, field, bad in forms:
        dialog = _form(window, key, opener)
        files.append(_shot(app, window, dialog, target / f"dialogue_{name}_vide.png"))
        widget = dialog.widgets[field]
        if bad:
            widget.setText(bad)
        dialog.show_all_errors()
        files.append(_shot(app, window, dialog, target / f"dialogue_{name}_erreur.png"))
        dialog.done(QDialog.DialogCode.Rejected)
    kinds = "Classeurs (*.xlsx *.ods *.xls *.csv)"
    chooser = QFileDialog(window, "Relevé à importer", str(Path.home()), kinds)
    chooser.setOptions(OPTIONS)
    chooser.resize(900, 560)
    files.append(_shot(app, window, chooser, target / "dialogue_fichier.png"))
    chooser.done(0)
    for name, action in (("guide", "guide_action"), ("a_propos", "about_action")):
        window.actions_by_name[action].trigger()
        shown = window.guide if name == "guide" else window.about  # type: ignore[attr-defined]
        files.append(_shot(app, window, shown, target / f"dialogue_{name}.png"))
        shown.done(0)
    window.open_search()
    files.append(_shot(app, window, window.search_dialog, target / "dialogue_recherche.png"))
    window.search_dialog.done(0)
    return files
