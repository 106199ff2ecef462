"""Dashboards per recipient (issue 20, point 4): a company over two buyers, an ESAT's placed workers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from clausedesk.cli import run
from clausedesk.core.errors import ClauseDeskError, NotFoundError, ValidationError
from clausedesk.core.rules.masking import COMPANY as COMPANY_READER
from clausedesk.core.rules.masking import SIAE as SIAE_READER
from clausedesk.core.services.recipient_dashboard import recipient_dashboard
from clausedesk.db.store import Store
from clausedesk.paths import Paths
from tests.recipients.scenario import COMPANY, ESAT, IDLE, build


def _text(path: Path) -> str:
    return " ".join(
        "\n".join(page.extract_text() for page in PdfReader(path).pages).replace("\u202f", " ").split()
    )


def test_company_dashboard_over_two_buyers(store: Store) -> None:
    build(store)
    with store.session() as s:
        d = recipient_dashboard(s, COMPANY, "2026-06")
    assert d.reader is COMPANY_READER and (len(d.lots), d.buyers) == (2, 2)
    # its own hours only: the ESAT's workers on the same lots are not the company's
    assert [(lot.lot_ref, lot.month, lot.cumulated) for lot in d.lots] == [
        ("2026-002-L01", Decimal(100), Decimal(400)), ("2026-001-L01", Decimal(100), Decimal(400)),
    ]  # fmt: skip
    assert [lot.commitment for lot in d.lots] == [
        Decimal(300),
        Decimal(800),
    ]  # titulaire: the whole objective
    assert (d.people_total.value, d.people_total.masked) == (2, False)
    assert all(lot.people_total.masked and lot.people_total.text == "< 5" for lot in d.lots)
    assert [m.market_ref for m in d.markets] == ["2026-002", "2026-001"]  # then each marché's dashboard


def test_structure_dashboard_shows_its_placed_workers(store: Store) -> None:
    build(store)
    with store.session() as s:
        d = recipient_dashboard(s, ESAT, "2026-06")
    assert d.reader is SIAE_READER and d.is_structure and not d.markets
    modalities = {lot.lot_ref: [(x.label, x.cumulated) for x in lot.by_modality] for lot in d.lots}
    assert modalities == {
        "2026-001-L01": [("Sous-traitance / co-traitance SIAE ou EA", Decimal(80))],
        "2026-002-L01": [("Mise à disposition (AI, ETTI, GEIQ)", Decimal(80))],
    }
    assert all(lot.role == "" and lot.commitment is None for lot in d.lots)


def test_dashboard_command_for_a_company_and_a_structure(
    store: Store, paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build(store)
    store.close()
    out = tmp_path / "entreprise.pdf"
    assert run(["--data-dir", str(paths.root), "dashboard", "--company", COMPANY, "--month", "2026-06",
                "-o", str(out)]) == 0  # fmt: skip
    text = _text(out)
    assert (
        "Entreprise : Bâti Ouest · SIRET 73282932000074" in text and "2 lots chez 2 donneurs d'ordre" in text
    )
    assert "Ville de Cergy" in text and "Département du Val-d'Oise" in text
    assert "Document destiné à : Entreprise attributaire" in text and "< 5" in text
    assert "Tableau de bord – juin 2026 2026-001 – Marché 1" in text  # the marché's own page follows
    for name in ("Diallo", "Awa", "Benali", "Martin", "Durand"):
        assert name not in text
    out = tmp_path / "esat.pdf"
    assert run(["--data-dir", str(paths.root), "dashboard", "--company", ESAT, "--month", "2026-06",
                "-o", str(out)]) == 0  # fmt: skip
    text = _text(out)
    assert (
        "Structure d'insertion : ESAT Les Ateliers" in text and "Mise à disposition et sous-traitance" in text
    )
    assert "Document destiné à : Structure d'insertion (SIAE)" in text
    assert "Marché 1 – Tableau de bord" not in text and "Léa" not in text
    capsys.readouterr()
    for siret, message in ((IDLE, "Sans Lot SARL (SIRET"), ("12345678901234", "SIRET"),
                           ("73282932000066", "Aucune entreprise de SIRET 73282932000066")):  # fmt: skip
        target = tmp_path / "refus.pdf"
        assert run(["--data-dir", str(paths.root), "dashboard", "--company", siret, "--month", "2026-06",
                    "-o", str(target)]) == 1  # fmt: skip
        assert message in capsys.readouterr().err and not target.exists()


def test_refusals_are_typed(store: Store) -> None:
    build(store)
    with store.session() as s:
        with pytest.raises(ClauseDeskError, match="aucun lot en cours en juin 2026"):
            recipient_dashboard(s, IDLE, "2026-06")
        with pytest.raises(ValidationError):
            recipient_dashboard(s, "1234", "2026-06")
        with pytest.raises(NotFoundError):
            recipient_dashboard(s, "73282932000066", "2026-06")
