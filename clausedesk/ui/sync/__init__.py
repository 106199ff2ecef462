"""The "Synchronisation" screen: the facilitator's monthly package, or the coordinator's consolidation."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from clausedesk.ui.context import UiContext


def create_screen(ctx: UiContext) -> QWidget:
    from clausedesk.ui.sync.screen import SyncScreen

    return SyncScreen(ctx)
