"""The package carries conventions de globalisation and their allocations (issue 20); faults refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from clausedesk.db.repositories import coordinator as repo
from clausedesk.sync import importer

from .conftest import Coordinator, Facilitator, rewrite_records, unpack

Records = list[dict[str, Any]]
LAST = "2026-10"  # the demo's allocations are of its last month


def _records(blob: bytes, coord: Coordinator) -> Records:
    import json

    from clausedesk.sync.manifest import RECORDS

    return json.loads(unpack(blob, coord)[RECORDS])["records"]  # type: ignore[no-any-return]


def test_conventions_and_allocations_travel_without_their_reason(
    coord: Coordinator, fac1: Facilitator, out: Path
) -> None:
    blob = fac1.package(LAST, out)
    records = _records(blob, coord)
    conventions = [r for r in records if r["type"] == "convention"]
    allocations = [r for r in records if r["type"] == "hour_allocation"]
    assert conventions and allocations
    assert set(conventions[0]["data"]) == {"company", "ref", "start_date", "end_date", "lots"}
    assert set(allocations[0]["data"]) == {"convention", "from_lot", "to_lot", "month", "hours"}
    assert all("reason" not in r["data"] for r in allocations)
    result = importer.import_blob(coord.store.sessions, coord.identity, blob, "paquet.cdpkg")
    assert result.status == "merged", result
    with coord.store.session() as s:
        kinds = {kind for kind, *_ in repo.record_snapshot(s)}
    assert {"convention", "hour_allocation"} <= kinds


def test_an_older_package_without_conventions_still_merges(
    coord: Coordinator, fac1: Facilitator, out: Path
) -> None:
    def drop(records: Records) -> None:
        records[:] = [r for r in records if r["type"] not in ("convention", "hour_allocation")]

    blob = rewrite_records(fac1.package(LAST, out), coord, fac1.identity, drop)
    assert importer.import_blob(coord.store.sessions, coord.identity, blob, "ancien.cdpkg").status == "merged"


def _edit(kind: str, change: Callable[[dict[str, Any]], None]) -> Callable[[Records], str]:
    def edit(records: Records) -> str:
        rec = next(r for r in records if r["type"] == kind and not r["deleted"])
        change(rec["data"])
        return str(rec["uuid"])

    return edit


ATTACKS: dict[str, tuple[Callable[[Records], str], str]] = {
    "allocation-to-itself": (
        _edit("hour_allocation", lambda d: d.update(to_lot=d["from_lot"])),
        "heures affectées d'un lot à lui-même",
    ),
    "allocation-after-period": (
        _edit("hour_allocation", lambda d: d.update(month="2099-01")),
        "postérieur à la période du paquet",
    ),
    "allocation-zero": (_edit("hour_allocation", lambda d: d.update(hours="0")), "entre 0,01 et"),
    "convention-one-lot": (
        _edit("convention", lambda d: d.update(lots=d["lots"][:1])),
        "au moins deux lots distincts",
    ),
    "convention-unknown-lot": (
        _edit("convention", lambda d: d.update(lots=[d["lots"][0], "0f0f0f0f-0000-4000-8000-000000000001"])),
        "lot 0f0f0f0f-0000-4000-8000-000000000001 inexistant",
    ),
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_a_faulty_convention_or_allocation_refuses_the_package(
    coord: Coordinator, fac1: Facilitator, out: Path, attack: str
) -> None:
    change, expected = ATTACKS[attack]
    touched: list[str] = []
    blob = rewrite_records(fac1.package(LAST, out), coord, fac1.identity,
                           lambda records: touched.append(change(records)))  # fmt: skip
    result = importer.import_blob(coord.store.sessions, coord.identity, blob, "paquet.cdpkg")
    assert result.status == "rejected" and result.check == "content", result
    assert expected in (result.reason or "") and touched[0] in (result.reason or ""), result.reason
    with coord.store.session() as s:
        assert repo.record_snapshot(s) == []


def test_training_sessions_and_trainees_travel_and_reach_the_comite_figures(
    coord: Coordinator, fac1: Facilitator, out: Path
) -> None:
    from clausedesk.core.services import trainings
    from clausedesk.sync.comite_figures import Period, figures

    blob = fac1.package(LAST, out)
    records = _records(blob, coord)
    sessions = [r for r in records if r["type"] == "training_session"]
    trainees = [r for r in records if r["type"] == "trainee"]
    assert sessions and trainees
    assert set(sessions[0]["data"]) == {"start_date", "end_date", "hours", "lots", "counted_lot"}  # no title
    assert set(trainees[0]["data"]) == {"session", "participant", "attended_hours", "outcome"}  # no name
    with fac1.store.session() as s:
        listed = trainings.listing(s)
    hired = sum(int(x["hired"]) for x in listed)
    assert hired >= 1  # a candidate of the offer a session prepared was hired (the demo's data)
    assert importer.import_blob(coord.store.sessions, coord.identity, blob, "p.cdpkg").status == "merged"
    with coord.store.session() as s:
        year = figures(s, Period.year(2026))
    expected: dict[str, set[str]] = {}
    for x in listed:
        for t in x["trainees"]:  # type: ignore[union-attr]
            expected.setdefault(t["outcome"], set()).add(t["participant_uuid"])
    assert year["trainees"] == {outcome: len(who) for outcome, who in expected.items()}
    assert year["trainees"]["embauche"] >= 1
