"""Services on a real store: validation in French, nothing written on refusal, rev counters, trash."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from clausedesk.core.errors import ConflictError, NotFoundError, ValidationError
from clausedesk.core.services import catalog, journal, people, records
from clausedesk.db.repositories.stats import store_stats
from clausedesk.db.store import Store

SIRET = "73282932000074"


def _lot(store: Store) -> dict[str, str]:
    with store.session() as s:
        buyer = catalog.save_buyer(
            s, catalog.BuyerData(name="Ville de Cergy", kind="commune", commune_code="95127")
        )
        market = catalog.save_market(
            s,
            catalog.MarketData(
                ref="2026-001",
                title="Réhabilitation école",
                buyer_uuid=buyer.uuid,
                start_date=date(2026, 1, 1),
                end_date=date(2026, 12, 31),
            ),
        )
        lot = catalog.save_lot(
            s,
            catalog.LotData(
                market_uuid=market.uuid,
                ref="2026-001-L01",
                number="1",
                title="Gros œuvre",
                amount_ht="1 000 000",
                labour_share_pct="50",
                insertion_rate_pct="5",
                hourly_cost="30",
                start_date=date(2026, 1, 1),
                end_date=date(2026, 12, 31),
            ),
        )
        company = catalog.save_company(s, catalog.CompanyData(siret=SIRET, name="Bâti Ouest", naf="4399c"))
        person = people.save_participant(
            s,
            people.ParticipantData(
                last_name="Diallo", first_name="Awa", sex="F", birth_date=date(1990, 5, 1)
            ),
        )
        return {
            "buyer": buyer.uuid,
            "market": market.uuid,
            "lot": lot.uuid,
            "company": company.uuid,
            "person": person.uuid,
        }


def test_lot_objective_is_computed_and_follows_amendments(store: Store) -> None:
    ids = _lot(store)
    with store.session() as s:
        lot = records.get(s, "lot", ids["lot"])
        assert lot.objective_hours == Decimal(833)  # type: ignore[attr-defined]
        assert lot.target_hours == Decimal(833)  # type: ignore[attr-defined]
        assert [m.mechanism for m in lot.mechanisms] == ["condition_execution"]  # type: ignore[attr-defined]
        catalog.add_amendment(
            s,
            catalog.AmendmentData(
                lot_uuid=ids["lot"],
                signed_on=date(2026, 6, 1),
                amount_delta="200000",
                new_end_date=date(2027, 3, 31),
            ),
        )
        assert lot.objective_hours == Decimal(1000)  # type: ignore[attr-defined]
        assert lot.end_date == date(2027, 3, 31)  # type: ignore[attr-defined]
    with store.session() as s:
        amendment = s.get(records.KINDS["amendment"][0], 1)
        assert amendment is not None
        records.delete(s, "amendment", amendment.uuid)
        assert records.get(s, "lot", ids["lot"]).objective_hours == Decimal(833)  # type: ignore[attr-defined]


def test_forced_objective_wins(store: Store) -> None:
    ids = _lot(store)
    with store.session() as s:
        lot = records.get(s, "lot", ids["lot"])
        data = catalog.LotData(
            market_uuid=ids["market"],
            ref=lot.ref,
            number="1",
            title="Gros œuvre",  # type: ignore[attr-defined]
            amount_ht="1000000",
            forced_hours="1200",
        )
        catalog.save_lot(s, data, uuid=ids["lot"])
        assert lot.target_hours == Decimal(1200)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("siret", "message"),
    [("7328293200007", "14 chiffres"), ("73282932000075", "clé"), ("", "14 chiffres")],
)
def test_bad_siret_is_refused_and_nothing_written(store: Store, siret: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message), store.session() as s:
        catalog.save_company(s, catalog.CompanyData(siret=siret, name="X"))
    with store.session() as s:
        assert store_stats(s)["companies"] == 0


def test_duplicate_siret_is_refused(store: Store) -> None:
    _lot(store)
    with pytest.raises(ConflictError, match="existe déjà"), store.session() as s:
        catalog.save_company(s, catalog.CompanyData(siret=SIRET, name="Autre"))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount_ht", "-5", "Montant HT"),
        ("labour_share_pct", "120", "Part main-d'œuvre"),
        ("hourly_cost", "0", "Coût horaire"),
        ("amount_ht", "beaucoup", "n'est pas un nombre"),
    ],
)
def test_lot_values_are_checked(store: Store, field: str, value: str, message: str) -> None:
    ids = _lot(store)
    data = catalog.LotData(market_uuid=ids["market"], ref="2026-001-L02", number="2", title="Peinture")
    setattr(data, field, value)
    with pytest.raises(ValidationError, match=message), store.session() as s:
        catalog.save_lot(s, data)
    with store.session() as s:
        assert store_stats(s)["lots"] == 1


def test_end_before_start_is_refused(store: Store) -> None:
    ids = _lot(store)
    with pytest.raises(ValidationError, match="Date de fin"), store.session() as s:
        catalog.save_market(
            s,
            catalog.MarketData(
                ref="M2",
                title="T",
                buyer_uuid=ids["buyer"],
                start_date=date(2026, 5, 1),
                end_date=date(2026, 4, 1),
            ),
        )


def test_nir_in_free_text_is_refused(store: Store) -> None:
    ids = _lot(store)
    with pytest.raises(ValidationError, match="sécurité sociale"), store.session() as s:
        people.save_participant(
            s,
            people.ParticipantData(last_name="Diallo", first_name="Awa", notes="NIR 2 90 05 95 127 004 12"),
            uuid=ids["person"],
        )
    with store.session() as s:
        assert records.get(s, "participant", ids["person"]).notes is None  # type: ignore[attr-defined]


def test_avis_motive_requires_validator_and_reason(store: Store) -> None:
    ids = _lot(store)
    with pytest.raises(ValidationError, match="Avis motivé"), store.session() as s:
        people.save_validation(
            s,
            people.ValidationData(
                participant_uuid=ids["person"], validated_on=date(2026, 1, 5), category_codes=["AVIS_MOTIVE"]
            ),
        )
    with store.session() as s:
        val = people.save_validation(
            s,
            people.ValidationData(
                participant_uuid=ids["person"],
                validated_on=date(2026, 1, 5),
                category_codes=["BRSA", "QPV"],
                prescriber="France Travail",
            ),
        )
        assert val.expires_on == date(2028, 1, 5)
        assert sorted(c.code for c in val.categories) == ["BRSA", "QPV"]


def test_contract_and_hours(store: Store) -> None:
    ids = _lot(store)
    with store.session() as s:
        people.save_validation(
            s,
            people.ValidationData(
                participant_uuid=ids["person"], validated_on=date(2026, 1, 5), category_codes=["DELD"]
            ),
        )
        contract = people.save_contract(
            s,
            people.ContractData(
                participant_uuid=ids["person"],
                company_uuid=ids["company"],
                lot_uuid=ids["lot"],
                modality="embauche_directe",
                contract_type_code="CDD",
                start_date=date(2026, 2, 1),
                end_date=date(2026, 7, 31),
                rome="f1703",
                weekly_hours="35",
            ),
        )
        assert contract.rome == "F1703"
        entry = people.set_hours(s, contract.uuid, "2026-03", "151,5")
        assert entry.hours_worked == Decimal("151.50")
        assert entry.rev == 1
    with store.session() as s:
        entry = people.set_hours(s, contract.uuid, "2026-03", "140")
        assert entry.rev == 2
        with pytest.raises(ValidationError, match="pas actif"):
            people.set_hours(s, contract.uuid, "2026-09", "10")
        with pytest.raises(ValidationError, match="Heures travaillées"):
            people.set_hours(s, contract.uuid, "2026-04", "1520")
    with store.session() as s:
        assert store_stats(s)["hours_total"] == 140.0


def test_delete_refused_while_used_then_restore(store: Store) -> None:
    ids = _lot(store)
    with pytest.raises(ConflictError, match=r"encore utilisé par 1 lot\. "), store.session() as s:
        records.delete(s, "market", ids["market"])
    with store.session() as s:
        records.delete(s, "lot", ids["lot"])
    with store.session() as s:
        assert store_stats(s)["lots"] == 0
        assert [x.uuid for x in records.trash(s, "lot")] == [ids["lot"]]
        with pytest.raises(NotFoundError):
            records.get(s, "lot", ids["lot"])
    with store.session() as s:
        lot = records.restore(s, "lot", ids["lot"])
        assert lot.rev == 3
    with store.session() as s:
        assert store_stats(s)["lots"] == 1


def test_meeting_and_action(store: Store) -> None:
    ids = _lot(store)
    with store.session() as s:
        m = journal.save_meeting(
            s,
            journal.MeetingData(
                held_on=date(2026, 3, 2), title="Réunion de chantier n°4", market_uuid=ids["market"]
            ),
        )
        a = journal.save_action(
            s,
            journal.ActionData(
                title="Relancer le relevé",
                owner="Facilitateur",
                due_on=date(2026, 3, 10),
                meeting_uuid=m.uuid,
            ),
        )
        journal.mark_done(s, a.uuid, date(2026, 3, 9))
        assert a.done_on == date(2026, 3, 9)
    with pytest.raises(ValidationError, match="Responsable"), store.session() as s:
        journal.save_action(s, journal.ActionData(title="X", owner=" "))
