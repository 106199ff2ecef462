"""The marchés tree: buyers → operations → marchés → lots, each level read when it is opened."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from clausedesk.db.models import Buyer, Lot, Market, Operation


@dataclass(frozen=True)
class Node:
    kind: str  # buyer | operation | market | lot
    uuid: str
    label: str
    has_children: bool


def buyers(session: Session, text: str = "") -> list[Node]:
    """Live buyers; with `text`, those whose name, or one of whose marchés or lots, matches."""
    n_markets = (
        select(func.count(Market.id))
        .where(Market.buyer_id == Buyer.id, Market.deleted_at.is_(None))
        .scalar_subquery()
    )
    n_ops = (
        select(func.count(Operation.id))
        .where(Operation.buyer_id == Buyer.id, Operation.deleted_at.is_(None))
        .scalar_subquery()
    )
    stmt = select(Buyer.uuid, Buyer.name, n_markets, n_ops).where(Buyer.deleted_at.is_(None))
    for word in text.split():
        pattern = f"%{word}%"
        stmt = stmt.where(
            or_(
                Buyer.name.ilike(pattern),
                exists().where(
                    Market.buyer_id == Buyer.id,
                    Market.deleted_at.is_(None),
                    or_(Market.ref.ilike(pattern), Market.title.ilike(pattern)),
                ),
            )
        )
    rows = session.execute(stmt.order_by(Buyer.name))
    return [
        Node("buyer", u, f"{name} ({m} marché{'s' if m > 1 else ''})", bool(m or o)) for u, name, m, o in rows
    ]


def buyer_children(session: Session, buyer_uuid: str) -> list[Node]:
    """A buyer's operations, then its marchés that belong to no operation."""
    buyer_id = session.scalar(select(Buyer.id).where(Buyer.uuid == buyer_uuid))
    ops = session.execute(
        select(Operation.uuid, Operation.name)
        .where(Operation.buyer_id == buyer_id, Operation.deleted_at.is_(None))
        .order_by(Operation.name)
    )
    out = [Node("operation", u, f"Opération : {n}", True) for u, n in ops]
    out += _markets(session, Market.buyer_id == buyer_id, Market.operation_id.is_(None))
    return out


def operation_children(session: Session, operation_uuid: str) -> list[Node]:
    op_id = session.scalar(select(Operation.id).where(Operation.uuid == operation_uuid))
    return _markets(session, Market.operation_id == op_id)


def _markets(session: Session, *where: object) -> list[Node]:
    n_lots = (
        select(func.count(Lot.id))
        .where(Lot.market_id == Market.id, Lot.deleted_at.is_(None))
        .scalar_subquery()
    )
    rows = session.execute(
        select(Market.uuid, Market.ref, Market.title, n_lots)
        .where(Market.deleted_at.is_(None), *where)  # type: ignore[arg-type]
        .order_by(Market.ref)
    )
    return [Node("market", u, f"{r} – {t}", bool(n)) for u, r, t, n in rows]


def market_children(session: Session, market_uuid: str) -> list[Node]:
    market_id = session.scalar(select(Market.id).where(Market.uuid == market_uuid))
    rows = session.execute(
        select(Lot.uuid, Lot.number, Lot.title)
        .where(Lot.market_id == market_id, Lot.deleted_at.is_(None))
        .order_by(Lot.number, Lot.ref)
    )
    return [Node("lot", u, f"Lot {n} – {t}", False) for u, n, t in rows]


def children(session: Session, kind: str, uuid: str) -> list[Node]:
    if kind == "buyer":
        return buyer_children(session, uuid)
    if kind == "operation":
        return operation_children(session, uuid)
    if kind == "market":
        return market_children(session, uuid)
    return []


def path_of(session: Session, kind: str, uuid: str) -> list[tuple[str, str]]:
    """(kind, uuid) from the buyer down to the object, to open the tree on it."""
    if kind == "lot":
        row = session.execute(
            select(Market.uuid).join(Lot, Lot.market_id == Market.id).where(Lot.uuid == uuid)
        ).first()
        return ([*path_of(session, "market", row[0])] if row else []) + [("lot", uuid)]
    if kind == "market":
        row2 = session.execute(
            select(Buyer.uuid, Operation.uuid)
            .select_from(Market)
            .join(Buyer, Buyer.id == Market.buyer_id)
            .outerjoin(Operation, Operation.id == Market.operation_id)
            .where(Market.uuid == uuid)
        ).first()
        if row2 is None:
            return []
        out = [("buyer", row2[0])]
        if row2[1]:
            out.append(("operation", row2[1]))
        return [*out, ("market", uuid)]
    if kind == "operation":
        b = session.scalar(
            select(Buyer.uuid).join(Operation, Operation.buyer_id == Buyer.id).where(Operation.uuid == uuid)
        )
        return [("buyer", b), ("operation", uuid)] if b else []
    return [(kind, uuid)]
