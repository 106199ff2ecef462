"""The Parcours screen: conventions de globalisation (and their allocations of hours), pre-hiring training."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from clausedesk.ui.context import UiContext


def create_screen(ctx: UiContext) -> QWidget:
    from clausedesk.ui.parcours.screen import ParcoursScreen

    return ParcoursScreen(ctx)
