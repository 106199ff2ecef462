"""The screen frame: the facilitator panel, or the coordinator's tabs when the folder is a coordinator's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from clausedesk.sync import setup
from clausedesk.ui.context import UiContext
from clausedesk.ui.sync.facilitator import FacilitatorPanel

if TYPE_CHECKING:  # the coordinator's tabs are imported by a coordinator's folder only
    from clausedesk.ui.sync.comite_tab import ComiteYearPanel
    from clausedesk.ui.sync.coordinator import CoordinatorPanel
    from clausedesk.ui.sync.directory_tab import DirectoryPanel
    from clausedesk.ui.sync.indicators import IndicatorsPanel


class SyncScreen(QWidget):
    """Holds `facilitator` or (`coordinator`, `indicators`); the other attributes are None."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.facilitator: FacilitatorPanel | None = None
        self.coordinator: CoordinatorPanel | None = None
        self.indicators: IndicatorsPanel | None = None
        self.comite_year: ComiteYearPanel | None = None
        self.directory: DirectoryPanel | None = None
        self.tabs: QTabWidget | None = None
        self.heading = QLabel()
        self.heading.setObjectName("mode")
        self.heading.setStyleSheet("font-size: 14pt; font-weight: 600; color: #1f3b5a;")
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.heading)
        self._body: QWidget | None = None
        self.build()

    @property
    def is_coordinator(self) -> bool:
        return self.coordinator is not None

    def build(self) -> None:
        """(Re)build the body for the folder's current role."""
        if self._body is not None:
            self._layout.removeWidget(self._body)
            self._body.deleteLater()
        self.facilitator = self.coordinator = self.indicators = None
        self.comite_year, self.directory = None, None
        self.tabs = None
        if setup.is_coordinator(self.ctx.paths):
            from clausedesk.ui.sync.comite_tab import ComiteYearPanel
            from clausedesk.ui.sync.coordinator import CoordinatorPanel
            from clausedesk.ui.sync.directory_tab import DirectoryPanel
            from clausedesk.ui.sync.indicators import IndicatorsPanel

            self.heading.setText("Synchronisation — coordination départementale")
            self.coordinator = CoordinatorPanel(self.ctx)
            self.indicators = IndicatorsPanel(self.ctx)
            self.coordinator.imported.connect(self.indicators.mark_stale)
            self.tabs = QTabWidget()
            self.tabs.setObjectName("onglets")
            self.tabs.addTab(self.coordinator, "Facilitateurs et paquets")
            self.tabs.addTab(self.indicators, "Indicateurs du comité")
            self.comite_year = ComiteYearPanel(self.ctx)
            self.directory = DirectoryPanel(self.ctx)
            self.coordinator.imported.connect(self.comite_year.mark_stale)
            self.coordinator.imported.connect(self.directory.mark_stale)
            self.tabs.addTab(self.comite_year, "Comité de l'année")
            self.tabs.addTab(self.directory, "Annuaire et couverture")
            self._body = self.tabs
        else:
            self.heading.setText("Synchronisation — paquet mensuel pour le coordinateur")
            self.facilitator = FacilitatorPanel(self.ctx)
            self.facilitator.became_coordinator.connect(self.build)
            scroll = QScrollArea()  # its four boxes are taller than a 768 px screen: it scrolls, never cuts
            scroll.setObjectName("facilitator_scroll")
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(self.facilitator)
            self._body = scroll
        self._layout.addWidget(self._body, 1)
