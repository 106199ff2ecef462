"""« Nouvelle offre d'emploi… » on a lot's page and a company's page: the form pre-filled, the offer shown."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import func, select

from clausedesk.core.services import recruitment as rec
from clausedesk.db.models import JobOffer
from clausedesk.db.repositories import listing
from clausedesk.ui.main_window import MainWindow
from clausedesk.ui.recruitment.dialogs import OfferDialog
from tests.ui.helpers import when_modal

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def demo_window(qtbot: Any, demo_store: Any) -> Iterator[MainWindow]:
    w = MainWindow(demo_store)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


def _offers(store: Any) -> int:
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(JobOffer)) or 0)


def test_new_offer_from_a_lot_page(qtbot: Any, demo_window: MainWindow, demo_store: Any) -> None:
    with demo_store.session() as s:
        lot = listing.lots(s)[0]["uuid"]
    demo_window.navigate("lot", lot)
    markets = demo_window.screens["markets"]
    qtbot.waitUntil(lambda: not markets.page_loading)
    seen: dict[str, Any] = {}

    def fill(d: OfferDialog) -> None:
        seen["lot"] = d.lot.currentData()
        seen["company"] = d.company.currentData()
        qtbot.keyClicks(d.rome, "F1703")
        qtbot.keyClicks(d.job_label, "Coffreur bancheur")
        qtbot.mouseClick(d.findChild(QPushButton, "ok"), LEFT)

    when_modal(OfferDialog, fill, seen)
    before = _offers(demo_store)
    qtbot.mouseClick(markets.scroll.widget().findChild(QPushButton, "new_offer"), LEFT)
    if "error" in seen:
        raise seen["error"]
    assert seen["lot"] == lot and seen["company"]  # the lot and its titulaire pre-selected
    assert _offers(demo_store) == before + 1
    assert demo_window.stack.currentWidget() is demo_window.screens["recruitment"]
    with demo_store.session() as s:
        offer = s.scalars(select(JobOffer).where(JobOffer.job_label == "Coffreur bancheur")).one()
        assert [x.uuid for x in rec.get_offer(s, offer.uuid).lots] == [lot]


def test_new_offer_from_a_company_page_cancelled(
    qtbot: Any, demo_window: MainWindow, demo_store: Any
) -> None:
    with demo_store.session() as s:
        company = listing.companies(s)[0]["uuid"]
    demo_window.navigate("company", company)
    companies = demo_window.screens["companies"]
    qtbot.waitUntil(lambda: companies.current == company)
    seen: dict[str, Any] = {}

    def look_then_cancel(d: OfferDialog) -> None:
        seen["company"] = d.company.currentData()
        qtbot.mouseClick(d.findChild(QPushButton, "cancel"), LEFT)

    when_modal(OfferDialog, look_then_cancel, seen)
    before = _offers(demo_store)
    qtbot.mouseClick(companies.scroll.widget().findChild(QPushButton, "new_offer"), LEFT)
    if "error" in seen:
        raise seen["error"]
    assert seen["company"] == company
    assert _offers(demo_store) == before
    assert demo_window.stack.currentWidget() is companies and companies.current == company
