"""The recruitment screen used as a person would: create an offer, propose two, retain one, reject one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QListWidget, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from clausedesk.db.models import Application, Contract, JobOffer
from clausedesk.db.store import Store
from clausedesk.ui.context import UiContext
from clausedesk.ui.recruitment import create_screen
from clausedesk.ui.widgets.lookup import pending
from clausedesk.ui.widgets.reference_lookup import picked

from .conftest import World


def _ok(qtbot: QtBot, dialog: object) -> None:
    button = dialog.findChild(QPushButton, "ok")  # type: ignore[attr-defined]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _card(column: QListWidget, name: str) -> int:
    return next(i for i in range(column.count()) if column.item(i).text().startswith(name))


def test_offer_to_signed_contract_and_a_rejection(qtbot: QtBot, store: Store, world: World) -> None:
    screen = create_screen(UiContext(store=store, paths=store.paths))
    qtbot.addWidget(screen)
    screen.show()

    qtbot.mouseClick(screen.new_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.dialog is not None)
    d = screen.dialog
    # the company and the lot are looked up as one types (never every company and lot listed)
    d.company.setFocus()
    qtbot.keyClicks(d.company.lineEdit(), "du Val")
    qtbot.waitUntil(lambda: not pending(d.company) and d.company.findData(world.company) >= 0)
    d.company.setCurrentIndex(d.company.findData(world.company))
    d.company.hidePopup()
    qtbot.waitUntil(lambda: not pending(d.lot) and d.lot.findData(world.lot) >= 0)
    d.lot.setCurrentIndex(d.lot.findData(world.lot))
    qtbot.keyClicks(d.rome, "F1703")
    qtbot.keyClicks(d.job_label, "Coffreur bancheur")
    d.contract_type.setCurrentIndex(d.contract_type.findData("CDD"))
    qtbot.keyClicks(d.place, "Groupe scolaire, Cergy")
    qtbot.keyClicks(d.commune, "95127")
    d.duration.setValue(6)
    _ok(qtbot, d)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    page = screen.page
    qtbot.waitUntil(lambda: "Coffreur bancheur (F1703 — Maçon / Maçonne)" in page.title.text())

    qtbot.mouseClick(page.propose_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.dialog is not None)
    proposals = page.dialog.list
    names = [proposals.item(i).text() for i in range(proposals.count())]
    assert names[0].startswith("MARTIN Alice – recherche ce métier (F1703 — Maçon / Maçonne)")
    for i, text in enumerate(names):
        if text.startswith(("MARTIN Alice", "DURAND Bruno")):
            proposals.item(i).setCheckState(Qt.CheckState.Checked)
    _ok(qtbot, page.dialog)
    proposed = page.columns["proposee"]
    qtbot.waitUntil(lambda: proposed.count() == 2)

    # Alice: forward with Ctrl+→ through every step up to "retenue", then the contract form
    steps = ("proposee", "eligibilite_verifiee", "presentee", "entretien", "retenue")
    for step, following in zip(steps, steps[1:], strict=False):
        col = page.columns[step]
        qtbot.waitUntil(lambda col=col: any(  # type: ignore[misc]
            col.item(i).text().startswith("MARTIN Alice") for i in range(col.count())))
        col.setFocus()
        col.setCurrentRow(_card(col, "MARTIN Alice"))
        qtbot.keyClick(col, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda f=following: page.columns[f].count() >= 1)  # type: ignore[misc]
    qtbot.waitUntil(lambda: type(page.dialog).__name__ == "ContractDialog")
    contract_form = page.dialog
    assert picked(contract_form.rome) == "F1703" and contract_form.contract_type.currentData() == "CDD"
    assert contract_form.rome.currentText() == "F1703 — Maçon / Maçonne"  # the job by its name
    # the offer's lot pre-filled in a lookup (never every lot of the store listed)
    assert contract_form.lot.property("lookup") and contract_form.lot.currentData() == world.lot
    _ok(qtbot, contract_form)
    qtbot.waitUntil(lambda: "contrat signé" in page.columns["retenue"].item(0).text())

    # Bruno: not retained, with the reason typed
    col = page.columns["proposee"]
    col.setCurrentRow(_card(col, "DURAND Bruno"))
    qtbot.mouseClick(page.close_btn, Qt.MouseButton.LeftButton)
    outcome = page.dialog
    ok = outcome.findChild(QDialogButtonBox)
    assert ok is not None
    qtbot.keyClicks(outcome.reason, "Pas de permis C")
    _ok(qtbot, outcome)
    qtbot.waitUntil(lambda: page.columns["non_retenue"].count() == 1)

    with store.session() as s:
        offer = s.scalars(select(JobOffer)).one()
        assert offer.status == "pourvue"
        apps = {a.step: a for a in s.scalars(select(Application))}
        assert set(apps) == {"retenue", "non_retenue"}
        assert apps["non_retenue"].reason == "Pas de permis C"
        contract = s.scalars(select(Contract)).one()
        assert apps["retenue"].contract_id == contract.id and contract.rome == "F1703"
