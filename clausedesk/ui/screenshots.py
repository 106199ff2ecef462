"""Rendering every main screen of a window to PNG files, each showing a representative object."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from clausedesk.core.services import desk
from clausedesk.ui.main_window import MainWindow


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
        while getattr(screen, "loading", False):  # a screen filling itself in the background (Accueil)
            ops.runner.wait_idle(100)
            app.processEvents()
        sample = samples.get(key)
        if sample is not None:
            window.navigate(*sample)
        for _ in range(3):
            app.processEvents()
        path = target / f"{key}.png"
        window.grab().save(str(path))
        files.append(path)
    return files
