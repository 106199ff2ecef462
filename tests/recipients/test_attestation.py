"""The yearly attestation (issue 20, point 4): granted when every commitment is met, refused otherwise."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from clausedesk.cli import run
from clausedesk.core.errors import ClauseDeskError
from clausedesk.core.services.attestation import company_attestation
from clausedesk.db.store import Store
from clausedesk.paths import Paths
from tests.recipients.scenario import COMPANY, ESAT, build

WHOLE_YEAR = tuple(f"2026-{m:02d}" for m in range(3, 13))


def _text(path: Path) -> str:
    pages = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return " ".join(pages.replace("\u202f", " ").split())


def test_commitments_met_give_the_attestation(
    store: Store, paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build(store, WHOLE_YEAR)
    with store.session() as s:
        a = company_attestation(s, COMPANY, 2026, today=date(2027, 1, 15))
    # the only holder of both lots: its own workers and the ESAT's sub-contracted or lent workers count
    assert [(x.lot_ref, x.expected, x.realised, x.in_year, x.whole_lot) for x in a.lines] == [
        ("2026-002-L01", Decimal(300), Decimal(1200), Decimal(1200), True),
        ("2026-001-L01", Decimal(800), Decimal(1200), Decimal(1200), True),
    ]
    store.close()
    out = tmp_path / "attestation.pdf"
    args = [
        "--data-dir",
        str(paths.root),
        "attestation",
        "--company",
        COMPANY,
        "--year",
        "2026",
        "-o",
        str(out),
    ]
    assert run(args) == 0
    text = _text(out)
    assert "Attestation de réalisation des clauses sociales – 2026" in text
    assert "Bâti Ouest a atteint ou dépassé, au " in text  # 31/12/2026, or the day it runs if sooner
    assert "Ville de Cergy" in text and "Département du Val-d'Oise" in text
    assert "Total 1 100 h" in text and "2 400 h 2 400 h" in text
    assert "Awa" not in text and "Diallo" not in text


def test_a_commitment_not_met_is_refused_lot_by_lot(
    store: Store, paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build(store)  # March to June only
    with store.session() as s:
        with pytest.raises(ClauseDeskError) as refused:
            company_attestation(s, COMPANY, 2026, today=date(2027, 1, 15))
        message = " ".join(refused.value.message.replace("\u202f", " ").split())
        assert "n'a pas atteint tous ses engagements en 2026" in message
        assert (
            "lot 2026-001-L01 (Ville de Cergy) : 480 h réalisées pour 800 h attendues au 31/12/2026"
            in message
        )
        assert "il manque 320 h" in message and "2026-002-L01" not in message
        with pytest.raises(ClauseDeskError, match="ne détient aucun lot en cours en 2025"):
            company_attestation(s, COMPANY, 2025, today=date(2027, 1, 15))
        with pytest.raises(ClauseDeskError, match="ne détient aucun lot"):
            company_attestation(s, ESAT, 2026, today=date(2027, 1, 15))  # it works on the lots, it holds none
    store.close()
    out = tmp_path / "refus.pdf"
    args = [
        "--data-dir",
        str(paths.root),
        "attestation",
        "--company",
        COMPANY,
        "--year",
        "2026",
        "-o",
        str(out),
    ]
    assert run(args) == 1
    assert "n'a pas atteint tous ses engagements" in capsys.readouterr().err and not out.exists()
    with pytest.raises(SystemExit) as usage:
        run(
            [
                "--data-dir",
                str(paths.root),
                "attestation",
                "--company",
                COMPANY,
                "--year",
                "26",
                "-o",
                str(out),
            ]
        )
    assert usage.value.code == 2 and "année « 26 » invalide" in capsys.readouterr().err


def test_a_year_not_over_is_attested_at_its_day(store: Store) -> None:
    build(store, WHOLE_YEAR)
    with store.session() as s:
        a = company_attestation(s, COMPANY, 2026, today=date(2026, 7, 1))
        # due by 1 July: 182 days of 365; realised up to July: March–July, 120 h a month on each lot
        assert a.on == date(2026, 7, 1)
        assert [(x.expected, x.realised) for x in a.lines] == [
            (Decimal("149.59"), Decimal(600)), (Decimal("398.90"), Decimal(600)),
        ]  # fmt: skip
        with pytest.raises(ClauseDeskError, match="2027 n'a pas commencé"):
            company_attestation(s, COMPANY, 2027, today=date(2026, 7, 1))
