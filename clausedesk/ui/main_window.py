"""The main window: the store's key figures (the screens of daily work are built on this frame)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QMainWindow, QWidget

from clausedesk.core.formatting import hours, number
from clausedesk.db.repositories.stats import store_stats
from clausedesk.db.store import Store

_LABELS = {
    "buyers": "Donneurs d'ordre",
    "markets": "Marchés",
    "lots": "Lots",
    "companies": "Entreprises",
    "participants": "Participants",
    "contracts": "Contrats",
}


class MainWindow(QMainWindow):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.setWindowTitle(f"ClauseDesk — {store.path.parent}")
        body = QWidget()
        form = QFormLayout(body)
        with store.session() as session:
            figures = store_stats(session)
        for key, label in _LABELS.items():
            form.addRow(label, QLabel(number(figures[key])))  # type: ignore[arg-type]
        form.addRow("Heures travaillées", QLabel(hours(figures["hours_total"])))  # type: ignore[arg-type]
        self.setCentralWidget(body)
        self.resize(900, 600)
