"""Coordinator side of synchronisation: enrolled facilitators, received packages, merging records.

The merge keeps, for each (type, uuid), the record with the highest (rev, deleted, content hash):
a maximum, so importing packages in any order, or twice, leaves the same table. A record belongs to
the facilitator who first sent it (`facilitator_id`); only a journalled transfer changes that.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Select, Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from clausedesk.core.errors import ConflictError, NotFoundError
from clausedesk.db.models import (
    ContractType,
    CoordFacilitator,
    CoordJournal,
    CoordPackage,
    CoordRecord,
    OutcomeType,
    PublicCategory,
)
from clausedesk.db.models.base import utcnow

MERGED = "merged"
HELD = "held"
REJECTED = "rejected"
_CHUNK = 500
_RECORD: Table = CoordRecord.__table__  # type: ignore[assignment]


def facilitators(session: Session) -> list[CoordFacilitator]:
    return list(session.scalars(select(CoordFacilitator).order_by(CoordFacilitator.name)))


def facilitator_by_key(session: Session, key_id: str) -> CoordFacilitator | None:
    return session.scalars(select(CoordFacilitator).where(CoordFacilitator.key_id == key_id)).one_or_none()


def facilitator_names(session: Session) -> dict[int, str]:
    return {f.id: f.name for f in facilitators(session)}


def enroll(session: Session, key_id: str, name: str, public_key: str, fingerprint: str) -> CoordFacilitator:
    """Enrol a facilitator's key; ConflictError when the key is already known (revoked keys stay revoked)."""
    existing = facilitator_by_key(session, key_id)
    if existing is not None:
        state = "révoquée" if existing.revoked_at else "déjà inscrite"
        raise ConflictError(
            f"La clé {key_id} est {state} (facilitateur « {existing.name} ») : rien n'a été modifié."
        )
    row = CoordFacilitator(key_id=key_id, name=name, public_key=public_key, fingerprint=fingerprint)
    session.add(row)
    session.flush()
    return row


def revoke(session: Session, key_id: str, when: datetime | None = None) -> CoordFacilitator:
    row = facilitator_by_key(session, key_id)
    if row is None:
        raise NotFoundError(f"Aucun facilitateur inscrit avec la clé {key_id} (voir « coordinator stats »).")
    if row.revoked_at is None:
        row.revoked_at = when or utcnow()
    session.flush()
    return row


def package(session: Session, facilitator_id: int, sequence: int) -> CoordPackage | None:
    stmt = select(CoordPackage).where(
        CoordPackage.facilitator_id == facilitator_id, CoordPackage.sequence == sequence
    )
    return session.scalars(stmt).one_or_none()


def packages(session: Session) -> list[CoordPackage]:
    stmt = select(CoordPackage).order_by(CoordPackage.facilitator_id, CoordPackage.sequence)
    return list(session.scalars(stmt))


def add_package(session: Session, row: CoordPackage) -> CoordPackage:
    session.add(row)
    session.flush()
    return row


#: What the store holds of a record: (rev, deleted, content hash, owner's facilitator id).
Held = tuple[int, bool, str, int]


def existing(
    session: Session, keys: Iterable[tuple[str, str]], table: Table = _RECORD, owner: str = "facilitator_id"
) -> dict[tuple[str, str], Held]:
    """The stored state of the given (type, uuid) keys, looked up by the primary key, chunk by chunk.

    Each query is `kind = ? AND uuid IN (…)`: both columns of the key, so the lookup is a search
    of the primary key's index whatever the size of the store (never a scan). `table` and its `owner`
    column: the coordinator's records by default, the region's (`region_record`, `department_id`) too.
    """
    by_kind: dict[str, list[str]] = {}
    for kind, uuid in keys:
        by_kind.setdefault(kind, []).append(uuid)
    out: dict[tuple[str, str], Held] = {}
    for kind, uuids in by_kind.items():
        for start in range(0, len(uuids), _CHUNK):
            stmt = existing_query(kind, uuids[start : start + _CHUNK], table, owner)
            for uuid, rev, deleted, digest, owner_id in session.execute(stmt):
                out[(kind, uuid)] = (rev, bool(deleted), digest, owner_id)
    return out


def existing_query(
    kind: str, uuids: list[str], table: Table = _RECORD, owner: str = "facilitator_id"
) -> Select[Any]:
    """The stored state of records of one type, by uuid (both columns of the primary key are given)."""
    return select(
        table.c.uuid, table.c.rev, table.c.deleted, table.c.content_sha256, table.c[owner]
    ).where(table.c.kind == kind, table.c.uuid.in_(uuids))


def merge_records(
    session: Session,
    facilitator_id: int,
    records: Iterable[dict[str, Any]],
    stored: dict[tuple[str, str], Held] | None = None,
    *,
    table: Table = _RECORD,
    owner: str = "facilitator_id",
) -> int:
    """Merge records (each with "type", "uuid", "rev", "deleted", "hash", "payload"); returns rows changed.

    New records are inserted owned by `facilitator_id`; a stored one is replaced when the incoming
    (rev, deleted, hash) is higher, its owner unchanged (the importer has refused any record of
    another facilitator before). `stored` is `existing(...)` of these records when the caller has it.
    Writes are two bulk statements (one insert, one update by primary key). `table` and `owner` as in
    `existing`.
    """
    items = list(records)
    if stored is None:
        stored = existing(session, ((r["type"], r["uuid"]) for r in items), table, owner)
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for rec in items:
        key = (rec["type"], rec["uuid"])
        held = stored.get(key)
        if held is None:
            inserts.append({"kind": rec["type"], "uuid": rec["uuid"], "rev": rec["rev"],
                            "deleted": rec["deleted"], "content_sha256": rec["hash"],
                            "payload": rec["payload"], owner: facilitator_id})  # fmt: skip
            stored[key] = (rec["rev"], rec["deleted"], rec["hash"], facilitator_id)
        elif (rec["rev"], rec["deleted"], rec["hash"]) > held[:3]:
            updates.append({"k": rec["type"], "u": rec["uuid"], "rev": rec["rev"],
                            "deleted": rec["deleted"], "content_sha256": rec["hash"],
                            "payload": rec["payload"]})  # fmt: skip
            stored[key] = (rec["rev"], rec["deleted"], rec["hash"], held[3])
    if inserts:
        session.execute(insert(table), inserts)
    if updates:
        stmt = (
            update(table)
            .where(table.c.kind == bindparam("k"), table.c.uuid == bindparam("u"))
            .values(rev=bindparam("rev"), deleted=bindparam("deleted"),
                    content_sha256=bindparam("content_sha256"), payload=bindparam("payload"))
        )  # fmt: skip
        session.execute(stmt, updates)
    return len(inserts) + len(updates)


def reference_codes(session: Session) -> tuple[set[str], set[str], set[str], set[str]]:
    """Codes of the referential: contract types, outcomes, public categories, sensitive categories."""
    contract_types = set(session.scalars(select(ContractType.code)))
    outcomes = set(session.scalars(select(OutcomeType.code)))
    categories = set(session.scalars(select(PublicCategory.code)))
    sensitive = set(session.scalars(select(PublicCategory.code).where(PublicCategory.sensitive.is_(True))))
    return contract_types, outcomes, categories, sensitive


def transfer(session: Session, source: CoordFacilitator, target: CoordFacilitator, detail: str) -> int:
    """Give every record of `source` to `target`, journalled; returns the number of records transferred."""
    table = _RECORD
    stmt = update(table).where(table.c.facilitator_id == source.id).values(facilitator_id=target.id)
    moved = session.connection().execute(stmt).rowcount
    session.add(CoordJournal(action="transfer", from_key_id=source.key_id, to_key_id=target.key_id,
                             records=int(moved or 0), detail=detail))  # fmt: skip
    session.flush()
    return int(moved or 0)


def journal(session: Session) -> list[CoordJournal]:
    return list(session.scalars(select(CoordJournal).order_by(CoordJournal.id)))


def owned_counts(session: Session) -> dict[int, int]:
    """Records (tombstones included) owned by each facilitator id."""
    stmt = select(CoordRecord.facilitator_id, func.count()).group_by(CoordRecord.facilitator_id)
    return {owner: int(n) for owner, n in session.execute(stmt)}


def record_snapshot(session: Session) -> list[tuple[str, str, int, bool, str, str]]:
    """Every merged record as a sortable tuple (for tests and integrity checks)."""
    stmt = select(
        CoordRecord.kind, CoordRecord.uuid, CoordRecord.rev, CoordRecord.deleted,
        CoordRecord.content_sha256, CoordRecord.payload,
    ).order_by(CoordRecord.kind, CoordRecord.uuid)  # fmt: skip
    return [tuple(row) for row in session.execute(stmt)]  # type: ignore[misc]


def payloads(session: Session, kind: str) -> list[dict[str, Any]]:
    stmt = select(CoordRecord.uuid, CoordRecord.payload).where(
        CoordRecord.kind == kind, CoordRecord.deleted.is_(False)
    )
    return [dict(json.loads(payload), uuid=uuid) for uuid, payload in session.execute(stmt)]


def counts(session: Session) -> dict[str, int]:
    """Enrolled (unrevoked) facilitators, merged and held packages, live records by type."""
    result = {
        "facilitators": int(
            session.scalar(
                select(func.count())
                .select_from(CoordFacilitator)
                .where(CoordFacilitator.revoked_at.is_(None))
            )
            or 0
        ),
    }
    for status in (MERGED, HELD):
        result[f"packages_{status}"] = int(
            session.scalar(
                select(func.count()).select_from(CoordPackage).where(CoordPackage.status == status)
            )
            or 0
        )
    return result
