"""The merge is a maximum: any order or repetition gives the same records; fuzzed packages never merge."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from clausedesk.db.models import CoordFacilitator
from clausedesk.db.repositories import coordinator as repo
from clausedesk.db.store import Store
from clausedesk.sync import envelope, importer
from clausedesk.sync.archive import canonical_json
from clausedesk.sync.manifest import record_hash

from .conftest import MONTHS, Coordinator, Facilitator, seal

UUIDS = [f"00000000-0000-4000-8000-00000000000{i}" for i in range(4)]

_record = st.builds(
    lambda kind, uuid, rev, deleted, value: {
        "type": kind,
        "uuid": uuid,
        "rev": rev,
        "deleted": deleted,
        "data": {"value": value},
    },  # fmt: skip
    st.sampled_from(["contract", "hour_entry"]),
    st.sampled_from(UUIDS),
    st.integers(1, 4),
    st.booleans(),
    st.integers(0, 3),
)
_packages = st.lists(st.lists(_record, max_size=6), min_size=1, max_size=5)


def _prepared(package: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [dict(r, hash=record_hash(r), payload=canonical_json(r["data"]).decode("utf-8")) for r in package]


def _merged(store: Store, packages: list[list[dict[str, Any]]]) -> list[tuple[object, ...]]:
    with store.sessions() as session:
        session.begin()
        fac = CoordFacilitator(key_id="0" * 16, name="F", public_key="k", fingerprint="f")
        session.add(fac)
        session.flush()
        for package in packages:
            unique = {(r["type"], r["uuid"]): r for r in package}  # one record per key within a package
            repo.merge_records(session, fac.id, _prepared(list(unique.values())))
        snapshot = repo.record_snapshot(session)
        session.rollback()
    return snapshot


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(packages=_packages, seed=st.integers(0, 2**32 - 1))
def test_merge_is_order_independent_and_idempotent(
    store: Store, packages: list[list[dict[str, Any]]], seed: int
) -> None:
    reference = _merged(store, packages)
    shuffled = list(packages)
    random.Random(seed).shuffle(shuffled)
    replayed = shuffled + random.Random(seed + 1).sample(packages, k=len(packages))
    assert _merged(store, shuffled) == reference
    assert _merged(store, replayed) == reference
    # the winner of each key is the maximum (rev, deleted, hash) among what was sent
    best: dict[tuple[str, str], tuple[int, bool, str]] = {}
    for package in packages:
        for rec in {(r["type"], r["uuid"]): r for r in package}.values():
            key = (rec["type"], rec["uuid"])
            best[key] = max(best.get(key, (0, False, "")), (rec["rev"], rec["deleted"], record_hash(rec)))
    assert {(k, u): (rev, d, h) for k, u, rev, d, h, _ in reference} == best


def test_flipped_bytes_never_merge_other_content(coord: Coordinator, fac1: Facilitator, out: Path) -> None:
    """Random bit flips are refused, or (a flip in bytes nothing reads, such as deflate padding) merge
    exactly the genuine content: the genuine package is then a duplicate of what was merged."""
    blob = fac1.package(MONTHS[0], out)
    assert coord.identity.encryption is not None
    inner = envelope.decrypt(blob, coord.identity.encryption, coord.identity.key_id)
    rng = random.Random(20261122)
    outcomes: dict[str, int] = {}
    accepted = 0
    for attempt in range(300):
        target = bytearray(blob if attempt % 2 else inner)
        for _ in range(rng.randint(1, 3)):
            target[rng.randrange(len(target))] ^= 1 << rng.randrange(8)
        candidate = bytes(target) if attempt % 2 else seal(bytes(target), coord)
        result = importer.import_blob(coord.store.sessions, coord.identity, candidate, "fuzz")
        outcomes[result.check or result.status] = outcomes.get(result.check or result.status, 0) + 1
        if result.status != "rejected":
            assert result.status in ("merged", "duplicate"), (attempt, result)
            accepted += 1
    assert outcomes.get("decrypt", 0) >= 100 and len(outcomes) >= 3  # many checks were exercised
    with coord.store.session() as s:
        if not accepted:
            assert repo.record_snapshot(s) == [] and repo.packages(s) == []
    genuine = importer.import_blob(coord.store.sessions, coord.identity, blob, "vrai")
    # the signed manifest names every file's hash: anything merged was the genuine content itself
    assert genuine.status == ("duplicate" if accepted else "merged")


def test_lookup_searches_the_primary_key_never_scans(coord: Coordinator) -> None:
    """Each chunk's lookup gives both columns of the (kind, uuid) key: a search, whatever the store's size.

    On PostgreSQL a tiny table may rightly be read whole; with sequential scans off, the plan shows that
    the primary key's index serves the lookup (both key columns in its condition)."""
    stmt = repo.existing_query("hour_entry", UUIDS)
    with coord.store.session() as s:
        sql = str(stmt.compile(dialect=s.get_bind().dialect, compile_kwargs={"literal_binds": True}))
        if coord.engine == "postgresql":
            s.execute(text("SET LOCAL enable_seqscan = off"))
            plan = " | ".join(str(row[0]) for row in s.execute(text(f"EXPLAIN {sql}")))
            assert "pk_coord_record" in plan and "kind" in plan and "uuid" in plan, plan
            assert "Seq Scan" not in plan, plan
            return
        plan = " | ".join(str(row[-1]) for row in s.execute(text(f"EXPLAIN QUERY PLAN {sql}")))
    assert "SEARCH coord_record USING" in plan and "(kind=? AND uuid=?)" in plan, plan
    assert "SCAN coord_record" not in plan, plan
