"""The facilitator's desk driven like a person: forms, validation messages, search, delete and restore."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from clausedesk.db.repositories import listing
from clausedesk.db.repositories import rgpd as rgpd_repo
from clausedesk.ui.main_window import MainWindow
from clausedesk.ui.widgets.search import SearchDialog
from tests.ui.helpers import leave, look_up, pick, save, settled, tick, type_in, type_text, when_modal


@pytest.fixture
def window(qtbot: Any, store: Any) -> Iterator[MainWindow]:
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()  # before the store closes: background reads are stopped and awaited


@pytest.fixture
def demo_window(qtbot: Any, demo_store: Any) -> Iterator[MainWindow]:
    w = MainWindow(demo_store)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


def test_empty_store_shows_the_welcome_page(qtbot: Any, window: MainWindow) -> None:
    home = window.screens["home"]
    qtbot.waitUntil(lambda: home.currentWidget().objectName() == "welcome")


def test_create_everything_through_the_forms_then_find_it(qtbot: Any, window: MainWindow, store: Any) -> None:
    markets = window.show_screen("markets")
    qtbot.mouseClick(markets.findChild(object, "new_buyer"), Qt.MouseButton.LeftButton)
    d = markets.dialog
    type_in(qtbot, d, "name", "Ville de Cergy")
    pick(d, "kind", "Commune")
    buyer = save(qtbot, d)
    qtbot.waitUntil(lambda: markets.current == ("buyer", buyer))
    markets.new_market(buyer, None)
    d = markets.dialog
    type_in(qtbot, d, "ref", "2026-TRX-777")
    type_in(qtbot, d, "title", "Réhabilitation du groupe scolaire")
    type_in(qtbot, d, "start_date", "01/01/2026")
    type_in(qtbot, d, "end_date", "31/12/2027")
    market = save(qtbot, d)
    qtbot.waitUntil(lambda: markets.current == ("market", market))
    markets.new_lot(market)
    d = markets.dialog
    type_in(qtbot, d, "ref", "2026-TRX-777-L01")
    type_in(qtbot, d, "number", "1")
    type_in(qtbot, d, "title", "Gros œuvre")
    pick(d, "trade_code", "Gros œuvre")
    type_in(qtbot, d, "amount_ht", "1 000 000")
    type_in(qtbot, d, "insertion_rate_pct", "5")
    type_in(qtbot, d, "hourly_cost", "30")
    assert "833\xa0h" in d.preview.text()
    type_in(qtbot, d, "start_date", "01/02/2026")
    type_in(qtbot, d, "end_date", "30/11/2027")
    lot = save(qtbot, d)
    qtbot.waitUntil(lambda: markets.current == ("lot", lot) and not markets.page_loading)
    assert "833" in markets.scroll.widget().findChild(object, "lot_calculator").text()

    companies = window.show_screen("companies")
    qtbot.mouseClick(companies.list.new_button, Qt.MouseButton.LeftButton)
    d = companies.dialog
    type_in(qtbot, d, "siret", "73282932000074")
    type_in(qtbot, d, "name", "Bâtiments Cergy Construction")
    save(qtbot, d)

    window.navigate("lot", lot)
    markets.new_attribution(lot)
    d = markets.dialog
    look_up(qtbot, d, "company_uuid", "Cergy", "Bâtiments Cergy")
    type_in(qtbot, d, "share_pct", "100")
    save(qtbot, d)
    qtbot.waitUntil(
        lambda: markets.scroll.widget().findChild(object, "lot_attributions").model().rowCount() == 1
    )

    participants = window.show_screen("participants")
    qtbot.mouseClick(participants.list.new_button, Qt.MouseButton.LeftButton)
    d = participants.dialog
    type_in(qtbot, d, "last_name", "Lefèvre")
    type_in(qtbot, d, "first_name", "Nadia")
    type_in(qtbot, d, "birth_date", "14/05/1990")
    person = save(qtbot, d)
    qtbot.waitUntil(lambda: participants.current == person)
    qtbot.mouseClick(
        participants.scroll.widget().findChild(object, "new_validation"), Qt.MouseButton.LeftButton
    )
    d = participants.dialog
    type_in(qtbot, d, "validated_on", "10/01/2026")
    tick(qtbot, d, "category_codes", "BRSA")
    type_in(qtbot, d, "prescriber", "France Travail")
    save(qtbot, d)

    def validations() -> Any:
        return participants.scroll.widget().findChild(object, "person_validations")

    qtbot.waitUntil(lambda: validations() is not None and validations().model().rowCount() == 1)
    assert validations().model().index(0, 2).data() == "Bénéficiaire du RSA"  # the public by its name
    qtbot.mouseClick(
        participants.scroll.widget().findChild(object, "new_contract"), Qt.MouseButton.LeftButton
    )
    d = participants.dialog
    look_up(qtbot, d, "company_uuid", "Cergy", "Bâtiments Cergy")
    look_up(qtbot, d, "lot_uuid", "777", "2026-TRX-777-L01")
    pick(d, "modality", "Embauche directe")
    pick(d, "contract_type_code", "CDD d'insertion")
    type_in(qtbot, d, "start_date", "02/03/2026")
    type_in(qtbot, d, "rome", "F1703")
    qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton)  # only an SIAE signs a CDDI: refused
    settled(qtbot, d)
    assert "« Entreprise classique » ne signe pas de « CDD d'insertion (CDDI) »" in d.reason.text()
    pick(d, "contract_type_code", "CDD")
    save(qtbot, d)
    page = participants.scroll.widget()
    qtbot.waitUntil(
        lambda: participants.scroll.widget().findChild(object, "person_contracts").model().rowCount() == 1
    )
    assert page is not None
    with store.session() as s:
        assert [c["lot_ref"] for c in listing.contracts(s)] == ["2026-TRX-777-L01"]

    for text, kind, expected in (
        ("Cergy", "buyer", buyer), ("777-L01", "lot", lot), ("Lefèvre", "participant", person),
        ("TRX-777", "market", market),
    ):  # fmt: skip
        window.open_search()
        dialog = window.search_dialog
        assert isinstance(dialog, SearchDialog)
        type_text(qtbot, dialog.input, text)
        qtbot.waitUntil(lambda d=dialog: d.results.count() > 0)
        hits = [dialog.results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.results.count())]
        assert (kind, expected) in hits
        while dialog.results.currentItem().data(Qt.ItemDataRole.UserRole) != (kind, expected):
            qtbot.keyClick(dialog.input, Qt.Key.Key_Down)
        qtbot.keyClick(dialog.input, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is participants or window.stack.currentWidget() is markets
    assert markets.current == ("market", market)


def test_bad_values_are_refused_at_the_field(qtbot: Any, window: MainWindow) -> None:
    companies = window.show_screen("companies")
    companies.new_company()
    d = companies.dialog
    type_in(qtbot, d, "siret", "12345678901234")
    type_in(qtbot, d, "name", "Test")
    assert not d.save_button.isEnabled()
    assert "SIRET" in d.reason.text()
    assert d.errors["siret"].isVisible()
    type_in(qtbot, d, "siret", "73282932000074")
    assert d.save_button.isEnabled()
    type_in(qtbot, d, "notes", "NIR 1 85 05 78 006 084 36")
    assert not d.save_button.isEnabled()
    participants = window.show_screen("participants")
    participants.new_person()
    d = participants.dialog
    type_in(qtbot, d, "last_name", "Martin")
    type_in(qtbot, d, "first_name", "Paul")
    type_in(qtbot, d, "birth_date", "31/02/1990")
    assert not d.save_button.isEnabled()
    assert d.errors["birth_date"].text() == ""  # not while typing: once the field is left
    leave(qtbot, d, "birth_date")
    assert "le 31 février 1990 n'existe pas (février 1990 a 28 jours)" in d.errors["birth_date"].text()
    type_in(qtbot, d, "birth_date", f"01/01/{date.today().year + 1}")
    assert "impossible" in d.reason.text()


def test_duplicate_siret_keeps_the_typing(qtbot: Any, demo_window: MainWindow, demo_store: Any) -> None:
    with demo_store.session() as s:
        siret = listing.companies(s)[0]["siret"]
    companies = demo_window.show_screen("companies")
    companies.new_company()
    d = companies.dialog
    type_in(qtbot, d, "siret", siret)
    type_in(qtbot, d, "name", "Doublon")
    qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton)
    settled(qtbot, d)
    assert d.isVisible()
    assert "existe déjà" in d.reason.text()
    assert d.values()["name"] == "Doublon"


def test_delete_then_restore(qtbot: Any, demo_window: MainWindow, demo_store: Any) -> None:
    with demo_store.session() as s:
        person = listing.participants(s)[0]
    participants = demo_window.show_screen("participants")
    qtbot.waitUntil(lambda: not participants.list.loading)
    total = participants.model.total
    participants.show_person(person["uuid"])
    # a person with contracts cannot be deleted while the contracts live: delete the fiche of a new one
    participants.new_person()
    d = participants.dialog
    type_in(qtbot, d, "last_name", "Éphémère")
    type_in(qtbot, d, "first_name", "Test")
    uuid = save(qtbot, d)
    qtbot.waitUntil(lambda: participants.current == uuid and not participants.list.loading)
    assert participants.model.total == total + 1
    seen: dict[str, Any] = {}

    def answer_yes(box: QMessageBox) -> None:  # the safe « Non » is the default: the person clicks « Oui »
        assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)

    when_modal(QMessageBox, answer_yes, seen)
    qtbot.mouseClick(participants.scroll.widget().findChild(object, "delete"), Qt.MouseButton.LeftButton)
    assert "error" not in seen, seen.get("error")
    qtbot.waitUntil(lambda: participants.model.total == total)
    from clausedesk.ui.widgets.confirm import TrashDialog

    trash = TrashDialog(demo_window.ctx, [("participant", "Participant")], participants)
    qtbot.addWidget(trash)
    assert "Éphémère" in trash.list.item(0).text()
    qtbot.mouseClick(trash.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: participants.model.total == total + 1)


def test_every_screen_opens_on_the_demo_store(qtbot: Any, demo_window: MainWindow, demo_store: Any) -> None:
    for key in demo_window.screens:
        assert demo_window.show_screen(key) is not None
    home = demo_window.screens["home"]
    assert home.currentWidget() is home.dashboard
    qtbot.waitUntil(lambda: not home.loading)
    assert home.alert_list.topLevelItemCount() > 0
    with demo_store.session() as s:
        lot = listing.lots(s)[0]["uuid"]
        company = listing.companies(s)[0]["uuid"]
        person = listing.participants(s)[0]["uuid"]
    demo_window.navigate("lot", lot)
    assert demo_window.screens["markets"].current == ("lot", lot)
    demo_window.navigate("company", company)
    qtbot.waitUntil(lambda: demo_window.screens["companies"].current == company)
    demo_window.navigate("participant", person)
    qtbot.waitUntil(lambda: demo_window.screens["participants"].current == person)
    demo_window.ctx.ops.runner.wait_idle()
    with demo_store.session() as s:  # opening a person's record is noted in the access log
        assert [e.action for e in rgpd_repo.access_entries(s, person)] == ["consultation"]
    plist = demo_window.screens["participants"].list
    qtbot.keyClicks(plist.search, "zzzzzz")
    qtbot.waitUntil(lambda: plist.model.total == 0)
