"""Lists of the journal screen: recent meetings and open actions sorted by due date."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clausedesk.db.models import Action, Buyer, Lot, Market, Meeting


def meetings(session: Session, limit: int = 500) -> list[tuple[Any, ...]]:
    """(uuid, held_on, kind, title, market ref, lot ref, decisions), most recent first."""
    stmt = (
        select(
            Meeting.uuid, Meeting.held_on, Meeting.kind, Meeting.title, Market.ref, Lot.ref, Meeting.decisions
        )
        .outerjoin(Market, Market.id == Meeting.market_id)
        .outerjoin(Lot, Lot.id == Meeting.lot_id)
        .where(Meeting.deleted_at.is_(None))
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
        .limit(limit)
    )
    return [tuple(r) for r in session.execute(stmt)]


def actions(
    session: Session, *, owner: str = "", include_done: bool = False, limit: int = 1000
) -> list[tuple[str, str, str, date | None, date | None]]:
    """(uuid, title, owner, due_on, done_on): open actions first by due date (no date last)."""
    stmt = select(Action.uuid, Action.title, Action.owner, Action.due_on, Action.done_on).where(
        Action.deleted_at.is_(None)
    )
    if owner:
        stmt = stmt.where(Action.owner.ilike(f"%{owner}%"))
    if not include_done:
        stmt = stmt.where(Action.done_on.is_(None))
    stmt = stmt.order_by(
        Action.done_on.is_not(None), Action.due_on.is_(None), Action.due_on, Action.id
    ).limit(limit)
    return [tuple(r) for r in session.execute(stmt)]  # type: ignore[misc]


def market_choices(session: Session, limit: int = 5000) -> list[tuple[str, str]]:
    stmt = (
        select(Market.uuid, Market.ref, Market.title)
        .where(Market.deleted_at.is_(None))
        .order_by(Market.ref.desc())
        .limit(limit)
    )
    return [(u, f"{r} – {t}") for u, r, t in session.execute(stmt)]


def market_search(session: Session, text: str = "", limit: int = 50) -> list[tuple[str, str, str]]:
    """(uuid, ref, "REF – title (buyer)") of live marchés whose reference, title or buyer holds every
    word of `text`, most recent reference first: a picker's matches, never the whole table."""
    stmt = (
        select(Market.uuid, Market.ref, Market.title, Buyer.name)
        .join(Buyer, Buyer.id == Market.buyer_id)
        .where(Market.deleted_at.is_(None))
    )
    for word in text.split():
        pattern = f"%{word.replace('%', '').replace('_', '')}%"
        stmt = stmt.where(Market.ref.ilike(pattern) | Market.title.ilike(pattern) | Buyer.name.ilike(pattern))
    stmt = stmt.order_by(Market.ref.desc()).limit(limit)
    return [(u, r, f"{r} – {t} ({b})") for u, r, t, b in session.execute(stmt)]
