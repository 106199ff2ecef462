"""The month's aggregates carry the declared tutoring hours (issue 16); older packages still merge."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import select

from clausedesk.core.formatting import hours
from clausedesk.core.services.hours import HourChange, grid, save_changes
from clausedesk.db.models import CoordPackage
from clausedesk.sync import importer
from clausedesk.sync.archive import strict_json
from clausedesk.sync.manifest import AGGREGATES
from clausedesk.ui.app import make_application
from clausedesk.ui.context import UiContext
from clausedesk.ui.sync import create_screen
from clausedesk.ui.sync.screen import SyncScreen
from clausedesk.ui.tasks import wait_idle

from .conftest import Coordinator, Facilitator, rewrite_json, unpack

MONTH = "2026-10"


def test_tutoring_travels_in_the_aggregates_and_older_packages_still_merge(
    fac1: Facilitator, coord: Coordinator, out: Path
) -> None:
    with fac1.store.session() as s:
        rows = [r for r in grid(s, MONTH) if r.entry_uuid and not r.tutoring][:2]
        before = sum((r.tutoring or Decimal(0) for r in grid(s, MONTH)), Decimal(0))
        save_changes(s, MONTH, [HourChange(rows[0].contract_uuid, tutoring="6,5"),
                                HourChange(rows[1].contract_uuid, tutoring="2")])  # fmt: skip
    blob = fac1.package(MONTH, out)
    aggregates = strict_json(unpack(blob, coord)[AGGREGATES])
    assert Decimal(aggregates["hours_tutoring"]) == before + Decimal("8.5")
    assert {"hours_worked", "hours_training"} <= set(aggregates)
    # the same package as an older ClauseDesk wrote it: no tutoring in its aggregates; it merges all the same
    older = rewrite_json(blob, coord, fac1.identity, AGGREGATES, lambda doc: doc.pop("hours_tutoring"))
    result = importer.import_blob(coord.store.sessions, coord.identity, older, "ancien.cdpkg")
    assert result.status == "merged", result
    with coord.store.session() as s:
        stored = [json.loads(a or "{}") for a in s.scalars(select(CoordPackage.aggregates_json))]
    assert len(stored) == 1 and "hours_tutoring" not in stored[0] and stored[0]["period"] == MONTH


def test_the_synchronisation_screen_shows_the_months_tutoring_hours(qtbot: Any, fac1: Facilitator) -> None:
    """« Agrégats du mois » of what will be sent names the tutoring hours beside worked and training hours."""
    with fac1.store.session() as s:
        rows = [r for r in grid(s, MONTH) if r.entry_uuid and not r.tutoring][:2]
        before = sum((r.tutoring or Decimal(0) for r in grid(s, MONTH)), Decimal(0))
        save_changes(s, MONTH, [HourChange(rows[0].contract_uuid, tutoring="6,5"),
                                HourChange(rows[1].contract_uuid, tutoring="2,25")])  # fmt: skip
    make_application()
    screen = create_screen(UiContext(store=fac1.store, paths=fac1.paths))
    qtbot.addWidget(screen)
    assert isinstance(screen, SyncScreen) and screen.facilitator is not None
    panel = screen.facilitator
    qtbot.waitUntil(lambda: not panel.state_loading)  # its key, trust and history are read in the background
    panel.month.set_month(MONTH)
    qtbot.mouseClick(panel.refresh_button, Qt.MouseButton.LeftButton)
    model = panel.preview.aggregates_model
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    shown = {model.text(r, 0): model.text(r, 1) for r in range(model.rowCount())}
    assert list(shown)[:3] == ["Heures travaillées", "Heures de formation", "Heures de tutorat"]
    assert shown["Heures de tutorat"] == hours(before + Decimal("8.75"))
    wait_idle()
