"""The Accueil screen: welcome page on an empty store, else the month at a glance and clickable alerts."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from clausedesk.ui.context import UiContext


def create_screen(ctx: UiContext) -> QWidget:
    from clausedesk.ui.home.screen import HomeScreen

    return HomeScreen(ctx)
