"""Records belong to the facilitator who first sent them: another one's package cannot change them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from clausedesk.cli import run
from clausedesk.core.errors import ConflictError
from clausedesk.db.repositories import coordinator as repo
from clausedesk.sync import handover, importer
from clausedesk.sync.archive import strict_json
from clausedesk.sync.manifest import RECORDS

from .conftest import MONTHS, Coordinator, Facilitator, rewrite_records, unpack


def _import(coord: Coordinator, blob: bytes) -> importer.ImportResult:
    return importer.import_blob(coord.store.sessions, coord.identity, blob, "paquet.cdpkg")


def _snapshot(coord: Coordinator) -> tuple[object, ...]:
    with coord.store.session() as s:
        owners = sorted(repo.owned_counts(s).items())
        packages = [(p.facilitator_id, p.sequence, p.status) for p in repo.packages(s)]
        return repo.record_snapshot(s), owners, packages


def _first(records: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    return next(r for r in records if r["type"] == kind and not r["deleted"])


@pytest.fixture
def both_merged(coord: Coordinator, fac1: Facilitator, fac2: Facilitator, out: Path) -> list[dict[str, Any]]:
    """Alice's and Bruno's first packages merged; returns Bruno's records as sent."""
    assert _import(coord, fac1.package(MONTHS[0], out)).status == "merged"
    bruno = fac2.package(MONTHS[0], out)
    assert _import(coord, bruno).status == "merged"
    return list(strict_json(unpack(bruno, coord)[RECORDS])["records"])


def _alice_carrying(coord: Coordinator, fac1: Facilitator, out: Path, *stolen: dict[str, Any]) -> bytes:
    """Alice's genuine second package, signed by her key, carrying records of Bruno besides her own."""
    return rewrite_records(
        fac1.package(MONTHS[1], out), coord, fac1.identity, lambda recs: recs.extend(stolen)
    )


def _hour_overwrite(bruno: list[dict[str, Any]]) -> dict[str, Any]:
    entry = _first(bruno, "hour_entry")
    return dict(entry, rev=entry["rev"] + 1, data=dict(entry["data"], hours_worked="150.00"))


def _tombstone(bruno: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    rec = _first(bruno, kind)
    return dict(rec, rev=rec["rev"] + 1, deleted=True)


@pytest.mark.parametrize(
    ("make", "verb"),
    [
        (_hour_overwrite, "modifier"),
        (lambda bruno: _tombstone(bruno, "hour_entry"), "supprimer"),
        (lambda bruno: _tombstone(bruno, "participant"), "supprimer"),
    ],
    ids=["overwrite-hours", "delete-hours", "delete-participant"],
)
def test_another_facilitators_record_refuses_the_whole_package(
    coord: Coordinator, fac1: Facilitator, out: Path, both_merged: list[dict[str, Any]], make: Any, verb: str
) -> None:
    stolen = make(both_merged)
    before = _snapshot(coord)
    result = _import(coord, _alice_carrying(coord, fac1, out, stolen))
    assert result.status == "rejected" and result.check == "owner", result
    reason = result.reason or ""
    assert stolen["uuid"] in reason and "Bruno Petit" in reason and verb in reason
    assert "rien n'a été intégré" in reason
    # nothing of Alice's package was merged either, and Bruno still owns his record as he sent it
    assert _snapshot(coord) == before
    assert result.to_json()["check"] == "owner" and result.to_json()["reason"] == reason


def test_transfer_hands_the_records_over_and_is_journalled(
    coord: Coordinator, fac1: Facilitator, fac2: Facilitator, out: Path, both_merged: list[dict[str, Any]]
) -> None:
    alice, bruno = fac1.identity.public.key_id_hex, fac2.identity.public.key_id_hex
    with coord.store.session() as s:
        owned = repo.owned_counts(s)
        bruno_id = repo.facilitator_by_key(s, bruno).id  # type: ignore[union-attr]
    done = handover.transfer(coord.store.sessions, bruno, alice)
    assert (done.from_name, done.to_name) == ("Bruno Petit", "Alice Martin")
    assert done.records == owned[bruno_id] > 100
    stolen = _hour_overwrite(both_merged)
    assert _import(coord, _alice_carrying(coord, fac1, out, stolen)).status == "merged"
    with coord.store.session() as s:
        payload = {uuid: p for kind, uuid, _r, _d, _h, p in repo.record_snapshot(s) if kind == "hour_entry"}
        assert json.loads(payload[stolen["uuid"]])["hours_worked"] == "150.00"
        entries = repo.journal(s)
        assert [(j.action, j.from_key_id, j.to_key_id, j.records) for j in entries] == [
            ("transfer", bruno, alice, done.records)
        ]
        assert "Bruno Petit" in entries[0].detail and "Alice Martin" in entries[0].detail
    # and now Bruno's own packages can no longer change what he handed over
    again = rewrite_records(
        fac2.package(MONTHS[1], out),
        coord,
        fac2.identity,
        lambda recs: recs.append(_tombstone(both_merged, "participant")),
    )
    refused = _import(coord, again)
    assert (
        refused.status == "rejected" and refused.check == "owner" and "Alice Martin" in (refused.reason or "")
    )


def test_transfer_on_the_command_line(
    capsys: pytest.CaptureFixture[str], coord: Coordinator, fac1: Facilitator, fac2: Facilitator,
    both_merged: list[dict[str, Any]],
) -> None:  # fmt: skip
    alice, bruno = fac1.identity.public.key_id_hex, fac2.identity.public.key_id_hex
    base = ["--data-dir", str(coord.paths.root), "coordinator", "transfer"]
    assert run([*base, "--from", bruno, "--to", "0123456789ABCDEF"]) == 1
    assert "Aucun facilitateur inscrit avec la clé 0123456789ABCDEF" in capsys.readouterr().err
    assert run([*base, "--from", bruno, "--to", bruno]) == 1
    assert "identiques" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        run([*base, "--from", bruno])
    assert usage.value.code == 2
    capsys.readouterr()
    with coord.store.session() as s:
        assert repo.journal(s) == []
    assert run([*base, "--from", bruno, "--to", alice]) == 0
    out = capsys.readouterr().out
    assert "enregistrements transférés de « Bruno Petit » à « Alice Martin »" in out
    with coord.store.session() as s:
        assert len(repo.journal(s)) == 1
        fac_ids = {f.key_id: f.id for f in repo.facilitators(s)}
        assert set(repo.owned_counts(s)) == {fac_ids[alice]}


def test_revoked_successor_is_refused(
    coord: Coordinator, fac1: Facilitator, fac2: Facilitator, both_merged: list[dict[str, Any]]
) -> None:
    alice, bruno = fac1.identity.public.key_id_hex, fac2.identity.public.key_id_hex
    with coord.store.session() as s:
        repo.revoke(s, alice)
    before = _snapshot(coord)
    with pytest.raises(ConflictError, match="révoquée"):
        handover.transfer(coord.store.sessions, bruno, alice)
    assert _snapshot(coord) == before
