"""The comité's figures by period and breakdown (issue 14), on a hand-computed store of two facilitators.

Facilitator A (buyer SIRET 21750001600019, marché MA):
- Anne (born 01/03/1990): BRSA from 01/01/2024; CDD from 01/02/2025, 100 h in 2025-02 and 50 h in 2025-03;
  sortie on 10/04/2025 in CDI (emploi durable).
- Bilal (born 01/03/2002, 22 at entry): DELD from 01/01/2024; CDI from 01/06/2024, 70 h in 2024-06 and
  30 h in 2025-01; sortie on 15/12/2024 in formation qualifiante (sortie positive).
- meetings: donneur d'ordre 01/03/2025 (on MA), fédération 01/05/2025, comité départemental 01/06/2025
  and 01/06/2024.
Facilitator B (buyer SIRET 21620041000019, marché MB):
- Anne again (same name and birth date: the same departmental pseudonym): DELD from 01/01/2024; CDD from
  01/09/2025, 40 h in 2025-09.
- Chloé (born 01/01/1970, 55 at entry): BRSA from 01/01/2024; CDI from 01/10/2025, 60 h in 2025-10;
  sortie on 20/11/2025 in CDD of 3 to 6 months (emploi de transition).
- meetings: donneur d'ordre 01/02/2025 (no marché), comité départemental 01/06/2025.

By hand, for 2025: hours A 180, B 100, total 280; people A 2, B 2, total 3 (Anne once); publics at entry
A {BRSA, DELD, moins_26: 1 each}, B {BRSA, DELD, 50_plus: 1 each}, total BRSA 2, DELD 2, moins_26 1,
50_plus 1 (Anne is BRSA with A and DELD with B: both validations are in force at her entry, 01/02/2025);
contracts A {CDD 1, CDI 1}, B {CDD 1, CDI 1}; sorties A durable 1, B transition 1; buyers met A 1, B 1;
federations A 1; comités A 1, B 1; marchés A 1, B 1.
For 2024: 70 h, 1 person (Bilal: DELD, moins_26), 1 CDI, 1 sortie positive, 1 comité, 1 marché.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from clausedesk.cli import run
from clausedesk.core.services import catalog, journal, people
from clausedesk.db.repositories.reference import set_setting
from clausedesk.db.store import Store
from clausedesk.paths import Paths
from clausedesk.sync import importer
from clausedesk.sync.comite_figures import DEFINITIONS

from .conftest import Coordinator, Facilitator, make_facilitator

SIRET_A, SIRET_B = "21750001600019", "21620041000019"

PLAN: dict[str, dict[str, Any]] = {
    "A": {
        "siret": SIRET_A,
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
        market = catalog.save_market(s, catalog.MarketData(
            ref=f"M{name}", title="Groupe scolaire", buyer_uuid=buyer.uuid,
            start_date=date(2024, 1, 1), end_date=date(2026, 6, 30),
        ))  # fmt: skip
        lot = catalog.save_lot(s, catalog.LotData(
            market_uuid=market.uuid, ref=f"M{name}-L01", number="1", title="Gros œuvre",
            amount_ht="1 000 000", start_date=date(2024, 1, 1), end_date=date(2026, 6, 30),
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


def stats(capsys: pytest.CaptureFixture[str], coord: Coordinator, *args: str) -> tuple[int, Any, str]:
    code = run(["--data-dir", str(coord.paths.root), "coordinator", "stats", *args])
    out, err = capsys.readouterr()
    return code, json.loads(out) if code == 0 and out.strip() else None, err


SHAPE = {"hours_total", "people", "publics_at_entry", "contracts_by_type", "sorties", "buyers_met",
         "federations_met", "comite_meetings", "markets_followed"}  # fmt: skip
NO_SORTIE = {"durable": 0, "transition": 0, "positive": 0, "autre": 0}


def test_year_figures_match_the_hand_computed_store(department: Department,
                                                    capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    code, year, err = stats(capsys, department.coord, "--json", "--year", "2025")
    assert code == 0, err
    assert set(year) >= SHAPE and year["period"] == {"from": "2025-01", "to": "2025-12"}
    assert year["hours_total"] == 280.0 and year["people"] == 3
    assert year["publics_at_entry"] == {"BRSA": 2, "DELD": 2, "moins_26": 1, "50_plus": 1}
    assert year["contracts_by_type"] == {"CDD": 2, "CDI": 2}
    assert year["sorties"] == {**NO_SORTIE, "durable": 1, "transition": 1}
    assert (year["buyers_met"], year["federations_met"], year["comite_meetings"]) == (2, 1, 2)
    assert year["markets_followed"] == 2

    code, before, err = stats(capsys, department.coord, "--json", "--year", "2024")
    assert code == 0, err
    assert before["hours_total"] == 70.0 and before["people"] == 1
    assert before["publics_at_entry"] == {"DELD": 1, "moins_26": 1}
    assert before["contracts_by_type"] == {"CDI": 1}
    assert before["sorties"] == {**NO_SORTIE, "positive": 1}
    assert (before["buyers_met"], before["federations_met"], before["comite_meetings"]) == (0, 0, 1)

    # a range of months: February to March 2025 is Anne's work with A alone
    code, spring, err = stats(capsys, department.coord, "--json", "--from", "2025-02", "--to", "2025-03")
    assert code == 0, err
    assert spring["hours_total"] == 150.0 and spring["people"] == 1 and spring["buyers_met"] == 2
    assert spring["publics_at_entry"] == {"BRSA": 1, "DELD": 1}  # Anne is DELD with B from 2024 too

    # without a period: every month
    code, everything, err = stats(capsys, department.coord, "--json")
    assert code == 0, err
    assert (
        everything["hours_total"] == 350.0
        and everything["people"] == 3
        and everything["comite_meetings"] == 3
    )


def test_figures_by_facilitator_add_up_to_the_total_except_people(
    department: Department, capsys: pytest.CaptureFixture[str]
) -> None:
    code, total, err = stats(capsys, department.coord, "--json", "--year", "2025")
    assert code == 0, err
    code, by_fac, err = stats(capsys, department.coord, "--json", "--year", "2025", "--by", "facilitator")
    assert code == 0, err
    a, b = by_fac[department.keys["A"]], by_fac[department.keys["B"]]
    assert set(by_fac) == set(department.keys.values()) and set(a) == SHAPE | {"hours_by_public", "trainees"}
    assert (a["hours_total"], b["hours_total"]) == (180.0, 100.0)
    assert (a["people"], b["people"]) == (2, 2)  # Anne counts in each, once in the total
    assert a["publics_at_entry"] == {"BRSA": 1, "DELD": 1, "moins_26": 1}
    assert b["publics_at_entry"] == {"BRSA": 1, "DELD": 1, "50_plus": 1}
    assert a["sorties"]["durable"] == 1 and b["sorties"]["transition"] == 1
    assert (a["buyers_met"], b["buyers_met"], a["federations_met"], b["federations_met"]) == (1, 1, 1, 0)
    for name in SHAPE - {"people"}:
        if isinstance(total[name], dict):
            summed: dict[str, int] = {}
            for part in (a, b):
                for key, value in part[name].items():
                    summed[key] = summed.get(key, 0) + value
            assert {k: v for k, v in summed.items() if v} == {k: v for k, v in total[name].items() if v}, name
        else:
            assert a[name] + b[name] == total[name], name
    assert a["people"] + b["people"] == total["people"] + 1


def test_figures_by_buyer_are_keyed_by_siret(
    department: Department, capsys: pytest.CaptureFixture[str]
) -> None:
    code, by_buyer, err = stats(capsys, department.coord, "--json", "--year", "2025", "--by", "buyer")
    assert code == 0, err
    assert set(by_buyer) == {SIRET_A, SIRET_B}
    assert by_buyer[SIRET_A]["hours_total"] == 180.0 and by_buyer[SIRET_B]["hours_total"] == 100.0
    assert by_buyer[SIRET_A]["people"] == 2 and by_buyer[SIRET_B]["markets_followed"] == 1
    assert by_buyer[SIRET_A]["buyers_met"] == 1  # the meeting held on A's marché; B's had no marché
    assert by_buyer[SIRET_B]["buyers_met"] == 0


def test_bad_periods_and_missing_territory_data_are_refused(
    department: Department, capsys: pytest.CaptureFixture[str]
) -> None:
    coord = department.coord
    code, _, err = stats(capsys, coord, "--json", "--from", "2025-05")
    assert code == 2 and "--from et --to vont ensemble" in err
    code, _, err = stats(capsys, coord, "--json", "--from", "2025-06", "--to", "2025-01")
    assert code == 1 and "inversez --from et --to" in err
    with pytest.raises(SystemExit) as usage:
        run(["--data-dir", str(coord.paths.root), "coordinator", "stats", "--json", "--year", "2025",
             "--from", "2025-01", "--to", "2025-02"])  # fmt: skip
    assert usage.value.code == 2
    capsys.readouterr()
    code, _, err = stats(capsys, coord, "--json", "--year", "2025", "--by", "territory")
    assert code == 1 and "commune → EPCI" in err


def _coordinator_cli(
    capsys: pytest.CaptureFixture[str], coord: Coordinator, *args: str
) -> tuple[int, str, str]:
    code = run(["--data-dir", str(coord.paths.root), "coordinator", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_comite_pdf_and_workbook_compare_the_year_with_the_one_before(
    department: Department, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    coord = department.coord
    with coord.store.session() as s:
        set_setting(s, "small_count_threshold", "2")  # Anne, Bilal, Chloé: only counts of 1 hidden
    xlsx = tmp_path / "comite.xlsx"
    code, out, err = _coordinator_cli(capsys, coord, "export-xlsx", "--year", "2025", "-o", str(xlsx))
    assert code == 0, err
    sheet = load_workbook(xlsx)["2025 et 2024"]
    rows = {r[0]: r[1:] for r in sheet.iter_rows(min_row=3, values_only=True) if r and r[0]}
    assert rows["Heures d'insertion réalisées"][:3] == (280.0, 70.0, 210.0)
    assert rows["Personnes ayant travaillé"][:3] == (3, "< 2", None)  # 1 person in 2024: masked, no écart
    assert rows["Comités départementaux tenus"][:3] == (2, 1, 1)
    assert rows["Rencontres de donneurs d'ordre"][:3] == (2, 0, 2)
    assert rows["dont Bénéficiaire du RSA"][:3] == (2, 0, 2)
    assert rows["dont Emploi durable"][:2] == ("< 2", 0)
    assert "pseudonyme départemental" in rows["Personnes ayant travaillé"][3]

    pdf = tmp_path / "comite.pdf"
    code, out, err = _coordinator_cli(capsys, coord, "comite-pdf", "--year", "2025", "-o", str(pdf))
    assert code == 0, err
    text = " ".join(" ".join((page.extract_text() or "") for page in PdfReader(pdf).pages).split())
    assert "Indicateurs du comité : 2025 comparé à 2024" in text
    assert "de janvier 2025 à décembre 2025" in text
    for name, (title, definition) in DEFINITIONS.items():
        assert title in text, name
        assert " ".join(definition.split()[:4]) in text, name
    assert "+210" in text

    # the cumulated document by month still works, and --year and --month go alone
    code, out, err = _coordinator_cli(capsys, coord, "comite-pdf", "--month", "2025-12", "-o", str(pdf))
    assert code == 0, err
    with pytest.raises(SystemExit) as usage:
        run(["--data-dir", str(coord.paths.root), "coordinator", "comite-pdf", "--month", "2025-12",
             "--year", "2025", "-o", str(pdf)])  # fmt: skip
    assert usage.value.code == 2


def _targets(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, Any, str]:
    code = run(["--data-dir", str(root), *args])
    out, err = capsys.readouterr()
    return code, json.loads(out) if code == 0 and args[-1] == "--json" else out, err


def test_targets_on_both_sides_follow_the_hours_and_the_shares_by_public(
    department: Department, capsys: pytest.CaptureFixture[str]
) -> None:
    coord_root, fac_root = department.coord.paths.root, department.paths["A"].root
    # the department: 7,000 hours in 2025, 30 % for BRSA (the Deux-Sèvres call)
    code, out, err = _targets(capsys, coord_root, "coordinator", "targets", "set", "--year", "2025",
                              "--hours", "7000", "--public", "BRSA=30")  # fmt: skip
    assert code == 0 and "Objectif 2025 enregistré" in out, err
    code, [dept], err = _targets(capsys, coord_root, "coordinator", "targets", "--json")
    assert code == 0, err
    assert dept["year"] == 2025 and dept["hours"] == 7000.0 and dept["prorata"] == 1.0  # 2025 is over
    assert dept["hours_done"] == 280.0 and dept["expected_hours"] == 7000.0 and dept["on_track"] is False
    assert dept["progress_pct"] == 4.0
    # BRSA at entry: Anne (150 h with A, 40 h with B) and Chloé (60 h): 250 of 280 hours
    assert dept["publics"] == {"BRSA": {"target_pct": 30.0, "hours_done": 250.0, "done_pct": 89.3}}
    pdf = department.coord.paths.root / "comite.pdf"
    code, out, err = _targets(
        capsys, coord_root, "coordinator", "comite-pdf", "--year", "2025", "-o", str(pdf)
    )
    assert code == 0, err
    from pypdf import PdfReader

    text = " ".join(" ".join((page.extract_text() or "") for page in PdfReader(pdf).pages).split())
    assert "Objectif des financeurs 2025" in text
    assert "Heures d'insertion 7 000 h 7 000 h 280 h 4,0 %" in text
    assert "Part des heures : BRSA 30,0 % 250 h 89,3 %" in text
    assert "Part de l'année écoulée : 100,0 %" in text and "en retard sur le prorata" in text

    # the facilitator A's operation: Anne (BRSA) 150 h, Bilal (DELD) 30 h in 2025
    code, out, err = _targets(capsys, fac_root, "targets", "set", "--year", "2025", "--hours", "1 000",
                              "--public", "BRSA=30", "--public", "DELD=50")  # fmt: skip
    assert code == 0, err
    code, [mine], err = _targets(capsys, fac_root, "targets", "--json")
    assert code == 0, err
    assert mine["hours_done"] == 180.0 and mine["progress_pct"] == 18.0
    assert mine["publics"]["BRSA"] == {"target_pct": 30.0, "hours_done": 150.0, "done_pct": 83.3}
    assert mine["publics"]["DELD"] == {"target_pct": 50.0, "hours_done": 30.0, "done_pct": 16.7}

    # bad input is refused with a French reason, and the targets stay as they were
    for bad, reason in ((["--hours", "beaucoup"], "n'est pas un nombre d'heures"),
                        (["--hours", "10", "--public", "XYZ=30"], "n'existe pas"),
                        (["--hours", "10", "--public", "BRSA=130"], "entre 0 et 100"),
                        (["--hours", "10", "--public", "BRSA"], "CODE=POURCENTAGE"),
                        (["--hours", "10", "--public", "RQTH=10"], "donnée de santé")):  # fmt: skip
        code, out, err = _targets(capsys, fac_root, "targets", "set", "--year", "2025", *bad)
        assert code == 1 and reason in err, (bad, err)
    code, [again], err = _targets(capsys, fac_root, "targets", "--json")
    assert again == mine


def test_prorata_of_the_year() -> None:
    from clausedesk.core.services.targets import prorata

    assert prorata(2025, date(2024, 12, 31)) == 0
    assert prorata(2025, date(2025, 7, 2)) == Decimal("0.5014")  # 183 days of 365
    assert prorata(2025, date(2026, 1, 1)) == 1
