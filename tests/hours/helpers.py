"""Shared by the relevé tests: the golden files, the command line run on a store, the store's state."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from clausedesk.cli import run
from clausedesk.db.models import HourEntry, HourSource
from clausedesk.db.store import Store
from clausedesk.paths import Paths

RELEVES = Path(__file__).parents[1] / "fixtures" / "releves"


def cli(capsys: pytest.CaptureFixture[str], paths: Paths, *args: str) -> tuple[int, str, str]:
    code = run(["--data-dir", str(paths.root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(paths: Paths) -> list[tuple[object, ...]]:
    """Every hour entry with its rev and values, and the sources: what "untouched" means."""
    store = Store.open(paths)
    try:
        with store.session() as s:
            entries = s.execute(
                select(
                    HourEntry.uuid,
                    HourEntry.rev,
                    HourEntry.hours_worked,
                    HourEntry.hours_training,
                    HourEntry.hours_tutoring,
                    HourEntry.status,
                    HourEntry.source_id,
                    HourEntry.deleted_at,
                ).order_by(HourEntry.id)
            ).all()
            sources = s.scalar(select(func.count()).select_from(HourSource))
    finally:
        store.close()
    return [tuple(e) for e in entries] + [("sources", sources)]
