"""Counting people by public at entry over a period: the figure `stats`, the package and reports share."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from clausedesk.core.rules.progress import month_bounds
from clausedesk.core.rules.publics import publics_at_entry
from clausedesk.db.repositories import publics as repo
from clausedesk.db.repositories.publics import PersonAtEntry


@dataclass(frozen=True)
class PublicsCount:
    """People with hours worked in a period and their publics at entry (earliest contract with hours)."""

    people: list[PersonAtEntry]
    publics: dict[int, frozenset[str]]  # participant id → publics at entry

    @property
    def people_at_work(self) -> int:
        return len(self.people)

    def by_code(self) -> dict[str, int]:
        """public code → distinct people, codes in alphabetical order, only codes someone has."""
        counts: dict[str, int] = {}
        for codes in self.publics.values():
            for code in codes:
                counts[code] = counts.get(code, 0) + 1
        return dict(sorted(counts.items()))


def publics_of(session: Session, people: Sequence[PersonAtEntry]) -> dict[int, frozenset[str]]:
    """participant id → publics at entry on the start date carried by each `PersonAtEntry`."""
    spans = repo.validation_spans(session, (p.participant_id for p in people))
    return {p.participant_id: publics_at_entry(spans.get(p.participant_id, ()), p.birth_date, p.start)
            for p in people}  # fmt: skip


def count_publics(
    session: Session, first_month: str, last_month: str, lot_ids: Iterable[int] | None = None
) -> PublicsCount:
    """People with hours worked from `first_month` to `last_month` (on `lot_ids` when given) and their
    publics at entry."""
    people = repo.people_at_entry(session, first_month, last_month, lot_ids)
    return PublicsCount(people, publics_of(session, people))


def period_figures(session: Session, *, month: str | None = None, year: int | None = None) -> dict[str, Any]:
    """The `stats` additions: for a year, `people_at_work` and `publics_at_entry` (code → people); for a
    month, `active_lots` and `people_at_work`; nothing without a period."""
    if year is not None:
        figures = count_publics(session, f"{year:04d}-01", f"{year:04d}-12")
        return {"people_at_work": figures.people_at_work, "publics_at_entry": figures.by_code()}
    if month is not None:
        first, last = month_bounds(month)
        people = repo.people_at_entry(session, month, month)
        return {"active_lots": repo.active_lots(session, first, last), "people_at_work": len(people)}
    return {}
