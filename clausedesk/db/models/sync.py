"""Synchronisation state: facilitator's sent packages; coordinator's enrolled keys, packages, records.

Facilitator side: `SyncState` (one row: trusted coordinator, department secret and directory from the
referential), `SentPackage` (history with sequence and manifest hash) and `SentRecord` (the content
hash of each record as last sent, so the next package carries every change since).
Coordinator side: `CoordFacilitator` (enrolled keys, revocation), `CoordPackage` (received packages
with their status; held ones keep their verified content until the gap is filled) and `CoordRecord`
(merged pseudonymous records keyed by (type, uuid)).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from clausedesk.db.models.base import Base, utcnow


class SyncState(Base):
    """One row (id 1): what this data folder knows of its department."""

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    coordinator_bundle: Mapped[str | None] = mapped_column(Text, default=None)
    coordinator_key_id: Mapped[str | None] = mapped_column(String(16), default=None)
    trusted_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    department_secret: Mapped[str | None] = mapped_column(String(100), default=None)
    department_name: Mapped[str | None] = mapped_column(String(200), default=None)
    referential_version: Mapped[int] = mapped_column(Integer, default=0)
    referential_json: Mapped[str | None] = mapped_column(Text, default=None)
    referential_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    # the region (issue 15): its pseudonym secret, as handed down by the referentials (facilitator,
    # coordinator) or created by `region init` (the region's own store, `is_region`); the trusted
    # region's public key and the version of its last referential (coordinator)
    region_secret: Mapped[str | None] = mapped_column(String(100), default=None)
    region_name: Mapped[str | None] = mapped_column(String(200), default=None)
    region_bundle: Mapped[str | None] = mapped_column(Text, default=None)
    region_key_id: Mapped[str | None] = mapped_column(String(16), default=None)
    region_referential_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    is_region: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class SentPackage(Base):
    """A package this facilitator built (sequence numbers start at 1 and never repeat)."""

    __tablename__ = "sync_sent_package"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sequence: Mapped[int] = mapped_column(Integer, unique=True)
    period: Mapped[str] = mapped_column(String(7))
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    recipient_key_id: Mapped[str] = mapped_column(String(16))
    file_name: Mapped[str] = mapped_column(String(400))
    record_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SentRecord(Base):
    """The content hash of a record as it was last sent."""

    __tablename__ = "sync_sent_record"

    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    content_sha256: Mapped[str] = mapped_column(String(64))
    sequence: Mapped[int] = mapped_column(Integer)


class CoordFacilitator(Base):
    """A facilitator key enrolled by the coordinator (revocation keeps the row for the history)."""

    __tablename__ = "coord_facilitator"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_id: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    public_key: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(40))
    enrolled_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    last_sequence: Mapped[int] = mapped_column(Integer, default=0)
    last_manifest_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    last_period: Mapped[str | None] = mapped_column(String(7), default=None)


class CoordPackage(Base):
    """A package received from an enrolled facilitator: merged, or held until the gap is filled."""

    __tablename__ = "coord_package"
    __table_args__ = (UniqueConstraint("facilitator_id", "sequence", name="uq_coord_package_fac_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("coord_facilitator.id"), index=True)
    sequence: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(7))
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    previous_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    status: Mapped[str] = mapped_column(String(10))  # merged | held | rejected
    reason: Mapped[str | None] = mapped_column(Text, default=None)
    file_name: Mapped[str] = mapped_column(String(400))
    record_count: Mapped[int] = mapped_column(Integer, default=0)
    aggregates_json: Mapped[str | None] = mapped_column(Text, default=None)
    content: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)  # held packages only
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    merged_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)


class CoordRecord(Base):
    """A merged pseudonymous record: the highest (rev, deleted, content hash) received wins."""

    __tablename__ = "coord_record"

    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    rev: Mapped[int] = mapped_column(Integer)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    content_sha256: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("coord_facilitator.id"), index=True)


class CoordJournal(Base):
    """The coordinator's journal of decisions that change who owns what (handovers between facilitators)."""

    __tablename__ = "coord_journal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    action: Mapped[str] = mapped_column(String(30))
    from_key_id: Mapped[str | None] = mapped_column(String(16), default=None)
    to_key_id: Mapped[str | None] = mapped_column(String(16), default=None)
    records: Mapped[int] = mapped_column(Integer, default=0)
    detail: Mapped[str] = mapped_column(Text)
