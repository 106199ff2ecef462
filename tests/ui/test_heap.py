"""The collector's policy of the window (ui/heap.py): no full collection while the worker works."""

from __future__ import annotations

import gc
from typing import Any

from clausedesk.ui import heap
from clausedesk.ui.tasks import TaskRunner


def test_full_collections_are_held_off_while_the_worker_works(qtbot: Any) -> None:
    normal = gc.get_threshold()
    runner = TaskRunner()
    seen: list[tuple[int, int, int]] = []
    results: list[Any] = []
    for _ in range(3):
        runner.submit(lambda progress: seen.append(gc.get_threshold()), on_done=results.append)
    qtbot.waitUntil(lambda: len(results) == 3)
    assert runner.wait_idle()
    assert [t[2] for t in seen] == [heap.HELD] * 3  # the young generations keep their thresholds
    assert [t[:2] for t in seen] == [normal[:2]] * 3
    assert gc.get_threshold() == normal and not heap.held()


def test_a_failed_unit_of_work_gives_full_collections_back(qtbot: Any) -> None:
    normal = gc.get_threshold()
    runner = TaskRunner()
    errors: list[BaseException] = []

    def fail(progress: Any) -> None:
        raise ValueError("refusé")

    runner.submit(fail, on_error=errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert runner.wait_idle() and gc.get_threshold() == normal


def test_a_built_screen_leaves_the_collector_walk(qtbot: Any, store: Any, monkeypatch: Any) -> None:
    from clausedesk.ui.main_window import MainWindow

    window = MainWindow(store)
    qtbot.addWidget(window)
    before = gc.get_freeze_count()
    window.show_screen("journal")
    assert gc.get_freeze_count() == before  # not installed: tests never freeze their garbage
    monkeypatch.setattr(heap, "_settling", True)  # as AppSession.attach does for the window
    try:
        window.show_screen("settings")
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()  # the rest of the suite as before
