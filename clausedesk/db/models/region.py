"""The region's side of synchronisation: enrolled departments, their received packages and merged records.

Regional store (`clausedesk region init`): `RegionDepartment` (a departmental coordinator's enrolled
key, its sequence and chain), `RegionPackage` (received packages; held ones keep their verified content
until the gap is filled) and `RegionRecord` (merged pseudonymous records keyed by (type, uuid), owned by
the department that first sent them). Coordinator's store: `RegionSentPackage`, the history of the
consolidated packages sent to the region (sequence and manifest hash, for the chain).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from clausedesk.db.models.base import Base, utcnow


class RegionDepartment(Base):
    """A departmental coordinator's key enrolled by the region."""

    __tablename__ = "region_department"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_id: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    public_key: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(40))
    enrolled_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_sequence: Mapped[int] = mapped_column(Integer, default=0)
    last_manifest_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    last_year: Mapped[int | None] = mapped_column(Integer, default=None)


class RegionPackage(Base):
    """A consolidated package received from a department: merged, held (gap) or rejected."""

    __tablename__ = "region_package"
    __table_args__ = (UniqueConstraint("department_id", "sequence", name="uq_region_package_dep_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("region_department.id"), index=True)
    sequence: Mapped[int] = mapped_column(Integer)
    year: Mapped[int] = mapped_column(Integer)
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    previous_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    status: Mapped[str] = mapped_column(String(10))  # merged | held | rejected
    reason: Mapped[str | None] = mapped_column(Text, default=None)
    file_name: Mapped[str] = mapped_column(String(400))
    record_count: Mapped[int] = mapped_column(Integer, default=0)
    content: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)  # held packages only
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    merged_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)


class RegionRecord(Base):
    """A merged record of a department (participants keyed by the regional pseudonym)."""

    __tablename__ = "region_record"

    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    rev: Mapped[int] = mapped_column(Integer)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    content_sha256: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)
    department_id: Mapped[int] = mapped_column(ForeignKey("region_department.id"), index=True)


class RegionSentPackage(Base):
    """A consolidated package this coordinator sent to its region (sequence numbers never repeat)."""

    __tablename__ = "region_sent_package"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sequence: Mapped[int] = mapped_column(Integer, unique=True)
    year: Mapped[int] = mapped_column(Integer)
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    recipient_key_id: Mapped[str] = mapped_column(String(16))
    file_name: Mapped[str] = mapped_column(String(400))
    record_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
