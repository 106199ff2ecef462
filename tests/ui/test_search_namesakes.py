"""Ctrl+K tells namesakes apart: seven « GAUTIER Lucas » read with their commune (by name) and employer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt

from clausedesk.core.rules.identifiers import luhn_complete
from clausedesk.core.services import catalog, lookup, people
from clausedesk.ui.main_window import MainWindow
from clausedesk.ui.widgets.search import SearchDialog
from tests.ui.helpers import shown_window, type_text

TODAY = date(2026, 11, 15)

# (commune, sex, birth, employer, contract start, contract end)
LUCAS = [
    ("38151", "M", date(1990, 4, 2), "BTP Alpes", date(2026, 3, 1), None),  # Échirolles, at work now
    ("38185", "M", date(1990, 7, 9), "BTP Alpes", date(2025, 1, 6), date(2025, 6, 30)),  # Grenoble, before
    ("38185", "M", date(1985, 1, 1), "Isère Rénovation", date(2026, 9, 1), date(2027, 2, 28)),
    ("38421", "M", date(1999, 3, 3), None, None, None),  # Saint-Martin-d'Hères, never employed
    ("38151", "F", date(2001, 5, 5), "Isère Rénovation", date(2024, 2, 1), date(2024, 8, 1)),
    (None, "M", None, None, None, None),  # nothing known but his name
    ("38229", "M", date(1979, 12, 24), "BTP Alpes", date(2026, 10, 1), None),  # Meylan
]


@pytest.fixture
def namesakes(store: Any) -> list[str]:
    with store.session() as s:
        buyer = catalog.save_buyer(s, catalog.BuyerData("Ville de Grenoble", commune_code="38185"))
        market = catalog.save_market(s, catalog.MarketData("2026-GRE-01", "Médiathèque", buyer.uuid))
        lot = catalog.save_lot(s, catalog.LotData(market.uuid, "2026-GRE-01-L01", "1", "Gros œuvre",
                                                  amount_ht="900000", start_date=date(2024, 1, 1),
                                                  end_date=date(2027, 12, 31)))  # fmt: skip
        companies = {}
        for name, siren in (("BTP Alpes", "73282932"), ("Isère Rénovation", "40483304")):
            siret = luhn_complete(luhn_complete(siren) + "0001")
            companies[name] = catalog.save_company(s, catalog.CompanyData(siret, name)).uuid
        uuids = []
        for commune, sex, birth, employer, start, end in LUCAS:
            who = people.save_participant(s, people.ParticipantData(
                "Gautier", "Lucas", sex=sex, birth_date=birth, commune_code=commune)).uuid  # fmt: skip
            if employer and start:
                proof = people.ValidationData(who, start, ["DELD"], prescriber="France Travail")
                people.save_validation(s, proof)
                people.save_contract(s, people.ContractData(
                    participant_uuid=who, company_uuid=companies[employer], lot_uuid=lot.uuid,
                    modality="embauche_directe", contract_type_code="CDD", start_date=start, end_date=end,
                ))  # fmt: skip
            uuids.append(who)
        return uuids


def test_the_search_service_names_commune_and_employer(store: Any, namesakes: list[str]) -> None:
    with store.session() as s:
        hits = lookup.search(s, "gautier lucas", today=TODAY)
    labels = {h.uuid: h.label for h in hits if h.kind == "participant"}
    assert [labels[u] for u in namesakes] == [
        "GAUTIER Lucas — Échirolles, chez BTP Alpes (né en 1990)",
        "GAUTIER Lucas — Grenoble, dernier employeur BTP Alpes (né en 1990)",
        "GAUTIER Lucas — Grenoble, chez Isère Rénovation (né en 1985)",
        "GAUTIER Lucas — Saint-Martin-d'Hères (né en 1999)",
        "GAUTIER Lucas — Échirolles, dernier employeur Isère Rénovation (née en 2001)",
        "GAUTIER Lucas",
        "GAUTIER Lucas — Meylan, chez BTP Alpes (né en 1979)",
    ]
    assert len(set(labels.values())) == 7  # no two read alike
    assert not any("38151" in label or "38185" in label for label in labels.values())  # names, not codes


@pytest.fixture
def window(qtbot: Any, store: Any, namesakes: list[str]) -> Iterator[MainWindow]:
    with shown_window(qtbot, store) as w:
        yield w


def test_ctrl_k_shows_namesakes_apart_and_opens_the_one_chosen(
    qtbot: Any, window: MainWindow, namesakes: list[str]
) -> None:  # fmt: skip
    window.open_search()
    dialog = window.search_dialog
    assert isinstance(dialog, SearchDialog)
    type_text(qtbot, dialog.input, "gautier")
    qtbot.waitUntil(lambda: dialog.results.count() == 7)
    texts = [dialog.results.item(i).text() for i in range(dialog.results.count())]
    assert len(set(texts)) == 7
    meylan = next(i for i, t in enumerate(texts) if "Meylan, chez BTP Alpes (né en 1979)" in t)
    for _ in range(meylan):
        qtbot.keyClick(dialog.input, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.input, Qt.Key.Key_Return)
    participants = window.show_screen("participants")
    qtbot.waitUntil(lambda: participants.current == namesakes[6])


def test_the_people_list_finds_a_commune_by_its_name(store: Any, namesakes: list[str]) -> None:
    from clausedesk.core.services import browsing

    with store.session() as s:
        rows = browsing.list_page(s, "participants", browsing.ListQuery(text="gautier echirolles"), 0, 50)
        by_code = browsing.list_page(s, "participants", browsing.ListQuery(text="38151"), 0, 50)
    assert sorted(r[0] for r in rows) == sorted([namesakes[0], namesakes[4]])  # no accent needed
    assert sorted(r[0] for r in by_code) == sorted(r[0] for r in rows)  # the code still works
