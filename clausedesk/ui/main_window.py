"""The main window frame: navigation pane on the left, one screen at a time, window layout remembered."""

from __future__ import annotations

import importlib
import logging

from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QMainWindow, QSplitter, QStackedWidget, QWidget

from clausedesk.db.store import Store
from clausedesk.ui.context import UiContext
from clausedesk.ui.registry import SCREENS, ScreenSpec
from clausedesk.ui.tasks import wait_idle

log = logging.getLogger("clausedesk.ui")


def available_screens() -> list[tuple[ScreenSpec, object]]:
    """The screens whose module exists (a screen lands with its own feature)."""
    found = []
    for spec in SCREENS:
        try:
            module = importlib.import_module(spec.module)
        except ModuleNotFoundError as exc:
            if exc.name != spec.module:
                raise
            continue
        if not hasattr(module, "create_screen"):  # a screen still being written
            log.warning("screen module %s has no create_screen()", spec.module)
            continue
        found.append((spec, module))
    return found


class MainWindow(QMainWindow):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.ctx = UiContext(store=store, paths=store.paths, navigate=self.navigate)
        self.setWindowTitle("ClauseDesk")
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(190)
        self.stack = QStackedWidget()
        self.screens: dict[str, QWidget] = {}
        for spec, module in available_screens():
            widget = module.create_screen(self.ctx)  # type: ignore[attr-defined]
            widget.setObjectName(f"screen_{spec.key}")
            self.screens[spec.key] = widget
            self.nav.addItem(spec.title)
            self.stack.addWidget(widget)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self.resize(1200, 800)
        self._settings = QSettings(str(store.paths.ui_settings), QSettings.Format.IniFormat)
        geometry = self._settings.value("fenetre/geometrie")
        if geometry is not None:
            self.restoreGeometry(geometry)  # type: ignore[arg-type]
        # the separators of each screen (list | page), remembered with the window
        self.splitters: dict[str, QSplitter] = {}
        for key, widget in self.screens.items():
            for i, split in enumerate(widget.findChildren(QSplitter)):
                name = f"separateurs/{key}_{i}"
                self.splitters[name] = split
                state = self._settings.value(name)
                if state is not None:
                    split.restoreState(state)  # type: ignore[arg-type]
        if self.nav.count():
            self.nav.setCurrentRow(0)
        self.search_shortcut = QShortcut(QKeySequence("Ctrl+K"), self)
        self.search_shortcut.activated.connect(self.open_search)
        for i in range(min(self.nav.count(), 9)):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self)
            shortcut.activated.connect(lambda row=i: self.nav.setCurrentRow(row))
        self.nav.setToolTip("Ctrl+1 à Ctrl+9 : aller à un écran ; Ctrl+K : rechercher")
        self.statusBar().showMessage(f"Base : {store.path}    ·    Ctrl+K pour rechercher")
        from clausedesk.ui.trust import install_menu  # issue 7: the « Données » menu

        install_menu(self, self.ctx)

    def open_search(self) -> None:
        from clausedesk.ui.widgets.search import SearchDialog

        dialog = SearchDialog(self.ctx, self)
        self.search_dialog = dialog
        dialog.open()

    def show_screen(self, key: str) -> QWidget | None:
        keys = list(self.screens)
        if key not in self.screens:
            return None
        self.nav.setCurrentRow(keys.index(key))
        return self.screens[key]

    def navigate(self, kind: str, uuid: str | None) -> None:
        """Open the screen showing `kind` (a screen key, or an object kind routed by the screens)."""
        if kind in self.screens:
            self.show_screen(kind)
            return
        for key, widget in self.screens.items():
            opener = getattr(widget, "open_object", None)
            if opener is not None and opener(kind, uuid):
                self.show_screen(key)
                return
        log.info("no screen opens objects of kind %s", kind)

    def closeEvent(self, event: object) -> None:  # noqa: N802
        self._settings.setValue("fenetre/geometrie", self.saveGeometry())
        for name, split in self.splitters.items():
            self._settings.setValue(name, split.saveState())
        self._settings.sync()
        # background reads still running are abandoned, and the worker left idle before the store closes
        for widget in self.screens.values():
            stop = getattr(widget, "stop_background", None)
            if stop is not None:
                stop()
        wait_idle()
        super().closeEvent(event)  # type: ignore[arg-type]
