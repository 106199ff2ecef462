"""The Paramètres screen: organisation, territory defaults and the editable reference tables."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from clausedesk.ui.context import UiContext


def create_screen(ctx: UiContext) -> QWidget:
    from clausedesk.ui.settings.screen import SettingsScreen

    return SettingsScreen(ctx)
