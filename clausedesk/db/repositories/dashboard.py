"""Queries of the dashboard and the bilan: hours per lot and company, people, splits, gaps, situations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import BindParameter, Date, String, and_, bindparam, case, func, or_, select
from sqlalchemy.orm import Session

from clausedesk.db.models import (
    Application,
    Attribution,
    Buyer,
    Company,
    Contract,
    ContractType,
    EligibilityValidation,
    HourEntry,
    JobOffer,
    Lot,
    Market,
    Operation,
    OutcomeType,
    Participant,
    PublicCategory,
    Situation,
    job_offer_lot,
    validation_category,
)
from clausedesk.db.repositories.hours_sql import (
    SUBCONTRACTING,
    converted_hours,
    converted_of_lots,
    counted,
    counted_tutoring,
    entry_month,
)

_ZERO = Decimal(0)
_LAST = 10_000  # sort order of the converted amounts' line, after every contract type


def _dec(value: Any) -> Decimal:
    """A SUM of a Hundredths expression (already a Decimal through the column type); None → 0."""
    return _ZERO if value is None else Decimal(value)


def live_lots(session: Session, market_id: int) -> list[Lot]:
    stmt = select(Lot).where(Lot.market_id == market_id, Lot.deleted_at.is_(None))
    lots = list(session.scalars(stmt))
    return sorted(lots, key=lambda lot: (len(lot.number), lot.number, lot.ref))


# The statements below are built once per process and run with bound parameters (`LOTS`, `MONTH`...):
# building a SQLAlchemy statement costs about as much as SQLite running it on one marché's entries, and a
# month's batch runs each of them for every marché.
LOTS: BindParameter[list[int]] = bindparam("lot_ids", expanding=True)
MONTH: BindParameter[str] = bindparam("month", type_=String())


def _params(lot_ids: Sequence[int], month: str, **extra: Any) -> dict[str, Any]:
    return {"lot_ids": list(lot_ids), "month": month, **extra}


def _hours_base() -> Any:
    """Live entries of the lots `:lot_ids` up to `:month` included, joined to their lot and contract."""
    return (
        select()
        .select_from(HourEntry)
        .join(Lot, Lot.id == HourEntry.lot_id)
        .join(Contract, Contract.id == HourEntry.contract_id)
        .where(HourEntry.lot_id.in_(LOTS), HourEntry.deleted_at.is_(None), HourEntry.month <= MONTH)
    )


@cache
def _grid_stmt() -> Any:
    in_month = func.sum(case((HourEntry.month == MONTH, counted()), else_=0))
    return (
        _hours_base()
        .join(ContractType, ContractType.id == Contract.contract_type_id)
        .add_columns(HourEntry.lot_id, Contract.company_id, Contract.modality, ContractType.label,
                     ContractType.sort_order, in_month, func.sum(counted()), func.sum(counted_tutoring()))
        .group_by(HourEntry.lot_id, Contract.company_id, Contract.modality, ContractType.id)
    )  # fmt: skip


@cache
def _converted_stmt() -> Any:
    hours = converted_hours()
    in_month = func.sum(case((Attribution.subcontract_month == MONTH, hours), else_=0))
    return (
        converted_of_lots()
        .add_columns(Attribution.lot_id, Attribution.company_id, in_month, func.sum(hours))
        .where(Attribution.lot_id.in_(LOTS), Attribution.subcontract_month <= MONTH, hours > 0)
        .group_by(Attribution.lot_id, Attribution.company_id)
    )


CONVERTED_LABEL = "Montant sous-traité converti en heures"
"""The contract-type line of the dashboard's split that holds the converted sub-contracted amounts."""


def hours_grid(session: Session, lot_ids: Sequence[int], month: str) -> list[tuple[Any, ...]]:
    """The month's and the cumulated hours, one row per (lot, company, modality, contract type).

    (lot id, company id, modality, contract type label, contract type sort order, hours in `month`,
    hours up to `month` included, tutoring hours among them, converted hours among them). One pass over
    the lots' entries feeds the lot and company lines and both splits of the dashboard: the grid is a few
    dozen rows that the service sums up. A sub-contractor's converted amount (`hours_sql.converted_hours`)
    is one more row, modality sous-traitance, counted in the attribution's declared month.
    """
    params = _params(lot_ids, month)
    rows = [(*row[:5], _dec(row[5]), _dec(row[6]), _dec(row[7]), _ZERO)
            for row in session.execute(_grid_stmt(), params)]  # fmt: skip
    for lot_id, company_id, in_month, total in session.execute(_converted_stmt(), params):
        rows.append((lot_id, company_id, SUBCONTRACTING, CONVERTED_LABEL, _LAST, _dec(in_month), _dec(total),
                     _ZERO, _dec(total)))  # fmt: skip
    return rows


@cache
def _attributions_stmt() -> Any:
    return select(Attribution.lot_id, Attribution.company_id, Attribution.role, Attribution.share_pct).where(
        Attribution.lot_id.in_(LOTS), Attribution.deleted_at.is_(None)
    )


def attributions(session: Session, lot_ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """(lot id, company id, role, share %) of the live attributions."""
    return [tuple(row) for row in session.execute(_attributions_stmt(), {"lot_ids": list(lot_ids)})]


@cache
def _company_names_stmt() -> Any:
    ids: BindParameter[list[int]] = bindparam("ids", expanding=True)
    return select(Company.id, Company.name, Company.siret).where(Company.id.in_(ids))


def company_names(session: Session, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    rows = session.execute(_company_names_stmt(), {"ids": list(ids)})
    return {cid: (name, siret) for cid, name, siret in rows}


@cache
def _monthly_stmt() -> Any:
    stmt = _hours_base().add_columns(HourEntry.month, func.sum(counted()))
    return stmt.group_by(HourEntry.month).order_by(HourEntry.month)


@cache
def _monthly_converted_stmt() -> Any:
    return (
        converted_of_lots()
        .add_columns(Attribution.subcontract_month, func.sum(converted_hours()))
        .where(Attribution.lot_id.in_(LOTS), Attribution.subcontract_month <= MONTH)
        .group_by(Attribution.subcontract_month)
    )


def monthly_hours(session: Session, lot_ids: Sequence[int], last_month: str) -> list[tuple[str, Decimal]]:
    """(month, hours) of every month with entries or converted amounts, up to `last_month`, in order."""
    params = _params(lot_ids, last_month)
    out = {m: _dec(h) for m, h in session.execute(_monthly_stmt(), params)}
    for m, h in session.execute(_monthly_converted_stmt(), params):
        if _dec(h):
            out[m] = out.get(m, _ZERO) + _dec(h)
    return sorted(out.items())


@cache
def _people_stmt() -> Any:
    worked_in_month = func.max(case((HourEntry.month == MONTH, 1), else_=0))
    return (
        _hours_base()
        .join(Participant, Participant.id == Contract.participant_id)
        .where(HourEntry.hours_worked > 0)
        .add_columns(
            Participant.id, Participant.sex, Participant.birth_date, Participant.qpv,
            func.min(Contract.start_date), worked_in_month,
        )
        .group_by(Participant.id)
    )  # fmt: skip


def people(session: Session, lot_ids: Sequence[int], month: str) -> list[tuple[Any, ...]]:
    """One row per person with hours worked up to `month`: (id, sex, birth, qpv, start of their earliest
    contract with such hours, worked in `month`)."""
    rows = session.execute(_people_stmt(), _params(lot_ids, month))
    return [tuple(row) for row in rows]


@cache
def _gaps_stmt() -> Any:
    first, last = bindparam("first", type_=Date()), bindparam("last", type_=Date())
    has_entry = (
        select(HourEntry.id)
        .where(HourEntry.contract_id == Contract.id, entry_month() == MONTH, HourEntry.deleted_at.is_(None))
        .exists()
    )
    return (
        select(Contract.lot_id, Contract.company_id, func.count(Contract.id))
        .where(
            Contract.lot_id.in_(LOTS),
            Contract.deleted_at.is_(None),
            Contract.start_date <= last,
            or_(Contract.end_date.is_(None), Contract.end_date >= first),
            ~has_entry,
        )
        .group_by(Contract.lot_id, Contract.company_id)
    )


def contracts_without_hours(session: Session, lot_ids: Sequence[int], month: str, first: date, last: date
                            ) -> list[tuple[int, int, int]]:  # fmt: skip
    """(lot id, company id, number of contracts) running in the month with no hour entry for it."""
    rows = session.execute(_gaps_stmt(), _params(lot_ids, month, first=first, last=last))
    return [(lot, company, int(n)) for lot, company, n in rows]


@cache
def _recruitment_stmt() -> Any:
    last = bindparam("last", type_=Date())
    offers_of_lots = select(job_offer_lot.c.offer_id).where(job_offer_lot.c.lot_id.in_(LOTS))
    # the person's most recent eligibility validation in force on the day they were proposed
    validation = (
        select(EligibilityValidation.id)
        .where(
            EligibilityValidation.participant_id == Application.participant_id,
            EligibilityValidation.deleted_at.is_(None),
            EligibilityValidation.validated_on <= Application.proposed_on,
            or_(
                EligibilityValidation.expires_on.is_(None),
                EligibilityValidation.expires_on >= Application.proposed_on,
            ),
        )
        .order_by(EligibilityValidation.validated_on.desc(), EligibilityValidation.id.desc())
        .limit(1)
        .correlate(Application)
        .scalar_subquery()
    )
    return (
        select(
            JobOffer.id, JobOffer.posts, JobOffer.opened_on, JobOffer.filled_on, JobOffer.cancelled_on,
            Application.id, Application.proposed_on, Application.proposed_by, Application.step,
            Application.step_on, validation.label("validation_id"), PublicCategory.label,
        )
        .select_from(JobOffer)
        .outerjoin(Application, and_(Application.offer_id == JobOffer.id, Application.deleted_at.is_(None),
                                     Application.proposed_on <= last))
        .outerjoin(validation_category, validation_category.c.validation_id == validation)
        .outerjoin(PublicCategory, and_(PublicCategory.id == validation_category.c.category_id,
                                        PublicCategory.sensitive.is_(False)))
        .where(JobOffer.id.in_(offers_of_lots), JobOffer.deleted_at.is_(None), JobOffer.opened_on <= last)
        .order_by(JobOffer.id, Application.id)
    )  # fmt: skip


def recruitment(session: Session, lot_ids: Sequence[int], last: date) -> list[tuple[Any, ...]]:
    """The live job offers linked to the lots and opened by `last`, with their applications proposed by then.

    One row per (offer, application, public category): (offer id, posts, opened on, filled on, cancelled
    on, application id, proposed on, proposed by, step, step on, validation id, category label); the
    application columns are None for an offer without any, the validation is the one in force when the
    person was proposed (None without one), the category None without one or when it is sensitive.
    """
    rows = session.execute(_recruitment_stmt(), {"lot_ids": list(lot_ids), "last": last})
    return [tuple(row) for row in rows]


def last_hours_month(session: Session, lot_ids: Sequence[int]) -> str | None:
    stmt = select(func.max(HourEntry.month)).where(
        HourEntry.lot_id.in_(lot_ids), HourEntry.deleted_at.is_(None)
    )
    value = session.scalar(stmt)
    return str(value) if value else None


def has_hours_in(session: Session, lot_ids: Sequence[int], month: str) -> bool:
    """Whether any live entry of the lots is for `month` (read through the lot index, not the month's)."""
    stmt = select(HourEntry.id).where(
        HourEntry.lot_id.in_(lot_ids), entry_month() == month, HourEntry.deleted_at.is_(None)
    )
    return session.scalar(stmt.limit(1)) is not None


def markets_active_in(session: Session, first: date, last: date, month: str, buyer_id: int | None = None
                      ) -> list[Market]:  # fmt: skip
    """Live marchés with a lot running during [first, last] or hours entered for `month`, by reference."""
    lot_running = and_(
        or_(Lot.start_date.is_(None), Lot.start_date <= last),
        or_(Lot.end_date.is_(None), Lot.end_date >= first),
        or_(Lot.start_date.is_not(None), Lot.end_date.is_not(None)),
    )
    # not correlated: the month's entries are read once through the month index, not once per lot
    lots_with_hours = select(HourEntry.lot_id).where(HourEntry.month == month, HourEntry.deleted_at.is_(None))
    hours_in_month = Lot.id.in_(lots_with_hours)
    lots = select(Lot.market_id).where(Lot.deleted_at.is_(None), or_(lot_running, hours_in_month))
    stmt = select(Market).where(Market.deleted_at.is_(None), Market.id.in_(lots))
    if buyer_id is not None:
        stmt = stmt.where(Market.buyer_id == buyer_id)
    return list(session.scalars(stmt.order_by(Market.ref)))


@cache
def _buyer_and_operation_stmt() -> Any:
    return (
        select(Buyer.name, Operation.name)
        .select_from(Market)
        .join(Buyer, Buyer.id == Market.buyer_id)
        .outerjoin(Operation, Operation.id == Market.operation_id)
        .where(Market.id == bindparam("market_id"))
    )


def buyer_and_operation(session: Session, market_id: int) -> tuple[str, str]:
    """The names of the marché's buyer and of its operation ("" without one)."""
    row = session.execute(_buyer_and_operation_stmt(), {"market_id": market_id}).first()
    return ("", "") if row is None else (str(row[0] or ""), str(row[1] or ""))


def find_buyers(session: Session, text: str) -> list[Buyer]:
    """Buyers whose SIRET, uuid or name (case-insensitive) is `text`; else whose name contains it."""
    needle = text.strip()
    exact = select(Buyer).where(
        Buyer.deleted_at.is_(None),
        or_(Buyer.siret == needle, Buyer.uuid == needle, func.lower(Buyer.name) == needle.lower()),
    )
    found = list(session.scalars(exact))
    if found:
        return found
    like = select(Buyer).where(Buyer.deleted_at.is_(None), Buyer.name.ilike(f"%{needle}%"))
    return list(session.scalars(like.order_by(Buyer.name)))


def bilan_contracts(session: Session, lot_ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """Every live contract on the lots with its hours: (participant id, last, first, sex, birth, contract id,
    company id, company name, contract type label, modality, start, end, counted hours)."""
    hours = (
        select(HourEntry.contract_id.label("cid"), func.sum(counted(tutoring=False)).label("h"))
        .join(Lot, Lot.id == HourEntry.lot_id)
        .join(Contract, Contract.id == HourEntry.contract_id)
        .where(HourEntry.lot_id.in_(lot_ids), HourEntry.deleted_at.is_(None))
        .group_by(HourEntry.contract_id)
        .subquery()
    )
    stmt = (
        select(
            Participant.id, Participant.last_name, Participant.first_name, Participant.sex,
            Participant.birth_date, Contract.id, Company.id, Company.name, ContractType.label,
            Contract.modality, Contract.start_date, Contract.end_date, hours.c.h,
        )
        .join(Participant, Participant.id == Contract.participant_id)
        .join(Company, Company.id == Contract.company_id)
        .join(ContractType, ContractType.id == Contract.contract_type_id)
        .outerjoin(hours, hours.c.cid == Contract.id)
        .where(Contract.lot_id.in_(lot_ids), Contract.deleted_at.is_(None))
        .order_by(Participant.last_name, Participant.first_name, Participant.id, Contract.start_date)
    )  # fmt: skip
    return [tuple(row) for row in session.execute(stmt)]


def situations(session: Session, participant_ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """(participant id, observed on, moment, outcome code, outcome label, contract id), by date."""
    if not participant_ids:
        return []
    stmt = (
        select(
            Situation.participant_id, Situation.observed_on, Situation.moment, OutcomeType.code,
            OutcomeType.label, Situation.contract_id,
        )
        .join(OutcomeType, OutcomeType.id == Situation.outcome_id)
        .where(Situation.participant_id.in_(participant_ids), Situation.deleted_at.is_(None))
        .order_by(Situation.participant_id, Situation.observed_on, Situation.id)
    )  # fmt: skip
    return [tuple(row) for row in session.execute(stmt)]
