"""The Marchés screen: buyers, operations, marchés and lots with their clause, objective and progress."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from clausedesk.ui.context import UiContext


def create_screen(ctx: UiContext) -> QWidget:
    from clausedesk.ui.markets.screen import MarketsScreen

    return MarketsScreen(ctx)
