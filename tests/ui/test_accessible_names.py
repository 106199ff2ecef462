"""Every input and button of every screen and of the common forms has an accessible name (screen readers)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from clausedesk.ui.main_window import MainWindow
from clausedesk.ui.widgets.accessible import INPUTS, is_inner_part


@pytest.fixture
def demo_window(qtbot: Any, demo_store: Any) -> Iterator[MainWindow]:
    w = MainWindow(demo_store)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    yield w
    w.close()


def _unnamed(root: QWidget) -> list[str]:
    out = []
    for w in root.findChildren(QWidget):
        if isinstance(w, INPUTS) and not is_inner_part(w) and not w.accessibleName():
            out.append(f"{type(w).__name__} {w.objectName()!r} in {root.objectName()}")
    return out


def test_every_screen_and_form_names_its_inputs_and_buttons(qtbot: Any, demo_window: MainWindow) -> None:
    missing: list[str] = _unnamed(demo_window.nav)
    for key in demo_window.keys:
        screen = demo_window.show_screen(key)
        assert screen is not None
        qtbot.waitUntil(lambda s=screen: not getattr(s, "loading", False), timeout=30000)
        missing += _unnamed(screen)
    companies = demo_window.show_screen("companies")
    companies.new_company()
    missing += _unnamed(companies.dialog)
    companies.dialog.done(0)
    participants = demo_window.show_screen("participants")
    participants.new_person()
    missing += _unnamed(participants.dialog)
    participants.dialog.done(0)
    assert not missing, "\n".join(missing)
