"""The Journal screen: meetings captured in seconds and follow-up actions ("mes actions" by due date)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from clausedesk.ui.context import UiContext


def create_screen(ctx: UiContext) -> QWidget:
    from clausedesk.ui.journal.screen import JournalScreen

    return JournalScreen(ctx)
