"""Home: the welcome page (start from scratch or load the demonstration), figures and alerts."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from clausedesk.core.formatting import hours, month_label, number, percent
from clausedesk.core.services import alerts, home
from clausedesk.core.services.demo import load_demo
from clausedesk.ui.context import UiContext
from clausedesk.ui.tasks import run_task


def _card(title: str, value: str, sub: str = "") -> QFrame:
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    frame.setStyleSheet("QFrame { background: #f4f7fa; border-radius: 6px; }")
    box = QVBoxLayout(frame)
    box.addWidget(QLabel(f"<span style='color:#555'>{title}</span>"))
    v = QLabel(f"<span style='font-size:18pt; font-weight:600; color:#1f3b5a'>{value}</span>")
    box.addWidget(v)
    if sub:
        box.addWidget(QLabel(f"<span style='color:#555'>{sub}</span>"))
    return frame


class HomeScreen(QStackedWidget):
    def __init__(self, ctx: UiContext, today: date | None = None) -> None:
        super().__init__()
        self.ctx, self.today = ctx, today
        self.welcome = self._welcome()
        self.dashboard = QWidget()
        self.dash_box = QVBoxLayout(self.dashboard)
        self.addWidget(self.welcome)
        self.addWidget(self.dashboard)
        ctx.bus.changed.connect(lambda _k: self.refresh())
        self.refresh()

    def _welcome(self) -> QWidget:
        page = QWidget()
        page.setObjectName("welcome")
        box = QVBoxLayout(page)
        box.addStretch(1)
        text = QLabel(
            "<h1>Bienvenue dans ClauseDesk</h1>"
            "<p>Votre base est vide. Vous pouvez commencer votre propre suivi, ou charger des données de "
            "démonstration fictives pour découvrir l'outil (elles ne se chargent que dans une base vide).</p>"
        )
        text.setWordWrap(True)
        box.addWidget(text)
        start = QPushButton("Commencer : créer mon premier donneur d'ordre")
        start.setObjectName("start_scratch")
        start.clicked.connect(lambda: self.ctx.navigate("markets", None))
        box.addWidget(start)
        demo = QPushButton("Charger les données de démonstration")
        demo.setObjectName("load_demo")
        demo.clicked.connect(self.load_demo)
        box.addWidget(demo)
        box.addStretch(2)
        return page

    def load_demo(self) -> None:
        sessions = self.ctx.store.sessions
        until = (self.today or date.today()).strftime("%Y-%m")

        def work(progress: Any) -> dict[str, int]:
            progress(0, 0, "Chargement des données de démonstration…")
            return load_demo(sessions, "small", 1, until)

        run_task(self, "Chargement des données de démonstration…", work,
                 on_done=lambda _r: self.ctx.bus.changed.emit("demo"))  # fmt: skip

    def refresh(self) -> None:
        with self.ctx.store.session() as s:
            empty = home.is_empty(s)
            if empty:
                self.setCurrentWidget(self.welcome)
                return
            figures = home.home_figures(s, self.today)
            found = alerts.compute_alerts(s, self.today)
        self._fill(figures, found)
        self.setCurrentWidget(self.dashboard)

    def _fill(self, f: home.HomeFigures, found: alerts.Alerts) -> None:
        while self.dash_box.count():
            item = self.dash_box.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        self.dash_box.addWidget(QLabel(f"<h2>Accueil — relevés de {month_label(f.month)}</h2>"))
        grid = QGridLayout()
        achieved = percent(f.year_hours / f.running_objective) if f.running_objective else "–"
        cards = [
            _card(f"Heures réalisées en {month_label(f.month)}", hours(f.month_hours, 0)),
            _card(f"Heures depuis janvier {f.month[:4]}", hours(f.year_hours, 0),
                  f"objectif des lots en cours : {hours(f.running_objective, 0)} ({achieved})"),
            _card("Lots en cours", number(f.active_lots)),
            _card("Personnes en poste", number(f.people_at_work)),
            _card("Relevés reçus", f"{number(f.releves_received)} / {number(f.releves_expected)}",
                  "contrats en cours sur le mois"),
        ]  # fmt: skip
        for i, card in enumerate(cards):
            grid.addWidget(card, 0, i)
        self.dash_box.addLayout(grid)
        n = sum(found.totals.values())
        self.dash_box.addWidget(QLabel(f"<h3>Alertes ({number(n)})</h3>"))
        self.alert_list = QListWidget()
        self.alert_list.setObjectName("alerts")
        for a in found.items:
            item = QListWidgetItem(f"{alerts.KIND_LABELS[a.kind]} — {a.message}")
            item.setData(Qt.ItemDataRole.UserRole, (a.target_kind, a.target_uuid))
            self.alert_list.addItem(item)
        hidden = n - len(found.items)
        if hidden > 0:
            self.alert_list.addItem(f"… et {number(hidden)} autres alertes du même type.")
        if not found.items:
            self.alert_list.addItem("Aucune alerte : tout est à jour.")
        self.alert_list.itemActivated.connect(self._open)
        self.alert_list.itemDoubleClicked.connect(self._open)
        self.dash_box.addWidget(self.alert_list, 1)

    def _open(self, item: QListWidgetItem) -> None:
        target = item.data(Qt.ItemDataRole.UserRole)
        if target:
            self.ctx.navigate(*target)
