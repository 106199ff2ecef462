"""Queries of the conventions de globalisation: conventions, their lots, the hours allocated between them.

An allocation moves hours worked by the convention's company on one lot (in one month) to another lot of
the convention: the giving lot keeps its realised hours and shows them as allocated out (negative), the
receiving lot shows them as allocated in; a lot's progress is realised + net allocated, so the sum over
all lots is the hours worked, each counted once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, and_, func, literal_column, or_, select, type_coerce
from sqlalchemy.orm import Session, aliased

from clausedesk.core.errors import NotFoundError
from clausedesk.db.models import (
    Attribution,
    Company,
    Contract,
    Convention,
    HourAllocation,
    HourEntry,
    Lot,
    convention_lot,
)
from clausedesk.db.repositories.hours_sql import counted
from clausedesk.db.types import Hundredths

_ZERO = Decimal(0)


def convention_by_ref(session: Session, ref: str) -> Convention:
    found = session.scalars(
        select(Convention).where(Convention.ref == ref, Convention.deleted_at.is_(None))
    ).one_or_none()
    if found is None:
        raise NotFoundError(
            f"Aucune convention de globalisation de référence « {ref} ». Vérifiez la référence "
            "(commande « list conventions »)."
        )
    return found


def ref_taken(session: Session, ref: str) -> bool:
    return session.scalar(select(func.count()).where(Convention.ref == ref)) != 0


def lots_with_attribution(session: Session, company_id: int, lot_ids: Sequence[int]) -> set[int]:
    """The lots among `lot_ids` where the company holds an attribution or has a contract (live)."""
    attributed = select(Attribution.lot_id).where(
        Attribution.company_id == company_id,
        Attribution.lot_id.in_(lot_ids),
        Attribution.deleted_at.is_(None),
    )
    contracted = select(Contract.lot_id).where(
        Contract.company_id == company_id, Contract.lot_id.in_(lot_ids), Contract.deleted_at.is_(None)
    )
    return set(session.scalars(attributed.union(contracted)))


def add_convention(session: Session, company_id: int, ref: str, title: str, start: date, end: date,
                   lots: Sequence[Lot], signed_on: date | None, notes: str | None) -> Convention:  # fmt: skip
    convention = Convention(company_id=company_id, ref=ref, title=title, start_date=start, end_date=end,
                            signed_on=signed_on, notes=notes)  # fmt: skip
    convention.lots = list(lots)
    session.add(convention)
    session.flush()
    return convention


def worked_on(session: Session, company_id: int, lot_id: int, month: str) -> Decimal:
    """Hours that count for the lot, worked on it by the company's contracts in the month."""
    total = session.scalar(
        select(func.sum(counted()))
        .select_from(HourEntry)
        .join(Contract, Contract.id == HourEntry.contract_id)
        .join(Lot, Lot.id == HourEntry.lot_id)
        .where(HourEntry.lot_id == lot_id, HourEntry.month == month, Contract.company_id == company_id,
               HourEntry.deleted_at.is_(None))
    )  # fmt: skip
    return Decimal(total or 0)


def allocated_out(session: Session, company_id: int, lot_id: int, month: str) -> Decimal:
    """The company's hours of the lot in the month already allocated to other lots (any convention)."""
    total = session.scalar(
        select(func.sum(HourAllocation.hours))
        .join(Convention, Convention.id == HourAllocation.convention_id)
        .where(HourAllocation.from_lot_id == lot_id, HourAllocation.month == month,
               Convention.company_id == company_id, _live())
    )  # fmt: skip
    return Decimal(total or 0)


def _live() -> ColumnElement[bool]:
    return and_(HourAllocation.deleted_at.is_(None), Convention.deleted_at.is_(None))


def add_allocation(session: Session, convention_id: int, from_lot_id: int, to_lot_id: int,
                   month: str, hours: Decimal, reason: str, on: date) -> HourAllocation:  # fmt: skip
    row = HourAllocation(convention_id=convention_id, from_lot_id=from_lot_id, to_lot_id=to_lot_id,
                         month=month, hours=hours, reason=reason, allocated_on=on)  # fmt: skip
    session.add(row)
    session.flush()
    return row


def net_allocated(session: Session, lot_ids: Sequence[int], *, up_to: str | None = None,
                  month: str | None = None, company_id: int | None = None) -> dict[int, Decimal]:  # fmt: skip
    """Net hours allocated to each lot (in − out): over the months up to `up_to` included, or of `month`
    only, or over all months; by the conventions of one company when given. Lots without one are absent."""
    if not lot_ids:
        return {}
    out: dict[int, Decimal] = {}
    for column, sign in ((HourAllocation.to_lot_id, 1), (HourAllocation.from_lot_id, -1)):
        stmt = (
            select(column, func.sum(HourAllocation.hours))
            .join(Convention, Convention.id == HourAllocation.convention_id)
            .where(column.in_(lot_ids), _live())
            .group_by(column)
        )
        if up_to is not None:
            stmt = stmt.where(HourAllocation.month <= up_to)
        if month is not None:
            stmt = stmt.where(HourAllocation.month == month)
        if company_id is not None:
            stmt = stmt.where(Convention.company_id == company_id)
        for lot_id, hours in session.execute(stmt):
            out[lot_id] = out.get(lot_id, _ZERO) + sign * Decimal(hours or 0)
    return out


def lot_allocated() -> ColumnElement[Any]:
    """Net hours allocated to the enclosing query's lot (correlated to Lot), as a Decimal (0 without any)."""

    def side(column: Any) -> Any:
        return (
            select(func.sum(HourAllocation.hours))
            .join(Convention, Convention.id == HourAllocation.convention_id)
            .where(column == Lot.id, _live())
            .correlate(Lot)
            .scalar_subquery()
        )

    zero: ColumnElement[Any] = literal_column("0")
    net = func.coalesce(side(HourAllocation.to_lot_id), zero) - func.coalesce(
        side(HourAllocation.from_lot_id), zero
    )
    return type_coerce(net, Hundredths())


class AllocationRow(NamedTuple):
    uuid: str
    convention_ref: str
    from_lot: str
    to_lot: str
    month: str
    hours: Decimal
    reason: str
    allocated_on: date


def allocations(session: Session, convention_id: int | None = None, lot_id: int | None = None
                ) -> list[AllocationRow]:  # fmt: skip
    """Live allocations (of one convention, or touching one lot), by month then date."""
    giving, receiving = aliased(Lot), aliased(Lot)
    stmt = (
        select(HourAllocation.uuid, Convention.ref, giving.ref, receiving.ref, HourAllocation.month,
               HourAllocation.hours, HourAllocation.reason, HourAllocation.allocated_on)
        .join(Convention, Convention.id == HourAllocation.convention_id)
        .join(giving, giving.id == HourAllocation.from_lot_id)
        .join(receiving, receiving.id == HourAllocation.to_lot_id)
        .where(_live())
        .order_by(HourAllocation.month, HourAllocation.allocated_on, HourAllocation.id)
    )  # fmt: skip
    if convention_id is not None:
        stmt = stmt.where(HourAllocation.convention_id == convention_id)
    if lot_id is not None:
        stmt = stmt.where(or_(HourAllocation.from_lot_id == lot_id, HourAllocation.to_lot_id == lot_id))
    return [AllocationRow(*row) for row in session.execute(stmt)]


class ConventionRow(NamedTuple):
    id: int
    uuid: str
    ref: str
    title: str
    company: str
    siret: str
    signed_on: date | None
    start: date | None
    end: date | None
    notes: str | None
    lot_refs: list[str]


def conventions(session: Session) -> list[ConventionRow]:
    """Live conventions with their company and their live lots' references, by reference."""
    lots: dict[int, list[str]] = {}
    for cid, ref in session.execute(
        select(convention_lot.c.convention_id, Lot.ref)
        .join(Lot, Lot.id == convention_lot.c.lot_id)
        .where(Lot.deleted_at.is_(None))
        .order_by(Lot.ref)
    ):  # fmt: skip
        lots.setdefault(cid, []).append(ref)
    stmt = (
        select(Convention, Company.name, Company.siret)
        .join(Company, Company.id == Convention.company_id)
        .where(Convention.deleted_at.is_(None))
        .order_by(Convention.ref)
    )
    return [
        ConventionRow(
            c.id,
            c.uuid,
            c.ref,
            c.title,
            name,
            siret,
            c.signed_on,
            c.start_date,
            c.end_date,
            c.notes,
            lots.get(c.id, []),
        )  # fmt: skip
        for c, name, siret in session.execute(stmt)
    ]


def convention_lot_ids(session: Session, convention_id: int) -> set[int]:
    return set(session.scalars(
        select(convention_lot.c.lot_id).where(convention_lot.c.convention_id == convention_id)
    ))  # fmt: skip


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def list_conventions(session: Session) -> list[dict[str, Any]]:
    """`clausedesk list conventions --json`: each convention with its lots and its allocations."""
    out = []
    for c in conventions(session):
        rows = allocations(session, convention_id=c.id)
        out.append({
            "uuid": c.uuid, "ref": c.ref, "title": c.title, "company": c.company, "company_siret": c.siret,
            "signed_on": _iso(c.signed_on), "start": _iso(c.start), "end": _iso(c.end), "lots": c.lot_refs,
            "allocated_hours": float(sum((r.hours for r in rows), _ZERO)),
            "allocations": [
                {"uuid": r.uuid, "from_lot": r.from_lot, "to_lot": r.to_lot, "month": r.month,
                 "hours": float(r.hours), "reason": r.reason, "allocated_on": r.allocated_on.isoformat()}
                for r in rows
            ],
        })  # fmt: skip
    return out



def companies_with_lots(session: Session) -> list[tuple[str, str]]:
    """(SIRET, name) of the live companies holding an attribution, by name: who may sign a convention."""
    held = select(Attribution.company_id).where(Attribution.deleted_at.is_(None))
    stmt = (
        select(Company.siret, Company.name)
        .where(Company.deleted_at.is_(None), Company.id.in_(held))
        .order_by(Company.name)
    )
    return [(siret, name) for siret, name in session.execute(stmt)]


def company_lot_choices(session: Session, siret: str) -> list[tuple[str, str]]:
    """(lot ref, « ref – title ») of the live lots the company holds or employs on, by reference."""
    company_id = session.scalar(select(Company.id).where(Company.siret == siret))
    if company_id is None:
        return []
    held = select(Attribution.lot_id).where(
        Attribution.company_id == company_id, Attribution.deleted_at.is_(None)
    )
    ids = held.union(
        select(Contract.lot_id).where(Contract.company_id == company_id, Contract.deleted_at.is_(None))
    )
    stmt = select(Lot.ref, Lot.title).where(Lot.id.in_(ids), Lot.deleted_at.is_(None)).order_by(Lot.ref)
    return [(ref, f"{ref} – {title}") for ref, title in session.execute(stmt)]
