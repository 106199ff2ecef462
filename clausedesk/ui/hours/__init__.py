"""The "Heures du mois" screen: monthly grid, totals, validation, company templates and relevé import."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from clausedesk.ui.context import UiContext


def create_screen(ctx: UiContext) -> QWidget:
    from clausedesk.ui.hours.screen import HoursScreen

    return HoursScreen(ctx)
