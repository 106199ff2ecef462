"""Recruitment traps: someone under contract is listed unavailable with the true reason, never silently
left out; a person in a CDI is never « disponible »; « Autre personne… » on an existing candidate shows
their profile and saving it keeps their « Métiers recherchés »."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from clausedesk.core.services import people
from clausedesk.core.services import recruitment_candidates as cand
from clausedesk.core.services import suggestions as sug
from clausedesk.db.store import Store
from clausedesk.ui.recruitment.candidates import profile_summary
from clausedesk.ui.widgets.lookup import pending

from .conftest import World
from .test_candidates_ui import _click, _items, _offer, _open_offer, _screen


def _hire_bruno(store: Store, w: World, end: date | None) -> None:
    with store.session() as s:
        people.save_contract(s, people.ContractData(
            w.bruno, w.company, w.lot, "embauche_directe", "CDI" if end is None else "CDD",
            date(2026, 10, 1), end,
        ))  # fmt: skip


def test_under_contract_is_listed_unavailable_with_the_true_reason(store: Store, world: World) -> None:
    offer = _offer(store, world)
    _hire_bruno(store, world, date(2027, 3, 31))
    with store.session() as s:
        found = sug.suggest(s, offer, today=date(2026, 10, 15))
    names = [f.name for f in found]
    assert "DURAND Bruno" in names  # not silently left out
    bruno = found[names.index("DURAND Bruno")]
    assert bruno.unavailable == "indisponible : en contrat (CDD) chez Bâtiments du Val jusqu'au 31/03/2027"
    assert names[-1] == "DURAND Bruno"  # after everyone who can take the post
    assert all(f.unavailable is None for f in found if f.name != "DURAND Bruno")


def test_a_person_in_a_cdi_is_not_available(store: Store, world: World) -> None:
    _hire_bruno(store, world, None)
    with store.session() as s:
        profile = cand.candidate_profile(s, world.bruno, today=date(2026, 10, 15))
    assert profile.busy == "indisponible : en CDI chez Bâtiments du Val depuis le 01/10/2026"
    summary = profile_summary(profile)
    assert "disponible" not in summary.replace("indisponible", "")
    assert "indisponible : en CDI chez Bâtiments du Val" in summary


def test_propose_dialog_shows_the_contract_and_the_other_person_keeps_the_jobs(
    qtbot: QtBot, store: Store, world: World
) -> None:
    offer = _offer(store, world)
    _hire_bruno(store, world, None)
    screen = _screen(qtbot, store)
    _open_offer(qtbot, screen, offer)
    page = screen.page
    _click(qtbot, page.propose_btn)
    qtbot.waitUntil(lambda: page.dialog is not None)
    dialog = page.dialog
    line = next(t for t in _items(dialog.list) if t.startswith("DURAND Bruno"))
    assert "indisponible : en CDI chez Bâtiments du Val" in line and "ne correspond pas" not in line
    row = next(i for i in range(dialog.list.count()) if dialog.list.item(i).text().startswith("DURAND"))
    assert not dialog.list.item(row).flags() & Qt.ItemFlag.ItemIsUserCheckable  # cannot be proposed

    # « Autre personne… », then an existing candidate: their profile, not an empty form
    _click(qtbot, dialog.other_btn)
    profile = page.profile_dialog
    assert profile is not None and profile.windowTitle() == "Nouveau candidat"
    qtbot.waitUntil(lambda: not pending(profile.person) and profile.person.findData(world.chloe) >= 0)
    profile.person.setCurrentIndex(profile.person.findData(world.chloe))
    assert profile.windowTitle() == "Profil de candidat – PETIT Chloé"
    assert profile.jobs.text() == "F1703" and profile.prescriber.text() == "France Travail Cergy"
    _click(qtbot, profile.save_btn)
    qtbot.waitUntil(lambda: not profile.isVisible())
    with store.session() as s:
        assert [j.rome for j in cand.candidate_profile(s, world.chloe).jobs] == ["F1703"]
    dialog.reject()
