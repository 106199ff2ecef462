"""Dashboard and bilan PDFs: the figures printed match the store; bad input refused with no file left."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from clausedesk.cli import run
from clausedesk.core.errors import ClauseDeskError
from clausedesk.core.formatting import hours, month_label
from clausedesk.core.services import documents
from clausedesk.core.services.bilan import market_bilan, save_bilan_comment
from clausedesk.core.services.catalog import MarketData, save_market
from clausedesk.core.services.dashboard import active_market_refs, market_dashboard
from clausedesk.db.models import Buyer, Contract, HourEntry, Lot, Market

MONTH = "2026-09"


def _plain(text: str) -> str:
    """Text extraction renders the narrow and ordinary no-break spaces as spaces."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


def _text(path: Path) -> str:
    return _plain("\n".join(page.extract_text() for page in PdfReader(path).pages))


def _ref(store) -> str:  # type: ignore[no-untyped-def]
    with store.session() as s:
        return active_market_refs(s, MONTH)[0]


def test_dashboard_figures_match_the_store(demo_store):
    ref = _ref(demo_store)
    with demo_store.session() as s:
        d = market_dashboard(s, ref, MONTH)
        lot_ids = list(s.scalars(select(Lot.id).join(Market).where(Market.ref == ref)))
        worked, training = s.execute(
            select(func.sum(HourEntry.hours_worked), func.sum(HourEntry.hours_training))
            .where(HourEntry.lot_id.in_(lot_ids), HourEntry.month == MONTH)
        ).one()
        people = s.scalar(
            select(func.count(func.distinct(Contract.participant_id)))
            .join(HourEntry, HourEntry.contract_id == Contract.id)
            .where(HourEntry.lot_id.in_(lot_ids), HourEntry.month <= MONTH)
        )
    assert worked <= d.month_hours <= worked + (training or 0)
    assert d.publics_total["people"].value == people
    assert d.cumulated == sum((lot.cumulated for lot in d.lots), Decimal(0))
    assert d.series.cumulated[-1] == d.cumulated
    assert all(c.value == 0 or c.value >= 5 or c.text == "< 5" for c in d.publics_total.values())


def test_dashboard_pdf_prints_the_figures_with_french_formatting(demo_store, tmp_path):
    ref = _ref(demo_store)
    out = documents.market_dashboard_pdf(demo_store.sessions, ref, MONTH, tmp_path / "tdb.pdf")
    with demo_store.session() as s:
        d = market_dashboard(s, ref, MONTH)
    text = _text(out)
    assert f"Tableau de bord – {month_label(MONTH)}" in text
    assert ref in text
    assert _plain(hours(d.cumulated.quantize(Decimal("0.1")))) in text  # "4 049,3 h" drawn with U+202F
    assert _plain(hours(d.objective)) in text
    assert "Page 1 / " in text
    for lot in d.lots:
        assert f"Lot {lot.number}" in text
    fonts = {str(f) for page in PdfReader(out).pages for f in page["/Resources"]["/Font"].values()}
    assert fonts  # fonts are embedded subsets of DejaVu Sans
    assert "Helvetica" not in " ".join(str(page["/Resources"]["/Font"]) for page in PdfReader(out).pages)


def test_bilan_pdf_has_outcomes_and_the_saved_comment(demo_store, tmp_path):
    ref = _ref(demo_store)
    with demo_store.session() as s:
        save_bilan_comment(s, ref, "Très bonne implication de l'entreprise titulaire.\nÀ reconduire.")
    with demo_store.session() as s:
        b = market_bilan(s, ref)
        assert s.scalar(select(Market.bilan_comment).where(Market.ref == ref)).startswith("Très bonne")
    out = documents.bilan_pdf(demo_store.sessions, ref, tmp_path / "bilan.pdf")
    text = _text(out)
    assert "Très bonne implication" in text
    assert "Sorties et suivi des participants" in text
    assert len(b.participants) == b.dashboard.publics_total["people"].value
    for p in b.participants:
        assert p.display_name.split()[0] in text


def test_commands_and_bad_input(demo_paths, demo_store, tmp_path, capsys):
    ref = _ref(demo_store)
    root = ["--data-dir", str(demo_paths.root)]
    assert run([*root, "dashboard", "--market", ref, "--month", MONTH, "-o", str(tmp_path / "a.pdf")]) == 0
    assert run([*root, "bilan", "--market", ref, "-o", str(tmp_path / "b.pdf")]) == 0
    assert run([*root, "dashboard", "--all", "--month", MONTH, "-o", str(tmp_path / "lot")]) == 0
    with demo_store.session() as s:
        n_active = len(active_market_refs(s, MONTH))
        buyer = s.scalar(select(Buyer.name).join(Market).where(Market.ref == ref))
    assert len(list((tmp_path / "lot").glob("*.pdf"))) == n_active
    assert run([*root, "dashboard", "--buyer", buyer, "--month", MONTH, "-o", str(tmp_path / "c.pdf")]) == 0
    capsys.readouterr()
    cases = [
        ["dashboard", "--market", "INCONNU", "--month", MONTH, "-o", str(tmp_path / "x.pdf")],
        ["dashboard", "--market", ref, "--month", "2001-01", "-o", str(tmp_path / "x.pdf")],
        ["dashboard", "--market", ref, "--month", MONTH, "-o", str(tmp_path / "absent" / "x.pdf")],
        ["bilan", "--market", "INCONNU", "-o", str(tmp_path / "x.pdf")],
        ["dashboard", "--all", "--month", "2001-01", "-o", str(tmp_path / "vide")],
    ]
    for args in cases:
        assert run([*root, *args]) == 1, args
        assert "Erreur" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "absent").exists()
    assert not (tmp_path / "vide").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_market_without_lots_is_refused(store):
    with store.session() as s:
        buyer = Buyer(name="Ville de Test", kind="commune")
        s.add(buyer)
        s.flush()
        save_market(s, MarketData(buyer_uuid=buyer.uuid, ref="M-VIDE", title="Marché sans lot"))
    with store.session() as s, pytest.raises(ClauseDeskError, match="aucun lot"):
        market_dashboard(s, "M-VIDE", MONTH)


def test_bar_chart_without_data_still_draws(tmp_path):
    from reportlab.graphics import renderPDF

    from clausedesk.reports.charts import bar_chart

    renderPDF.drawToFile(bar_chart([], [], 400, unit=" h"), str(tmp_path / "vide.pdf"))
    assert (tmp_path / "vide.pdf").stat().st_size > 0


def test_bilan_of_a_finished_marche_says_which_lots_missed_their_objective(demo_store, tmp_path):
    from datetime import date

    from clausedesk.reports.bilan import write_bilan

    ref = _ref(demo_store)
    with demo_store.session() as s:
        b = market_bilan(s, ref, today=date(2031, 1, 1))  # every lot of the demo has ended by then
    assert b.closed
    missed = [lot for lot in b.dashboard.lots if lot.achieved_pct is not None and lot.achieved_pct < 100]
    assert [a.kind for a in b.dashboard.alerts] == ["objectif_non_atteint"] * len(missed)
    text = _text(write_bilan(tmp_path / "bilan.pdf", b))
    assert "Bilan final de la clause sociale" in text and "En retard" not in text
    for lot in missed:
        assert f"Lot {lot.number} : objectif non atteint" in text
