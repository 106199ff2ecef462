"""The application step machine, its refusals (nothing changed), retain → contract, suggestions, figures."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from clausedesk.core.errors import ConflictError, ValidationError
from clausedesk.core.services import recruitment as rec
from clausedesk.core.services import recruitment_figures as figs
from clausedesk.core.services import suggestions as sug
from clausedesk.db.models import Application, ApplicationStep, Contract, JobOffer
from clausedesk.db.repositories import base as repo
from clausedesk.db.store import Store

from .conftest import World, offer_data

D = date(2026, 10, 5)


def _offer(store: Store, w: World, **kw: object) -> str:
    with store.session() as s:
        return rec.save_offer(s, offer_data(w, **kw)).uuid


def _propose(store: Store, offer: str, who: str, on: date = D) -> str:
    with store.session() as s:
        return rec.propose(s, offer, who, on).uuid


def _move(store: Store, app: str, step: str, on: date = D, **kw: object) -> None:
    with store.session() as s:
        rec.move(s, app, step, on, **kw)  # type: ignore[arg-type]


def _state(store: Store, app: str) -> tuple[str, int, int]:
    with store.session() as s:
        a = repo.get(s, Application, app, "")
        n = s.scalar(
            select(func.count()).select_from(ApplicationStep).where(ApplicationStep.application_id == a.id)
        )
        return a.step, a.rev, int(n or 0)


def _refused(store: Store, app: str, exc: type[Exception], match: str, step: str, **kw: object) -> None:
    before = _state(store, app)
    with pytest.raises(exc, match=match):
        _move(store, app, step, **kw)
    assert _state(store, app) == before


def test_full_path_to_a_signed_contract(store: Store, world: World) -> None:
    offer = _offer(store, world)
    app = _propose(store, offer, world.alice)
    for step in ("eligibilite_verifiee", "presentee", "entretien", "retenue"):
        _move(store, app, step)
    with store.session() as s:
        data = rec.contract_prefill(s, app)
        assert (data.lot_uuid, data.contract_type_code, data.rome) == (world.lot, "CDD", "F1703")
        assert data.start_date == date(2026, 12, 1) and data.end_date == date(2027, 5, 31)
        contract = rec.sign_contract(s, app, data)
        assert repo.get(s, Application, app, "").contract_id == contract.id
        o = repo.get(s, JobOffer, offer, "")
        assert (o.status, o.filled_on) == ("pourvue", D)
        steps = [st.step for st in repo.get(s, Application, app, "").steps]
        assert steps == ["proposee", "eligibilite_verifiee", "presentee", "entretien", "retenue"]
    with store.session() as s, pytest.raises(ConflictError, match="déjà son contrat"):
        rec.sign_contract(s, app, rec.contract_prefill(s, app))
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Contract)) == 1


def test_refusals_change_nothing(store: Store, world: World) -> None:
    offer = _offer(store, world)
    app = _propose(store, offer, world.bruno)
    _refused(store, app, ConflictError, "ne suit pas", "entretien")
    _move(store, app, "eligibilite_verifiee")
    _refused(store, app, ConflictError, "en arrière", "proposee")
    _refused(store, app, ValidationError, "Motif", "non_retenue")
    _refused(store, app, ValidationError, "précéder", "presentee", on=date(2026, 10, 1))
    _move(store, app, "non_retenue", reason="Pas de permis C")
    _refused(store, app, ConflictError, "close", "presentee")
    with store.session() as s:
        assert repo.get(s, Application, app, "").reason == "Pas de permis C"


def test_ineligible_candidate_needs_avis_motive_with_reason(store: Store, world: World) -> None:
    offer = _offer(store, world)
    app = _propose(store, offer, world.chloe)
    _refused(store, app, ConflictError, "pas de validation d'éligibilité", "eligibilite_verifiee")
    _refused(store, app, ValidationError, "avis motivé", "eligibilite_verifiee", avis_motive=True)
    _move(
        store, app, "eligibilite_verifiee", avis_motive=True, avis_motive_reason="Parcours suivi par le PLIE"
    )
    with store.session() as s:
        a = repo.get(s, Application, app, "")
        assert a.avis_motive and a.avis_motive_reason == "Parcours suivi par le PLIE"


def test_more_retained_than_posts_needs_confirmation(store: Store, world: World) -> None:
    offer = _offer(store, world)
    apps = [_propose(store, offer, who) for who in (world.alice, world.bruno)]
    for app in apps:
        for step in ("eligibilite_verifiee", "presentee"):
            _move(store, app, step)
    _move(store, apps[0], "retenue")
    with store.session() as s, pytest.raises(ConflictError, match="pourvue"):  # filled: no new proposal
        rec.propose(s, offer, world.chloe, D)
    _refused(store, apps[1], ConflictError, "confirmez", "retenue")
    _move(store, apps[1], "retenue", confirm_over_posts=True)
    assert _state(store, apps[1])[0] == "retenue"


def test_duplicate_proposal_refused(store: Store, world: World) -> None:
    offer = _offer(store, world)
    _propose(store, offer, world.alice)
    with pytest.raises(ConflictError, match="a déjà une candidature sur cette offre"):
        _propose(store, offer, world.alice)


def test_bad_offer_input_is_refused(store: Store, world: World) -> None:
    with store.session() as s:
        with pytest.raises(ValidationError, match="ROME"):
            rec.save_offer(s, offer_data(world, rome="X12"))
        with pytest.raises(ValidationError, match="postes"):
            rec.save_offer(s, offer_data(world, posts=0))
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(JobOffer)) == 0


def test_suggestions_best_first_with_reasons(store: Store, world: World) -> None:
    offer = _offer(store, world)
    with store.session() as s:
        found = sug.suggest(s, offer, today=D)
    names = [f.name for f in found]
    assert names[0] == "MARTIN Alice"  # same commune, eligible
    assert names.index("DURAND Bruno") < names.index("PETIT Chloé")  # eligible before not eligible
    assert "habite la commune du poste" in found[0].reasons
    assert "recherche ce métier (F1703 — Maçon / Maçonne)" in found[0].reasons
    chloe = next(f for f in found if f.name == "PETIT Chloé")
    assert "pas de validation d'éligibilité en cours" in chloe.warnings
    _propose(store, offer, world.alice)
    with store.session() as s:
        assert "MARTIN Alice" not in [f.name for f in sug.suggest(s, offer, today=D)]


def test_suggestions_among_some_people_score_them_as_the_whole_list_does(store: Store, world: World) -> None:
    # « Fins de contrat » scores only the people whose contract ends: same scores, reasons and order
    offer = _offer(store, world)
    with store.session() as s:
        whole = sug.suggest(s, offer, today=D, limit=1000)
        some = {world.alice, world.chloe}
        among = sug.suggest(s, offer, today=D, limit=1000, among=some)
    assert among == [f for f in whole if f.participant_uuid in some]
    assert {f.participant_uuid for f in among} == some


def test_home_lists(store: Store, world: World) -> None:
    offer = _offer(store, world, opened_on=date(2026, 8, 1))
    _propose(store, offer, world.alice, on=date(2026, 9, 2))
    with store.session() as s:
        old = sug.offers_open_too_long(s, today=date(2026, 11, 1), days=45)
        assert [o.offer_uuid for o in old] == [offer] and old[0].days_open == 92
        waiting = sug.candidates_waiting(s, today=date(2026, 11, 1), days=30)
        assert {w.name for w in waiting} == {"DURAND Bruno", "PETIT Chloé"}


def test_figures(store: Store, world: World) -> None:
    offer = _offer(store, world, posts=2)
    a = _propose(store, offer, world.alice)
    b = _propose(store, offer, world.bruno)
    for step in ("eligibilite_verifiee", "presentee", "retenue"):
        _move(store, a, step, on=date(2026, 10, 20))
    _move(store, b, "desistement", reason="A trouvé un autre emploi")
    with store.session() as s:
        f = figs.offer_figures(s, offer, today=date(2026, 11, 1))
        assert (f.applications, f.retained, f.days_to_fill, f.applications_per_post) == (2, 1, None, 1)
        g = figs.recruitment_figures(s)
        assert (g.offers, g.applications, g.retained) == (1, 2, 1)
        assert g.by_prescriber[0].label == "France Travail Cergy" and g.by_prescriber[0].rate == 0.5
        assert [(r.label, r.applications, r.retained) for r in g.by_category] == [
            ("Demandeur d'emploi de longue durée (12 mois et plus)", 2, 1)
        ]
