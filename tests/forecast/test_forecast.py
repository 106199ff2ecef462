"""Forecasts and penalties (issue 20, point 5): the rule, the command, the home alert, the dashboard PDF."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from clausedesk.cli import run
from clausedesk.core.errors import ValidationError
from clausedesk.core.rules.forecast import forecast, months_left, window
from clausedesk.core.services import catalog, documents, people
from clausedesk.core.services.alerts import compute_alerts
from clausedesk.core.services.forecast import lot_forecasts
from clausedesk.db.models import Lot
from clausedesk.db.store import Store
from clausedesk.paths import Paths

SIRET = "73282932000074"
KEYS = {"lot_ref", "objective", "realised", "allocated", "forecast_at_end", "gap", "penalty_at_stake"}


def _flat(text: str) -> str:
    """Every run of spaces (no-break and narrow no-break spaces of French numbers included) as one space."""
    return " ".join(text.replace("\u202f", " ").split())


def _text(path: Path) -> str:
    return _flat("\n".join(page.extract_text() for page in PdfReader(path).pages))


def test_window_and_months_left() -> None:
    assert window("2026-06", date(2026, 1, 1)) == ["2026-04", "2026-05", "2026-06"]
    assert window("2026-06", date(2026, 5, 20)) == ["2026-05", "2026-06"]  # averaged over 2 months, not 3
    assert window("2026-01", date(2025, 3, 1)) == ["2025-11", "2025-12", "2026-01"]
    assert months_left("2026-06", date(2026, 12, 31)) == 6
    assert months_left("2026-06", date(2026, 8, 15)) == 1 + Decimal(15) / 31
    assert months_left("2026-06", date(2026, 6, 30)) == 0
    f = forecast(Decimal(800), Decimal(240), Decimal(0), Decimal(130), 3, Decimal(6), Decimal(20))
    assert (f.forecast_at_end, f.gap, f.penalty_at_stake, f.short) == (
        Decimal(500),
        Decimal(300),
        Decimal(6000),
        True,
    )
    f = forecast(Decimal(800), Decimal(0), Decimal(0), Decimal(0), 3, Decimal(6), None)
    assert (f.forecast_at_end, f.gap, f.penalty_at_stake, f.pace) == (
        Decimal(0),
        Decimal(800),
        None,
        Decimal(0),
    )
    f = forecast(Decimal(800), Decimal(700), Decimal(0), Decimal(300), 3, Decimal(1), Decimal(20))
    assert (f.forecast_at_end, f.gap, f.penalty_at_stake, f.short) == (
        Decimal(800),
        Decimal(0),
        Decimal(0),
        False,
    )


def _setup(store: Store) -> str:
    """A marché of 2026 with two lots: L01 (800 h, 20 € per missing hour) with hours February–June, L02
    (100 h, no penalty) without any hour. Returns the contract's uuid."""
    with store.session() as s:
        buyer = catalog.save_buyer(
            s, catalog.BuyerData(name="Ville de Cergy", kind="commune", commune_code="95127")
        )
        market = catalog.save_market(s, catalog.MarketData(
            ref="2026-001", title="Réhabilitation école", buyer_uuid=buyer.uuid,
            start_date=date(2026, 1, 1), end_date=date(2026, 12, 31)))  # fmt: skip
        lots = [
            catalog.save_lot(s, catalog.LotData(
                market_uuid=market.uuid, ref=f"2026-001-L0{n}", number=str(n), title=title,
                amount_ht="1 000 000", forced_hours=forced, penalty_per_hour=rate,
                start_date=date(2026, 1, 1), end_date=date(2026, 12, 31)))
            for n, title, forced, rate in ((1, "Gros œuvre", "800", "20"), (2, "Peinture", "100", None))
        ]  # fmt: skip
        company = catalog.save_company(s, catalog.CompanyData(siret=SIRET, name="Bâti Ouest", naf="4399c"))
        person = people.save_participant(
            s,
            people.ParticipantData(
                last_name="Diallo", first_name="Awa", sex="F", birth_date=date(1990, 5, 1)
            ),
        )
        people.save_validation(s, people.ValidationData(
            participant_uuid=person.uuid, validated_on=date(2026, 1, 5), category_codes=["DELD"],
        ))  # fmt: skip
        contract = people.save_contract(s, people.ContractData(
            participant_uuid=person.uuid, company_uuid=company.uuid, lot_uuid=lots[0].uuid,
            modality="embauche_directe", contract_type_code="CDD", start_date=date(2026, 2, 1),
            end_date=date(2026, 12, 31), rome="F1703", weekly_hours="35"))  # fmt: skip
        for month, worked in (("2026-02", "50"), ("2026-03", "60"), ("2026-04", "40"), ("2026-05", "40"),
                              ("2026-06", "50")):  # fmt: skip
            people.set_hours(s, contract.uuid, month, worked)
        return contract.uuid


def test_forecast_short_of_its_objective_with_its_penalty(store: Store) -> None:
    _setup(store)
    with store.session() as s:
        rows = {f.lot_ref: f.figures for f in lot_forecasts(s, "2026-06")}
    one, two = rows["2026-001-L01"], rows["2026-001-L02"]
    # pace: (40 + 40 + 50) / 3 a month over April–June, six months left: 240 + 130 × 2 = 500 h
    assert (one.realised, one.pace_months, one.forecast_at_end) == (Decimal(240), 3, Decimal(500))
    assert (one.gap, one.penalty_at_stake) == (Decimal(300), Decimal(6000))
    # no hour yet: the forecast is what is realised (nothing), the whole objective is missing
    assert (two.realised, two.forecast_at_end, two.gap, two.penalty_at_stake) == (0, 0, Decimal(100), None)


def test_forecast_command_json(store: Store, paths: Paths, capsys: pytest.CaptureFixture[str]) -> None:
    _setup(store)
    store.close()
    assert run(["--data-dir", str(paths.root), "forecast", "--json", "--month", "2026-06"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert all(set(row) == KEYS for row in rows)
    assert {r["lot_ref"]: r for r in rows}["2026-001-L01"] == {
        "lot_ref": "2026-001-L01", "objective": 800.0, "realised": 240.0, "allocated": 0.0,
        "forecast_at_end": 500.0, "gap": 300.0, "penalty_at_stake": 6000.0,
    }  # fmt: skip
    assert {r["lot_ref"]: r for r in rows}["2026-001-L02"]["penalty_at_stake"] is None
    assert run(["--data-dir", str(paths.root), "forecast", "--month", "2026-06"]) == 0
    text = _flat(capsys.readouterr().out)
    assert (
        "2026-001-L01 : objectif 800 h, réalisé 240 h, prévu 500 h, manque 300 h, pénalités en jeu 6 000,00 €"
        in text
    )
    with pytest.raises(SystemExit) as exit_info:
        run(["--data-dir", str(paths.root), "forecast", "--month", "2026-13"])
    assert exit_info.value.code == 2
    assert "mois « 2026-13 » invalide" in capsys.readouterr().err


def test_home_alert_while_there_is_time_then_gone_when_back_on_track(store: Store) -> None:
    contract = _setup(store)
    with store.session() as s:
        found = compute_alerts(s, today=date(2026, 7, 10))
    short = [a for a in found.items if a.kind == "prevision"]
    assert found.totals["prevision"] == 2 and len(short) == 2
    first = short[0]  # the largest penalty first
    assert first.target_kind == "lot" and "2026-001-L01" in first.message
    message = _flat(first.message)
    assert "500 h prévues à sa fin le 31/12/2026 pour un objectif de 800 h" in message
    assert "il manquerait 300 h, soit 6 000,00 € de pénalités en jeu" in message
    with store.session() as s:
        assert s.query(Lot).filter_by(uuid=first.target_uuid).one().ref == "2026-001-L01"
        people.set_hours(s, contract, "2026-06", "250")  # back on pace: 440 + 330 × 2 = 1 100 h
    with store.session() as s:
        refs = [a.message for a in compute_alerts(s, today=date(2026, 7, 10)).items if a.kind == "prevision"]
    assert len(refs) == 1 and "2026-001-L02" in refs[0]
    with store.session() as s:  # after the lots' end there is no time left to act: no forecast alert
        assert compute_alerts(s, today=date(2027, 1, 10)).totals["prevision"] == 0


def test_buyer_dashboard_shows_the_forecast_and_its_alert(store: Store, tmp_path: Path) -> None:
    _setup(store)
    text = _text(documents.market_dashboard_pdf(store.sessions, "2026-001", "2026-06", tmp_path / "tb.pdf"))
    assert "Prévision à la fin des lots" in text
    assert "Lot 1 : au rythme des 3 derniers mois" in text and "il manquerait 300 h" in text
    assert "6 000,00 €" in text
    path, n = documents.buyer_dashboard_pdf(store.sessions, "Ville de Cergy", "2026-06", tmp_path / "do.pdf")
    assert n == 1 and "Prévision à la fin des lots" in _text(path)


@pytest.mark.parametrize(("rate", "message"), [("12,345", "deux décimales"), ("-3", "supérieur ou égal"),
                                                ("vingt", "n'est pas un nombre")])  # fmt: skip
def test_bad_penalty_rate_is_refused_and_changes_nothing(store: Store, rate: str, message: str) -> None:
    _setup(store)
    with store.session() as s:
        lot = s.query(Lot).filter_by(ref="2026-001-L01").one()
        data = catalog.LotData(market_uuid=lot.market.uuid, ref=lot.ref, number="1", title="Gros œuvre",
                               amount_ht="1 000 000", forced_hours="800", penalty_per_hour=rate)  # fmt: skip
        uuid = lot.uuid
    with pytest.raises(ValidationError, match=message), store.session() as s:
        catalog.save_lot(s, data, uuid)
    with store.session() as s:
        assert s.query(Lot).filter_by(uuid=uuid).one().penalty_per_hour == Decimal(20)


def test_penalty_rate_typed_in_the_lot_form(qtbot: Any, store: Store) -> None:
    from clausedesk.ui.context import UiContext
    from clausedesk.ui.markets.forms import lot_form
    from tests.ui.helpers import save, settled, type_in

    _setup(store)
    with store.session() as s:
        lot = s.query(Lot).filter_by(ref="2026-001-L02").one()
        market_uuid, uuid = lot.market.uuid, lot.uuid
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = lot_form(UiContext(store=store, paths=store.paths), parent, market_uuid, uuid)
    assert dialog.widgets["penalty_per_hour"].text() == ""  # type: ignore[attr-defined]
    type_in(qtbot, dialog, "penalty_per_hour", "12,345")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # refused by the service, form kept open
    settled(qtbot, dialog)
    assert "Enregistrement refusé" in dialog.reason.text() and "deux décimales" in dialog.reason.text()
    with store.session() as s:
        assert s.query(Lot).filter_by(uuid=uuid).one().penalty_per_hour is None
    type_in(qtbot, dialog, "penalty_per_hour", "12,50")
    save(qtbot, dialog)
    with store.session() as s:
        assert s.query(Lot).filter_by(uuid=uuid).one().penalty_per_hour == Decimal("12.50")
        rows = {f.lot_ref: f.figures for f in lot_forecasts(s, "2026-06")}
    assert rows["2026-001-L02"].penalty_at_stake == Decimal(1250)
