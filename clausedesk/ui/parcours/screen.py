"""The Parcours screen's frame: one tab per kind of parcours record."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from clausedesk.ui.context import UiContext
from clausedesk.ui.parcours.conventions import ConventionsPanel
from clausedesk.ui.parcours.endings import EndingsPanel
from clausedesk.ui.parcours.trainings import TrainingsPanel


class ParcoursScreen(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("parcours_tabs")
        self.conventions = ConventionsPanel(ctx)
        self.tabs.addTab(self.conventions, "Conventions de globalisation")
        self.trainings = TrainingsPanel(ctx)
        self.tabs.addTab(self.trainings, "Formations préalables à l'embauche")
        self.endings = EndingsPanel(ctx)
        self.tabs.addTab(self.endings, "Fins de contrat")
        QVBoxLayout(self).addWidget(self.tabs)
