"""Store-wide counts and hour totals (the `stats` command and the home screen)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clausedesk.db.models import Buyer, Company, Contract, HourEntry, Lot, Market, Participant
from clausedesk.db.repositories.base import count_live


def store_stats(
    session: Session, company_siret: str | None = None, month: str | None = None, year: int | None = None
) -> dict[str, object]:
    """Counts of live records; hour figures restricted to a company and/or a month or a year when given."""
    hours = select(
        func.count(HourEntry.id),
        func.sum(HourEntry.hours_worked),
        func.sum(HourEntry.hours_training),
        func.sum(HourEntry.hours_tutoring),
    ).where(HourEntry.deleted_at.is_(None))
    if company_siret is not None:
        hours = (
            hours.join(Contract, Contract.id == HourEntry.contract_id)
            .join(Company, Company.id == Contract.company_id)
            .where(Company.siret == company_siret)
        )
    if month is not None:
        hours = hours.where(HourEntry.month == month)
    if year is not None:
        hours = hours.where(HourEntry.month.between(f"{year:04d}-01", f"{year:04d}-12"))
    n_entries, worked, training, tutoring = session.execute(hours).one()
    worked_d: Decimal = worked or Decimal(0)
    training_d: Decimal = training or Decimal(0)
    return {
        "buyers": count_live(session, Buyer),
        "markets": count_live(session, Market),
        "lots": count_live(session, Lot),
        "companies": count_live(session, Company),
        "participants": count_live(session, Participant),
        "contracts": count_live(session, Contract),
        "hour_entries": int(n_entries),
        "hours_total": float(worked_d),
        "hours_training_total": float(training_d),
        "hours_tutoring_total": float(tutoring or 0),  # declared; whether they count is the lot's option
    }


def company_exists(session: Session, siret: str) -> bool:
    return session.scalar(select(func.count()).select_from(Company).where(Company.siret == siret)) == 1
