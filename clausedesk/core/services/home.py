"""The figures of the home screen: the relevé month and its year at a glance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from clausedesk.core.rules.progress import month_bounds
from clausedesk.core.services import targets
from clausedesk.core.services.alerts import releve_month
from clausedesk.db.repositories import alerts as q
from clausedesk.db.repositories import bulk


@dataclass(frozen=True)
class HomeFigures:
    month: str  # the relevé month (AAAA-MM)
    month_hours: Decimal
    year_hours: Decimal
    running_objective: Decimal  # objectives of the lots running today
    active_lots: int
    people_at_work: int
    releves_expected: int
    releves_received: int
    target: dict[str, Any] | None = None  # the year's funders' target with its progress (targets --json)


def is_empty(session: Session) -> bool:
    """True when the store holds no buyer, marché, company nor person yet (the welcome page shows)."""
    return bulk.store_is_empty(session)


def home_figures(session: Session, today: date | None = None) -> HomeFigures:
    today = today or date.today()
    month = releve_month(today)
    first, last = month_bounds(month)
    raw = q.home_figures(session, month, first, last, today)
    return HomeFigures(
        month=month,
        month_hours=raw["month_hours"],
        year_hours=raw["year_hours"],
        running_objective=raw["running_objective"] or Decimal(0),
        active_lots=raw["active_lots"],
        people_at_work=raw["people_at_work"],
        releves_expected=raw["releves_expected"],
        releves_received=raw["releves_received"],
        target=_year_target(session, today),
    )


def _year_target(session: Session, today: date) -> dict[str, Any] | None:
    """This year's funders' target with its progress, if the facilitator set one (« targets set »).

    Only this year's hours are counted: the other years' targets are not shown here."""

    def realised(s: Session, year: int) -> tuple[Decimal, dict[str, Decimal]]:
        return targets.facilitator_realised(s, year) if year == today.year else (Decimal(0), {})

    found = targets.progress(session, today, realised)
    return next((t for t in found if t["year"] == today.year), None)
