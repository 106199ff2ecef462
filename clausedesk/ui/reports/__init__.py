"""The "Tableaux de bord" screen: dashboard preview, save, print, bilan comment, month closing."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from clausedesk.ui.context import UiContext


def create_screen(ctx: UiContext) -> QWidget:
    from clausedesk.ui.reports.screen import ReportsScreen

    return ReportsScreen(ctx)
