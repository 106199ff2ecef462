"""The coordinator's window on its PostgreSQL store: `clausedesk coordinator --database-url URL` opens it."""

from __future__ import annotations

import faulthandler
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy.engine import URL

from clausedesk.cli import run
from clausedesk.ui.main_window import MainWindow
from tests.pgserver import address

from .conftest import make_coordinator


def _when_shown(kind: type, act: Any, tries: int = 600) -> None:
    def attempt(left: int) -> None:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
        if found:
            act(found[0])
        elif left:
            QTimer.singleShot(20, lambda: attempt(left - 1))

    QTimer.singleShot(0, lambda: attempt(tries))


@pytest.fixture
def _window_hooks(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The window installs its crash hook and fault log; give them back to pytest afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    yield
    faulthandler.enable(file=sys.__stderr__)


def test_the_coordinators_window_opens_on_postgresql(
    qtbot: Any, pg_url: URL, tmp_path: Path, _window_hooks: None
) -> None:
    url = address(pg_url)
    coordinator = make_coordinator(tmp_path / "coordinateur", url)
    coordinator.store.close()
    seen: dict[str, Any] = {}

    def look(window: MainWindow) -> None:
        seen["status"] = window.statusBar().currentMessage()
        window.resize(1366, 768)
        window.grab().save(str(tmp_path / "fenetre.png"))
        window.close()

    _when_shown(MainWindow, look)
    code = run(["--data-dir", str(coordinator.paths.root), "coordinator", "--database-url", url])
    assert code == 0 and seen, seen
    assert f"Base : postgresql://{pg_url.username}@" in seen["status"]
    assert "clausedesk.sqlite" not in seen["status"]
    assert (tmp_path / "fenetre.png").stat().st_size > 0
    assert not (coordinator.paths.root / "clausedesk.sqlite").exists()  # no store file was made
    assert not list((coordinator.paths.root / "sauvegardes").glob("*"))  # no file backup at the end


def test_an_unreachable_server_is_said_in_a_message_box(
    qtbot: Any, tmp_path: Path, _window_hooks: None
) -> None:
    said: list[str] = []

    def answer(box: QMessageBox) -> None:
        said.append(box.text())
        box.close()

    _when_shown(QMessageBox, answer)
    code = run(["--data-dir", str(tmp_path), "coordinator", "--database-url",
                "postgresql://coord:secret@127.0.0.1:9/coordination"])  # fmt: skip
    assert code == 1
    assert said and "Impossible d'ouvrir la base PostgreSQL" in said[0] and "secret" not in said[0]
