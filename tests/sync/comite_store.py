"""The hand-computed store of two facilitators of issue 14, built through real packages (a fixture).

Facilitator A (buyer SIRET 21750001600019, marché MA of an operation in Arras, CU d'Arras 200033579):
- Anne (born 01/03/1990): BRSA from 01/01/2024; CDD from 01/02/2025, 100 h in 2025-02 and 50 h in 2025-03;
  sortie on 10/04/2025 in CDI (emploi durable).
- Bilal (born 01/03/2002, 22 at entry): DELD from 01/01/2024; CDI from 01/06/2024, 70 h in 2024-06 and
  30 h in 2025-01; sortie on 15/12/2024 in formation qualifiante (sortie positive).
- meetings: donneur d'ordre 01/03/2025 (on MA), fédération 01/05/2025, comité départemental 01/06/2025
  and 01/06/2024.
Facilitator B (buyer SIRET 21620041000019, marché MB of an operation in Lens, CA de Lens - Liévin 246200364):
- Anne again (same name and birth date: the same departmental pseudonym): DELD from 01/01/2024; CDD from
  01/09/2025, 40 h in 2025-09.
- Chloé (born 01/01/1970, 55 at entry): BRSA from 01/01/2024; CDI from 01/10/2025, 60 h in 2025-10;
  sortie on 20/11/2025 in CDD of 3 to 6 months (emploi de transition).
- meetings: donneur d'ordre 01/02/2025 (no marché), comité départemental 01/06/2025.

By hand, for 2025: hours A 180, B 100, total 280; people A 2, B 2, total 3 (Anne once); publics at entry
A {BRSA, DELD, moins_26: 1 each}, B {BRSA, DELD, 50_plus: 1 each}, total BRSA 2, DELD 2, moins_26 1,
50_plus 1 (Anne is BRSA with A and DELD with B: both validations are in force at her entry, 01/02/2025);
contracts A {CDD 1, CDI 1}, B {CDD 1, CDI 1}; sorties A durable 1, B transition 1; buyers met A 1, B 1;
federations A 1; comités A 1, B 1; marchés A 1, B 1; partners A and B each 1 buyer and 1 company (the same
company, SIRET 73282932000074, for both: 1 in the total), no SIAE; clause typology: A's lot is a condition
d'exécution, B's combines condition d'exécution and critère d'attribution: lots {condition_execution 2,
critere_attribution 1}, hours {condition_execution 280, critere_attribution 100}.
For 2024: 70 h, 1 person (Bilal: DELD, moins_26), 1 CDI, 1 sortie positive, 1 comité, 1 marché, 1 buyer and
1 company, 1 lot (condition d'exécution, 70 h).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from clausedesk.core.services import catalog, journal, people
from clausedesk.db.store import Store
from clausedesk.paths import Paths
from clausedesk.sync import importer

from .conftest import Coordinator, Facilitator, make_facilitator

SIRET_A, SIRET_B = "21750001600019", "21620041000019"

PLAN: dict[str, dict[str, Any]] = {
    "A": {
        "siret": SIRET_A,
        "commune": "62041",  # Arras, in the CU d'Arras (EPCI 200033579)
        "mechanisms": ["condition_execution"],
        "people": [
            ("Anne", date(1990, 3, 1), "BRSA", "CDD", date(2025, 2, 1),
             [("2025-02", "100"), ("2025-03", "50")], (date(2025, 4, 10), "CDI")),
            ("Bilal", date(2002, 3, 1), "DELD", "CDI", date(2024, 6, 1),
             [("2024-06", "70"), ("2025-01", "30")], (date(2024, 12, 15), "FORMATION_QUALIFIANTE")),
        ],
        "meetings": [(date(2025, 3, 1), "donneur_ordre", True), (date(2025, 5, 1), "federation", False),
                     (date(2025, 6, 1), "comite_departemental", False),
                     (date(2024, 6, 1), "comite_departemental", False)],
    },
    "B": {
        "siret": SIRET_B,
        "commune": "62498",  # Lens, in the CA de Lens - Liévin (EPCI 246200364)
        "mechanisms": ["condition_execution", "critere_attribution"],
        "people": [
            ("Anne", date(1990, 3, 1), "DELD", "CDD", date(2025, 9, 1), [("2025-09", "40")], None),
            ("Chloé", date(1970, 1, 1), "BRSA", "CDI", date(2025, 10, 1), [("2025-10", "60")],
             (date(2025, 11, 20), "CDD_3_6M")),
        ],
        "meetings": [(date(2025, 2, 1), "donneur_ordre", False),
                     (date(2025, 6, 1), "comite_departemental", False)],
    },
}  # fmt: skip


def _fill(store: Store, name: str) -> None:
    plan = PLAN[name]
    with store.session() as s:
        buyer = catalog.save_buyer(s, catalog.BuyerData(name=f"Ville {name}", siret=plan["siret"]))
        operation = catalog.save_operation(s, catalog.OperationData(
            buyer_uuid=buyer.uuid, name=f"Groupe scolaire {name}", commune_code=plan["commune"]))
        market = catalog.save_market(s, catalog.MarketData(
            ref=f"M{name}", title="Groupe scolaire", buyer_uuid=buyer.uuid, operation_uuid=operation.uuid,
            start_date=date(2024, 1, 1), end_date=date(2026, 6, 30),
        ))  # fmt: skip
        lot = catalog.save_lot(s, catalog.LotData(
            market_uuid=market.uuid, ref=f"M{name}-L01", number="1", title="Gros œuvre",
            amount_ht="1 000 000", start_date=date(2024, 1, 1), end_date=date(2026, 6, 30),
            mechanisms=plan["mechanisms"],
        ))  # fmt: skip
        company = catalog.save_company(s, catalog.CompanyData(siret="73282932000074", name="Bâti Nord"))
        catalog.save_attribution(s, catalog.AttributionData(lot_uuid=lot.uuid, company_uuid=company.uuid))
        for first, birth, public, ctype, start, hours, sortie in plan["people"]:
            person = people.save_participant(
                s, people.ParticipantData(last_name="Martin", first_name=first, sex="F", birth_date=birth)
            )
            people.save_validation(s, people.ValidationData(
                participant_uuid=person.uuid, validated_on=date(2024, 1, 1), expires_on=date(2027, 1, 1),
                category_codes=[public], prescriber="France Travail",
            ))  # fmt: skip
            contract = people.save_contract(s, people.ContractData(
                participant_uuid=person.uuid, company_uuid=company.uuid, lot_uuid=lot.uuid,
                modality="embauche_directe", contract_type_code=ctype, start_date=start,
                end_date=date(2025, 12, 31),
            ))  # fmt: skip
            for month, worked in hours:
                people.set_hours(s, contract.uuid, month, worked)
            if sortie is not None:
                people.save_situation(s, people.SituationData(person.uuid, sortie[0], sortie[1]))
        for held_on, kind, on_market in plan["meetings"]:
            journal.save_meeting(s, journal.MeetingData(
                held_on=held_on, title=f"Réunion {kind}", kind=kind,
                market_uuid=market.uuid if on_market else None,
            ))  # fmt: skip


@dataclass
class Department:
    coord: Coordinator
    keys: dict[str, str]  # facilitator name (A, B) → key id
    paths: dict[str, Paths]  # facilitator name → data folder


@pytest.fixture
def department(tmp_path: Path, coord: Coordinator) -> Iterator[Department]:
    facs: list[Facilitator] = []
    try:
        for name in ("A", "B"):
            fac = make_facilitator(name, Paths(tmp_path / f"fac-{name}"), coord)
            facs.append(fac)
            _fill(fac.store, name)
            blob = fac.package("2025-12", tmp_path)
            result = importer.import_blob(coord.store.sessions, coord.identity, blob, fac.name)
            assert result.status == "merged", result.reason
        yield Department(
            coord, {f.name: f.identity.public.key_id_hex for f in facs}, {f.name: f.paths for f in facs}
        )
    finally:
        for fac in facs:
            fac.store.close()
