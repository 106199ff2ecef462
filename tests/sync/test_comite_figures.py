"""The comité's figures by period and breakdown (issue 14), on the hand-computed store of `comite_store`."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from clausedesk.cli import run
from clausedesk.db.repositories import comite_figures as comite_sql
from clausedesk.db.repositories.reference import set_setting
from clausedesk.sync.comite_figures import DEFINITIONS, NO_TERRITORY

from .comite_store import SIRET_A, SIRET_B, Department
from .conftest import Coordinator

ARRAS, LENS = "200033579", "246200364"  # the EPCIs of Arras (62041) and Lens (62498)


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
    assert year["partners"] == {"buyers": 2, "companies": 1, "siae": 0}  # one company for both
    assert year["lots_by_mechanism"] == {"condition_execution": 2, "critere_attribution": 1}
    assert year["hours_by_mechanism"] == {"condition_execution": 280.0, "critere_attribution": 100.0}

    code, before, err = stats(capsys, department.coord, "--json", "--year", "2024")
    assert code == 0, err
    assert before["hours_total"] == 70.0 and before["people"] == 1
    assert before["publics_at_entry"] == {"DELD": 1, "moins_26": 1}
    assert before["contracts_by_type"] == {"CDI": 1}
    assert before["sorties"] == {**NO_SORTIE, "positive": 1}
    assert (before["buyers_met"], before["federations_met"], before["comite_meetings"]) == (0, 0, 1)
    assert before["partners"] == {"buyers": 1, "companies": 1, "siae": 0}
    assert before["hours_by_mechanism"] == {"condition_execution": 70.0}

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
    assert set(by_fac) == set(department.keys.values()) and set(a) >= SHAPE | {"hours_by_public", "trainees"}
    assert (a["hours_total"], b["hours_total"]) == (180.0, 100.0)
    assert (a["people"], b["people"]) == (2, 2)  # Anne counts in each, once in the total
    assert a["publics_at_entry"] == {"BRSA": 1, "DELD": 1, "moins_26": 1}
    assert b["publics_at_entry"] == {"BRSA": 1, "DELD": 1, "50_plus": 1}
    assert a["sorties"]["durable"] == 1 and b["sorties"]["transition"] == 1
    assert (a["buyers_met"], b["buyers_met"], a["federations_met"], b["federations_met"]) == (1, 1, 1, 0)
    assert a["partners"] == b["partners"] == {"buyers": 1, "companies": 1, "siae": 0}
    assert b["hours_by_mechanism"] == {"condition_execution": 100.0, "critere_attribution": 100.0}
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


def test_bad_periods_and_breakdowns_are_refused(
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
    with pytest.raises(SystemExit) as usage:
        run(["--data-dir", str(coord.paths.root), "coordinator", "stats", "--by", "commune"])
    assert usage.value.code == 2 and "choix invalide" in capsys.readouterr().err


def _summed(parts: list[dict[str, Any]], name: str) -> Any:
    if isinstance(parts[0][name], dict):
        summed: dict[str, Any] = {}
        for part in parts:
            for key, value in part[name].items():
                summed[key] = summed.get(key, 0) + value
        return {k: v for k, v in summed.items() if v}
    return sum(part[name] for part in parts)


def test_figures_by_territory_are_keyed_by_epci_and_add_up(
    department: Department, capsys: pytest.CaptureFixture[str]
) -> None:
    code, total, err = stats(capsys, department.coord, "--json", "--year", "2025")
    assert code == 0, err
    code, by_epci, err = stats(capsys, department.coord, "--json", "--year", "2025", "--by", "territory")
    assert code == 0, err
    assert set(by_epci) == {ARRAS, LENS, NO_TERRITORY}
    arras, lens, elsewhere = by_epci[ARRAS], by_epci[LENS], by_epci[NO_TERRITORY]
    assert (arras["hours_total"], arras["people"], arras["markets_followed"]) == (180.0, 2, 1)
    assert (lens["hours_total"], lens["people"], lens["markets_followed"]) == (100.0, 2, 1)
    assert arras["buyers_met"] == 1 and lens["buyers_met"] == 0  # the meeting held on MA, in Arras
    # meetings with no marché have no place: B's donneur d'ordre, A's fédération, both comités
    assert (elsewhere["hours_total"], elsewhere["buyers_met"], elsewhere["federations_met"],
            elsewhere["comite_meetings"]) == (0.0, 1, 1, 2)  # fmt: skip
    assert lens["hours_by_mechanism"] == {"condition_execution": 100.0, "critere_attribution": 100.0}
    # a sortie is placed by its person's (latest) contract: Anne's was recorded by A (her contract with A,
    # in Arras), Chloé's by B (Lens); none without a place
    assert (arras["sorties"]["durable"], lens["sorties"]["durable"]) == (1, 0)
    assert lens["sorties"]["transition"] == 1
    assert elsewhere["sorties"] == {"durable": 0, "transition": 0, "positive": 0, "autre": 0}
    # Anne worked in both: a person, and her publics at entry, count in each territory and once in the total
    assert arras["publics_at_entry"] == {"BRSA": 1, "DELD": 2, "moins_26": 1}
    assert total["people"] == 3 and arras["people"] + lens["people"] == 4
    parts = [arras, lens, elsewhere]
    for name in SHAPE - {"people", "publics_at_entry"}:
        expected = total[name]
        assert _summed(parts, name) == ({k: v for k, v in expected.items() if v} if isinstance(expected, dict)
                                        else expected), name  # fmt: skip


def test_the_territory_breakdown_takes_a_whole_department_s_commune_table(department: Department) -> None:
    """The commune → EPCI table travels as one bound value: the 887 communes of the Pas-de-Calais (more
    than SQLite's 500 SELECTs of a compound) place the records as the table of the marchés' communes does."""
    from clausedesk.core.reference import geo
    from clausedesk.sync import comite_figures

    whole = {c.code: c.epci for c in geo.communes_of_department("62") if c.epci}
    with department.coord.store.session() as s:
        needed = comite_figures.epcis_of_markets(s)
        assert len(whole) > 500 and set(needed) < set(whole)
        small, large = (
            comite_figures.assemble(comite_sql.figure_rows(s, "territory", "2025-01", "2025-12", table),
                                    [], by=True)
            for table in (needed, whole)
        )  # fmt: skip
    assert set(large) == {ARRAS, LENS, NO_TERRITORY} and large == small


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
    assert rows["dont Donneurs d'ordre"][:3] == (2, 1, 1) and rows["dont SIAE"][:3] == (0, 0, 0)
    # the typology's hours line comes after its lots line (same label): the dict keeps the hours
    assert rows["dont Critère d'attribution (art. L2152-7 CCP)"][:3] == (100.0, 0.0, 100.0)
    assert "fondement juridique" in rows["Typologie des clauses (heures)"][3]
    coverage = load_workbook(xlsx)["Couverture par EPCI"]
    epcis = {r[1]: r for r in coverage.iter_rows(min_row=3, values_only=True) if r and r[1]}
    assert epcis[ARRAS][3:7] == (None, 1, 1, 180.0) and epcis[ARRAS][9] == "oui"
    # no territory set, and no package since 2025-12 (the documents are dated today)
    assert epcis[ARRAS][10].startswith("aucun facilitateur ; aucun paquet depuis")
    assert epcis[LENS][6] == 100.0 and len(epcis) == 20  # the Pas-de-Calais' EPCIs
    # the Deux-Sèvres yearly list, pseudonymous: one line per contract and lot with hours in 2025
    annual = [r for r in load_workbook(xlsx)["Liste annuelle 2025"].iter_rows(min_row=3, values_only=True)
              if r and r[1]]  # fmt: skip
    assert [(r[0], r[1], r[5], r[6], r[7]) for r in annual] == [
        ("A", "MA", "2025-01", "2025-01", 30.0), ("A", "MA", "2025-02", "2025-03", 150.0),
        ("B", "MB", "2025-09", "2025-09", 40.0), ("B", "MB", "2025-10", "2025-10", 60.0)]  # fmt: skip
    assert annual[1][3] == annual[2][3] and len(annual[1][3]) == 12  # Anne: one pseudonym for A and B
    assert "CDI" in annual[0][4] and "CDD" in annual[1][4]
    assert all("Martin" not in str(cell) for row in annual for cell in row)

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
    assert "Couverture du département par EPCI et zones blanches" in text
    assert "Pas-de-Calais (62) : 20 EPCI, dont 20 zones blanches" in text
    assert "CU d'Arras (200033579)" in text and "Zone blanche : aucun facilitateur" in text

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
