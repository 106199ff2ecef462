"""The main window frame: navigation pane on the left, one screen at a time, built when first shown.

The window shows as soon as the store is open: only the first screen is built then; each other
screen is imported and built the first time it is shown (or asked for), and its separators take
their remembered positions at that moment.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Iterator, Mapping
from typing import Any

from PySide6.QtCore import QSettings, QSize
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from clausedesk.ui import heap, preload
from clausedesk.ui.context import UiContext
from clausedesk.ui.registry import SCREENS, ScreenSpec

log = logging.getLogger("clausedesk.ui")


def available_screens() -> list[ScreenSpec]:
    """The screens whose package exists (a screen lands with its own feature); nothing is imported."""
    found = []
    for spec in SCREENS:
        if importlib.util.find_spec(spec.module) is None:
            continue
        found.append(spec)
    return found


class Screens(Mapping[str, QWidget]):
    """The window's screens by key; reading one builds it if it was not built yet."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window

    def __getitem__(self, key: str) -> QWidget:
        return self._window.screen(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._window.keys)

    def __len__(self) -> int:
        return len(self._window.keys)

    def built(self) -> dict[str, QWidget]:
        return dict(self._window._built)


class MainWindow(QMainWindow):
    def __init__(self, ctx: UiContext | Any) -> None:
        """`ctx` from the application session; an open store also works (screens tested in a window)."""
        super().__init__()
        if not isinstance(ctx, UiContext):
            ctx = UiContext(store=ctx)
        ctx.navigate = self.navigate
        self.ctx = ctx
        self.setWindowTitle("ClauseDesk")
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("Navigation entre les écrans")
        self.nav.setFixedWidth(190)
        self.stack = QStackedWidget()
        self.specs = {spec.key: spec for spec in available_screens()}
        self.keys = list(self.specs)
        self._built: dict[str, QWidget] = {}
        self._unrestored: set[str] = set()
        self.screens = Screens(self)
        from clausedesk.ui.style import NAVIGATION_STYLE, nav_icon

        self.nav.setStyleSheet(NAVIGATION_STYLE)
        self.nav.setIconSize(QSize(20, 20))
        for key in self.keys:
            self.nav.addItem(QListWidgetItem(nav_icon(key), self.specs[key].title))
            placeholder = QLabel("Chargement…")
            placeholder.setObjectName(f"placeholder_{key}")
            self.stack.addWidget(placeholder)
        self.nav.currentRowChanged.connect(self._row_changed)
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self.resize(1200, 800)
        self._settings = QSettings(str(ctx.paths.ui_settings), QSettings.Format.IniFormat)
        geometry = self._settings.value("fenetre/geometrie")
        if geometry is not None:
            self.restoreGeometry(geometry)  # type: ignore[arg-type]
        # the separators of each built screen (list | page), remembered with the window
        self.splitters: dict[str, QSplitter] = {}
        if self.nav.count():
            self.nav.setCurrentRow(0)
        self.search_shortcut = QShortcut(QKeySequence("Ctrl+K"), self)
        self.search_shortcut.activated.connect(self.open_search)
        for i in range(min(self.nav.count(), 9)):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self)
            shortcut.activated.connect(lambda row=i: self.nav.setCurrentRow(row))
        self.nav.setToolTip("Ctrl+1 à Ctrl+9 : aller à un écran ; Ctrl+K : rechercher")
        where = ctx.ops.location  # a file, or the coordinator's PostgreSQL server
        self.statusBar().showMessage(f"Base : {where}    ·    Ctrl+K pour rechercher")
        from clausedesk.ui import menus
        from clausedesk.ui.trust import install_menu  # issue 7: the « Données » menu
        from clausedesk.ui.widgets.files import SETTINGS_PROPERTY

        app = QApplication.instance()
        if app is not None:  # the file dialogs remember their folders in this window's settings
            app.setProperty(SETTINGS_PROPERTY, str(ctx.paths.ui_settings))
        self.actions_by_name = menus.install(self)
        install_menu(self, self.ctx)
        self.menuBar().insertMenu(self.menuBar().actions()[2], self.menuBar().actions()[-1].menu())
        self._warm_imports()
        heap.settle()

    def _warm_imports(self) -> None:
        """Import the other screens' modules ahead, one module at a time while the window is idle, then
        load the reference tables on a thread of their own (ui/preload.py): showing a screen the first
        time then costs only building it, and a lookup's first keystroke finds the communes ready."""
        modules = [f"{spec.module}.screen" for spec in self.specs.values()]
        runner = getattr(self.ctx.ops, "runner", None)
        worker_idle = runner.wait_idle if runner is not None else lambda _ms: True
        first = self._built.get(self.keys[0]) if self.keys else None
        self.preloading = preload.start(self, modules, worker_idle, getattr(first, "loaded", None))

    # -- screens built on demand ---------------------------------------------------------------------
    def screen(self, key: str) -> QWidget:
        """The screen `key`, built (and put in its place in the stack) the first time it is asked for."""
        widget = self._built.get(key)
        if widget is not None:
            return widget
        spec = self.specs[key]
        module: Any = importlib.import_module(spec.module)
        widget = module.create_screen(self.ctx)
        widget.setObjectName(f"screen_{key}")
        index = self.keys.index(key)
        placeholder = self.stack.widget(index)
        self.stack.insertWidget(index, widget)
        widget.setGeometry(self.stack.contentsRect())  # laid out at once, so its separators restore right
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        self._built[key] = widget
        self._unrestored.add(key)
        from clausedesk.ui.widgets.accessible import name_widgets

        name_widgets(widget)  # screen readers: every input and button named from its visible label
        heap.settle()  # the screen's lasting objects leave the collector's walk (see ui/heap.py)
        return widget

    def _restore_separators(self, key: str) -> None:
        """The separators of a screen take their remembered positions once it is first on screen."""
        if key not in self._unrestored:
            return
        self._unrestored.discard(key)
        for layout in (self.layout(), self.centralWidget().layout(), self.stack.layout()):
            if layout is not None:
                layout.activate()  # the new screen gets its real size before its separators are set
        for i, split in enumerate(self._built[key].findChildren(QSplitter)):
            name = f"separateurs/{key}_{i}"
            self.splitters[name] = split
            state = self._settings.value(name)
            if state is not None:
                split.restoreState(state)  # type: ignore[arg-type]

    def _row_changed(self, row: int) -> None:
        heap.gui_busy()
        if 0 <= row < len(self.keys):
            key = self.keys[row]
            self.screen(key)
            self.stack.setCurrentIndex(row)
            self._restore_separators(key)

    def open_search(self) -> None:
        from clausedesk.ui.widgets.search import SearchDialog

        dialog = SearchDialog(self.ctx, self)
        self.search_dialog = dialog
        dialog.open()

    def show_screen(self, key: str) -> QWidget | None:
        if key not in self.specs:
            return None
        self.nav.setCurrentRow(self.keys.index(key))
        return self.screen(key)

    def navigate(self, kind: str, uuid: str | None) -> None:
        """Open the screen showing `kind` (a screen key, or an object kind routed by the registry)."""
        if kind in self.specs:
            self.show_screen(kind)
            return
        for key, spec in self.specs.items():
            if kind not in spec.opens:
                continue
            opener = getattr(self.screen(key), "open_object", None)
            if opener is not None and opener(kind, uuid):
                self.show_screen(key)
                return
        log.info("no screen opens objects of kind %s", kind)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._settings.setValue("fenetre/geometrie", self.saveGeometry())
        for name, split in self.splitters.items():
            self._settings.setValue(name, split.saveState())
        self._settings.sync()
        # background reads still running are abandoned, and the worker left idle before the store closes
        for widget in self._built.values():
            stop = getattr(widget, "stop_background", None)
            if stop is not None:
                stop()
        self.preloading.stop()  # nothing more loaded ahead for a window that is gone
        self.ctx.ops.runner.wait_idle()
        super().closeEvent(event)
