"""Candidate profile and applications, cancel/reopen an offer, home thresholds as settings, offer prefill."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from clausedesk.core.errors import ConflictError, NotFoundError, ValidationError
from clausedesk.core.services import browsing, catalog
from clausedesk.core.services import recruitment as rec
from clausedesk.core.services import recruitment_candidates as cand
from clausedesk.core.services import suggestions as sug
from clausedesk.core.settings import SETTINGS, SETTINGS_BY_KEY
from clausedesk.db.models import JobOffer, Setting
from clausedesk.db.repositories import base as repo
from clausedesk.db.repositories import reference
from clausedesk.db.store import Store

from .conftest import World, offer_data

D = date(2026, 10, 5)


def _offer(store: Store, w: World, **kw: object) -> str:
    with store.session() as s:
        return rec.save_offer(s, offer_data(w, **kw)).uuid


def _state(store: Store, uuid: str) -> tuple[str, date | None, date | None, str | None, int]:
    with store.session() as s:
        o = repo.get(s, JobOffer, uuid, "")
        return o.status, o.filled_on, o.cancelled_on, o.notes, o.rev


def test_profile_with_job_labels_from_rome_4(store: Store, world: World) -> None:
    _offer(store, world, job_label="Maçon VRD")
    with store.session() as s:
        data = cand.CandidateData(world.alice, jobs_sought=["f1703", "N1103", "F1703"])
        cand.save_candidate_profile(s, data)
        p = cand.candidate_profile(s, world.alice)
    assert [(j.rome, j.label) for j in p.jobs] == [  # the ROME 4.0 titles, not the offer's wording
        ("F1703", "Maçon / Maçonne"),
        ("N1103", "Préparateur / Préparatrice de commandes"),
    ]
    with store.session() as s:  # a well-shaped code the ROME does not hold: the offer's job, else its domain
        labels = cand.rome_labels(s, ["F1799", "N9999"])
    assert labels == {"F1799": "Construction, bâtiment et travaux publics",
                      "N9999": "Transport et logistique"}
    assert p.name == "MARTIN Alice" and p.candidate_since == date(2026, 9, 1)
    with store.session() as s, pytest.raises(ValidationError, match="Métiers recherchés"):
        cand.save_candidate_profile(s, cand.CandidateData(world.alice, jobs_sought=["F17"]))


def test_candidate_applications_with_their_dated_steps(store: Store, world: World) -> None:
    first = _offer(store, world, job_label="Coffreur")
    second = _offer(store, world, job_label="Maçon")
    with store.session() as s:
        a = rec.propose(s, first, world.alice, D).uuid
        rec.move(s, a, "eligibilite_verifiee", D + timedelta(days=2))
        rec.move(s, a, "non_retenue", D + timedelta(days=3), reason="Pas de permis C")
        rec.propose(s, second, world.alice, D + timedelta(days=4), proposed_by="Mission locale")
        apps = cand.candidate_applications(s, world.alice)
    newest_first = ["F1703 — Maçon / Maçonne", "Coffreur (F1703 — Maçon / Maçonne)"]
    assert [x.offer_label for x in apps] == newest_first
    latest, older = apps
    assert latest.proposed_by == "Mission locale" and latest.step_label == "Proposée"
    assert older.step == "non_retenue" and older.reason == "Pas de permis C"
    assert [(st.label, st.on) for st in older.steps] == [
        ("Proposée", D),
        ("Éligibilité vérifiée", D + timedelta(days=2)),
        ("Non retenue", D + timedelta(days=3)),
    ]
    with store.session() as s:
        rows = {r.name: r for r in cand.candidate_rows(s)}
    assert rows["MARTIN Alice"].open_applications == 1 and rows["MARTIN Alice"].jobs == "F1703"


def test_cancel_and_reopen_an_offer_dated_and_noted(store: Store, world: World) -> None:
    offer = _offer(store, world)
    with store.session() as s:
        rec.set_offer_status(s, offer, "annulee", date(2026, 10, 10), reason="Chantier reporté")
        summary = rec.offer_summary(s, offer)
    assert (summary.status, summary.cancelled_on) == ("annulee", date(2026, 10, 10))
    with store.session() as s:
        rec.set_offer_status(s, offer, "ouverte", date(2026, 10, 20))
    status, filled, cancelled, notes, _ = _state(store, offer)
    assert (status, filled, cancelled) == ("ouverte", None, None)
    assert notes == "Annulée le 10/10/2026 : Chantier reporté.\nRouverte le 20/10/2026."


@pytest.mark.parametrize(
    ("first", "target", "on", "kw", "exc", "match"),
    [
        (None, "annulee", D, {}, ValidationError, "indiquez pourquoi"),
        (None, "ouverte", D, {}, ConflictError, "déjà ouverte"),
        (None, "annulee", date(2026, 9, 1), {"reason": "x"}, ValidationError, "précéder l'ouverture"),
        (None, "annulee", date.today() + timedelta(days=1), {"reason": "x"}, ValidationError, "futur"),
        ("annulee", "pourvue", D, {}, ConflictError, "Rouvrez-la d'abord"),
        ("annulee", "ouverte", date(2026, 10, 2), {}, ValidationError, "annulée"),
        (None, "fermee", D, {}, ValidationError, "inconnue"),
    ],
)
def test_status_refusals_change_nothing(
    store: Store, world: World, first: str | None, target: str, on: date, kw: dict[str, str],
    exc: type[Exception], match: str,
) -> None:  # fmt: skip
    offer = _offer(store, world)
    if first:
        with store.session() as s:
            rec.set_offer_status(s, offer, first, date(2026, 10, 3), reason="Chantier reporté")
    before = _state(store, offer)
    with store.session() as s, pytest.raises(exc, match=match):
        rec.set_offer_status(s, offer, target, on, **kw)
    assert _state(store, offer) == before


def test_home_thresholds_are_settings(store: Store, world: World) -> None:
    assert [s.key for s in SETTINGS[-2:]] == ["offer_open_alert_days", "candidate_waiting_alert_days"]
    assert SETTINGS_BY_KEY["offer_open_alert_days"].default == 45
    assert SETTINGS_BY_KEY["candidate_waiting_alert_days"].default == 30
    offer = _offer(store, world, opened_on=date(2026, 8, 1))
    today = date(2026, 9, 20)  # offer open 50 days; candidates waiting 19 days
    with store.session() as s:
        assert [o.offer_uuid for o in sug.offers_open_too_long(s, today=today)] == [offer]
        assert sug.candidates_waiting(s, today=today) == []
        reference.set_setting(s, "offer_open_alert_days", "60")
        reference.set_setting(s, "candidate_waiting_alert_days", "15")
    with store.session() as s:
        assert sug.offers_open_too_long(s, today=today) == []
        assert len(sug.candidates_waiting(s, today=today)) == 3
        assert [o.offer_uuid for o in sug.offers_open_too_long(s, today=today, days=45)] == [offer]
        s.get(Setting, "offer_open_alert_days").value = "beaucoup"  # type: ignore[union-attr]
    with store.session() as s:  # an unreadable stored value falls back to the default
        assert sug.alert_days(s, "offer_open_alert_days") == 45


def test_offer_form_choices_from_a_company_or_a_lot(store: Store, world: World) -> None:
    with store.session() as s:
        other = catalog.save_company(s, catalog.CompanyData("73282932000074", "Autre BTP")).uuid
        buyer = catalog.save_buyer(s, catalog.BuyerData("CA")).uuid
        rec_market = catalog.save_market(s, catalog.MarketData("2026-REC-02", "Voirie", buyer))
        lot2 = catalog.save_lot(
            s, catalog.LotData(rec_market.uuid, "2026-REC-02-L01", "1", "VRD", amount_ht="100000")
        ).uuid
        catalog.save_attribution(s, catalog.AttributionData(lot2, other))
        catalog.save_attribution(s, catalog.AttributionData(world.lot, world.company))
        by_lot = rec.offer_form_choices(s, lot_uuid=lot2)
        by_company = rec.offer_form_choices(s, company_uuid=other)
        with pytest.raises(NotFoundError):
            rec.offer_form_choices(s, lot_uuid="inconnu")
        held = browsing.lots_for_company(s, "", 50, other)  # what the form's lot picker lists first
    assert (by_lot.company_uuid, by_lot.lot_uuid) == (other, lot2)
    assert (by_lot.company_label, by_lot.lot_label) == ("Autre BTP (73282932000074)", "2026-REC-02-L01 – VRD")
    assert by_company.company_uuid == other and (by_company.lot_uuid, by_company.lot_label) == (None, "")
    assert [u for u, _ in held] == [lot2]  # the titulaire's lots only, never every lot
    assert any(code == "CDD" for code, _ in by_lot.contract_types)
