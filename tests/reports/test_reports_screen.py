"""The "Tableaux de bord" screen: preview a dashboard, save the bilan comment, like a person would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from clausedesk.core.services.dashboard import active_market_refs
from clausedesk.db.models import Market
from clausedesk.ui.app import make_application
from clausedesk.ui.context import UiContext
from clausedesk.ui.reports import create_screen


def test_preview_and_comment(qtbot, demo_store):
    make_application()
    screen = create_screen(UiContext(store=demo_store, paths=demo_store.paths))
    qtbot.addWidget(screen)
    with demo_store.session() as s:
        ref = active_market_refs(s, "2026-09")[0]
    qtbot.waitUntil(lambda: screen.market.findData(ref) >= 0)  # the first marchés, read in the background
    screen.market.setCurrentIndex(screen.market.findData(ref))
    screen.month.set_month("2026-09")
    assert screen.month.text() == "09/2026"  # shown as on every screen
    qtbot.mouseClick(screen.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not screen.previewing)
    text = screen.view.toPlainText()
    assert "Tableau de bord – septembre 2026" in text and ref in text
    assert "< 5" in text  # masked small counts are shown, not swallowed as markup
    screen.comment.clear()
    qtbot.keyClicks(screen.comment, "Chantier exemplaire")
    qtbot.mouseClick(screen.comment_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not screen.saving)
    with demo_store.session() as s:
        assert s.scalar(select(Market.bilan_comment).where(Market.ref == ref)) == "Chantier exemplaire"
