"""The Entreprises screen: searchable list, a company's page (identity, lots held, people, hours by month)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from clausedesk.ui.context import UiContext


def create_screen(ctx: UiContext) -> QWidget:
    from clausedesk.ui.companies.screen import CompaniesScreen

    return CompaniesScreen(ctx)
