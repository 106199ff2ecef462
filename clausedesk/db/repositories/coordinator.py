"""Coordinator side of synchronisation: enrolled facilitators, received packages, merging records.

The merge keeps, for each (type, uuid), the record with the highest (rev, deleted, content hash):
a maximum, so importing packages in any order, or twice, leaves the same table.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clausedesk.core.errors import ConflictError, NotFoundError
from clausedesk.db.models import CoordFacilitator, CoordPackage, CoordRecord
from clausedesk.db.models.base import utcnow

MERGED = "merged"
HELD = "held"
REJECTED = "rejected"
_CHUNK = 500


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


def merge_records(session: Session, facilitator_id: int, records: Iterable[dict[str, Any]]) -> int:
    """Merge records (each with "type", "uuid", "rev", "deleted", "hash", "payload"); returns rows changed."""
    items = list(records)
    changed = 0
    for start in range(0, len(items), _CHUNK):
        chunk = items[start : start + _CHUNK]
        uuids = {rec["uuid"] for rec in chunk}
        existing = {
            (row.kind, row.uuid): row
            for row in session.scalars(select(CoordRecord).where(CoordRecord.uuid.in_(uuids)))
        }
        for rec in chunk:
            key = (rec["type"], rec["uuid"])
            incoming = (rec["rev"], rec["deleted"], rec["hash"])
            row = existing.get(key)
            if row is None:
                row = CoordRecord(
                    kind=rec["type"], uuid=rec["uuid"], rev=rec["rev"], deleted=rec["deleted"],
                    content_sha256=rec["hash"], payload=rec["payload"], facilitator_id=facilitator_id,
                )  # fmt: skip
                session.add(row)
                existing[key] = row
                changed += 1
            elif incoming > (row.rev, row.deleted, row.content_sha256):
                row.rev, row.deleted, row.content_sha256 = incoming
                row.payload = rec["payload"]
                row.facilitator_id = facilitator_id
                changed += 1
    session.flush()
    return changed


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
