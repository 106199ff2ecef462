"""A small recruitment world: a company with a lot, candidates with or without eligibility."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from clausedesk.core.rules.identifiers import luhn_complete
from clausedesk.core.services import catalog, people
from clausedesk.core.services import recruitment as rec
from clausedesk.core.services import recruitment_candidates as cand
from clausedesk.db.store import Store


@dataclass
class World:
    company: str
    lot: str
    alice: str  # eligible, seeks F1703, lives in the commune of the post
    bruno: str  # eligible, seeks F1703, same department
    chloe: str  # no eligibility validation, seeks F1703


def _person(s: object, last: str, first: str, commune: str) -> str:
    return people.save_participant(s, people.ParticipantData(last, first, sex="F", commune_code=commune)).uuid  # type: ignore[arg-type]


@pytest.fixture
def world(store: Store) -> World:
    with store.session() as s:
        buyer = catalog.save_buyer(s, catalog.BuyerData("Ville de Cergy", commune_code="95127"))
        market = catalog.save_market(s, catalog.MarketData("2026-REC-01", "Groupe scolaire", buyer.uuid))
        lot = catalog.save_lot(s, catalog.LotData(market.uuid, "2026-REC-01-L01", "1", "Gros œuvre",
                                                  amount_ht="500000", start_date=date(2026, 1, 1),
                                                  end_date=date(2027, 12, 31)))  # fmt: skip
        siret = luhn_complete(luhn_complete("73282932") + "0001")
        company = catalog.save_company(
            s, catalog.CompanyData(siret, "Bâtiments du Val", commune_code="95127")
        )
        alice = _person(s, "MARTIN", "Alice", "95127")
        bruno = _person(s, "DURAND", "Bruno", "95018")
        chloe = _person(s, "PETIT", "Chloé", "95018")
        for who in (alice, bruno):
            people.save_validation(s, people.ValidationData(who, date(2026, 9, 1), ["DELD"],
                                                            prescriber="France Travail Cergy"))  # fmt: skip
        for who in (alice, bruno, chloe):
            cand.save_candidate_profile(s, cand.CandidateData(
                who, candidate_since=date(2026, 9, 1), prescriber="France Travail Cergy",
                prescriber_referent="Mme Nguyen", driving_licence=True, mobility="departement",
                jobs_sought=["F1703"],
            ))  # fmt: skip
        return World(company.uuid, lot.uuid, alice, bruno, chloe)


def offer_data(w: World, **kw: object) -> rec.OfferData:
    base: dict[str, object] = dict(
        company_uuid=w.company, rome="F1703", job_label="Maçon", posts=1, lot_uuids=[w.lot],
        contract_type_code="CDD", modality="embauche_directe", start_date=date(2026, 12, 1),
        duration_months=6, weekly_hours="35", place="Chantier du groupe scolaire, Cergy",
        commune_code="95127", opened_on=date(2026, 10, 1),
    )  # fmt: skip
    base.update(kw)
    return rec.OfferData(**base)  # type: ignore[arg-type]
