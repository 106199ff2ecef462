"""The department's coverage by EPCI and its zones blanches (issue 14), on the hand-computed store."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from clausedesk.cli import run
from clausedesk.core.reference import geo
from clausedesk.sync import coverage, directory
from clausedesk.sync.comite_figures import Period

from .comite_store import Department

ARRAS, LENS = "200033579", "246200364"


def test_coverage_lists_the_departments_epcis_with_their_facilitators_and_zones_blanches(
    department: Department, capsys: pytest.CaptureFixture[str]
) -> None:
    coord = department.coord
    directory.set_entry(coord.store.sessions, department.keys["A"], territory="200033579")
    with coord.store.session() as session:
        # mid-January 2026: the 2025-12 packages are the expected ones
        found = coverage.coverage(session, date(2026, 1, 15), Period.year(2025))
    assert found.departments == [("62", "Pas-de-Calais")] and found.expected_month == "2025-12"
    assert {e.code for e in found.epcis} == {e.code for e in geo.epcis_of_department("62")}
    rows = {e.code: e for e in found.epcis}
    arras, lens = rows[ARRAS], rows[LENS]
    assert (arras.facilitators, arras.markets, arras.markets_followed) == (["A"], 1, 1)
    assert arras.hours_total == 180.0 and arras.last_package_month == "2025-12"
    assert (arras.months_without_package, arras.zone_blanche) == (0, False)
    # Lens has B's marché, but no facilitator's territory covers it
    assert (lens.facilitators, lens.markets, lens.hours_total, lens.zone_blanche) == ([], 1, 100.0, True)
    assert lens.reason == "aucun facilitateur"
    others = [e for e in found.epcis if e.code not in (ARRAS, LENS)]
    assert all(e.zone_blanche and e.reason == "aucun facilitateur" and e.markets == 0 for e in others)
    assert len(found.zones_blanches) == len(found.epcis) - 1 and found.epcis[-1].code == ARRAS

    # on 2 April 2026, A has sent nothing since 2025-12 (January to March missing): Arras is a zone blanche
    with coord.store.session() as session:
        later = coverage.coverage(session, date(2026, 4, 2), Period.year(2025))
        strict = coverage.coverage(session, date(2026, 4, 2), Period.year(2025), months=4)
    arras = next(e for e in later.epcis if e.code == ARRAS)
    assert arras.zone_blanche and arras.reason == "aucun paquet depuis 3 mois"
    assert not next(e for e in strict.epcis if e.code == ARRAS).zone_blanche

    code = run(["--data-dir", str(coord.paths.root), "coordinator", "coverage", "--json", "--year", "2025"])
    out, err = capsys.readouterr()
    assert code == 0, err
    doc: dict[str, Any] = json.loads(out)
    assert doc["departments"] == ["62"] and doc["months_threshold"] == 3
    assert doc["period"] == {"from": "2025-01", "to": "2025-12"}
    row = next(e for e in doc["epcis"] if e["code"] == ARRAS)
    assert row["facilitator_keys"] == [department.keys["A"]] and row["hours_total"] == 180.0

    code = run(["--data-dir", str(coord.paths.root), "coordinator", "coverage", "--months", "0"])
    assert code == 1 and "au moins 1 mois" in capsys.readouterr().err
