"""Excel exports: every kind reloads with openpyxl, with real dates and numbers, and matches the store."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from clausedesk.cli import run
from clausedesk.core.errors import ClauseDeskError, ValidationError
from clausedesk.core.services.exports import EXPORTERS, export_xlsx
from clausedesk.db.models import HourEntry, Market, Participant, PublicCategory


def _sheet(path: Path):  # type: ignore[no-untyped-def]
    wb = load_workbook(path)
    return wb.worksheets[0]


def test_markets_export_has_typed_cells_and_a_styled_header(demo_store, tmp_path):
    out = export_xlsx(demo_store.sessions, "markets", tmp_path / "marches.xlsx")
    ws = _sheet(out)
    header = [c.value for c in ws[1]]
    assert header[:3] == ["Référence", "Objet", "Donneur d'ordre"]
    assert ws["A1"].font.b
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:N{ws.max_row}"
    with demo_store.session() as s:
        refs = sorted(s.scalars(select(Market.ref).where(Market.deleted_at.is_(None))))
    assert [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)] == refs
    start = ws.cell(row=2, column=8)
    assert isinstance(start.value, datetime)
    assert start.number_format == "DD/MM/YYYY"
    assert isinstance(ws.cell(row=2, column=12).value, (int, float))
    assert ws.cell(row=2, column=12).number_format == "#,##0.0"


def test_hours_export_lists_every_entry_with_its_hours(demo_store, tmp_path):
    out = export_xlsx(demo_store.sessions, "hours", tmp_path / "heures.xlsx")
    ws = _sheet(out)
    with demo_store.session() as s:
        n, worked = s.execute(
            select(func.count(HourEntry.id), func.sum(HourEntry.hours_worked)).where(
                HourEntry.deleted_at.is_(None)
            )
        ).one()
    assert ws.max_row - 1 == n
    total = sum(Decimal(str(ws.cell(row=r, column=9).value)) for r in range(2, ws.max_row + 1))
    assert total == worked
    assert isinstance(ws["A2"].value, datetime)  # month as a real date, shown MM/YYYY
    assert ws["A2"].number_format == "MM/YYYY"


def test_participants_export_never_contains_a_sensitive_category(demo_store, tmp_path):
    out = export_xlsx(demo_store.sessions, "participants", tmp_path / "participants.xlsx")
    with demo_store.session() as s:
        sensitive = list(s.scalars(select(PublicCategory.label).where(PublicCategory.sensitive.is_(True))))
        people = s.scalar(select(func.count(Participant.id)).where(Participant.deleted_at.is_(None)))
    assert sensitive  # RQTH, AAH, invalidité exist in the demo
    wb = load_workbook(out)
    text = " ".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value)
    for label in sensitive:
        assert label not in text
    assert "RQTH" not in text.replace("(RQTH, AAH, invalidité)", "")
    assert wb.worksheets[0].max_row - 1 == people


def test_annual_list_needs_a_year_and_data(demo_store, tmp_path):
    with pytest.raises(ValidationError, match="--year"):
        export_xlsx(demo_store.sessions, "annual", tmp_path / "a.xlsx")
    with pytest.raises(ClauseDeskError, match="2031"):
        export_xlsx(demo_store.sessions, "annual", tmp_path / "a.xlsx", year=2031)
    assert not (tmp_path / "a.xlsx").exists()
    out = export_xlsx(demo_store.sessions, "annual", tmp_path / "a.xlsx", year=2026)
    ws = _sheet(out)
    with demo_store.session() as s:
        hours = s.scalar(select(func.sum(HourEntry.hours_worked)).where(HourEntry.month.like("2026-%")))
    total = sum(Decimal(str(ws.cell(row=r, column=15).value)) for r in range(2, ws.max_row + 1))
    assert total >= hours  # training hours count on lots that allow them
    for r in range(2, ws.max_row + 1):
        start, end = ws.cell(row=r, column=13).value, ws.cell(row=r, column=14).value
        assert isinstance(start, datetime) and start.year == 2026 and start <= end


def test_every_registered_kind_is_exported_by_the_command(demo_paths, tmp_path, capsys):
    for kind in ("markets", "companies", "participants", "hours", "annual"):
        assert kind in EXPORTERS
        target = tmp_path / f"{kind}.xlsx"
        extra = ["--year", "2026"] if kind == "annual" else []
        code = run(["--data-dir", str(demo_paths.root), "export-xlsx", kind, "-o", str(target), *extra])
        assert code == 0, capsys.readouterr().err
        assert load_workbook(target).worksheets[0].max_row >= 2


def test_bad_output_path_is_refused_without_a_partial_file(demo_paths, tmp_path, capsys):
    target = tmp_path / "absent" / "marches.xlsx"
    code = run(["--data-dir", str(demo_paths.root), "export-xlsx", "markets", "-o", str(target)])
    assert code == 1
    assert "Impossible d'écrire" in capsys.readouterr().err
    assert not target.parent.exists()
    code = run(["--data-dir", str(demo_paths.root), "export-xlsx", "annual", "-o", str(tmp_path / "x.xlsx")])
    assert code == 1
    assert "--year" in capsys.readouterr().err
    assert list(tmp_path.glob("*.xlsx")) == []
