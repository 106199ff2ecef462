"""The lot's counting options, hand-computed: tutoring hours and a sub-contracted amount converted into hours.

The store of `test_publics_at_entry.build`: one lot, 600 hours worked by three direct hires in 2018. Added:
- 10 h of tutoring on Anne's March entry (typed with `set_hours`) and 5,5 h on Bilal's (through the grid's
  `save_changes`): 15,5 h of tutoring;
- an EI sub-contractor (attribution « sous-traitant ») with one person on a sub-contracting contract who
  worked 50 h in March, and a sub-contracted amount of 12 345 € HT declared for April 2018.

Realised hours of the lot, by its options:
- defaults (tutoring not counted, sub-contracting counted as declared): 600 + 50 = 650;
- tutoring counted: 650 + 15,5 = 665,5;
- conversion at 32 €/h: 12 345 ÷ 32 = 385,78125 → 385,78 h, in April, instead of the 50 declared hours:
  600 + 15,5 + 385,78 = 1 001,28;
- sub-contracting not counted: 600 + 15,5 = 615,5.
Each figure is the same on the dashboard, the bilan, the marché and lot pages, the home alerts' running lots
and the exports (marchés sheet, sum of the hours sheet's « Heures comptées »).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from clausedesk.core.errors import ValidationError
from clausedesk.core.services import bilan, catalog, dashboard, exports, hours, people, records
from clausedesk.db.models import Contract, Participant
from clausedesk.db.repositories import alerts as alerts_repo
from clausedesk.db.repositories import details
from clausedesk.db.store import Store

from .test_publics_at_entry import MARKET, build

AMOUNT, COST = "12 345", "32"


def _setup(store: Store) -> dict[str, str]:
    ids = build(store)
    with store.session() as s:
        lot = records.get(s, "lot", ids["lot"])
        ids["market"] = str(lot.market.uuid)  # type: ignore[attr-defined]
        ei = catalog.save_company(
            s, catalog.CompanyData(siret="35600000000048", name="Recyclerie", kind="ei")
        )
        ids["ei"] = ei.uuid
        ids["attribution"] = catalog.save_attribution(s, catalog.AttributionData(
            lot_uuid=ids["lot"], company_uuid=ei.uuid, role="sous_traitant",
            subcontract_amount=AMOUNT, subcontract_month="04/2018",
        )).uuid  # fmt: skip
        person = people.save_participant(s, people.ParticipantData(last_name="Petit", first_name="Dina"))
        people.save_validation(s, people.ValidationData(
            participant_uuid=person.uuid, validated_on=date(2018, 1, 2), category_codes=["DELD"],
        ))  # fmt: skip
        contract = people.save_contract(s, people.ContractData(
            participant_uuid=person.uuid, company_uuid=ei.uuid, lot_uuid=ids["lot"],
            modality="sous_traitance", contract_type_code="CDDI", start_date=date(2018, 3, 1),
            end_date=date(2018, 6, 30),
        ))  # fmt: skip
        people.set_hours(s, contract.uuid, "2018-03", "50")
        by_person = _contracts(s)
        people.set_hours(s, by_person["Anne"], "2018-03", "100", hours_tutoring="10")
        hours.save_changes(s, "2018-03", [hours.HourChange(by_person["Bilal"], tutoring="5,5")])
    return ids


def _contracts(s: Session) -> dict[str, str]:
    """First name → contract uuid (one contract each)."""
    stmt = select(Participant.first_name, Contract.uuid).join(
        Contract, Contract.participant_id == Participant.id
    )
    return {str(first): str(uuid) for first, uuid in s.execute(stmt)}


def _set_options(store: Store, ids: dict[str, str], **options: object) -> None:
    data = catalog.LotData(
        market_uuid=ids["market"], ref=f"{MARKET}-L01", number="1", title="Gros œuvre", amount_ht="1 000 000",
        start_date=date(2018, 1, 1), end_date=date(2019, 6, 30),
    )  # fmt: skip
    with store.session() as s:
        catalog.save_lot(s, replace(data, **options), uuid=ids["lot"])  # type: ignore[arg-type]


def _sheet(
    store: Store, tmp_path: Path, kind: str, first: str, year: int | None = None
) -> tuple[list[object], list[list[object]]]:
    """The header (the row starting with `first`) and the data rows of an export."""
    target = tmp_path / f"{kind}.xlsx"
    exports.export_xlsx(store.sessions, kind, target, year=year)
    sheet = openpyxl.load_workbook(target, read_only=True).active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(r for r in rows if r and r[0] == first)
    return header, [r for r in rows[rows.index(header) + 1 :] if r and r[0]]


def _realised_everywhere(store: Store, ids: dict[str, str], tmp_path: Path) -> Decimal:
    """The lot's realised hours read from every output; asserts they all agree and returns the figure."""
    with store.session() as s:
        board = dashboard.market_dashboard(s, MARKET, "2019-06")
        closed = bilan.market_bilan(s, MARKET, today=date(2026, 12, 1))
        market_page = details.market_page(s, ids["market"])
        lot_page = details.lot_page(s, ids["lot"])
        running = alerts_repo.running_lots(s, date(2018, 12, 1))
        grid_total = hours.lot_totals(s, [ids["lot"]], "2019-07")[ids["lot"]].before  # the hours screen
    figure = board.cumulated
    assert closed.dashboard.cumulated == figure
    # a person's hours leave out the staff's tutoring and the converted amounts, which count for the lot only
    line = closed.dashboard.lots[0]
    persons = figure - line.tutoring - line.converted
    assert sum(p.hours for p in closed.participants) == persons
    assert market_page.lots[0][4] == figure
    assert lot_page.realised == figure == sum(m.counted for m in lot_page.by_month)
    assert [r[6] for r in running] == [figure]
    assert grid_total == figure
    header, rows = _sheet(store, tmp_path, "markets", "Référence")
    assert Decimal(str(rows[0][header.index("Heures réalisées")])).quantize(Decimal("0.01")) == figure
    header, rows = _sheet(store, tmp_path, "annual", "Marché", year=2018)
    annual = sum(Decimal(str(r[header.index("Heures 2018")])) for r in rows)
    assert annual.quantize(Decimal("0.01")) == persons
    header, rows = _sheet(store, tmp_path, "hours", "Mois")
    counted = sum(Decimal(str(r[header.index("Heures comptées")])) for r in rows)
    assert counted.quantize(Decimal("0.01")) == figure
    return figure


def test_each_counting_option_changes_the_realised_hours_exactly(store: Store, tmp_path: Path) -> None:
    ids = _setup(store)
    assert _realised_everywhere(store, ids, tmp_path) == Decimal("650")
    with store.session() as s:
        line = dashboard.market_dashboard(s, MARKET, "2019-06").lots[0]
    assert (line.tutoring, line.converted) == (0, 0)
    assert (
        "tutorat non compté" in line.counting
        and "sous-traitance comptée aux heures déclarées" in line.counting
    )

    _set_options(store, ids, count_tutoring=True)
    assert _realised_everywhere(store, ids, tmp_path) == Decimal("665.5")
    with store.session() as s:
        line = dashboard.market_dashboard(s, MARKET, "2019-06").lots[0]
    assert line.tutoring == Decimal("15.5") and "tutorat compté (dont 15,50\u00a0h)" in line.counting

    _set_options(store, ids, count_tutoring=True, subcontract_hourly_cost=COST)
    assert _realised_everywhere(store, ids, tmp_path) == Decimal("1001.28")
    with store.session() as s:
        april = dashboard.market_dashboard(s, MARKET, "2018-04")
        march = dashboard.market_dashboard(s, MARKET, "2018-03")
        lot_page = details.lot_page(s, ids["lot"])
    line = april.lots[0]
    assert line.converted == Decimal("385.78")
    assert "sous-traitance comptée en montant ÷ 32,00\u00a0€ par heure (dont 385,78\u00a0h)" in line.counting
    # counted in the declared month (April): 100 h of Anne + 385,78 h; March loses the 50 declared hours
    assert april.month_hours == Decimal("485.78")
    assert march.month_hours == Decimal("215.5")  # Anne 100 + 10, Bilal 100 + 5,5
    converted_line = next(
        x for x in april.by_contract_type if x.label == "Montant sous-traité converti en heures"
    )
    assert converted_line.cumulated == Decimal("385.78")
    months = {m.month: m for m in lot_page.by_month}
    assert months["2018-04"].converted == Decimal("385.78") and months["2018-03"].tutoring == Decimal("15.5")

    _set_options(store, ids, count_tutoring=True, count_subcontracting=False)
    assert _realised_everywhere(store, ids, tmp_path) == Decimal("615.5")


def test_a_sub_contracted_amount_is_checked(store: Store) -> None:
    ids = _setup(store)
    with store.session() as s:
        titulaire = next(a[0] for a in details.lot_page(s, ids["lot"]).attributions if a[3] == "titulaire")
        company = next(a[1] for a in details.lot_page(s, ids["lot"]).attributions if a[3] == "titulaire")
    lot, ei = ids["lot"], ids["ei"]

    def data(amount: str | None = "1000", month: str | None = "2018-04") -> catalog.AttributionData:
        role = "sous_traitant"
        return catalog.AttributionData(lot, ei, role, subcontract_amount=amount, subcontract_month=month)

    bad = [
        (data(month=None), "avec le mois où il compte"),
        (data(amount=None), "avec le mois où il compte"),
        (data(month="2020-01"), "hors de la période du lot"),
        (data(amount="-5"), "Montant sous-traité"),
        (data(month="13/2018"), "Mois"),
    ]
    for attempt, message in bad:
        with pytest.raises(ValidationError, match=message), store.session() as s:
            catalog.save_attribution(s, attempt, uuid=ids["attribution"])
    only_siae = "seule une SIAE ou une entreprise adaptée"
    with pytest.raises(ValidationError, match=only_siae), store.session() as s:
        catalog.save_attribution(s, catalog.AttributionData(
            lot, company, "titulaire", subcontract_amount="1000", subcontract_month="2018-04"
        ), uuid=titulaire)  # fmt: skip
    with store.session() as s:  # nothing changed
        page = details.lot_page(s, ids["lot"])
    assert [(a[3], a[5], a[6]) for a in page.attributions] == [
        ("titulaire", None, None), ("sous_traitant", Decimal("12345.00"), "2018-04")
    ]  # fmt: skip
    with pytest.raises(ValidationError, match="suppose que la sous-traitance compte"):
        _set_options(store, ids, count_subcontracting=False, subcontract_hourly_cost=COST)
    with pytest.raises(ValidationError, match="Heures de tutorat"), store.session() as s:
        people.set_hours(s, _contracts(s)["Anne"], "2018-03", "100", hours_tutoring="-1")
