"""The undo journal of hour imports: each entry an import touched, with the values it had before."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from clausedesk.db.models.base import Base
from clausedesk.db.types import Hundredths


class HourImportChange(Base):
    """One hour entry written by one import (an HourSource of kind "import"), and its previous state.

    `created` is true when the entry did not exist before the import (undo then tombstones it);
    otherwise the `prev_*` columns hold what undo puts back. `rev_after` is the entry's rev right
    after the import: undo refuses when the entry was changed since.
    """

    __tablename__ = "hour_import_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("hour_source.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("hour_entry.id"), index=True)
    created: Mapped[bool] = mapped_column(Boolean, default=False)
    prev_hours_worked: Mapped[Decimal | None] = mapped_column(Hundredths, default=None)
    prev_hours_training: Mapped[Decimal | None] = mapped_column(Hundredths, default=None)
    # None in journals written before imports read tutoring: their undo leaves tutoring as it is
    prev_hours_tutoring: Mapped[Decimal | None] = mapped_column(Hundredths, default=None)
    prev_status: Mapped[str | None] = mapped_column(String(10), default=None)
    prev_source_id: Mapped[int | None] = mapped_column(Integer, default=None)
    prev_deleted_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    rev_after: Mapped[int] = mapped_column(Integer)
