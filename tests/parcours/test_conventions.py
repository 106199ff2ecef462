"""Conventions de globalisation (issue 20, point 1): hours allocated between lots, counted once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from clausedesk.cli import run
from clausedesk.core.services.dashboard import market_dashboard
from clausedesk.db.store import Store
from clausedesk.paths import Paths
from tests.recipients.scenario import COMPANY, ESAT, IDLE, build

L1, L2 = "2026-001-L01", "2026-002-L01"


def _flat(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


@pytest.fixture
def base(store: Store, paths: Paths) -> list[str]:
    """The two-buyer scenario (Bâti Ouest: 100 h a month on each lot, March–June 2026) and a convention."""
    build(store)
    store.close()
    args = ["--data-dir", str(paths.root)]
    assert run([*args, "convention", "add", "--ref", "GLOB-2026", "--title", "Globalisation Cergy",
                "--company", COMPANY, "--lot", L1, "--lot", L2, "--from", "2026-01-01", "--to", "31/12/2026",
                "--signed", "2026-02-15"]) == 0  # fmt: skip
    return args


def _allocate(base: list[str], hours: str, month: str = "2026-04", src: str = L1, dst: str = L2,
              reason: str = "Parcours qualifiant de Karim") -> int:  # fmt: skip
    return run([*base, "convention", "allocate", "GLOB-2026", "--from-lot", src, "--to-lot", dst,
                "--month", month, "--hours", hours, "--reason", reason])  # fmt: skip


def _listed(base: list[str], capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert run([*base, "list", "conventions", "--json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def _forecasts(base: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, float]]:
    capsys.readouterr()
    assert run([*base, "forecast", "--json", "--month", "2026-06"]) == 0
    return {row["lot_ref"]: row for row in json.loads(capsys.readouterr().out)}


def test_an_allocated_hour_is_counted_once_across_the_lots(
    base: list[str], paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _forecasts(base, capsys)
    assert before[L1]["allocated"] == 0 and before[L2]["allocated"] == 0
    assert _allocate(base, "60") == 0
    assert "60 h faites en avril 2026 affectées du lot « 2026-001-L01 » au lot « 2026-002-L01 »" in _flat(
        capsys.readouterr().out
    )
    after = _forecasts(base, capsys)
    # the lot itself keeps its realised hours; the allocation shows apart, out of one lot and into the other
    assert after[L1]["realised"] == before[L1]["realised"] and after[L2]["realised"] == before[L2]["realised"]
    assert (after[L1]["allocated"], after[L2]["allocated"]) == (-60, 60)
    assert after[L1]["forecast_at_end"] == before[L1]["forecast_at_end"] - 60
    assert after[L2]["forecast_at_end"] == before[L2]["forecast_at_end"] + 60
    total = sum(r["realised"] + r["allocated"] for r in after.values())
    assert total == sum(r["realised"] for r in before.values())  # never counted twice
    listed = _listed(base, capsys)
    assert listed[0]["ref"] == "GLOB-2026" and listed[0]["lots"] == [L1, L2]
    assert listed[0]["company_siret"] == COMPANY and listed[0]["allocated_hours"] == 60
    rows = listed[0]["allocations"]
    assert [(a["from_lot"], a["to_lot"], a["month"], a["hours"], a["reason"]) for a in rows] == [
        (L1, L2, "2026-04", 60, "Parcours qualifiant de Karim")
    ]  # fmt: skip
    store = Store.open(paths)
    with store.session() as s:
        receiving = market_dashboard(s, "2026-002", "2026-06")
        giving = market_dashboard(s, "2026-001", "2026-06")
    store.close()
    # Marché 2: 400 h realised by Bâti Ouest + 80 h placed by the ESAT, and 60 h allocated apart
    assert (receiving.cumulated, receiving.allocated, receiving.counted) == (480, 60, 540)
    assert receiving.lots[0].achieved_pct == 540 * 100 / 300
    assert (giving.cumulated, giving.allocated, giving.counted) == (480, -60, 420)


def test_an_allocation_beyond_the_hours_worked_or_outside_the_convention_is_refused(
    base: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    # more than Bâti Ouest worked on the lot that month (100 h; the ESAT's 20 h are not its own)
    assert _allocate(base, "101") == 1
    err = _flat(capsys.readouterr().err)
    assert (
        "101 h demandées, mais 100 h seulement sont disponibles sur le lot « 2026-001-L01 » en avril 2026"
        in err
    )
    assert _allocate(base, "60") == 0
    assert _allocate(base, "41") == 1  # the same hours are never allocated twice
    assert "40 h seulement sont disponibles" in _flat(capsys.readouterr().err)
    # hours received are never passed on: lot 2 gives only what was worked on it (100 h), not 160 h
    assert _allocate(base, "101", src=L2, dst=L1) == 1
    assert "100 h seulement sont disponibles sur le lot « 2026-002-L01 »" in _flat(capsys.readouterr().err)
    assert _allocate(base, "10", month="2027-01") == 1
    assert "janvier 2027 est hors de la période de la convention (du 01/01/2026 au 31/12/2026)" in _flat(
        capsys.readouterr().err
    )
    assert _allocate(base, "10", dst=L1) == 1
    assert "choisissez un autre lot" in capsys.readouterr().err
    assert _allocate(base, "10", reason="  ") == 1
    assert "Motif de l'affectation" in capsys.readouterr().err
    assert _allocate(base, "-5") == 1
    capsys.readouterr()
    listed = _listed(base, capsys)
    assert [a["hours"] for a in listed[0]["allocations"]] == [60]  # only the accepted one was written
    assert _allocate(base, "40") == 0


def test_a_lot_outside_the_convention_or_of_another_company_is_refused(
    base: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert run([*base, "convention", "add", "--ref", "GLOB-2", "--title", "Seule", "--company", COMPANY,
                "--lot", L1, "--from", "2026-01-01", "--to", "2026-12-31"]) == 1  # fmt: skip
    assert "au moins deux lots" in capsys.readouterr().err
    assert run([*base, "convention", "add", "--ref", "GLOB-2026", "--title", "Doublon", "--company", COMPANY,
                "--lot", L1, "--lot", L2, "--from", "2026-01-01", "--to", "2026-12-31"]) == 1  # fmt: skip
    assert "existe déjà" in capsys.readouterr().err
    assert run([*base, "convention", "add", "--ref", "GLOB-3", "--title", "Dates", "--company", COMPANY,
                "--lot", L1, "--lot", L2, "--from", "2026-12-31", "--to", "2026-01-01"]) == 1  # fmt: skip
    assert "Date de fin" in capsys.readouterr().err
    assert (
        run(
            [
                *base,
                "convention",
                "add",
                "--ref",
                "GLOB-4",
                "--title",
                "X",
                "--company",
                ESAT,
                "--lot",
                L1,
                "--lot",
                "2099-X",
                "--from",
                "2026-01-01",
                "--to",
                "2026-12-31",
            ]
        )
        == 1
    )
    assert "Aucun lot de référence « 2099-X »" in capsys.readouterr().err
    # a company with no attribution nor contract on the lots
    assert run([*base, "convention", "add", "--ref", "GLOB-5", "--title", "X", "--company", IDLE,
                "--lot", L1, "--lot", L2, "--from", "2026-01-01", "--to", "2026-12-31"]) == 1  # fmt: skip
    refused = (
        "Sans Lot SARL n'est ni attributaire ni employeur sur les lots « 2026-001-L01 », « 2026-002-L01 »"
    )
    assert refused in _flat(capsys.readouterr().err)
    assert run([*base, "convention", "allocate", "GLOB-9", "--from-lot", L1, "--to-lot", L2,
                "--month", "2026-04", "--hours", "1", "--reason", "x"]) == 1  # fmt: skip
    assert "Aucune convention de globalisation de référence « GLOB-9 »" in capsys.readouterr().err
    assert [c["ref"] for c in _listed(base, capsys)] == ["GLOB-2026"]


def test_usage_errors_exit_2(base: list[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        run([*base, "convention", "allocate", "GLOB-2026", "--from-lot", L1, "--to-lot", L2,
             "--month", "avril", "--hours", "1", "--reason", "x"])  # fmt: skip
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        run([*base, "convention", "add", "--ref", "X", "--title", "X", "--company", COMPANY, "--lot", L1,
             "--from", "32/01/2026", "--to", "2026-12-31"])  # fmt: skip
    assert exc.value.code == 2


def test_the_company_dashboard_and_the_marche_dashboard_show_the_allocation_apart(
    base: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _allocate(base, "60") == 0
    company = tmp_path / "entreprise.pdf"
    assert run([*base, "dashboard", "--company", COMPANY, "--month", "2026-06", "-o", str(company)]) == 0
    market = tmp_path / "marche.pdf"
    assert run([*base, "dashboard", "--market", "2026-002", "--month", "2026-06", "-o", str(market)]) == 0
    texts = [_flat("\n".join(page.extract_text() for page in PdfReader(p).pages)) for p in (company, market)]
    assert "Convention" in texts[0] and "+60 h" in texts[0] and "−60 h" in texts[0]
    assert "le cumul reste celui des heures faites sur le lot lui-même" in texts[0]
    assert "Heures affectées d'autres lots (convention de globalisation) +60 h" in texts[1]
    assert "Affecté par convention" in texts[1]


def test_the_attestation_judges_each_commitment_on_realised_and_allocated_hours(
    base: list[str], paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import date

    from clausedesk.core.errors import ClauseDeskError
    from clausedesk.core.services.attestation import company_attestation

    store = Store.open(paths)
    with store.session() as s:
        before = company_attestation(s, COMPANY, 2026, today=date(2026, 6, 30))
    store.close()
    assert all(x.met and x.allocated == 0 for x in before.lines)
    # 200 h of lot 1 (marché of Cergy) given to lot 2: lot 1 falls below its prorata (480 − 200 < 397 h)
    assert _allocate(base, "100", month="2026-04") == 0 and _allocate(base, "100", month="2026-05") == 0
    store = Store.open(paths)
    with store.session() as s, pytest.raises(ClauseDeskError) as refused:
        company_attestation(s, COMPANY, 2026, today=date(2026, 6, 30))
    store.close()
    assert "lot 2026-001-L01 (Ville de Cergy) : 280 h réalisées pour 397 h attendues" in _flat(
        refused.value.message
    )
