"""The window never waits for its own background work (issue 12, fifth session): long lists measured on
their first rows, the GIL handed back quickly, work ahead of time that yields, reference tables read
without a lock once built, dialogs fitted without a filter on every event of the application."""

from __future__ import annotations

import ast
import gc
import sys
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QHeaderView, QTableView

from clausedesk.core.reference import tables
from clausedesk.ui import heap, preload
from clausedesk.ui.registry import SCREENS
from clausedesk.ui.widgets.columns import fit_columns, measured_on_first_rows

UI = Path(__file__).resolve().parents[2] / "clausedesk" / "ui"


class CountingModel(QAbstractTableModel):
    """`rows` × 6 texts; counts the texts asked for."""

    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows, self.asked = rows, 0

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.rows

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 6

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            self.asked += 1
            return f"Offre {index.row()} colonne {index.column()}"
        return None


def test_a_long_list_is_measured_on_its_first_rows_once(qtbot: Any) -> None:
    """Qt's ResizeToContents asked 18,000 to 30,000 texts of 20,000 offers to show one selected; the list is
    now measured once on its first rows, then keeps its widths."""
    view = QTableView()
    qtbot.addWidget(view)
    model = CountingModel(0)
    view.setModel(model)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    measured_on_first_rows(view)
    view.resize(700, 500)
    view.show()
    model.beginResetModel()
    model.rows = 20_000
    model.endResetModel()
    fit_columns(view)
    view.selectRow(15_000)
    QApplication.processEvents()
    assert model.asked <= 6 * 60 * 3  # the first rows of each column (and the lines painted)
    header = view.horizontalHeader()
    assert all(header.sectionResizeMode(c) == QHeaderView.ResizeMode.Interactive for c in range(6))
    assert header.sectionSize(2) > 80  # « Offre 1 colonne 2 » whole
    asked = model.asked
    view.selectRow(10)
    QApplication.processEvents()
    assert model.asked - asked < 6 * 60  # no measure again


def test_the_window_session_hands_the_gil_back_quickly_and_gives_the_interval_back() -> None:
    before = sys.getswitchinterval()
    heap.install()
    try:
        assert sys.getswitchinterval() == heap.SWITCH_INTERVAL < before
    finally:
        heap.uninstall()
    assert sys.getswitchinterval() == before


def test_full_collections_come_back_only_when_every_holder_let_go() -> None:
    normal = gc.get_threshold()
    heap.hold("preload")
    heap.hold("worker")
    heap.release("worker")  # the worker idle while the tables still load: still held
    assert heap.held() and gc.get_threshold()[2] == heap.HELD
    heap.release("preload")
    assert not heap.held() and gc.get_threshold() == normal


def test_a_built_table_is_read_while_another_is_being_built() -> None:
    """The GUI thread asked for the ROME job of an offer while the worker folded every job title: it
    waited 0.2 s on the one lock of every table."""
    calls: list[int] = []
    small = tables.once(lambda: calls.append(1) or "prête")
    assert small() == "prête"
    entered, leave = threading.Event(), threading.Event()

    def build_slowly() -> str:
        entered.set()
        leave.wait(5)
        return "longue"

    slow = tables.once(build_slowly)
    worker = threading.Thread(target=slow)
    worker.start()
    assert entered.wait(5)
    read: list[str] = []
    reader = threading.Thread(target=lambda: read.append(small()))
    reader.start()
    reader.join(5)
    assert read == ["prête"] and not leave.is_set()  # read while the other one still holds the lock
    leave.set()
    worker.join(5)
    assert calls == [1] and slow() == "longue"


def test_idle_imports_take_one_module_per_turn(qtbot: Any, tmp_path: Path, monkeypatch: Any) -> None:
    for name in ("ecran_un", "ecran_deux"):
        (tmp_path / f"{name}.py").write_text("LOADED = True\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    finished: list[bool] = []
    names = ["ecran_un", "module_absent_de_partout", "ecran_deux"]
    imports = preload.IdleImports(names, on_done=lambda: finished.append(True))
    try:
        imports._one()  # one turn of the event loop: one module, the events waiting go next
        assert "ecran_un" in sys.modules and "ecran_deux" not in sys.modules
        imports.start(after_ms=0)
        qtbot.waitUntil(lambda: finished == [True], timeout=5000)
        assert "ecran_deux" in sys.modules and imports.done()  # a missing module is passed over
    finally:
        for name in ("ecran_un", "ecran_deux"):
            sys.modules.pop(name, None)


def test_every_screen_is_in_the_preloading_order() -> None:
    """scripts/preload_order.py lists what the screens import; a screen added later is still imported."""
    from clausedesk.ui.preload_order import MODULES

    screens = [f"{spec.module}.screen" for spec in SCREENS[1:]]  # the first one is built at the start
    assert set(screens) <= set(MODULES)
    new = "clausedesk.ui.nouvel_ecran.screen"
    assert preload.module_order([new])[-1] == new
    heavy = {"reportlab", "openpyxl", "python_calamine"}
    assert not [m for m in MODULES if m.split(".")[0] in heavy]  # a PDF or a spreadsheet library waits


def test_no_dialog_bypasses_the_fitting_and_no_filter_watches_the_whole_application() -> None:
    """Every dialog of the desk is a FittedDialog; installEventFilter on the application is only done
    while a file dialog is open (style.fitting_file_dialogs)."""
    plain, app_wide = [], []
    for path in UI.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.ClassDef) and path.name != "style.py"
                    and any(isinstance(b, ast.Name) and b.id == "QDialog" for b in node.bases)):  # fmt: skip
                plain.append(f"{path.name}:{node.name}")
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "installEventFilter"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "app"):  # fmt: skip
                app_wide.append(f"{path.name}:{node.lineno}")
    assert plain == []
    assert app_wide == ["style.py:" + str(_line_of("app.installEventFilter(watcher)"))]


def _line_of(text: str) -> int:
    lines = (UI / "style.py").read_text(encoding="utf-8").splitlines()
    return next(i + 1 for i, line in enumerate(lines) if text in line)


def test_a_form_is_saved_on_the_worker_while_the_window_goes_on(qtbot: Any, store: Any) -> None:
    """A form's save waited on the GUI thread for the read running on the worker (up to a second at
    tenfold): it now runs there after it, the form says « Enregistrement… » and the window goes on."""
    from clausedesk.db.repositories import listing
    from clausedesk.ui.main_window import MainWindow
    from tests.ui.helpers import settled, type_in

    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    companies = window.show_screen("companies")
    companies.new_company()
    d = companies.dialog
    type_in(qtbot, d, "siret", "73282932000074")
    type_in(qtbot, d, "name", "Entreprise du chantier")
    assert d.save_button.isEnabled()
    gate = threading.Event()
    window.ctx.ops.runner.submit(lambda progress: gate.wait(10))  # a long read running on the worker
    qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton)
    assert not gate.is_set()  # the click came back while the read still runs (it waited for it before)
    assert d.saving and d.reason.text() == "Enregistrement…" and not d.save_button.isEnabled()
    d.reject()  # Échap while it is being saved: the form waits for the store's answer
    assert d.isVisible()
    gate.set()  # the read ends; the save runs after it
    settled(qtbot, d)
    with store.session() as s:
        assert [c["name"] for c in listing.companies(s)] == ["Entreprise du chantier"]
    window.close()
