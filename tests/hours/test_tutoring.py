"""Tutoring hours through the relevé (issue 16, a debt of issue 13): the template's column, the import's
`tutorat` role with its undo, the month's package aggregates, and the lot's one counting rule."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select, update

from clausedesk.core.services import hours_import
from clausedesk.core.services.hours import HourChange, grid, save_changes
from clausedesk.db.models import Lot
from clausedesk.db.repositories import details
from clausedesk.db.store import Store
from clausedesk.paths import Paths
from clausedesk.sync.aggregates import month_aggregates
from tests.hours.helpers import RELEVES, cli

SIRET, MONTH, LOT = "43680387800756", "2026-10", "2026-005-0010-L03"


def tutoring_by_person(paths: Paths) -> dict[str, Decimal | None]:
    store = Store.open(paths)
    try:
        with store.session() as s:
            return {r.person: r.tutoring for r in grid(s, MONTH) if r.siret == SIRET}
    finally:
        store.close()


def type_tutoring(paths: Paths, person: str, value: str) -> None:
    """Tutoring typed in the « Heures du mois » grid (the grid's service)."""
    store = Store.open(paths)
    try:
        with store.session() as s:
            row = next(r for r in grid(s, MONTH) if r.person == person)
            save_changes(s, MONTH, [HourChange(row.contract_uuid, tutoring=value)])
    finally:
        store.close()


def test_a_tutoring_column_is_imported_and_undone_exactly(
    demo_paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    type_tutoring(demo_paths, "DUPONT Jordan", "2")
    code, out, err = cli(capsys, demo_paths, "import-hours", str(RELEVES / "tutorat.xlsx"), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["mapping"]["tutorat"] == "Heures de tutorat"
    dupont = next(r for r in result["rows"] if r["person"] == "DUPONT Jordan")
    assert (dupont["hours_tutoring"], dupont["previous_hours_tutoring"]) == (5.5, 2.0)
    after = tutoring_by_person(demo_paths)
    assert after["BOYER Kévin"] == Decimal(10) and after["DUPONT Jordan"] == Decimal("5.5")
    assert after["ROBERT Isabelle"] == Decimal(0)
    # the same file again changes nothing, tutoring included
    code, out, _ = cli(capsys, demo_paths, "import-hours", str(RELEVES / "tutorat.xlsx"), "--json")
    assert code == 0 and json.loads(out)["counts"]["unchanged"] == 5
    # undone: the tutoring typed before the import comes back, the one it added goes
    store = Store.open(demo_paths)
    try:
        with store.session() as s:
            hours_import.undo_import(s, result["source_id"])
    finally:
        store.close()
    undone = tutoring_by_person(demo_paths)
    assert undone["DUPONT Jordan"] == Decimal(2) and undone["BOYER Kévin"] in (None, Decimal(0))


def test_a_releve_without_tutoring_column_leaves_tutoring_as_typed(
    demo_paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    type_tutoring(demo_paths, "BOYER Kévin", "4,5")
    code, out, err = cli(capsys, demo_paths, "import-hours", str(RELEVES / "releve_ok.xlsx"), "--json")
    assert code == 0, err
    boyer = next(r for r in json.loads(out)["rows"] if r["person"] == "BOYER Kévin")
    assert boyer["outcome"] == "changed" and boyer["hours_tutoring"] is None
    assert tutoring_by_person(demo_paths)["BOYER Kévin"] == Decimal("4.5")


def test_the_template_carries_tutoring_both_ways(
    demo_paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    type_tutoring(demo_paths, "DIALLO Isabelle", "3")
    target = tmp_path / "releve.xlsx"
    code, _, _ = cli(capsys, demo_paths, "template", "--company", SIRET, "--month", MONTH, "-o", str(target))
    assert code == 0
    wb = openpyxl.load_workbook(target)
    ws = wb["Relevé"]
    headers = [c.value for c in ws[8]]
    col = headers.index("Heures de tutorat") + 1
    names = {ws.cell(r, 1).value: r for r in range(9, 14)}
    assert ws.cell(names["DIALLO"], col).value == 3  # the current tutoring is pre-filled
    ws.cell(names["ROBERT"], col).value = 12.25  # the company fills in its tutor's hours
    wb.save(target)
    code, out, err = cli(capsys, demo_paths, "import-hours", str(target), "--json")
    assert code == 0, err
    counts = json.loads(out)["counts"]
    assert (counts["changed"], counts["unchanged"]) == (1, 4)
    after = tutoring_by_person(demo_paths)
    assert after["ROBERT Isabelle"] == Decimal("12.25") and after["DIALLO Isabelle"] == Decimal(3)


def test_imported_tutoring_counts_for_the_lot_only_under_its_option(
    demo_paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    """One counting rule (hours_sql.counted): the import stores tutoring, the lot's option decides."""
    store = Store.open(demo_paths)
    try:
        with store.session() as s:
            lot_id = s.scalar(select(Lot.id).where(Lot.ref == LOT))  # the five people of tutorat.xlsx
            s.execute(update(Lot).where(Lot.id == lot_id).values(count_tutoring=False))
            before = {m.month: m for m in details.lot_months(s, lot_id)}[MONTH]
    finally:
        store.close()
    code, _, err = cli(capsys, demo_paths, "import-hours", str(RELEVES / "tutorat.xlsx"))
    assert code == 0, err
    store = Store.open(demo_paths)
    try:
        with store.session() as s:
            off = {m.month: m for m in details.lot_months(s, lot_id)}[MONTH]
            s.execute(update(Lot).where(Lot.id == lot_id).values(count_tutoring=True))
            on = {m.month: m for m in details.lot_months(s, lot_id)}[MONTH]
            aggregates = month_aggregates(s, MONTH)
    finally:
        store.close()
    assert off.tutoring == 0 and off.counted - before.counted == off.worked - before.worked
    assert on.tutoring == Decimal("15.5") and on.counted == off.counted + Decimal("15.5")
    # the package's aggregates carry the raw tutoring hours (the option is applied where figures are made)
    assert Decimal(aggregates["hours_tutoring"]) >= Decimal("15.5")
