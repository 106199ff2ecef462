"""SQL expressions shared by the reports: hours that count for a lot, a lot's objective in force."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, String, UnaryExpression, and_, case, func, literal_column, type_coerce
from sqlalchemy.sql.operators import custom_op

from clausedesk.db.models import Contract, HourEntry, Lot
from clausedesk.db.types import Hundredths


def counted() -> ColumnElement[Any]:
    """Hours of an entry that count for its lot, as a Decimal (needs HourEntry joined to Lot and Contract).

    The lot's counting options apply: worked hours count, training hours only when the lot allows them
    (`count_training`), and hours of a sub-contracting modality only when the lot counts sub-contracting
    (`count_subcontracting`). SUM() over it keeps the Hundredths type: aggregates are exact Decimals.
    """
    raw = HourEntry.hours_worked + case(
        (Lot.count_training.is_(True), HourEntry.hours_training), else_=literal_column("0")
    )
    subcontracted = and_(Contract.modality == SUBCONTRACTING, Lot.count_subcontracting.is_(False))
    return type_coerce(case((subcontracted, literal_column("0")), else_=raw), Hundredths())


SUBCONTRACTING = "sous_traitance"
"""The modality whose hours count only when the lot counts sub-contracting (`core.vocab.Modality`)."""


def sum_counted() -> ColumnElement[Any]:
    """SUM of counted hours as a Decimal (0 when there is no entry)."""
    return type_coerce(func.coalesce(func.sum(counted()), literal_column("0")), Hundredths())


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
