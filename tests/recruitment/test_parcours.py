"""A person's parcours on one page and the « fins de contrat » beside the matching open offers (issue 20)."""

from __future__ import annotations

from datetime import date

import pytest

from clausedesk.core.errors import ValidationError
from clausedesk.core.services import people
from clausedesk.core.services import recruitment as rec
from clausedesk.core.services.parcours import contracts_ending, person_parcours, propose
from clausedesk.db.store import Store

from .conftest import World, offer_data

TODAY = date(2026, 11, 2)


@pytest.fixture
def ending(store: Store, world: World) -> str:
    """Bruno's CDD on the lot ends on 20/11/2026; the Maçon offer (start 01/12/2026) is open."""
    with store.session() as s:
        offer = rec.save_offer(s, offer_data(world)).uuid
        contract = people.save_contract(s, people.ContractData(
            world.bruno, world.company, world.lot, "embauche_directe", "CDD", date(2026, 9, 2),
            date(2026, 11, 20), rome="F1703", job_label="Maçon", weekly_hours="35",
        ))  # fmt: skip
        for month in ("2026-09", "2026-10"):
            people.set_hours(s, contract.uuid, month, "140")
    return offer


def test_a_contract_ending_soon_is_shown_with_the_offers_matching_the_person(
    store: Store, world: World, ending: str
) -> None:
    with store.session() as s:
        [soon] = contracts_ending(s, TODAY, 4)
        assert soon.contract.participant_uuid == world.bruno and soon.contract.end == date(2026, 11, 20)
        assert soon.candidate and [m.offer_uuid for m in soon.offers] == [ending]
        assert "recherche ce métier (F1703 — Maçon / Maçonne)" in soon.offers[0].reasons
        assert contracts_ending(s, TODAY, 2) == []  # 20/11 is beyond two weeks
        with pytest.raises(ValidationError, match="entre 1 et 52 semaines"):
            contracts_ending(s, TODAY, 0)
    with store.session() as s:
        propose(s, ending, world.bruno, TODAY)
    with store.session() as s:
        [soon] = contracts_ending(s, TODAY, 4)
        assert soon.offers == []  # proposed: the offer no longer lists him


def test_the_parcours_page_gathers_contracts_hours_trainings_and_offers(
    store: Store, world: World, ending: str
) -> None:
    with store.session() as s:
        page = person_parcours(s, world.bruno, TODAY)
    assert page.name == "DURAND Bruno" and page.candidate
    assert [(c.buyer, c.market_ref, c.lot_ref, c.company) for c in page.contracts] == [
        ("Ville de Cergy", "2026-REC-01", "2026-REC-01-L01", "Bâtiments du Val")
    ]
    assert [(m, w) for m, w, _t in page.hours_by_month] == [("2026-09", 140), ("2026-10", 140)]
    assert page.total_hours == 280 and page.buyers == ["Ville de Cergy"]
    assert [o.offer_uuid for o in page.offers] == [ending]
