"""The candidate side of the recruitment screen, used as a person would (pytest-qt clicks and typing).

Profile editor from the applications panel, from the proposal dialog and for a new candidate; a
candidate's applications with their dated steps; cancelling and reopening an offer with confirmation.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from clausedesk.core.formatting import date_fr
from clausedesk.core.services import people
from clausedesk.core.services import recruitment as rec
from clausedesk.core.services import recruitment_candidates as cand
from clausedesk.db.models import JobOffer, Participant
from clausedesk.db.repositories import base as repo
from clausedesk.db.repositories import recruitment as rq
from clausedesk.db.store import Store
from clausedesk.ui.context import UiContext
from clausedesk.ui.recruitment import create_screen
from clausedesk.ui.recruitment.screen import RecruitmentScreen
from clausedesk.ui.widgets.lookup import pending

from .conftest import World, offer_data

LEFT = Qt.MouseButton.LeftButton


def _screen(qtbot: QtBot, store: Store) -> RecruitmentScreen:
    screen = create_screen(UiContext(store=store, paths=store.paths))
    assert isinstance(screen, RecruitmentScreen)
    qtbot.addWidget(screen)
    screen.resize(1300, 800)
    screen.show()
    qtbot.waitUntil(lambda: not screen.loading)
    return screen


def _offer(store: Store, w: World, **kw: object) -> str:
    with store.session() as s:
        return rec.save_offer(s, offer_data(w, **kw)).uuid


def _click(qtbot: QtBot, button: QWidget) -> None:
    assert button.isEnabled() and button.isVisible(), button.objectName()
    qtbot.mouseClick(button, LEFT)


def _click_row(qtbot: QtBot, tree: QAbstractItemView, name: str) -> None:
    """Click the line whose first column reads `name` (a list of items or a model's view alike)."""
    model = tree.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == name)
    tree.scrollTo(model.index(row, 0))
    qtbot.mouseClick(tree.viewport(), LEFT, pos=tree.visualRect(model.index(row, 0)).center())


def _click_line(qtbot: QtBot, lst: QListWidget, start: str) -> None:
    row = next(i for i in range(lst.count()) if lst.item(i).text().startswith(start))
    qtbot.mouseClick(lst.viewport(), LEFT, pos=lst.visualItemRect(lst.item(row)).center())


def _tab(qtbot: QtBot, screen: RecruitmentScreen, index: int) -> None:
    bar = screen.tabs.tabBar()
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(index).center())
    assert screen.tabs.currentIndex() == index
    page = screen.candidates  # its list is read when the tab is first shown
    qtbot.waitUntil(lambda: not page.refresh.stale and not page.loading)


def _retype(qtbot: QtBot, edit: QWidget, text: str) -> None:
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def _open_offer(qtbot: QtBot, screen: RecruitmentScreen, uuid: str) -> None:
    row = [u for u, _ in screen.model.rows].index(uuid)
    table = screen.table
    qtbot.mouseClick(table.viewport(), LEFT, pos=table.visualRect(screen.model.index(row, 0)).center())
    assert screen.page.offer_uuid == uuid
    qtbot.waitUntil(lambda: not screen.page.loading and screen.page.figures.text() != "Chargement…")


def _items(lst: QListWidget) -> list[str]:
    return [lst.item(i).text() for i in range(lst.count())]


def test_profile_editor_from_the_candidates_list(qtbot: QtBot, store: Store, world: World) -> None:
    _offer(store, world, job_label="Macon")  # the labels are the ROME's, not the offer's wording
    screen = _screen(qtbot, store)
    _tab(qtbot, screen, 1)
    page = screen.candidates
    _click_row(qtbot, page.list, "PETIT Chloé")
    panel = page.panel
    qtbot.waitUntil(lambda: panel.title.text() != "Chargement…")  # the person is read in the background
    assert panel.title.text() == "Candidatures de PETIT Chloé (0)"
    assert "France Travail Cergy (Mme Nguyen)" in panel.profile.text()

    _click(qtbot, panel.edit_btn)
    d = panel.dialog
    assert d is not None and d.isVisible()
    assert d.jobs.text() == "F1703" and _items(d.jobs_list) == ["F1703 — Maçon / Maçonne"]
    _retype(qtbot, d.jobs, "F1703, N11")
    assert not d.save_btn.isEnabled()
    assert d.reason.isVisible() and "« N11 » : format attendu" in d.reason.text()
    reason_at = d.reason.geometry()
    qtbot.keyClicks(d.jobs, "03")
    assert d.save_btn.isEnabled() and d.reason.text() == ""
    assert d.reason.geometry() == reason_at  # the reason's line stays reserved: nothing moves
    both = ["F1703 — Maçon / Maçonne", "N1103 — Préparateur / Préparatrice de commandes"]
    assert _items(d.jobs_list) == both
    # a job found by its title joins the codes (« coffreur » → F1701); a code the ROME 4.0 lacks is refused
    d.job_lookup.setFocus()
    qtbot.keyClicks(d.job_lookup.lineEdit(), "coffreur")
    qtbot.waitUntil(lambda: not pending(d.job_lookup) and not d.job_lookup._lookup.timer.isActive()
                    and d.job_lookup.count() > 0)
    d.job_lookup.setCurrentIndex(d.job_lookup.findData("F1701"))
    assert d.jobs.text() == "F1703, N1103, F1701" and d.job_lookup.currentText() == ""
    assert _items(d.jobs_list)[-1] == "F1701 — Coffreur / Coffreuse"
    _retype(qtbot, d.jobs, "F1703, N1103, F1799")
    assert not d.save_btn.isEnabled() and "« F1799 » n'est pas un code du ROME 4.0" in d.reason.text()
    _retype(qtbot, d.jobs, "F1703, N1103")
    assert d.save_btn.isEnabled()
    _retype(qtbot, d.referent, "184127645108946")  # a NIR typed by mistake
    assert not d.save_btn.isEnabled() and "sécurité sociale" in d.reason.text()
    _retype(qtbot, d.referent, "M. Diallo")
    _retype(qtbot, d.prescriber, "Mission locale de Cergy")
    _click(qtbot, d.vehicle)
    _click(qtbot, d.available_later)
    d.available.setDate(QDate(2026, 12, 1))
    d.mobility.setCurrentIndex(d.mobility.findData("large"))
    _click(qtbot, d.save_btn)
    qtbot.waitUntil(lambda: not d.isVisible())

    with store.session() as s:
        p = cand.candidate_profile(s, world.chloe)
    assert (p.prescriber, p.prescriber_referent, p.available_from) == (
        "Mission locale de Cergy", "M. Diallo", date(2026, 12, 1),
    )  # fmt: skip
    assert (p.driving_licence, p.has_vehicle, p.mobility) == (True, True, "large")
    assert [j.rome for j in p.jobs] == ["F1703", "N1103"]
    qtbot.waitUntil(lambda: "Mission locale de Cergy (M. Diallo)" in panel.profile.text())
    assert "N1103 — Préparateur / Préparatrice de commandes" in panel.profile.text()
    def chloe() -> int:
        return page.names().index("PETIT Chloé")

    qtbot.waitUntil(lambda: page.model.text(chloe(), 2) == "F1703, N1103")
    assert page.list.currentIndex().row() == chloe()  # still the one selected


def test_new_candidate_from_the_candidates_list(qtbot: QtBot, store: Store, world: World) -> None:
    with store.session() as s:
        denis = people.save_participant(s, people.ParticipantData("ROUX", "Denis", sex="M")).uuid
    screen = _screen(qtbot, store)
    _tab(qtbot, screen, 1)
    page = screen.candidates
    assert "ROUX Denis" not in page.names()
    _click(qtbot, page.new_btn)
    d = page.dialog
    assert d is not None and d.windowTitle() == "Nouveau candidat"
    # nothing typed yet: no red reason, the disabled button says why
    assert not d.save_btn.isEnabled() and d.reason.text() == ""
    assert d.save_btn.toolTip().startswith("Personne : choisissez")
    # the person is looked up by name as one types (never every participant listed)
    d.person.setFocus()
    d.person.lineEdit().selectAll()
    qtbot.keyClicks(d.person.lineEdit(), "roux")
    qtbot.waitUntil(lambda: not pending(d.person) and d.person.findData(denis) >= 0)
    listed = [d.person.itemText(i) for i in range(d.person.count())]
    assert listed == ["(choisissez la personne)", "ROUX Denis"]
    d.person.setCurrentIndex(d.person.findData(denis))
    d.person.hidePopup()
    qtbot.keyClicks(d.jobs, "f1703")
    assert d.save_btn.isEnabled()
    _click(qtbot, d.save_btn)
    qtbot.waitUntil(lambda: page.panel.participant_uuid == denis)
    assert page.list.currentIndex().data() == "ROUX Denis"
    with store.session() as s:
        person = repo.get(s, Participant, denis, "")
        assert person.candidate_since == date.today()
        assert rq.jobs_sought(s, [person.id]) == {person.id: ["F1703"]}


def test_a_candidates_applications_with_steps_and_dates(qtbot: QtBot, store: Store, world: World) -> None:
    first = _offer(store, world, job_label="Coffreur")
    second = _offer(store, world, job_label="Macon", opened_on=date(2026, 10, 2))
    with store.session() as s:
        a = rec.propose(s, first, world.alice, date(2026, 10, 5), proposed_by="France Travail Cergy").uuid
        rec.move(s, a, "eligibilite_verifiee", date(2026, 10, 7))
        b = rec.propose(s, second, world.alice, date(2026, 10, 8)).uuid
        rec.move(s, b, "non_retenue", date(2026, 10, 9), reason="Poste pourvu en interne")
    screen = _screen(qtbot, store)
    _open_offer(qtbot, screen, first)
    page = screen.page
    col = page.columns["eligibilite_verifiee"]
    _click_line(qtbot, col, "MARTIN Alice")
    panel = page.person_panel
    qtbot.waitUntil(lambda: panel.title.text() == "Candidatures de MARTIN Alice (2)")
    tree = panel.tree
    tops = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    assert [(t.text(0), t.text(2), t.text(3)) for t in tops] == [
        ("F1703 — Maçon / Maçonne", "Non retenue", "09/10/2026"),
        ("Coffreur (F1703 — Maçon / Maçonne)", "Éligibilité vérifiée", "07/10/2026"),
    ]
    assert "motif : Poste pourvu en interne" in tops[0].text(4)
    assert "proposée par France Travail Cergy" in tops[1].text(4)
    steps = [(tops[1].child(i).text(2), tops[1].child(i).text(3)) for i in range(tops[1].childCount())]
    assert steps == [("Proposée", "05/10/2026"), ("Éligibilité vérifiée", "07/10/2026")]

    # Enter on the other application opens its offer
    tree.setFocus()
    tree.setCurrentItem(tops[0])
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.offer_uuid == second)
    qtbot.waitUntil(lambda: page.title.text().startswith("F1703 — Maçon / Maçonne –"))

    # the profile editor is reachable from this panel too
    _click_line(qtbot, page.columns["non_retenue"], "MARTIN Alice")
    _click(qtbot, panel.edit_btn)
    assert panel.dialog is not None and panel.dialog.windowTitle() == "Profil de candidat – MARTIN Alice"
    _click(qtbot, panel.dialog.findChild(QPushButton, "cancel"))
    assert not panel.dialog.isVisible()


def test_profile_editor_from_the_proposal_dialog(qtbot: QtBot, store: Store, world: World) -> None:
    offer = _offer(store, world)
    with store.session() as s:
        denis = people.save_participant(
            s, people.ParticipantData("ROUX", "Denis", sex="M", commune_code="95127")
        ).uuid
    screen = _screen(qtbot, store)
    _open_offer(qtbot, screen, offer)
    page = screen.page
    _click(qtbot, page.propose_btn)
    qtbot.waitUntil(lambda: page.dialog is not None)
    dialog = page.dialog
    lst = dialog.list
    assert dialog.profile_btn.isEnabled() == (lst.currentItem() is not None)  # only for a chosen person
    alice = next(i for i, t in enumerate(_items(lst)) if t.startswith("MARTIN Alice"))
    lst.item(alice).setCheckState(Qt.CheckState.Checked)
    _click_line(qtbot, lst, "PETIT Chloé")
    assert "recherche ce métier" in lst.currentItem().text()

    _click(qtbot, dialog.profile_btn)
    profile = page.profile_dialog
    assert profile is not None and profile.windowTitle() == "Profil de candidat – PETIT Chloé"
    _retype(qtbot, profile.jobs, "K2204")
    _click(qtbot, profile.save_btn)
    qtbot.waitUntil(lambda: not profile.isVisible())
    qtbot.waitUntil(lambda: "recherche" not in next(t for t in _items(lst) if t.startswith("PETIT Chloé")))
    chloe = next(t for t in _items(lst) if t.startswith("PETIT Chloé"))
    assert "habite le département du poste" in chloe
    assert dialog.chosen() == [world.alice]  # ticks survive the refresh

    # someone not yet a candidate: "Autre personne…"
    assert not any(t.startswith("ROUX Denis") for t in _items(lst))
    _click(qtbot, dialog.other_btn)
    profile = page.profile_dialog
    assert profile is not None and profile.windowTitle() == "Nouveau candidat"
    qtbot.waitUntil(lambda: not pending(profile.person) and profile.person.findData(denis) >= 0)
    profile.person.setCurrentIndex(profile.person.findData(denis))
    qtbot.keyClicks(profile.jobs, "F1703")
    _click(qtbot, profile.save_btn)
    qtbot.waitUntil(lambda: any(t.startswith("ROUX Denis") for t in _items(lst)))

    _click(qtbot, dialog.findChild(QPushButton, "ok"))
    qtbot.waitUntil(lambda: page.columns["proposee"].count() == 1)
    assert page.columns["proposee"].item(0).text().startswith("MARTIN Alice")


def test_cancel_and_reopen_an_offer_with_confirmation(qtbot: QtBot, store: Store, world: World) -> None:
    offer = _offer(store, world)
    with store.session() as s:
        rec.propose(s, offer, world.alice, date(2026, 10, 5))
    screen = _screen(qtbot, store)
    _open_offer(qtbot, screen, offer)
    page = screen.page
    assert not page.reopen_btn.isVisible()

    _click(qtbot, page.cancel_btn)
    qtbot.waitUntil(lambda: page.dialog is not None)
    d = page.dialog
    assert "1 candidature en cours restera visible" in d.message.text()
    # nothing typed yet: no red reason before the first keystroke, the disabled button says why
    assert not d.ok.isEnabled() and d.reason.text() == "" and "Motif" in d.ok.toolTip()
    height = d.height()
    qtbot.keyClicks(d.reason_edit, " ")
    assert not d.ok.isEnabled() and "Motif" in d.reason.text() and d.height() == height
    d.reason_edit.clear()
    qtbot.keyClicks(d.reason_edit, "Chantier reporte")
    assert d.ok.isEnabled()
    _click(qtbot, d.ok)
    qtbot.waitUntil(lambda: not d.isVisible())
    today = date_fr(date.today())
    qtbot.waitUntil(lambda: f"Annulée le {today}" in page.title.text())
    assert page.reopen_btn.isVisible() and not page.cancel_btn.isVisible()
    assert not page.propose_btn.isEnabled()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 0)  # no longer among the open offers, its page stays
    with store.session() as s:
        o = repo.get(s, JobOffer, offer, "")
        assert (o.status, o.cancelled_on) == ("annulee", date.today())
        assert o.notes == f"Annulée le {today} : Chantier reporte."

    # changing one's mind: "Ne rien changer" leaves it cancelled
    old = page.dialog
    _click(qtbot, page.reopen_btn)
    qtbot.waitUntil(lambda: page.dialog is not old)
    d = page.dialog
    assert "Rouvrir l'offre « F1703 — Maçon / Maçonne » de Bâtiments du Val, annulée le" in d.message.text()
    _click(qtbot, d.findChild(QPushButton, "cancel"))
    with store.session() as s:
        assert repo.get(s, JobOffer, offer, "").status == "annulee"

    old = page.dialog
    _click(qtbot, page.reopen_btn)
    qtbot.waitUntil(lambda: page.dialog is not old)
    d = page.dialog
    assert d.ok.text() == "Rouvrir l'offre"
    _click(qtbot, d.ok)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    qtbot.waitUntil(lambda: "– Ouverte –" in page.title.text())
    assert page.propose_btn.isEnabled()
    with store.session() as s:
        o = repo.get(s, JobOffer, offer, "")
        assert (o.status, o.cancelled_on) == ("ouverte", None)
        assert o.notes is not None and o.notes.endswith(f"Rouverte le {today}.")


def test_the_candidates_are_read_only_when_their_tab_is_shown(
    qtbot: QtBot, store: Store, world: World
) -> None:
    """Thousands of candidates on a large store: opening the screen on its offers does not read them."""
    screen = _screen(qtbot, store)
    assert screen.ctx.ops.runner.wait_idle()
    qtbot.wait(50)  # any list already read would be delivered now
    assert screen.candidates.names() == []
    _tab(qtbot, screen, 1)
    assert "PETIT Chloé" in screen.candidates.names()
