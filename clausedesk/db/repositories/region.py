"""The region's SQL (portable SQLAlchemy Core): departments, packages, records; what a coordinator sent.

Regional store: enrolled departments, received packages, and records merged like the coordinator's
(`coordinator.existing` / `merge_records` on `region_record`, owned by `department_id`). The figures
read live records of the kinds they need as plain (kind, uuid, payload, department) rows: no
JSON function of one engine, so the same code runs on SQLite and PostgreSQL.
Coordinator's store: its merged records as exported to the region, and the history of what it sent.
Facilitator's store: `touch_participants`, when the regional secret arrives with the referential.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from sqlalchemy import Table, func, select, update
from sqlalchemy.orm import Session

from clausedesk.core.errors import ConflictError
from clausedesk.db.models import CoordRecord, Participant, RegionDepartment, RegionPackage, RegionRecord
from clausedesk.db.models.region import RegionSentPackage
from clausedesk.db.repositories import coordinator as coord_repo

MERGED, HELD, REJECTED = coord_repo.MERGED, coord_repo.HELD, coord_repo.REJECTED
_RECORD: Table = RegionRecord.__table__  # type: ignore[assignment]
OWNER = "department_id"
Held = coord_repo.Held


class StoredRecord(NamedTuple):
    """A merged record as the figures and the exports read it."""

    kind: str
    uuid: str
    rev: int
    deleted: bool
    payload: str
    owner: int


# --- the regional store ------------------------------------------------------------------------


def departments(session: Session) -> list[RegionDepartment]:
    return list(session.scalars(select(RegionDepartment).order_by(RegionDepartment.name)))


def department_by_key(session: Session, key_id: str) -> RegionDepartment | None:
    return session.scalars(select(RegionDepartment).where(RegionDepartment.key_id == key_id)).one_or_none()


def enroll(session: Session, key_id: str, name: str, public_key: str, fingerprint: str) -> RegionDepartment:
    """Enrol a department's coordinator key; ConflictError when the key or the name is already enrolled."""
    existing = department_by_key(session, key_id)
    if existing is not None:
        raise ConflictError(
            f"La clé {key_id} est déjà inscrite (département « {existing.name} ») : rien n'a été modifié."
        )
    same_name = session.scalars(select(RegionDepartment).where(RegionDepartment.name == name)).first()
    if same_name is not None:
        raise ConflictError(
            f"Un département « {name} » est déjà inscrit (clé {same_name.key_id}) : choisissez un autre nom."
        )
    row = RegionDepartment(key_id=key_id, name=name, public_key=public_key, fingerprint=fingerprint)
    session.add(row)
    session.flush()
    return row


def package(session: Session, department_id: int, sequence: int) -> RegionPackage | None:
    stmt = select(RegionPackage).where(
        RegionPackage.department_id == department_id, RegionPackage.sequence == sequence
    )
    return session.scalars(stmt).one_or_none()


def add_package(session: Session, row: RegionPackage) -> RegionPackage:
    session.add(row)
    session.flush()
    return row


def existing(session: Session, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Held]:
    """The stored state of the given (type, uuid) keys: (rev, deleted, hash, owning department id)."""
    return coord_repo.existing(session, keys, _RECORD, OWNER)


def merge_records(
    session: Session,
    department_id: int,
    records: Iterable[dict[str, Any]],
    stored: dict[tuple[str, str], Held],
) -> int:
    """Merge prepared records (see `coordinator.merge_records`) as the department's."""
    return coord_repo.merge_records(session, department_id, records, stored, table=_RECORD, owner=OWNER)


def department_names(session: Session) -> dict[int, str]:
    return {d.id: d.name for d in departments(session)}


def live_records(session: Session, kinds: Iterable[str]) -> Iterator[StoredRecord]:
    """The live (not deleted) records of the given kinds, as plain rows, chunk by chunk."""
    r = RegionRecord
    stmt = select(r.kind, r.uuid, r.rev, r.deleted, r.payload, r.department_id).where(
        r.kind.in_(list(kinds)), r.deleted.is_(False)
    )
    for chunk in session.execute(stmt).partitions(5000):
        for row in chunk:
            yield StoredRecord(*row)


def counts(session: Session) -> dict[str, int]:
    """Enrolled departments, merged and held packages."""
    out = {"departments": int(session.scalar(select(func.count()).select_from(RegionDepartment)) or 0)}
    for status in (MERGED, HELD):
        stmt = select(func.count()).select_from(RegionPackage).where(RegionPackage.status == status)
        out[f"packages_{status}"] = int(session.scalar(stmt) or 0)
    return out


def record_snapshot(session: Session) -> list[tuple[Any, ...]]:
    """Every merged record as a sortable tuple (for tests: a refused package changes nothing)."""
    r = RegionRecord
    stmt = select(r.kind, r.uuid, r.rev, r.deleted, r.content_sha256, r.payload, r.department_id)
    return sorted(tuple(row) for row in session.execute(stmt))


# --- the coordinator's store -------------------------------------------------------------------


def coordinator_records(session: Session) -> Iterator[StoredRecord]:
    """Every record the coordinator merged (tombstones included), in key order, chunk by chunk."""
    c = CoordRecord
    stmt = select(c.kind, c.uuid, c.rev, c.deleted, c.payload, c.facilitator_id).order_by(c.kind, c.uuid)
    for chunk in session.execute(stmt).partitions(5000):
        for row in chunk:
            yield StoredRecord(*row)


def last_sent(session: Session) -> RegionSentPackage | None:
    stmt = select(RegionSentPackage).order_by(RegionSentPackage.sequence.desc()).limit(1)
    return session.scalars(stmt).first()


def record_sent(session: Session, row: RegionSentPackage) -> None:
    session.add(row)
    session.flush()


# --- the facilitator's store -------------------------------------------------------------------


def touch_participants(session: Session) -> int:
    """Bump every participant's revision: their next package carries them again, now with the regional
    pseudonym, and the coordinator's merge (highest revision wins) takes the new version."""
    table: Table = Participant.__table__  # type: ignore[assignment]
    result = session.connection().execute(update(table).values(rev=table.c.rev + 1))
    return int(result.rowcount or 0)
