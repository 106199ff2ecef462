"""Opening the window and every screen, then closing it without a change, writes and backs up nothing."""

from __future__ import annotations

from typing import Any

from clausedesk.core.services import desk
from clausedesk.paths import Paths
from clausedesk.ui.app import make_application
from clausedesk.ui.appsession import AppSession
from clausedesk.ui.main_window import MainWindow


def test_visiting_every_screen_then_closing_takes_no_backup(qtbot: Any, demo_paths: Paths) -> None:
    make_application()
    session = AppSession(demo_paths)
    assert session.take_lock()
    store = desk.open_store(demo_paths)
    window = MainWindow(session.attach(store))
    qtbot.addWidget(window)
    window.show()
    assert window.screens.built().keys() == {"home"}  # the others are built when first shown
    for key in window.keys:
        screen = window.show_screen(key)
        qtbot.waitUntil(lambda screen=screen: not getattr(screen, "loading", False), timeout=20000)
    session.runner.wait_idle()
    qtbot.wait(50)
    window.close()
    assert store.changed is False
    session.end()
    assert list(demo_paths.backups.glob("*fin-de-session*")) == []
