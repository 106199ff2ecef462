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


def test_a_dashboard_saved_again_after_a_correction_says_what_changed(qtbot, store, tmp_path, monkeypatch):
    """Issue 20, point 6 in the window: the message after saving names the figures revised since sent."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from clausedesk.core.services import people
    from tests.recipients.scenario import build

    scenario = build(store)
    make_application()
    screen = create_screen(UiContext(store=store, paths=store.paths))
    qtbot.addWidget(screen)
    said: list[str] = []
    target = tmp_path / "tb.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: said.append(text))
    qtbot.waitUntil(lambda: screen.market.findData("2026-001") >= 0)  # marchés read in the background
    screen.market.setCurrentIndex(screen.market.findData("2026-001"))
    screen.month.clear()
    qtbot.keyClicks(screen.month, "06/2026")
    # routine news goes to the status bar and `last_message` (issue 18), not to a box
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(getattr(screen, "last_message", "")), timeout=20000)
    said.append(screen.last_message)
    assert "première version, archivée" in said[0]
    with store.session() as s:
        people.set_hours(s, scenario.contracts["awa"], "2026-06", "130")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.last_message != said[0], timeout=20000)
    said.append(screen.last_message)
    text = " ".join(said[1].replace("\u202f", " ").split())
    assert text.startswith(f"Tableau de bord enregistré : {target}")
    assert "chiffres modifiés depuis la version envoyée le" in text
    assert "Lot 1 : réalisé depuis le début : 480 h → 510 h" in text
