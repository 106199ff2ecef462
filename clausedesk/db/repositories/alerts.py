"""Queries behind the home screen: figures, missing relevés, late lots, expiring eligibility, late actions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, exists, func, or_, select, type_coerce, union_all
from sqlalchemy.orm import Session

from clausedesk.db.models import (
    Action,
    Application,
    Company,
    Contract,
    EligibilityValidation,
    HourEntry,
    HourMonthTotal,
    JobOffer,
    Lot,
    Market,
    Participant,
)
from clausedesk.db.repositories.conventions import lot_allocated
from clausedesk.db.repositories.hours_sql import lot_realised
from clausedesk.db.repositories.recruitment import CLOSED
from clausedesk.db.types import Hundredths


def _active_in(first: date, last: date) -> Any:
    return and_(
        Contract.deleted_at.is_(None),
        Contract.start_date <= last,
        or_(Contract.end_date.is_(None), Contract.end_date >= first),
    )


def missing_releves(
    session: Session, month: str, first: date, last: date, limit: int
) -> tuple[int, list[tuple[str, str, int]]]:
    """Companies with contracts running in `month` but no hours for them: (total, [(uuid, name, n)])."""
    # an uncorrelated NOT IN: SQLite builds the month's contract list once, from ix_hour_entry_month_live
    received = select(HourEntry.contract_id).where(HourEntry.month == month, HourEntry.deleted_at.is_(None))
    running = running_contracts(first, last, Contract.id, Contract.company_id)
    n = func.count(running.c.id)
    base = (
        select(Company.uuid, Company.name, n)
        .join(running, running.c.company_id == Company.id)
        .where(running.c.id.not_in(received), Company.deleted_at.is_(None))
        .group_by(Company.id)
    )
    total = int(session.scalar(select(func.count()).select_from(base.subquery())) or 0)
    rows = session.execute(base.order_by(n.desc(), Company.name).limit(limit))
    return total, [(u, name, int(c)) for u, name, c in rows]


def running_lots(session: Session, today: date) -> list[tuple[Any, ...]]:
    """Lots running today with an objective: (uuid, ref, title, start, end, objective, realised)."""
    # the dashboard's hours (the lot's counting options applied) + the net hours conventions allocated to it
    realised = type_coerce(lot_realised() + lot_allocated(), Hundredths())
    rows = session.execute(
        select(
            Lot.uuid, Lot.ref, Lot.title, Lot.start_date, Lot.end_date, Lot.objective_hours,
            Lot.forced_hours, realised,
        )
        .where(Lot.deleted_at.is_(None), Lot.start_date <= today, Lot.end_date >= today)
        .order_by(Lot.end_date)
    )  # fmt: skip
    return [(u, r, t, s, e, f if f is not None else o, h or Decimal(0)) for u, r, t, s, e, o, f, h in rows]


def lots_ending(
    session: Session, today: date, until: date, limit: int
) -> tuple[int, list[tuple[str, str, date]]]:
    where = (Lot.deleted_at.is_(None), Lot.end_date >= today, Lot.end_date <= until)
    total = int(session.scalar(select(func.count(Lot.id)).where(*where)) or 0)
    rows = session.execute(
        select(Lot.uuid, Lot.ref, Lot.end_date).where(*where).order_by(Lot.end_date).limit(limit)
    )
    return total, [tuple(r) for r in rows]  # type: ignore[misc]


def markets_ending(
    session: Session, today: date, until: date, limit: int
) -> tuple[int, list[tuple[str, str, date]]]:
    where = (Market.deleted_at.is_(None), Market.end_date >= today, Market.end_date <= until)
    total = int(session.scalar(select(func.count(Market.id)).where(*where)) or 0)
    rows = session.execute(
        select(Market.uuid, Market.ref, Market.end_date).where(*where).order_by(Market.end_date).limit(limit)
    )
    return total, [tuple(r) for r in rows]  # type: ignore[misc]


def eligibility_expiring(
    session: Session, today: date, until: date, limit: int
) -> tuple[int, list[tuple[str, str, date]]]:
    """People whose latest validation expires between today and `until`, while a contract still runs."""
    latest = (
        select(
            EligibilityValidation.participant_id.label("pid"),
            func.max(EligibilityValidation.expires_on).label("exp"),
        )
        .where(EligibilityValidation.deleted_at.is_(None))
        .group_by(EligibilityValidation.participant_id)
        .subquery()
    )
    running = exists().where(Contract.participant_id == Participant.id, _active_in(today, today))
    base = (
        select(Participant.uuid, Participant.last_name, Participant.first_name, latest.c.exp)
        .join(latest, latest.c.pid == Participant.id)
        .where(Participant.deleted_at.is_(None), latest.c.exp >= today, latest.c.exp <= until, running)
    )
    total = int(session.scalar(select(func.count()).select_from(base.subquery())) or 0)
    rows = session.execute(base.order_by(latest.c.exp).limit(limit))
    return total, [(u, f"{ln.upper()} {fn}", e) for u, ln, fn, e in rows]


def overdue_actions(
    session: Session, today: date, limit: int
) -> tuple[int, list[tuple[str, str, str, date]]]:
    where = (Action.deleted_at.is_(None), Action.done_on.is_(None), Action.due_on < today)
    total = int(session.scalar(select(func.count(Action.id)).where(*where)) or 0)
    rows = session.execute(
        select(Action.uuid, Action.title, Action.owner, Action.due_on)
        .where(*where)
        .order_by(Action.due_on)
        .limit(limit)
    )
    return total, [tuple(r) for r in rows]  # type: ignore[misc]


def running_contracts(first: date, last: date, *columns: Any) -> Any:
    """`columns` of the live contracts running at some point of [first, last], as a subquery: those still
    open and those ending on or after `first`, each one range of ix_contract_running (read from the index
    alone, whatever the number of contracts that ended before)."""
    live = (Contract.deleted_at.is_(None), Contract.start_date <= last)
    return union_all(
        select(*columns).where(*live, Contract.end_date >= first),
        select(*columns).where(*live, Contract.end_date.is_(None)),
    ).subquery()


def _running_lots_today(today: date) -> Any:
    """The objectives (`hours`) of the lots running today, as a subquery; a lot without its own dates runs on
    its marché's.

    Lots with both dates are one range of ix_lot_running, read alone (their marché only checked against
    the few deleted ones); only lots missing a date read their marché's."""
    target = func.coalesce(Lot.forced_hours, Lot.objective_hours).label("hours")
    live = Lot.deleted_at.is_(None)
    deleted_markets = select(Market.id).where(Market.deleted_at.is_not(None))
    own_dates = select(target).where(
        live, Lot.end_date >= today, Lot.start_date <= today, Lot.market_id.not_in(deleted_markets)
    )
    on_market = (
        select(target).join(Market, Market.id == Lot.market_id)
        .where(live, Market.deleted_at.is_(None), func.coalesce(Lot.start_date, Market.start_date) <= today,
               func.coalesce(Lot.end_date, Market.end_date) >= today, missing)
        for missing in (Lot.end_date.is_(None), and_(Lot.end_date >= today, Lot.start_date.is_(None)))
    )  # fmt: skip
    return union_all(own_dates, *on_market).subquery()


def offers_open_since(session: Session, opened_by: date) -> int:
    """How many live open offers were opened on or before `opened_by` (the home's « offre » count)."""
    return int(session.scalar(
        select(func.count(JobOffer.id)).join(Company, Company.id == JobOffer.company_id)
        .where(JobOffer.deleted_at.is_(None), JobOffer.status == "ouverte", JobOffer.opened_on <= opened_by)
    ) or 0)  # fmt: skip


def waiting_candidates(
    session: Session, today: date, waiting_since: date, limit: int
) -> tuple[int, list[tuple[str, str, date, str | None]]]:
    """Candidates with no application in progress and no contract running today, waiting since
    `waiting_since` or before (since their candidate date, or the last step of their latest application):
    (total, [(uuid, "NOM Prénom", waiting since, prescriber)]), the longest waiting first."""
    last = (
        select(Application.participant_id.label("pid"), func.max(Application.step_on).label("on"))
        .where(Application.deleted_at.is_(None))
        .group_by(Application.participant_id)
        .subquery()
    )
    since = case((last.c.on > Participant.candidate_since, last.c.on), else_=Participant.candidate_since)
    in_progress = select(Application.participant_id).where(
        Application.deleted_at.is_(None), Application.step.not_in(CLOSED)
    )
    at_work = running_contracts(today, today, Contract.participant_id)
    name = Participant.last_name + " " + Participant.first_name
    base = (
        select(Participant.uuid, name.label("name"), since.label("since"), Participant.prescriber)
        .outerjoin(last, last.c.pid == Participant.id)
        .where(
            Participant.deleted_at.is_(None), Participant.candidate_since.is_not(None),
            Participant.id.not_in(in_progress), Participant.id.not_in(select(at_work.c.participant_id)),
            since <= waiting_since,
        )
    )  # fmt: skip
    total = int(session.scalar(select(func.count()).select_from(base.subquery())) or 0)
    rows: Any = session.execute(base.order_by(since, name).limit(limit)) if limit else []
    return total, [(u, n, d, p) for u, n, d, p in rows]


def home_figures(session: Session, month: str, first: date, last: date, today: date) -> dict[str, Any]:
    """Raw figures of the home screen for the relevé month and its year.

    Every figure is read from the monthly totals or from an index range that holds the month's or today's
    rows only (0015_home_figures): the cost does not grow with the store's history."""
    live = HourEntry.deleted_at.is_(None)
    # the month's and the year's hours from the totals the store's triggers keep (≤ 12 rows)
    month_hours = session.scalar(select(HourMonthTotal.hours_worked).where(HourMonthTotal.month == month))
    year_hours = session.scalar(
        select(func.sum(HourMonthTotal.hours_worked)).where(
            HourMonthTotal.month >= f"{month[:4]}-01", HourMonthTotal.month <= month
        )
    )
    lots = _running_lots_today(today)
    active_lots, objective = session.execute(
        select(func.count(), type_coerce(func.sum(lots.c.hours), Hundredths()))
    ).one()
    at_work = running_contracts(today, today, Contract.participant_id)
    people = session.scalar(select(func.count(func.distinct(at_work.c.participant_id))))
    in_month = running_contracts(first, last, Contract.id)
    expected = int(session.scalar(select(func.count()).select_from(in_month)) or 0)
    received = int(
        session.scalar(
            select(func.count(func.distinct(HourEntry.contract_id))).where(live, HourEntry.month == month)
        )
        or 0
    )
    return {
        "month_hours": month_hours or Decimal(0),
        "year_hours": year_hours or Decimal(0),
        "active_lots": int(active_lots or 0),
        "running_objective": objective or Decimal(0),
        "people_at_work": int(people or 0),
        "releves_expected": expected,
        "releves_received": received,
    }
