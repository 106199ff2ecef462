"""The screens of the navigation pane, in order. Each module exposes `create_screen(ctx) -> QWidget`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScreenSpec:
    key: str
    title: str  # French label of the navigation entry
    module: str  # a sub-package of clausedesk.ui exposing create_screen(ctx: UiContext) -> QWidget
    opens: tuple[str, ...] = ()  # kinds of object whose page this screen shows (navigate(kind, uuid))


SCREENS: tuple[ScreenSpec, ...] = (
    ScreenSpec("home", "Accueil", "clausedesk.ui.home"),
    ScreenSpec("markets", "Marchés", "clausedesk.ui.markets", ("buyer", "operation", "market", "lot")),
    ScreenSpec("companies", "Entreprises", "clausedesk.ui.companies", ("company",)),
    ScreenSpec("participants", "Participants", "clausedesk.ui.participants", ("participant",)),
    ScreenSpec("hours", "Heures du mois", "clausedesk.ui.hours"),
    ScreenSpec("recruitment", "Recrutement", "clausedesk.ui.recruitment", ("job_offer",)),
    ScreenSpec("parcours", "Parcours", "clausedesk.ui.parcours"),
    ScreenSpec("reports", "Tableaux de bord", "clausedesk.ui.reports"),
    ScreenSpec("journal", "Journal", "clausedesk.ui.journal", ("action", "meeting")),
    ScreenSpec("sync", "Synchronisation", "clausedesk.ui.sync"),
    ScreenSpec("settings", "Paramètres", "clausedesk.ui.settings"),
)
