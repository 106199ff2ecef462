"""Documents as sent (issue 20, point 6): archived on save, a revised figure shown against the sent one."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from clausedesk.cli import run
from clausedesk.core.services import people
from clausedesk.db.store import Store
from clausedesk.paths import Paths
from tests.recipients.scenario import COMPANY, build


def _flat(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").split())


def test_a_revised_figure_is_shown_against_its_sent_version(
    store: Store, paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = build(store)
    store.close()
    base = ["--data-dir", str(paths.root)]
    first = tmp_path / "tb-juin.pdf"
    assert run([*base, "dashboard", "--market", "2026-001", "--month", "2026-06", "-o", str(first)]) == 0
    assert "Tableau de bord 2026-001 : première version, archivée." in capsys.readouterr().out
    sent_first = hashlib.sha256(first.read_bytes()).hexdigest()
    # the same again: nothing changed
    assert run([*base, "dashboard", "--market", "2026-001", "--month", "2026-06", "-o", str(first)]) == 0
    assert "mêmes chiffres que la version envoyée le" in capsys.readouterr().out
    # a correction of June's relevé, then the dashboard regenerated
    reopened = Store.open(paths)
    with reopened.session() as s:
        people.set_hours(s, scenario.contracts["awa"], "2026-06", "130")
    reopened.close()
    second = tmp_path / "tb-juin-corrige.pdf"
    assert run([*base, "dashboard", "--market", "2026-001", "--month", "2026-06", "-o", str(second)]) == 0
    out = _flat(capsys.readouterr().out)
    assert "chiffres modifiés depuis la version envoyée le" in out
    assert "• Réalisé dans le mois : 120 h → 150 h" in out
    assert "• Lot 1 : réalisé depuis le début : 480 h → 510 h" in out
    assert "Objectif d'heures" not in out  # unchanged figures are not listed
    assert (
        run([*base, "attestation", "--company", COMPANY, "--year", "2026", "-o", str(tmp_path / "a.pdf")])
        == 1
    )
    capsys.readouterr()
    assert run([*base, "sent", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["kind"], r["subject"], r["period"]) for r in rows] == [
        ("tableau_de_bord", "2026-001", "2026-06")
    ] * 3
    assert rows[0]["sha256"] == sent_first and rows[2]["file"] == str(second)
    assert rows[0]["recipient"].startswith("Maître d'ouvrage / donneur d'ordre")
    assert set(rows[0]) == {"kind", "subject", "period", "recipient", "file", "sha256", "sent_at"}
    out = tmp_path / "entreprise.pdf"
    assert run([*base, "dashboard", "--company", COMPANY, "--month", "2026-06", "-o", str(out)]) == 0
    capsys.readouterr()
    assert run([*base, "sent", "--json"]) == 0
    last = json.loads(capsys.readouterr().out)[-1]
    assert (last["subject"], last["recipient"]) == (COMPANY, "Entreprise attributaire : Bâti Ouest")
