"""Home: the welcome page (start from scratch or load the demonstration), figures and alerts.

Everything is read on the worker thread: first the figures (index ranges that do not grow with the store),
shown at once; then each kind of alert's count on its own; a kind's lines only when its group is opened.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from clausedesk.core.formatting import hours, month_label, number, percent
from clausedesk.core.services import alerts, home
from clausedesk.core.services.demo import load_demo
from clausedesk.ui.context import UiContext
from clausedesk.ui.errors import Cancelled, message_of
from clausedesk.ui.home.alert_tree import URGENCY, AlertTree

log = logging.getLogger("clausedesk.ui")


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


def _target_card(target: dict[str, Any]) -> QFrame:
    """The year's funders' target: hours done against the target and the prorata of the year."""
    pct = target["progress_pct"]
    state = "à jour" if target["on_track"] else "en retard sur le prorata"
    card = _card(f"Objectif des financeurs {target['year']}", "–" if pct is None else f"{number(pct, 1)} %",
                 f"{hours(target['hours_done'], 0)} sur {hours(target['hours'], 0)} ; attendu au prorata : "
                 f"{hours(target['expected_hours'], 0)} ({state})")  # fmt: skip
    card.setObjectName("objectif_financeurs")
    return card


def _clear(box: QLayout) -> None:
    while box.count():
        item = box.takeAt(0)
        if item is None:
            continue
        if item.widget() is not None:
            item.widget().deleteLater()
        elif item.layout() is not None:
            _clear(item.layout())
            item.layout().deleteLater()


def _unless_cancelled(said: Callable[[str], None]) -> Callable[[BaseException], None]:
    """An alert read's error said in place; one abandoned as the window closes is no error."""

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, Cancelled):
            said(message_of(exc))

    return failed


class HomeScreen(QStackedWidget):
    """`loaded` once a refresh's figures are on screen (or the load failed); the alerts' counts follow."""

    loaded = Signal()

    def __init__(self, ctx: UiContext, today: date | None = None) -> None:
        super().__init__()
        self.ctx, self.today = ctx, today
        self.loading = False  # a background load is running
        self._again = False  # a refresh was asked during the load
        self._stale = False  # data changed while the screen was hidden
        self._stop = threading.Event()  # set when the window closes: queued alert reads end at once
        self.alert_tree: AlertTree | None = None
        self.welcome = self._welcome()
        self.dashboard = QWidget()
        outer = QVBoxLayout(self.dashboard)
        self.status = QLabel("Chargement…")
        self.status.setObjectName("home_status")
        self.status.setStyleSheet("color: #555; font-style: italic;")
        outer.addWidget(self.status)
        self.content = QWidget()
        self.dash_box = QVBoxLayout(self.content)
        self.dash_box.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.content, 1)
        self.addWidget(self.welcome)
        self.addWidget(self.dashboard)
        self.setCurrentWidget(self.dashboard)  # « Chargement… » until the store says whether it is empty
        ctx.bus.changed.connect(self._changed)
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
        until = (self.today or date.today()).strftime("%Y-%m")

        def work(sessions: Any, progress: Any) -> dict[str, int]:
            progress(0, 0, "Chargement des données de démonstration…")
            return load_demo(sessions, "small", 1, until)

        self.ctx.ops.task(self, "Chargement des données de démonstration…", work, changes="demo")

    # --- loading in the background ----------------------------------------------------------------
    def _changed(self, _kind: str) -> None:
        if self.isVisible() or self.currentWidget() is self.welcome:
            self.refresh()
        else:
            self._stale = True  # reloaded when the screen is shown again

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """The welcome page on an empty store; else the figures, then each kind's alert count (background).

        While the figures load, "Chargement…" shows in place (the previous figures stay until the new ones
        arrive). A refresh asked during a load waits for it and then runs once.
        """
        self._stale = False
        if self.loading:
            self._again = True
            return
        self.loading = True
        self.status.setText("Chargement…")
        self.status.show()
        today = self.today

        def work(s: Any) -> home.HomeFigures | None:
            return None if home.is_empty(s) else home.home_figures(s, today)

        self.ctx.ops.read(self, work, self._loaded, on_error=self._failed, latest="figures")

    def _count_alerts(self, tree: AlertTree) -> None:
        """Each kind's count in its own background read, most urgent first, none waited for by the figures."""
        for kind in URGENCY:
            self.ctx.ops.read(
                tree, self._alert_work(alerts.count_alerts, kind),
                lambda n, k=kind: tree.set_count(k, n),
                on_error=_unless_cancelled(lambda reason, k=kind: tree.count_failed(k, reason)),
                latest=f"count-{kind}", busy=False,
            )  # fmt: skip

    def _fetch_lines(self, kind: str, on_lines: Any, on_error: Any) -> None:
        tree = self.alert_tree
        assert tree is not None
        self.ctx.ops.read(tree, self._alert_work(alerts.alert_lines, kind), on_lines,
                          on_error=_unless_cancelled(on_error), latest=f"lines-{kind}")  # fmt: skip

    def _alert_work(self, fn: Any, kind: str) -> Any:
        today, stop = self.today, self._stop

        def work(s: Any) -> Any:
            if stop.is_set():
                raise Cancelled()
            return fn(s, kind, today)

        return work

    @property
    def reading_alerts(self) -> bool:
        """True while alert counts or an opened group's lines are still being read in the background."""
        return self.alert_tree is not None and self.alert_tree.reading

    def stop_background(self) -> None:
        """Abandon the alert reads still queued (the window is closing): they end without reading."""
        self._stop.set()

    def _finish_load(self) -> bool:
        """False when the screen was destroyed meanwhile (the window closed during the load)."""
        if not shiboken6.isValid(self):
            return False
        self.loading = False
        if self._again:  # stays set until the next load starts: the screen never looks settled meanwhile
            QTimer.singleShot(0, self._load_again)
        return True

    def _load_again(self) -> None:
        if shiboken6.isValid(self) and self._again:
            self._again = False
            self.refresh()

    def _loaded(self, result: home.HomeFigures | None) -> None:
        if not self._finish_load():
            return
        self.status.hide()
        if result is None:
            self.setCurrentWidget(self.welcome)
        else:
            self.setCurrentWidget(self.dashboard)
            self._fill(result)
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        if not self._finish_load():
            return
        if isinstance(exc, Cancelled):
            return
        self.setCurrentWidget(self.dashboard)
        self.status.setText(f"Impossible de charger les chiffres de l'accueil : {message_of(exc)}")
        self.status.show()
        self.loaded.emit()

    def _fill(self, f: home.HomeFigures) -> None:
        _clear(self.dash_box)
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
        if f.target is not None:
            cards.append(_target_card(f.target))
        for i, card in enumerate(cards):
            grid.addWidget(card, 0, i)
        self.dash_box.addLayout(grid)
        self.alert_tree = AlertTree(self._fetch_lines, self.ctx.navigate)
        self.alert_list = self.alert_tree.tree
        self.dash_box.addWidget(self.alert_tree, 1)
        self._count_alerts(self.alert_tree)
