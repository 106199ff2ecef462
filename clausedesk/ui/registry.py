"""The screens of the navigation pane, in order. Each module exposes `create_screen(ctx) -> QWidget`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScreenSpec:
    key: str
    title: str  # French label of the navigation entry
    module: str  # a sub-package of clausedesk.ui exposing create_screen(ctx: UiContext) -> QWidget


SCREENS: tuple[ScreenSpec, ...] = (
    ScreenSpec("home", "Accueil", "clausedesk.ui.home"),
    ScreenSpec("markets", "Marchés", "clausedesk.ui.markets"),
    ScreenSpec("companies", "Entreprises", "clausedesk.ui.companies"),
    ScreenSpec("participants", "Participants", "clausedesk.ui.participants"),
    ScreenSpec("hours", "Heures du mois", "clausedesk.ui.hours"),
    ScreenSpec("recruitment", "Recrutement", "clausedesk.ui.recruitment"),
    ScreenSpec("reports", "Tableaux de bord", "clausedesk.ui.reports"),
    ScreenSpec("journal", "Journal", "clausedesk.ui.journal"),
    ScreenSpec("sync", "Synchronisation", "clausedesk.ui.sync"),
    ScreenSpec("settings", "Paramètres", "clausedesk.ui.settings"),
)
