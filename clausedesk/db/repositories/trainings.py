"""Queries of pre-hiring training: sessions (their lots and job offers), trainees, hours counted on a lot.

A trainee counts as hired (« embauché ») when recorded so, or when the person signed a contract starting on
or after the session's first day, through a retained application on one of its job offers or on one of its
lots: the outcome follows the recruitment without a second entry.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from clausedesk.core.errors import NotFoundError
from clausedesk.db.models import (
    Application,
    Contract,
    JobOffer,
    Lot,
    Participant,
    Trainee,
    TrainingSession,
    job_offer_lot,
    training_session_lot,
    training_session_offer,
)

_ZERO = Decimal(0)
HIRED = "embauche"


def session_by_uuid(session: Session, uuid: str) -> TrainingSession:
    found = session.scalars(
        select(TrainingSession).where(TrainingSession.uuid == uuid, TrainingSession.deleted_at.is_(None))
    ).one_or_none()
    if found is None:
        raise NotFoundError(
            f"Aucune session de formation d'identifiant « {uuid} ». Vérifiez-le "
            "(commande « list trainings »)."
        )
    return found


def offers_by_uuid(session: Session, uuids: Sequence[str]) -> dict[str, JobOffer]:
    rows = session.scalars(select(JobOffer).where(JobOffer.uuid.in_(uuids), JobOffer.deleted_at.is_(None)))
    return {o.uuid: o for o in rows}


def add_session(session: Session, row: TrainingSession, lots: Sequence[Lot], offers: Sequence[JobOffer]
                ) -> None:  # fmt: skip
    session.add(row)
    session.flush()
    for lot in lots:
        session.execute(training_session_lot.insert().values(session_id=row.id, lot_id=lot.id))
    for offer in offers:
        session.execute(training_session_offer.insert().values(session_id=row.id, offer_id=offer.id))
    session.flush()


def trainee_of(session: Session, session_id: int, participant_id: int) -> Trainee | None:
    return session.scalars(
        select(Trainee).where(Trainee.session_id == session_id, Trainee.participant_id == participant_id)
    ).one_or_none()


def session_lot_ids(session: Session, session_id: int) -> list[int]:
    return list(session.scalars(
        select(training_session_lot.c.lot_id).where(training_session_lot.c.session_id == session_id)
    ))  # fmt: skip


def training_hours(session: Session, lot_ids: Sequence[int], *, up_to: str | None = None
                   ) -> dict[int, Decimal]:  # fmt: skip
    """Trainees' attended hours counted on each lot: sessions whose counted lot is one of `lot_ids` and counts
    training hours, ended by the end of `up_to` ("AAAA-MM") when given. Lots without any are absent."""
    if not lot_ids:
        return {}
    stmt = (
        select(TrainingSession.counted_lot_id, func.sum(Trainee.attended_hours))
        .join(Trainee, Trainee.session_id == TrainingSession.id)
        .join(Lot, Lot.id == TrainingSession.counted_lot_id)
        .where(TrainingSession.counted_lot_id.in_(lot_ids), Lot.count_training.is_(True),
               TrainingSession.deleted_at.is_(None), Trainee.deleted_at.is_(None))
        .group_by(TrainingSession.counted_lot_id)
    )  # fmt: skip
    if up_to is not None:
        stmt = stmt.where(func.strftime("%Y-%m", TrainingSession.end_date) <= up_to)
    return {lot_id: Decimal(h or 0) for lot_id, h in session.execute(stmt) if lot_id is not None}


class TraineeRow(NamedTuple):
    session_id: int
    participant_uuid: str
    name: str
    attended: Decimal
    outcome: str  # as recorded, or « embauche » when a contract followed (see the module's docstring)


class SessionRow(NamedTuple):
    id: int
    uuid: str
    title: str
    organisation: str
    funder: str | None
    start: date
    end: date
    hours: Decimal
    place: str | None
    counted_lot: str | None
    lot_refs: list[str]
    offers: list[tuple[str, str]]  # uuid, job label
    trainees: list[TraineeRow]


def _hired(session: Session) -> set[tuple[int, int]]:
    """(training session id, participant id) of the trainees hired after the session's start on its offers
    (a retained application with its contract) or its lots (a contract)."""
    through_offer = (
        select(training_session_offer.c.session_id, Application.participant_id)
        .join(Application, Application.offer_id == training_session_offer.c.offer_id)
        .join(Contract, Contract.id == Application.contract_id)
        .join(TrainingSession, TrainingSession.id == training_session_offer.c.session_id)
        .where(Application.deleted_at.is_(None), Contract.deleted_at.is_(None),
               Contract.start_date >= TrainingSession.start_date)
    )  # fmt: skip
    on_lot = (
        select(training_session_lot.c.session_id, Contract.participant_id)
        .join(Contract, Contract.lot_id == training_session_lot.c.lot_id)
        .join(TrainingSession, TrainingSession.id == training_session_lot.c.session_id)
        .where(Contract.deleted_at.is_(None), Contract.start_date >= TrainingSession.start_date)
    )
    return {(s, p) for s, p in session.execute(through_offer.union(on_lot))}


def sessions(session: Session, lot_ids: Sequence[int] | None = None, session_uuid: str | None = None
             ) -> list[SessionRow]:  # fmt: skip
    """Live sessions (linked to one of `lot_ids`, directly or through an offer, when given), by start date,
    with their lots, offers and trainees."""
    stmt = select(TrainingSession).where(TrainingSession.deleted_at.is_(None))
    if session_uuid is not None:
        stmt = stmt.where(TrainingSession.uuid == session_uuid)
    if lot_ids is not None:
        by_offer = select(training_session_offer.c.session_id).join(
            job_offer_lot, job_offer_lot.c.offer_id == training_session_offer.c.offer_id
        ).where(job_offer_lot.c.lot_id.in_(lot_ids))
        by_lot = select(training_session_lot.c.session_id).where(training_session_lot.c.lot_id.in_(lot_ids))
        stmt = stmt.where(or_(TrainingSession.id.in_(by_lot), TrainingSession.id.in_(by_offer)))
    rows = list(session.scalars(stmt.order_by(TrainingSession.start_date, TrainingSession.id)))
    if not rows:
        return []
    ids = [r.id for r in rows]
    lot_refs: dict[int, list[str]] = {}
    for sid, ref in session.execute(
        select(training_session_lot.c.session_id, Lot.ref).join(Lot, Lot.id == training_session_lot.c.lot_id)
        .where(training_session_lot.c.session_id.in_(ids)).order_by(Lot.ref)
    ):  # fmt: skip
        lot_refs.setdefault(sid, []).append(ref)
    offers: dict[int, list[tuple[str, str]]] = {}
    for sid, uuid, label in session.execute(
        select(training_session_offer.c.session_id, JobOffer.uuid, JobOffer.job_label)
        .join(JobOffer, JobOffer.id == training_session_offer.c.offer_id)
        .where(training_session_offer.c.session_id.in_(ids)).order_by(JobOffer.job_label)
    ):  # fmt: skip
        offers.setdefault(sid, []).append((uuid, label))
    hired = _hired(session)
    trainees: dict[int, list[TraineeRow]] = {}
    for t, puid, last, first in session.execute(
        select(Trainee, Participant.uuid, Participant.last_name, Participant.first_name)
        .join(Participant, Participant.id == Trainee.participant_id)
        .where(Trainee.session_id.in_(ids), Trainee.deleted_at.is_(None))
        .order_by(Participant.last_name, Participant.first_name)
    ):  # fmt: skip
        outcome = HIRED if (t.session_id, t.participant_id) in hired else t.outcome
        trainees.setdefault(t.session_id, []).append(
            TraineeRow(t.session_id, puid, f"{last} {first}".strip(), t.attended_hours, outcome)
        )
    counted = {lot.id: lot.ref for lot in session.scalars(
        select(Lot).where(Lot.id.in_([r.counted_lot_id for r in rows if r.counted_lot_id is not None]))
    )}  # fmt: skip
    return [
        SessionRow(r.id, r.uuid, r.title, r.organisation, r.funder, r.start_date, r.end_date, r.hours,
                   r.place, counted.get(r.counted_lot_id or 0), lot_refs.get(r.id, []), offers.get(r.id, []),
                   trainees.get(r.id, []))  # fmt: skip
        for r in rows
    ]


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def list_trainings(session: Session) -> list[dict[str, Any]]:
    """`clausedesk list trainings --json`: each session with its lots, offers, trainees and their outcomes."""
    out = []
    for r in sessions(session):
        outcomes = [t.outcome for t in r.trainees]
        out.append({
            "uuid": r.uuid, "title": r.title, "organisation": r.organisation, "funder": r.funder,
            "start": _iso(r.start), "end": _iso(r.end), "hours": float(r.hours), "place": r.place,
            "lots": r.lot_refs, "offers": [{"uuid": u, "job_label": label} for u, label in r.offers],
            "counted_lot": r.counted_lot, "trainees_count": len(r.trainees),
            "completed": outcomes.count("termine"), "hired": outcomes.count(HIRED),
            "left": outcomes.count("abandon"),
            "trainees": [
                {"participant_uuid": t.participant_uuid, "name": t.name, "attended_hours": float(t.attended),
                 "outcome": t.outcome}
                for t in r.trainees
            ],
        })  # fmt: skip
    return out


def export_records(session: Session, participants: dict[int, str], lots: dict[int, str], until: date
                   ) -> Iterator[dict[str, Any]]:  # fmt: skip
    """Sessions begun by `until` and their trainees as package records: dates, hours, lots, and each trainee's
    participant uuid, hours and outcome (as `sessions` gives it); no title, organisation or name."""
    ids: dict[int, str] = {}
    links: dict[int, list[str]] = {}
    pairs = select(training_session_lot.c.session_id, training_session_lot.c.lot_id)
    for sid, lot_id in session.execute(pairs):
        links.setdefault(sid, []).append(lots[lot_id])
    for row in session.scalars(
        select(TrainingSession).where(TrainingSession.start_date <= until).order_by(TrainingSession.id)
    ):
        ids[row.id] = row.uuid
        data = {"start_date": row.start_date.isoformat(), "end_date": row.end_date.isoformat(),
                "hours": _amount(row.hours), "lots": sorted(links.get(row.id, [])),
                "counted_lot": lots.get(row.counted_lot_id or 0)}  # fmt: skip
        yield {"type": "training_session", "uuid": row.uuid, "rev": row.rev,
               "deleted": row.deleted_at is not None, "data": data}  # fmt: skip
    live = {(r.id, t.participant_uuid): t.outcome for r in sessions(session) for t in r.trainees}
    for t in session.scalars(select(Trainee).where(Trainee.session_id.in_(list(ids))).order_by(Trainee.id)):
        person = participants[t.participant_id]
        data = {"session": ids[t.session_id], "participant": person,
                "attended_hours": _amount(t.attended_hours),
                "outcome": live.get((t.session_id, person), t.outcome)}  # fmt: skip
        yield {"type": "trainee", "uuid": t.uuid, "rev": t.rev, "deleted": t.deleted_at is not None,
               "data": data}  # fmt: skip


def _amount(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))
