"""Publics at entry (issue 13): one hand-computed store, the same figures in every output.

The store: one marché of 2018 (closed in 2019), one lot, three people.
- Anne (born 1990): BRSA validated 01/06/2017 until 01/06/2019; contract from 01/02/2018, hours Feb–Apr.
- Bilal (born 1995, 22 at entry): DELD from 15/01/2018 until 15/01/2020; contract from 01/03/2018, March.
- Claude (born 1966, 52 at entry): DELD and QPV from 01/09/2017 until 01/09/2019; contract from
  01/05/2018, May–June.
By hand, for 2018: 3 people at work; BRSA 1 (Anne), DELD 2 (Bilal, Claude), QPV 1 (Claude), under 26 1
(Bilal), 50 and over 1 (Claude). A BRSA validation dated June 2026 given to Bilal and Claude must change
none of these figures (before issue 13 the bilan went from 1 BRSA to 3).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from clausedesk.cli import run
from clausedesk.core.errors import ValidationError
from clausedesk.core.services import (
    alerts,
    bilan,
    catalog,
    dashboard,
    documents,
    exports,
    journal,
    people,
    records,
)
from clausedesk.db.repositories import consolidation as consolidation_sql
from clausedesk.db.repositories import details
from clausedesk.db.store import Store
from clausedesk.paths import Paths
from clausedesk.sync import consolidation, importer
from clausedesk.sync.aggregates import month_aggregates

from .conftest import Coordinator, make_facilitator

EXPECTED = {"BRSA": 1, "DELD": 2, "QPV": 1, "moins_26": 1, "50_plus": 1}
MARKET = "2018-MPA-01"


def build(store: Store) -> dict[str, str]:
    """The hand-computed store (see the module docstring); returns uuids by first name."""
    with store.session() as s:
        buyer = catalog.save_buyer(s, catalog.BuyerData(name="Ville d'Arras", kind="commune"))
        market = catalog.save_market(s, catalog.MarketData(
            ref=MARKET, title="Groupe scolaire", buyer_uuid=buyer.uuid,
            start_date=date(2018, 1, 1), end_date=date(2019, 6, 30),
        ))  # fmt: skip
        lot = catalog.save_lot(s, catalog.LotData(
            market_uuid=market.uuid, ref=f"{MARKET}-L01", number="1", title="Gros œuvre",
            amount_ht="1 000 000", start_date=date(2018, 1, 1), end_date=date(2019, 6, 30),
        ))  # fmt: skip
        company = catalog.save_company(s, catalog.CompanyData(siret="73282932000074", name="Bâti Nord"))
        catalog.save_attribution(s, catalog.AttributionData(lot_uuid=lot.uuid, company_uuid=company.uuid))
        ids: dict[str, str] = {"lot": lot.uuid}
        plan = [
            ("Anne", "F", date(1990, 3, 1), ["BRSA"], date(2017, 6, 1), date(2019, 6, 1),
             date(2018, 2, 1), ["2018-02", "2018-03", "2018-04"]),
            ("Bilal", "M", date(1995, 5, 10), ["DELD"], date(2018, 1, 15), date(2020, 1, 15),
             date(2018, 3, 1), ["2018-03"]),
            ("Claude", "M", date(1966, 1, 1), ["DELD", "QPV"], date(2017, 9, 1), date(2019, 9, 1),
             date(2018, 5, 1), ["2018-05", "2018-06"]),
        ]  # fmt: skip
        for first, sex, birth, codes, valid_from, valid_until, start, months in plan:
            person = people.save_participant(
                s, people.ParticipantData(last_name="Martin", first_name=first, sex=sex, birth_date=birth)
            )
            people.save_validation(s, people.ValidationData(
                participant_uuid=person.uuid, validated_on=valid_from, expires_on=valid_until,
                category_codes=codes, prescriber="France Travail",
            ))  # fmt: skip
            contract = people.save_contract(s, people.ContractData(
                participant_uuid=person.uuid, company_uuid=company.uuid, lot_uuid=lot.uuid,
                modality="embauche_directe", contract_type_code="CDD", start_date=start,
                end_date=date(2018, 12, 31),
            ))  # fmt: skip
            for month in months:
                people.set_hours(s, contract.uuid, month, "100")
            ids[first] = person.uuid
        journal.save_meeting(s, journal.MeetingData(
            held_on=date(2018, 4, 2), title="Comité de suivi du marché", kind="comite",
            market_uuid=market.uuid,
        ))  # fmt: skip
        journal.save_meeting(s, journal.MeetingData(
            held_on=date(2018, 6, 12), title="Comité départemental des clauses", kind="comite_departemental",
        ))  # fmt: skip
    return ids


def add_late_brsa(store: Store, ids: dict[str, str]) -> None:
    """BRSA validations dated June 2026 for Bilal and Claude: not in force at their 2018 entry."""
    with store.session() as s:
        for first in ("Bilal", "Claude"):
            people.save_validation(s, people.ValidationData(
                participant_uuid=ids[first], validated_on=date(2026, 6, 1), category_codes=["BRSA"],
            ))  # fmt: skip


def _dashboard_publics(store: Store) -> dict[str, int]:
    with store.session() as s:
        figures = dashboard.market_dashboard(s, MARKET, "2018-12")
        total = {k: c.value for k, c in figures.publics_total.items()}
        closed = bilan.market_bilan(s, MARKET, today=date(2026, 12, 1))
        assert {k: c.value for k, c in closed.dashboard.publics_total.items()} == total
    return total


def _annual_publics(store: Store, tmp_path: Path) -> dict[str, str]:
    target = tmp_path / "annuelle.xlsx"
    exports.export_xlsx(store.sessions, "annual", target, year=2018)
    sheet = openpyxl.load_workbook(target, read_only=True).active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(r for r in rows if r and r[0] == "Marché")
    first, publics = header.index("Prénom"), header.index("Publics à l'entrée (hors données de santé)")
    return {str(r[first]): str(r[publics] or "") for r in rows[rows.index(header) + 1 :] if r and r[first]}


def test_every_output_counts_the_publics_at_entry(tmp_path: Path, coord: Coordinator) -> None:
    fac = make_facilitator("Fanny Leroy", Paths(tmp_path / "fac"), coord)
    try:
        ids = build(fac.store)
        add_late_brsa(fac.store, ids)

        publics = _dashboard_publics(fac.store)
        assert publics == {"people": 3, "women": 1, "brsa": 1, "under_26": 1, "deld": 2, "senior_50": 1,
                           "qpv": 1}  # fmt: skip

        annual = _annual_publics(fac.store, tmp_path)
        assert annual["Anne"] == "Bénéficiaire du RSA"
        assert "Bénéficiaire du RSA" not in annual["Bilal"] and "Bénéficiaire du RSA" not in annual["Claude"]
        assert "Moins de 26 ans à l'entrée" in annual["Bilal"]
        assert "50 ans et plus à l'entrée" in annual["Claude"]

        with fac.store.session() as s:
            march = month_aggregates(s, "2018-03")  # Anne and Bilal at work
            may = month_aggregates(s, "2018-05")  # Claude alone
        assert march["participants_with_hours"] == 2
        assert march["participants_by_category"] == {"BRSA": 1, "DELD": 1, "moins_26": 1}
        assert may["participants_by_category"] == {"50_plus": 1, "DELD": 1, "QPV": 1}

        result = importer.import_blob(
            coord.store.sessions, coord.identity, fac.package("2018-12", tmp_path), fac.name
        )
        assert result.status == "merged"
        with coord.store.session() as s:
            comite = dict(consolidation_sql.table(s, "people_by_category", "2018-01", "2018-12"))
            bands = dict(consolidation_sql.table(s, "people_by_age_band", "2018-01", "2018-12"))
            figures = consolidation.stats(s, "2018-01", "2018-12")
        assert comite == EXPECTED
        assert bands["moins de 26 ans"] == comite["moins_26"] and bands["50 ans et plus"] == comite["50_plus"]
        assert figures["participants"] == 3
        assert figures["committee_meetings"] == 1  # the comité départemental, not the marché's comité
    finally:
        fac.store.close()


def test_stats_json_gives_people_at_work_and_publics_at_entry(paths: Paths, capsys: pytest.CaptureFixture[str]
                                                              ) -> None:  # fmt: skip
    store = Store.open(paths, create=True)
    try:
        ids = build(store)
        add_late_brsa(store, ids)
    finally:
        store.close()
    base = ["--data-dir", str(paths.root)]
    assert run([*base, "stats", "--json", "--year", "2018"]) == 0
    year = json.loads(capsys.readouterr().out)
    assert year["people_at_work"] == 3
    assert year["publics_at_entry"] == EXPECTED
    assert year["hours_total"] == 600.0
    assert run([*base, "stats", "--json", "--month", "2018-03"]) == 0
    march = json.loads(capsys.readouterr().out)
    assert march["people_at_work"] == 2 and march["active_lots"] == 1
    assert run([*base, "stats", "--json", "--month", "2019-09"]) == 0
    assert json.loads(capsys.readouterr().out)["active_lots"] == 0  # the lot ended in June 2019
    assert run([*base, "list", "validations", "--json"]) == 0
    validations = json.loads(capsys.readouterr().out)
    anne = next(v for v in validations if v["participant_uuid"] == ids["Anne"])
    assert anne["categories"] == ["BRSA"] and anne["valid_from"] == "2017-06-01"
    assert anne["valid_until"] == "2019-06-01" and anne["avis_motive"] is False
    assert set(anne) == {"uuid", "participant_uuid", "categories", "valid_from", "valid_until", "avis_motive"}
    assert run([*base, "list", "validations"]) == 0
    text = capsys.readouterr().out
    assert " | DELD, QPV | 2017-09-01 | 2019-09-01 | False" in text and "5 éléments." in text
    assert run([*base, "list", "hours", "--json"]) == 0
    hours = json.loads(capsys.readouterr().out)
    assert len(hours) == 6 and {h["month"] for h in hours} >= {"2018-02", "2018-06"}
    keys = {"uuid", "contract_uuid", "month", "hours_worked", "hours_training", "hours_tutoring"}
    assert set(hours[0]) == keys
    assert hours[0]["hours_worked"] == 100.0
    with pytest.raises(SystemExit) as usage:
        run([*base, "stats", "--json", "--year", "18"])
    assert usage.value.code == 2
    assert "année « 18 » invalide" in capsys.readouterr().err


def test_age_public_contradicting_the_birth_date_is_refused(store: Store) -> None:
    ids = build(store)
    with store.session() as s:
        before = len(records.get(s, "participant", ids["Anne"]).validations)  # type: ignore[attr-defined]
    # Anne is 27 on 01/01/2018: not a « jeune de moins de 26 ans »; Bilal (22) is not 50 or over
    for first, code in (("Anne", "JEUNE_QUALIF"), ("Bilal", "SENIOR_50")):
        with pytest.raises(ValidationError, match="date de naissance"), store.session() as s:
            people.save_validation(s, people.ValidationData(
                participant_uuid=ids[first], validated_on=date(2018, 1, 1), category_codes=["DELD", code],
            ))  # fmt: skip
    with store.session() as s:
        after = len(records.get(s, "participant", ids["Anne"]).validations)  # type: ignore[attr-defined]
        assert after == before  # nothing written
        ok = people.save_validation(s, people.ValidationData(
            participant_uuid=ids["Bilal"], validated_on=date(2018, 1, 1),
            category_codes=["JEUNE_SANS_QUALIF"],
        ))  # fmt: skip
        assert [c.code for c in ok.categories] == ["JEUNE_SANS_QUALIF"]


def test_contract_without_eligibility_at_start_is_refused_and_old_ones_raise_an_alert(store: Store) -> None:
    ids = build(store)
    with store.session() as s:
        company = catalog.save_company(s, catalog.CompanyData(siret="35600000000048", name="La Poste"))
        data = people.ContractData(
            participant_uuid=ids["Anne"], company_uuid=company.uuid, lot_uuid=ids["lot"],
            modality="embauche_directe", contract_type_code="CDD", start_date=date(2019, 7, 1),
        )  # fmt: skip
    # Anne's BRSA validation ended on 01/06/2019
    refused = "aucune validation d'éligibilité en vigueur le 01/07/2019"
    with pytest.raises(ValidationError, match=refused), store.session() as s:
        people.save_contract(s, data)
    with store.session() as s:
        assert not alerts.compute_alerts(s, today=date(2018, 12, 1)).totals["sans_eligibilite"]
        # the validation of Bilal is deleted: his 2018 contract now started without eligibility
        bilal = records.get(s, "participant", ids["Bilal"])
        records.delete(s, "validation", bilal.validations[0].uuid)  # type: ignore[attr-defined]
    with store.session() as s:
        found = alerts.compute_alerts(s, today=date(2018, 12, 1))
    assert found.totals["sans_eligibilite"] == 1
    alert = next(a for a in found.items if a.kind == "sans_eligibilite")
    assert "MARTIN Bilal" in alert.message and "01/03/2018" in alert.message
    assert alert.target_uuid == ids["Bilal"]


def test_bilan_and_dashboard_follow_the_masking_policy(store: Store, tmp_path: Path) -> None:
    from pypdf import PdfReader

    build(store)
    with store.session() as s:
        figures = dashboard.market_dashboard(s, MARKET, "2018-12")
        closed = bilan.market_bilan(s, MARKET, today=date(2026, 12, 1))
    # 3 people: the total is shown, every « dont » line hidden, zeros included (they would tell too)
    assert figures.publics_total["people"].text == "3"
    assert all(c.masked and c.text == "< 5" for k, c in figures.publics_total.items() if k != "people")
    assert [p.display_name for p in closed.participants] == [f"Personne n° {i}" for i in (1, 2, 3)]
    assert all(p.details == "" for p in closed.participants)
    out = documents.bilan_pdf(store.sessions, MARKET, tmp_path / "bilan.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Personne n° 2" in text and "désignés par un numéro" in text
    for name in ("Anne", "Bilal", "Claude", "Martin", "Femme", "moins de 26 ans,"):
        assert name not in text


def _lot_data(count_subcontracting: bool) -> catalog.LotData:
    return catalog.LotData(
        market_uuid="", ref=f"{MARKET}-L01", number="1", title="Gros œuvre", amount_ht="1 000 000",
        start_date=date(2018, 1, 1), end_date=date(2019, 6, 30), count_subcontracting=count_subcontracting,
    )  # fmt: skip


def test_counting_options_of_the_lot_are_applied_and_shown(store: Store, tmp_path: Path) -> None:
    ids = build(store)
    with store.session() as s:
        ei = catalog.save_company(
            s, catalog.CompanyData(siret="35600000000048", name="Recyclerie", kind="ei")
        )
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
    with store.session() as s:
        counted = dashboard.market_dashboard(s, MARKET, "2018-12")
    assert counted.cumulated == 650  # 6 × 100 h of direct hires + 50 h sub-contracted to the EI
    rule = ("Heures comptées : travail seulement (formation non comptée) ; tutorat non compté ; "
            "sous-traitance comptée aux heures déclarées")
    assert counted.lots[0].counting == rule
    with store.session() as s:
        market_uuid = str(records.get(s, "lot", ids["lot"]).market.uuid)  # type: ignore[attr-defined]
        data = _lot_data(False)
        data.market_uuid = market_uuid
        catalog.save_lot(s, data, uuid=ids["lot"])
    with store.session() as s:
        figures = dashboard.market_dashboard(s, MARKET, "2018-12")
        page = details.market_page(s, market_uuid)
    assert figures.cumulated == 600 and page.lots[0][4] == 600  # the market page agrees
    assert figures.lots[0].counting.endswith("sous-traitance non comptée")
    out = documents.market_dashboard_pdf(store.sessions, MARKET, "2018-12", tmp_path / "tdb.pdf")
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert "sous-traitance non comptée" in text
