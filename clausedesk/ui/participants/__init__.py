"""The Participants screen: list with search and filters, a person's page and forms."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from clausedesk.ui.context import UiContext


def create_screen(ctx: UiContext) -> QWidget:
    from clausedesk.ui.participants.screen import ParticipantsScreen

    return ParticipantsScreen(ctx)
