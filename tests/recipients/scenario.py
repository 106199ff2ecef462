"""A store where one company works for two buyers and an ESAT places its workers on both lots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from clausedesk.core.services import catalog, people
from clausedesk.db.store import Store

COMPANY = "73282932000074"
ESAT = "42621947300011"
IDLE = "55121947000012"  # a company with no lot


@dataclass(frozen=True)
class Scenario:
    lots: dict[str, str]  # lot ref → uuid
    contracts: dict[str, str]  # key → contract uuid


def build(store: Store, months: tuple[str, ...] = ("2026-03", "2026-04", "2026-05", "2026-06")) -> Scenario:
    """Bâti Ouest holds 2026-001-L01 (Ville de Cergy, 800 h) and 2026-002-L01 (Département, 300 h) as
    titulaire; it employs Awa on the first and Karim on the second, 100 h a month each; ESAT Les Ateliers
    places Léa (mise à disposition) on the second and sub-contracts Paul on the first, 20 h a month each."""
    with store.session() as s:
        lots: dict[str, str] = {}
        for n, (buyer_name, kind, objective) in enumerate(
            (("Ville de Cergy", "commune", "800"), ("Département du Val-d'Oise", "departement", "300")), 1
        ):
            buyer = catalog.save_buyer(s, catalog.BuyerData(name=buyer_name, kind=kind))
            market = catalog.save_market(s, catalog.MarketData(
                ref=f"2026-00{n}", title=f"Marché {n}", buyer_uuid=buyer.uuid,
                start_date=date(2026, 1, 1), end_date=date(2026, 12, 31)))  # fmt: skip
            lot = catalog.save_lot(s, catalog.LotData(
                market_uuid=market.uuid, ref=f"2026-00{n}-L01", number="1", title=f"Lot du marché {n}",
                amount_ht="100 000", forced_hours=objective, count_subcontracting=True,
                start_date=date(2026, 1, 1), end_date=date(2026, 12, 31)))  # fmt: skip
            lots[lot.ref] = lot.uuid
        company = catalog.save_company(s, catalog.CompanyData(siret=COMPANY, name="Bâti Ouest", naf="4399c"))
        esat = catalog.save_company(s, catalog.CompanyData(siret=ESAT, name="ESAT Les Ateliers", kind="esat"))
        catalog.save_company(s, catalog.CompanyData(siret=IDLE, name="Sans Lot SARL"))
        for uuid in lots.values():
            catalog.save_attribution(s, catalog.AttributionData(lot_uuid=uuid, company_uuid=company.uuid))
        contracts: dict[str, str] = {}
        plan = (
            ("awa", "Diallo", "Awa", "F", company.uuid, "2026-001-L01", "embauche_directe", "CDD", "100"),
            ("karim", "Benali", "Karim", "M", company.uuid, "2026-002-L01", "embauche_directe", "CDD", "100"),
            ("lea", "Martin", "Léa", "F", esat.uuid, "2026-002-L01", "mise_a_disposition", "MAD", "20"),
            ("paul", "Durand", "Paul", "M", esat.uuid, "2026-001-L01", "sous_traitance", "MAD", "20"),
        )
        for key, last, first, sex, employer, lot_ref, modality, ctype, worked in plan:
            person = people.save_participant(s, people.ParticipantData(
                last_name=last, first_name=first, sex=sex, birth_date=date(1990, 5, 1)))  # fmt: skip
            people.save_validation(s, people.ValidationData(
                participant_uuid=person.uuid, validated_on=date(2026, 1, 5), category_codes=["DELD"],
            ))  # fmt: skip
            contract = people.save_contract(s, people.ContractData(
                participant_uuid=person.uuid, company_uuid=employer, lot_uuid=lots[lot_ref],
                modality=modality, contract_type_code=ctype,
                start_date=date(2026, 3, 1), end_date=date(2026, 12, 31),
                rome="F1703", weekly_hours="35"))  # fmt: skip
            for month in months:
                people.set_hours(s, contract.uuid, month, worked)
            contracts[key] = contract.uuid
        return Scenario(lots, contracts)
