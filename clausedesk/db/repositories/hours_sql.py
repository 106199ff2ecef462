"""SQL expressions shared by the reports: hours that count for a lot, a lot's objective in force.

The counting options of a lot, one rule for every figure (dashboard, bilan, exports, alerts, pages):
- worked hours always count; training hours when `count_training`; tutoring hours when `count_tutoring`;
- sub-contracting (`count_subcontracting`): not counted at all when off; when on and the lot has a
  conversion cost (`subcontract_hourly_cost`), each sub-contracted attribution's amount ÷ that cost counts
  in the attribution's declared month (`converted_hours`) and the hours declared on sub-contracting
  contracts no longer count (the amount stands for them: never both); without a cost, declared hours count.
A person's own hours (bilan lines, annual list, participants export) leave tutoring and converted amounts out:
lot figure = people's hours + counted tutoring + converted amounts.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    UnaryExpression,
    and_,
    case,
    func,
    literal_column,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.sql.operators import custom_op

from clausedesk.db.models import Attribution, Contract, HourEntry, Lot
from clausedesk.db.types import Hundredths


def _not_counted_subcontracting() -> ColumnElement[bool]:
    """The entry is on a sub-contracting contract whose hours the lot does not count as declared."""
    return and_(
        Contract.modality == SUBCONTRACTING,
        or_(Lot.count_subcontracting.is_(False), Lot.subcontract_hourly_cost.is_not(None)),
    )


def counted(*, tutoring: bool = True) -> ColumnElement[Any]:
    """Hours of an entry that count for its lot, as a Decimal (needs HourEntry joined to Lot and Contract).

    The lot's counting options apply (see the module's docstring). SUM() over it keeps the Hundredths
    type: aggregates are exact Decimals. `tutoring=False` leaves tutoring out: a person's own hours (bilan,
    annual list, participants export) — tutoring is the staff's time, it counts for the lot, not the person.
    """
    zero: ColumnElement[Any] = literal_column("0")
    raw = HourEntry.hours_worked + case((Lot.count_training.is_(True), HourEntry.hours_training), else_=zero)
    if tutoring:
        raw = raw + case((Lot.count_tutoring.is_(True), HourEntry.hours_tutoring), else_=zero)
    return type_coerce(case((_not_counted_subcontracting(), zero), else_=raw), Hundredths())


def counted_tutoring() -> ColumnElement[Any]:
    """The tutoring part of `counted()` (shown apart from worked hours), as a Decimal."""
    applies = and_(Lot.count_tutoring.is_(True), ~_not_counted_subcontracting())
    return type_coerce(case((applies, HourEntry.hours_tutoring), else_=literal_column("0")), Hundredths())


def converted_hours() -> ColumnElement[Any]:
    """An attribution's sub-contracted amount converted into hours (needs Attribution joined to Lot).

    amount ÷ the lot's conversion cost, rounded to the hundredth of an hour (half up), as a Decimal; 0 when
    the lot does not count sub-contracting or has no conversion cost, or the attribution has no amount.
    Both are stored as hundredths: hundredths of hours = round(100 × cents / cost cents).
    """
    amount = type_coerce(Attribution.subcontract_amount, Integer)  # raw hundredths: plain integer arithmetic
    cost = type_coerce(Lot.subcontract_hourly_cost, Integer)
    applies = and_(
        Lot.count_subcontracting.is_(True), Lot.subcontract_hourly_cost > 0,
        Attribution.subcontract_amount.is_not(None), Attribution.subcontract_month.is_not(None),
    )  # fmt: skip
    hundredths = (amount * 200 + cost) / (cost * 2)  # integer division: round half up
    return type_coerce(case((applies, hundredths), else_=literal_column("0")), Hundredths())


SUBCONTRACTING = "sous_traitance"
"""The modality whose hours count only when the lot counts sub-contracting (`core.vocab.Modality`)."""


def sum_counted(*, tutoring: bool = True) -> ColumnElement[Any]:
    """SUM of counted hours as a Decimal (0 when there is no entry)."""
    return type_coerce(func.coalesce(func.sum(counted(tutoring=tutoring)), literal_column("0")), Hundredths())


def lot_target() -> ColumnElement[Any]:
    """The lot's objective in force: the forced value when set, else the computed one (Decimal)."""
    return type_coerce(func.coalesce(Lot.forced_hours, Lot.objective_hours), Hundredths())


def entry_month() -> ColumnElement[str]:
    """`+hour_entry.month`: the entry's month, in a form SQLite will not look up through its index.

    SQLite's documented way to disqualify a term from index use. A month holds the entries of every
    marché, so for "this lot (or contract) in this month" the month index makes SQLite read (and, in
    an encrypted store, decrypt) every page of the month; the lot or contract index reads a few rows.
    """
    return UnaryExpression(HourEntry.month.expression, operator=custom_op("+"), type_=String())


def converted_of_lots() -> Any:
    """SELECT of live attributions joined to their lot, to sum `converted_hours()` over (add columns)."""
    return (
        select()
        .select_from(Attribution)
        .join(Lot, Lot.id == Attribution.lot_id)
        .where(Attribution.deleted_at.is_(None), Lot.deleted_at.is_(None))
    )


def lot_realised() -> ColumnElement[Any]:
    """Realised hours of the enclosing query's lot (correlated to Lot): counted hours + converted amounts."""
    declared = (
        select(func.sum(counted()))
        .select_from(HourEntry)
        .join(Contract, Contract.id == HourEntry.contract_id)
        .where(HourEntry.lot_id == Lot.id, HourEntry.deleted_at.is_(None))
        .correlate(Lot)
        .scalar_subquery()
    )
    converted = (
        select(func.sum(converted_hours()))
        .select_from(Attribution)
        .where(Attribution.lot_id == Lot.id, Attribution.deleted_at.is_(None))
        .correlate(Lot)
        .scalar_subquery()
    )
    total = func.coalesce(declared, literal_column("0")) + func.coalesce(converted, literal_column("0"))
    return type_coerce(total, Hundredths())
