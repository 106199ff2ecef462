"""`open_new_offer`, the entry point other screens call from a company's or a lot's page (modal form)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from clausedesk.core.services import catalog
from clausedesk.db.models import JobOffer
from clausedesk.db.repositories import base as repo
from clausedesk.db.store import Store
from clausedesk.ui.context import UiContext
from clausedesk.ui.recruitment import open_new_offer
from clausedesk.ui.recruitment.dialogs import OfferDialog

from .conftest import World

LEFT = Qt.MouseButton.LeftButton


def _when_modal(kind: type, act: Callable[[Any], None], seen: dict[str, Any]) -> None:
    """Once a modal `kind` is shown, run `act` on it (a failure closes it, so the test cannot hang)."""

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if not isinstance(widget, kind) or not widget.isVisible():
            QTimer.singleShot(10, poll)
            return
        try:
            act(widget)
        except BaseException as exc:  # re-raised by the test after the modal loop ends
            seen["error"] = exc
            widget.close()

    QTimer.singleShot(0, poll)


def _ctx(store: Store) -> tuple[UiContext, list[str]]:
    ctx = UiContext(store=store, paths=store.paths)
    changes: list[str] = []
    ctx.bus.changed.connect(changes.append)
    return ctx, changes


def test_from_a_lot_the_titulaire_is_preselected(qtbot: QtBot, store: Store, world: World) -> None:
    with store.session() as s:
        catalog.save_attribution(s, catalog.AttributionData(world.lot, world.company))
    ctx, changes = _ctx(store)
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: dict[str, Any] = {}

    def fill(d: OfferDialog) -> None:
        seen["company"], seen["lot"] = d.company.currentData(), d.lot.currentData()
        qtbot.keyClicks(d.rome, "F17")
        qtbot.keyClicks(d.job_label, "Coffreur bancheur")
        qtbot.mouseClick(d.findChild(QPushButton, "ok"), LEFT)
        seen["refused"] = d.reason.text() if d.isVisible() else None
        qtbot.keyClicks(d.rome, "03")
        qtbot.mouseClick(d.findChild(QPushButton, "ok"), LEFT)

    _when_modal(OfferDialog, fill, seen)
    uuid = open_new_offer(ctx, parent, lot_uuid=world.lot)
    if "error" in seen:
        raise seen["error"]
    assert (seen["company"], seen["lot"]) == (world.company, world.lot)
    assert seen["refused"] is not None and "« F17 » : choisissez une des propositions" in seen["refused"]
    assert uuid is not None and changes == ["job_offer"]
    with store.session() as s:
        offer = repo.get(s, JobOffer, uuid, "")
        assert (offer.rome, offer.job_label, offer.status) == ("F1703", "Coffreur bancheur", "ouverte")
        assert [lot.uuid for lot in offer.lots] == [world.lot]


def test_from_a_company_and_cancelled(qtbot: QtBot, store: Store, world: World) -> None:
    with store.session() as s:
        other = catalog.save_company(s, catalog.CompanyData("73282932000074", "Autre BTP")).uuid
    ctx, changes = _ctx(store)
    seen: dict[str, Any] = {}

    def look_then_cancel(d: OfferDialog) -> None:
        seen["company"], seen["lot"] = d.company.currentData(), d.lot.currentData()
        qtbot.mouseClick(d.findChild(QPushButton, "cancel"), LEFT)

    _when_modal(OfferDialog, look_then_cancel, seen)
    assert open_new_offer(ctx, None, company_uuid=other) is None
    if "error" in seen:
        raise seen["error"]
    assert (seen["company"], seen["lot"]) == (other, "")  # no lot held: none chosen for the person
    assert changes == []
    with store.session() as s:
        assert repo.count_live(s, JobOffer) == 0


def test_unknown_company_says_so_in_french(qtbot: QtBot, store: Store, world: World) -> None:
    ctx, _ = _ctx(store)
    seen: dict[str, Any] = {}

    def read_and_close(box: QMessageBox) -> None:
        seen["text"] = box.text()
        box.close()

    _when_modal(QMessageBox, read_and_close, seen)
    assert open_new_offer(ctx, None, company_uuid="inconnue") is None
    assert seen["text"] == "L'entreprise demandée est introuvable (identifiant inconnue)."
