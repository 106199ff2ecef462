"""Pre-hiring training as records (issue 20, point 3): a trainee hired through an offer, outcomes, hours."""

from __future__ import annotations

import json
from datetime import date

import pytest

from clausedesk.cli import run
from clausedesk.core.services import recruitment as rec
from clausedesk.core.services.dashboard import market_dashboard
from clausedesk.db.models import Lot
from clausedesk.db.repositories import base as repo
from clausedesk.db.store import Store
from clausedesk.paths import Paths

from .conftest import World, offer_data

D = date(2026, 10, 25)
LOT = "2026-REC-01-L01"


def _trainings(base: list[str], capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert run([*base, "list", "trainings", "--json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def _flat(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


def test_a_trainee_hired_through_an_offer(
    store: Store, paths: Paths, world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    with store.session() as s:
        offer = rec.save_offer(s, offer_data(world)).uuid
    store.close()
    base = ["--data-dir", str(paths.root)]
    assert run([*base, "training", "add", "--title", "Préparation au métier de maçon",
                "--organisation", "AFPA", "--funder", "Région Île-de-France", "--place", "Cergy",
                "--from", "2026-10-05", "--to", "20/10/2026", "--hours", "140",
                "--offer", offer]) == 0  # fmt: skip
    session = capsys.readouterr().out.strip().rsplit(" ", 1)[-1]
    assert run([*base, "training", "trainee", session, "--person", world.alice, "--hours", "140",
                "--outcome", "termine"]) == 0  # fmt: skip
    assert run([*base, "training", "trainee", session, "--person", world.bruno, "--hours", "35",
                "--outcome", "abandon"]) == 0  # fmt: skip
    assert "Stagiaire Bruno DURAND mis à jour" not in capsys.readouterr().out
    [listed] = _trainings(base, capsys)
    assert (listed["title"], listed["funder"], listed["hours"], listed["trainees_count"]) == (
        "Préparation au métier de maçon", "Région Île-de-France", 140, 2,
    )  # fmt: skip
    assert (listed["completed"], listed["hired"], listed["left"]) == (1, 0, 1)
    assert listed["offers"] == [{"uuid": offer, "job_label": "Maçon"}]
    # Alice is proposed on the offer the session prepared, retained, and signs her contract
    reopened = Store.open(paths)
    with reopened.session() as s:
        app = rec.propose(s, offer, world.alice, D).uuid
        for step in ("eligibilite_verifiee", "presentee", "entretien", "retenue"):
            rec.move(s, app, step, D)
        rec.sign_contract(s, app, rec.contract_prefill(s, app))
    reopened.close()
    [listed] = _trainings(base, capsys)
    outcomes = {t["participant_uuid"]: t["outcome"] for t in listed["trainees"]}  # type: ignore[union-attr]
    assert outcomes == {world.alice: "embauche", world.bruno: "abandon"}
    assert (listed["completed"], listed["hired"], listed["left"]) == (0, 1, 1)
    # the marché's dashboard lists the session (the offer prepares its lot), its small counts masked
    reopened = Store.open(paths)
    with reopened.session() as s:
        d = market_dashboard(s, "2026-REC-01", "2026-12", check_data=False)
    reopened.close()
    [line] = d.trainings
    assert (line.trainees.value, line.hired.value, line.left.value, line.hired.text) == (2, 1, 1, "< 5")


def test_training_hours_count_on_one_lot_only_when_it_counts_training(
    store: Store, paths: Paths, world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    store.close()
    base = ["--data-dir", str(paths.root)]
    add = [*base, "training", "add", "--title", "Habilitation", "--organisation", "GRETA",
           "--from", "2026-10-05", "--to", "2026-10-09", "--hours", "35", "--lot", LOT]  # fmt: skip
    capsys.readouterr()
    assert run([*add, "--count-on", LOT]) == 1
    assert "ne compte pas les heures de formation" in capsys.readouterr().err
    assert run([*add, "--count-on", "2026-AUTRE"]) == 1
    assert "n'est pas un des lots de la formation" in capsys.readouterr().err
    assert _trainings(base, capsys) == []  # nothing written
    reopened = Store.open(paths)
    with (
        reopened.session() as s
    ):  # the lot's option « Les heures de formation comptent », as its form sets it
        repo.get(s, Lot, world.lot, "").count_training = True
    reopened.close()
    assert run([*add, "--count-on", LOT]) == 0
    session = capsys.readouterr().out.strip().rsplit(" ", 1)[-1]
    assert run([*base, "training", "trainee", session, "--person", world.alice, "--hours", "36"]) == 1
    assert "Heures suivies" in capsys.readouterr().err
    for who in (world.alice, world.bruno):
        assert run([*base, "training", "trainee", session, "--person", who, "--hours", "35",
                    "--outcome", "termine"]) == 0  # fmt: skip
    capsys.readouterr()
    assert run([*base, "forecast", "--json", "--month", "2026-10"]) == 0
    [row] = [r for r in json.loads(capsys.readouterr().out) if r["lot_ref"] == LOT]
    assert row["realised"] == 70  # the two trainees' hours, counted once, on the one lot
    reopened = Store.open(paths)
    with reopened.session() as s:
        d = market_dashboard(s, "2026-REC-01", "2026-10", check_data=False)
    reopened.close()
    assert (d.lots[0].cumulated, d.lots[0].training, d.training, d.counted) == (0, 70, 70, 70)
    assert run([*base, "training", "trainee", "pas-une-session", "--person", world.alice]) == 1
    assert "Aucune session de formation d'identifiant « pas-une-session »" in capsys.readouterr().err
