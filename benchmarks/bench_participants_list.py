"""Benchmark: the participants list at tenfold scale vs a bare QTableView over an in-memory model.

Build the store once (1-2 minutes), or let this script build it when the folder is missing:
`CLAUSEDESK_PASSPHRASE=bench uv run clausedesk --data-dir /tmp/bench-tenfold demo --scale tenfold`,
then `uv run python benchmarks/bench_participants_list.py [/tmp/bench-tenfold]` (the passphrase defaults
to "bench"; the Qt platform to offscreen).

What is timed, in the same run, each the median of several rounds after one warm-up:
- ClauseDesk: opening the list = the SQL-backed lazy model created (count + first page of 200 rows,
  sorted in SQL) and its ListPanel (search field, toolbar, table view) shown, laid out and painted;
  filtering = a word typed in the search field applied (SQL count + first page) and the view repainted.
- Baseline: a bare QTableView over a minimal QAbstractTableModel holding ALL the rows of the same
  list, fetched and formatted once before timing (only view/model work is timed); filtering =
  QSortFilterProxyModel.setFilterFixedString over the name, first name and commune columns.
- Then every main screen is created and shown on the tenfold store, and each timed; the home screen
  is also timed until its figures and alerts, loaded in the background, are on screen.

Measured on the development container (30 000 participants, tenfold, seed 1; medians of 7 rounds;
two runs, the second while other test suites loaded the machine):
    open list:   ClauseDesk 61 / 107 ms   baseline 34 / 66 ms     ratio 1.8 / 1.6
    text filter: ClauseDesk 86 / 207 ms   baseline 103 / 167 ms   ratio 0.8 / 1.2  (1 706 rows match « mar »)
Before this benchmark the list opened in 281 ms (ratio 8.3): the view's set-up sorted it twice
(two extra count + page queries) and measured every cell of the first page for the column widths.
What remains is SQL on a cold page cache: each unit of work opens a new SQLCipher connection
(NullPool), so the count (≈20 ms) and the first page (≈25 ms) read and decrypt their pages again.
Sorting by the "Heures" column costs ≈1 s at this scale (a correlated sum per participant).
Screens, create + show, ms (quiet run / loaded run): Accueil 3 / 55 (its figures and alerts, ≈5-6 s,
now arrive from the worker thread), Marchés 71 / 49, Entreprises 123 / 114, Participants 125 / 88,
Heures du mois 5 550 / 9 277, Recrutement 1 853 / 4 459, Tableaux de bord 613 / 1 781, Journal 300 / 318,
Synchronisation 91 / 335, Paramètres 37 / 104.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CLAUSEDESK_PASSPHRASE", "bench")

from PySide6.QtCore import (  # noqa: E402
    QAbstractTableModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QTableView, QWidget  # noqa: E402

from clausedesk.core.services.demo import load_demo  # noqa: E402
from clausedesk.db.repositories import browse  # noqa: E402
from clausedesk.db.store import Store  # noqa: E402
from clausedesk.paths import Paths  # noqa: E402
from clausedesk.ui.app import make_application  # noqa: E402
from clausedesk.ui.context import UiContext  # noqa: E402
from clausedesk.ui.participants.screen import COLUMNS  # noqa: E402
from clausedesk.ui.registry import SCREENS  # noqa: E402
from clausedesk.ui.tasks import wait_idle  # noqa: E402
from clausedesk.ui.widgets.lazy_model import LazyTableModel  # noqa: E402
from clausedesk.ui.widgets.list_panel import ListPanel  # noqa: E402

DEFAULT_DIR = Path("/tmp/bench-tenfold")
FILTER_WORD = "mar"  # matches names such as Martin, Marie, Lamarque: a realistic first keystrokes' filter
ROUNDS = 7
TEXT_COLUMNS = (0, 1, 3)  # Nom, Prénom, Commune: what the ClauseDesk search matches


def median_ms(fn: Callable[[], Any], rounds: int = ROUNDS) -> float:
    fn()  # warm-up: SQLite page cache, Qt's first-use costs
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def settle(app: QApplication, widget: QWidget) -> None:
    """Let the layout happen and paint the widget once, synchronously."""
    app.processEvents()
    widget.repaint()


# -- baseline: bare Qt over rows in memory -------------------------------------------------------


class MemoryModel(QAbstractTableModel):
    def __init__(self, rows: list[list[str]], headers: list[str]) -> None:
        super().__init__()
        self.rows, self.headers = rows, headers

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


class TextProxy(QSortFilterProxyModel):
    """Keeps the rows whose name, first name or commune contains the text (case-insensitive)."""

    needle = ""

    def filterAcceptsRow(self, row: int, parent: Any) -> bool:  # noqa: N802
        if not self.needle:
            return True
        values = self.sourceModel().rows[row]  # type: ignore[attr-defined]
        return any(self.needle in values[c].lower() for c in TEXT_COLUMNS)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.needle = text.lower()
        self.endFilterChange()


def formatted_rows(store: Store) -> list[list[str]]:
    """Every row of the participants list, sorted as the list opens, formatted as it displays them."""
    with store.session() as s:
        keys = browse.columns("participants")
        raw = browse.all_rows(s, "participants", browse.ListQuery(sort=COLUMNS[0].key))
    index = [1 + keys.index(c.key) for c in COLUMNS]
    return [[col.fmt(row[i]) for col, i in zip(COLUMNS, index, strict=True)] for row in raw]


# -- measurements -------------------------------------------------------------------------------


def bench_list(app: QApplication, store: Store, ctx: UiContext) -> None:
    rows = formatted_rows(store)
    headers = [c.label for c in COLUMNS]
    print(f"Liste des participants : {len(rows)} lignes")
    keep: list[QWidget] = []

    def open_clausedesk() -> None:
        model = LazyTableModel(store, "participants", COLUMNS)
        panel = ListPanel(ctx, model, "Rechercher", "participants", [], "Nouveau participant")
        panel.resize(900, 700)
        panel.show()
        settle(app, panel)
        keep.append(panel)

    def open_baseline() -> None:
        view = QTableView()
        proxy = TextProxy()
        proxy.setSourceModel(MemoryModel(rows, headers))
        view.setModel(proxy)
        view.resize(900, 700)
        view.show()
        settle(app, view)
        keep.append(view)

    def closed() -> None:
        for w in keep:
            w.close()
            w.deleteLater()
        keep.clear()
        app.processEvents()

    open_cd = median_ms(lambda: (closed(), open_clausedesk()))
    open_bl = median_ms(lambda: (closed(), open_baseline()))
    closed()

    open_clausedesk()
    panel = keep[-1]
    assert isinstance(panel, ListPanel)

    def filter_clausedesk() -> None:
        panel.search.setText("")
        panel.apply_text()
        panel.search.setText(FILTER_WORD)
        panel.apply_text()
        settle(app, panel)

    def reset_clausedesk() -> None:
        panel.search.setText("")
        panel.apply_text()

    filt_cd = median_filtered(filter_clausedesk, reset_clausedesk)
    matched_cd = panel.model.total
    open_baseline()
    view = keep[-1]
    assert isinstance(view, QTableView)
    proxy = view.model()
    assert isinstance(proxy, TextProxy)

    def filter_baseline() -> None:
        proxy.set_text(FILTER_WORD)
        settle(app, view)

    filt_bl = median_filtered(filter_baseline, lambda: proxy.set_text(""))
    matched_bl = proxy.rowCount()
    closed()
    print(f"  ouverture : ClauseDesk {open_cd:7.1f} ms   référence {open_bl:7.1f} ms   "
          f"rapport {open_cd / open_bl:.2f}")  # fmt: skip
    print(f"  filtre « {FILTER_WORD} » : ClauseDesk {filt_cd:7.1f} ms   référence {filt_bl:7.1f} ms   "
          f"rapport {filt_cd / filt_bl:.2f}   ({matched_cd} / {matched_bl} lignes trouvées)")  # fmt: skip


def median_filtered(fn: Callable[[], None], reset: Callable[[], None]) -> float:
    """Time `fn` only: the list is reset to no filter (untimed) before each round."""
    reset()
    fn()
    times = []
    for _ in range(ROUNDS):
        reset()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def bench_screens(app: QApplication, store: Store) -> None:
    import importlib

    ctx = UiContext(store=store, paths=store.paths)
    print("Écrans principaux (création + affichage) :")
    for spec in SCREENS:
        module = importlib.import_module(spec.module)
        t0 = time.perf_counter()
        widget = module.create_screen(ctx)
        widget.resize(1200, 800)
        widget.show()
        settle(app, widget)
        shown = time.perf_counter() - t0
        extra = ""
        if getattr(widget, "loading", False):
            while getattr(widget, "loading", False):
                wait_idle(100)
                app.processEvents()
            loaded = (time.perf_counter() - t0) * 1000
            extra = f"   (données affichées après {loaded:7.1f} ms, en arrière-plan)"
        print(f"  {spec.title:<18} {shown * 1000:7.1f} ms{extra}")
        widget.close()
        widget.deleteLater()
        app.processEvents()


def open_store(root: Path) -> Store:
    paths = Paths(root)
    if not paths.store.exists():
        print(f"Construction de la base tenfold dans {root} (une à deux minutes)…")
        store = Store.open(paths, create=True)
        load_demo(store.sessions, "tenfold", 1, date.today().strftime("%Y-%m"))
        return store
    return Store.open(paths)


def _quiet(_mode: Any, _context: Any, message: str) -> None:
    if "propagateSizeHints" not in message:  # the offscreen platform's harmless notice
        print(message, file=sys.stderr)


def main() -> None:
    qInstallMessageHandler(_quiet)
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR
    app = make_application()
    store = open_store(root)
    try:
        ctx = UiContext(store=store, paths=store.paths)
        bench_list(app, store, ctx)
        bench_screens(app, store)
    finally:
        wait_idle()
        store.close()


if __name__ == "__main__":
    main()
