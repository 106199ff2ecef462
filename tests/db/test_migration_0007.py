"""0007_publics_rules on a store of the previous schema: PEC and CUI-CIE split, sorties per seed 002."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from sqlalchemy import select

from clausedesk.db.models import Company, Contract, ContractType, OutcomeType
from clausedesk.db.repositories import reference
from clausedesk.db.store import Store
from clausedesk.paths import Paths

FIXTURE = Path(__file__).parents[1] / "fixtures" / "store_v0004_small.sqlite"


def _old_pec_contracts() -> dict[str, tuple[str, int]]:
    """uuid → (employer kind, rev) of the fixture's contracts typed « PEC / CUI-CIE »."""
    with sqlite3.connect(FIXTURE) as conn:
        rows = conn.execute(
            "SELECT c.uuid, co.kind, c.rev FROM contract c JOIN contract_type t ON t.id = c.contract_type_id "
            "JOIN company co ON co.id = c.company_id WHERE t.code = 'PEC_CUI'"
        ).fetchall()
    return {uuid: (kind, rev) for uuid, kind, rev in rows}


def test_old_store_gets_pec_split_from_cui_cie_and_the_seed_002_outcomes(tmp_path: Path) -> None:
    before = _old_pec_contracts()
    assert {kind for kind, _ in before.values()} == {"entreprise", "esat"}  # the fixture has both
    paths = Paths(tmp_path / "donnees").ensure()
    shutil.copyfile(FIXTURE, paths.store)
    store = Store.open(paths)
    try:
        with store.session() as s:
            types = {t.code: t for t in s.scalars(select(ContractType))}
            assert types["PEC"].outcome_kind == "contrat_aide_non_marchand" and types["PEC"].active
            assert types["CUI_CIE"].outcome_kind == "contrat_aide_marchand"
            assert types["EMPLOI_FRANC"].outcome_kind == "contrat_aide_marchand"
            assert not types["PEC_CUI"].active  # kept for history, no longer offered
            assert types["CDD_TREMPLIN"].outcome_kind == "cdd_tremplin"  # was "siae"
            rows = s.execute(
                select(Contract.uuid, Company.kind, ContractType.code, Contract.rev)
                .join(Company, Company.id == Contract.company_id)
                .join(ContractType, ContractType.id == Contract.contract_type_id)
                .where(Contract.uuid.in_(list(before)))
            ).all()
            assert len(rows) == len(before)
            for uuid, kind, code, rev in rows:
                assert code == ("CUI_CIE" if kind == "entreprise" else "PEC")
                assert rev == before[uuid][1] + 1  # the change reaches the coordinator
            outcomes = {o.code: o for o in s.scalars(select(OutcomeType))}
            assert outcomes["CREATION"].sortie_category == "autre"  # beyond the text: not counted
            assert outcomes["EMPLOI_FRANC"].sortie_category == "emploi_transition"
            assert "CUI-CIE" in outcomes["CDI"].label
            rules = {r.code: r for r in reference.structure_rules(s)}
            assert set(rules) == {"entreprise", "ei", "aci", "ai", "etti", "eiti", "geiq", "ea", "esat"}
            assert rules["esat"].contract_types == "MAD"
            assert rules["etti"].contract_types.startswith("MISSION")
    finally:
        store.close()
