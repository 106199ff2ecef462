"""Refresh when shown: a screen reloads at once when visible, else on its next showing (once)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget


class RefreshWhenShown(QObject):
    """Ask `request()` after a change; `load` runs now if the screen is visible, else when it shows.

    Several requests in a row run `load` once (on the next turn of the event loop).
    """

    def __init__(self, screen: QWidget, load: Callable[[], None]) -> None:
        super().__init__(screen)
        self._screen, self._load = screen, load
        self.stale = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._run)

    def request(self) -> None:
        self.stale = True
        if self._screen.isVisible():
            self._timer.start()

    def shown(self) -> None:
        """Call from the screen's showEvent."""
        if self.stale:
            self._timer.start()

    def _run(self) -> None:
        if self.stale:
            self.stale = False
            self._load()
