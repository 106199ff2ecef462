"""The coordinator checks signed content as strictly as the facilitator's forms: each attack refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from clausedesk.db.repositories import coordinator as repo
from clausedesk.sync import importer

from .conftest import MONTHS, Coordinator, Facilitator, rewrite_records

Records = list[dict[str, Any]]
NIR = "1 85 05 78 006 084 36"
OTHER_UUID = "0f0f0f0f-0000-4000-8000-000000000001"


def _snapshot(coord: Coordinator) -> tuple[object, ...]:
    with coord.store.session() as s:
        return repo.record_snapshot(s), [(p.sequence, p.status) for p in repo.packages(s)]


def _edit(kind: str, **changes: object) -> Callable[[Records], str]:
    """Change fields of the first live record of `kind`; returns its uuid."""

    def change(records: Records) -> str:
        rec = next(r for r in records if r["type"] == kind and not r["deleted"])
        rec["data"].update(changes)
        return str(rec["uuid"])

    return change


ATTACKS: dict[str, tuple[Callable[[Records], str], str]] = {
    "month-after-period": (_edit("hour_entry", month="2099-01"), "postérieur à la période du paquet"),
    "month-13": (_edit("hour_entry", month="2026-13"), "mois « 2026-13 » invalide"),
    "month-garbage": (_edit("hour_entry", month="n'importe quoi"), "mois « n'importe quoi » invalide"),
    "contract-dates-reversed": (
        _edit("contract", start_date="2099-01-01", end_date="1999-12-31"),
        "la date de fin (1999-12-31) précède la date de début (2099-01-01)",
    ),
    "million-hours": (_edit("hour_entry", hours_worked="1000000.00"), "plus qu'un mois n'en peut contenir"),
    "sex-x": (_edit("participant", sex="X"), "valeur « X » inconnue pour « sex »"),
    "commune-letters": (
        _edit("participant", commune_code="ABCDE"),
        "code commune INSEE invalide : « ABCDE »",
    ),
    "hours-of-missing-contract": (
        _edit("hour_entry", contract=OTHER_UUID),
        f"contrat {OTHER_UUID} inexistant (ni dans le paquet ni chez le coordinateur)",
    ),
    "nir-in-free-text": (_edit("buyer", name=f"Mairie {NIR}"), "numéro de sécurité sociale (NIR)"),
    "unknown-contract-type": (_edit("contract", contract_type="ZZZ"), "type de contrat « ZZZ » absent"),
    "sensitive-category-per-person": (
        _edit("validation", categories=["RQTH"]),
        "catégorie sensible « RQTH »",
    ),
    "bad-date": (_edit("meeting", held_on="2026-02-30"), "date « held_on » invalide"),
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_faulty_record_refuses_the_whole_signed_package(
    coord: Coordinator, fac1: Facilitator, out: Path, attack: str
) -> None:
    change, expected = ATTACKS[attack]
    touched: list[str] = []
    blob = rewrite_records(fac1.package(MONTHS[0], out), coord, fac1.identity,
                           lambda records: touched.append(change(records)))  # fmt: skip
    before = _snapshot(coord)
    result = importer.import_blob(coord.store.sessions, coord.identity, blob, "paquet.cdpkg")
    assert result.status == "rejected" and result.check == "content", result
    reason = result.reason or ""
    assert expected in reason and touched[0] in reason, reason
    assert _snapshot(coord) == before == ([], [])


def test_first_reasons_are_listed(coord: Coordinator, fac1: Facilitator, out: Path) -> None:
    def change(records: Records) -> None:
        entries = [r for r in records if r["type"] == "hour_entry"][:7]
        for rec in entries:
            rec["data"]["month"] = "2026-13"

    blob = rewrite_records(fac1.package(MONTHS[0], out), coord, fac1.identity, change)
    result = importer.import_blob(coord.store.sessions, coord.identity, blob, "p")
    reason = result.reason or ""
    assert result.check == "content" and reason.count("2026-13") == 5 and "d'autres" in reason


def test_held_package_failing_at_release_is_rejected(
    coord: Coordinator, fac1: Facilitator, out: Path
) -> None:
    """A held package's references are checked when it is merged: a missing one rejects it then."""
    p1, p2 = fac1.package(MONTHS[0], out), fac1.package(MONTHS[1], out)
    p3 = rewrite_records(fac1.package(MONTHS[2], out), coord, fac1.identity,
                         _edit("hour_entry", contract=OTHER_UUID))  # fmt: skip
    assert importer.import_blob(coord.store.sessions, coord.identity, p1, "1").status == "merged"
    assert importer.import_blob(coord.store.sessions, coord.identity, p3, "3").status == "held"
    filled = importer.import_blob(coord.store.sessions, coord.identity, p2, "2")
    assert filled.status == "merged" and filled.released == []
    with coord.store.session() as s:
        third = repo.package(s, 1, 3)
        assert third is not None and third.status == "rejected" and third.content is None
        assert OTHER_UUID in (third.reason or "")
