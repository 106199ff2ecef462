"""Penalties of the bilan final: stored on the marché (migration 0006), typed in the window, printed."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlalchemy import inspect, select

from clausedesk.core.errors import ValidationError
from clausedesk.core.services import documents
from clausedesk.core.services.bilan import bilan_inputs, market_bilan, save_bilan_penalties
from clausedesk.core.services.dashboard import active_market_refs
from clausedesk.db import migrate
from clausedesk.db.models import Market
from clausedesk.db.store import Store
from clausedesk.paths import Paths

FIXTURE = Path(__file__).parents[1] / "fixtures" / "store_v0001_small.sqlite"


def _text(path: Path) -> str:
    """The PDF's text with every run of spaces and line breaks (cells, no-break spaces) as one space."""
    return " ".join("\n".join(page.extract_text() for page in PdfReader(path).pages).split())


def _ref(store: Store) -> str:
    with store.session() as s:
        return active_market_refs(s, "2026-09")[0]


def test_penalties_are_saved_and_printed_in_the_bilan(demo_store: Store, tmp_path: Path) -> None:
    ref = _ref(demo_store)
    out = documents.bilan_pdf(demo_store.sessions, ref, tmp_path / "sans.pdf")
    assert "Aucune pénalité renseignée" in _text(out)
    with demo_store.session() as s:
        saved = save_bilan_penalties(s, ref, "1 200,5", Decimal(300), "  Relevés de mars remis en retard.  ")
    assert saved.applied == Decimal("1200.5") and saved.note == "Relevés de mars remis en retard."
    with demo_store.session() as s:
        market = s.scalars(select(Market).where(Market.ref == ref)).one()
        assert (market.penalty_applied, market.penalty_waived) == (Decimal("1200.50"), Decimal("300.00"))
        assert market_bilan(s, ref).penalties == bilan_inputs(s, ref)[1]
    text = _text(documents.bilan_pdf(demo_store.sessions, ref, tmp_path / "avec.pdf"))
    assert "Pénalités appliquées 1 200,50 €" in text
    assert "Pénalités remises (non appliquées) 300,00 €" in text
    assert "Total des pénalités encourues 1 500,50 €" in text
    assert "Relevés de mars remis en retard." in text


def test_bad_penalties_are_refused_and_change_nothing(demo_store: Store) -> None:
    ref = _ref(demo_store)
    with demo_store.session() as s:
        save_bilan_penalties(s, ref, "100", None, "")
    for applied, message in (("-5", "supérieur ou égal"), ("douze", "n'est pas un nombre"),
                             ("10,555", "deux décimales")):  # fmt: skip
        with pytest.raises(ValidationError, match=message), demo_store.session() as s:
            save_bilan_penalties(s, ref, applied, "1", "note")
    with demo_store.session() as s:
        penalties = bilan_inputs(s, ref)[1]
    assert (penalties.applied, penalties.waived, penalties.note) == (Decimal("100.00"), None, "")


def test_upgrade_from_0001_adds_empty_penalty_columns(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "donnees").ensure()
    shutil.copyfile(FIXTURE, paths.store)
    store = Store.open(paths)
    try:
        with store.engine.connect() as conn:
            assert migrate.current_revisions(conn) == migrate.head_revisions()  # 0006 and any later one
            assert "0006_bilan_penalties" in migrate.known_revisions()
            columns = {c["name"] for c in inspect(conn).get_columns("market")}
        assert {"penalty_applied", "penalty_waived", "penalty_note"} <= columns
        with store.session() as s:
            markets = list(s.scalars(select(Market)))
        assert markets and all(m.penalty_applied is None and m.penalty_note is None for m in markets)
    finally:
        store.close()


def test_penalties_typed_in_the_reports_screen(qtbot, demo_store: Store) -> None:  # type: ignore[no-untyped-def]
    from clausedesk.ui.app import make_application
    from clausedesk.ui.context import UiContext
    from clausedesk.ui.reports import create_screen

    make_application()
    screen = create_screen(UiContext(store=demo_store, paths=demo_store.paths))
    qtbot.addWidget(screen)
    ref = _ref(demo_store)
    qtbot.waitUntil(lambda: screen.market.findData(ref) >= 0)  # the first marchés, read in the background
    screen.market.setCurrentIndex(screen.market.findData(ref))
    qtbot.waitUntil(lambda: not screen.loading)
    qtbot.keyClicks(screen.penalty_applied, "2 500")
    qtbot.keyClicks(screen.penalty_waived, "0")
    qtbot.keyClicks(screen.penalty_note, "Objectif atteint avec retard")
    qtbot.mouseClick(screen.comment_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not screen.saving)
    with demo_store.session() as s:
        penalties = bilan_inputs(s, ref)[1]
    assert (penalties.applied, penalties.waived) == (Decimal("2500.00"), Decimal("0.00"))
    assert penalties.note == "Objectif atteint avec retard"
    screen.penalty_applied.clear()
    screen._load_comment()  # the saved values come back when the marché is shown again
    qtbot.waitUntil(lambda: not screen.loading)
    assert screen.penalty_applied.text().replace("\u202f", " ") == "2 500,00"
