"""Queries of the documents as sent: the last version of a document, every archived one, a new entry."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from clausedesk.db.models import SentReport


def last_sent(session: Session, kind: str, subject: str, period: str) -> SentReport | None:
    stmt = (
        select(SentReport)
        .where(SentReport.kind == kind, SentReport.subject == subject, SentReport.period == period)
        .order_by(SentReport.id.desc())
        .limit(1)
    )
    return session.scalars(stmt).first()


def all_sent(session: Session) -> list[SentReport]:
    return list(session.scalars(select(SentReport).order_by(SentReport.id)))


def add_sent(session: Session, report: SentReport) -> None:
    session.add(report)
    session.flush()
