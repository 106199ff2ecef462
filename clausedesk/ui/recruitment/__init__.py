"""The recruitment screen: job offers, the board of applications per offer, candidates' applications."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from clausedesk.ui.context import UiContext


def create_screen(ctx: UiContext) -> QWidget:
    from clausedesk.ui.recruitment.screen import RecruitmentScreen

    return RecruitmentScreen(ctx)
