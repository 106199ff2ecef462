"""Queries for people's rights: all linked to a person, last contacts, erasing identifying fields."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from clausedesk.db.models import (
    AccessLog,
    Action,
    Application,
    ApplicationStep,
    CandidateJob,
    Company,
    Contract,
    ContractType,
    EligibilityValidation,
    HourEntry,
    JobOffer,
    Lot,
    Meeting,
    OutcomeType,
    Participant,
    PublicCategory,
    Situation,
    validation_category,
)

ERASED_NAME = "[effacé]"
#: session.info key: the uuids erased in this transaction (the store journals them before committing)
ERASED_KEY = "clausedesk_erased_uuids"


def participant(session: Session, uuid: str) -> Participant | None:
    return session.scalars(select(Participant).where(Participant.uuid == uuid)).first()


def is_erased(person: Participant) -> bool:
    return person.last_name == ERASED_NAME


def not_erased_among(session: Session, uuids: list[str]) -> list[Participant]:
    """The people of `uuids` that the store shows un-erased (e.g. brought back by a restored copy)."""
    return list(
        session.scalars(
            select(Participant).where(Participant.uuid.in_(uuids), Participant.last_name != ERASED_NAME)
        )
    )


def erased_uuids(session: Session) -> list[str]:
    return list(session.scalars(select(Participant.uuid).where(Participant.last_name == ERASED_NAME)))


def validations(session: Session, person_id: int) -> list[tuple[EligibilityValidation, list[PublicCategory]]]:
    rows = session.scalars(
        select(EligibilityValidation)
        .where(EligibilityValidation.participant_id == person_id)
        .order_by(EligibilityValidation.validated_on)
    ).all()
    return [(v, list(v.categories)) for v in rows]


def contracts(session: Session, person_id: int) -> list[tuple[Contract, str, str, str]]:
    """(contract, company name, lot reference, contract type label)."""
    rows = session.execute(
        select(Contract, Company.name, Lot.ref, ContractType.label)
        .join(Company, Company.id == Contract.company_id)
        .join(Lot, Lot.id == Contract.lot_id)
        .join(ContractType, ContractType.id == Contract.contract_type_id)
        .where(Contract.participant_id == person_id)
        .order_by(Contract.start_date)
    ).all()
    return [(c, name, ref, label) for c, name, ref, label in rows]


def hour_entries(session: Session, person_id: int) -> list[HourEntry]:
    return list(
        session.scalars(
            select(HourEntry)
            .join(Contract, Contract.id == HourEntry.contract_id)
            .where(Contract.participant_id == person_id, HourEntry.deleted_at.is_(None))
            .order_by(HourEntry.month)
        )
    )


def situations(session: Session, person_id: int) -> list[tuple[Situation, str]]:
    rows = session.execute(
        select(Situation, OutcomeType.label)
        .join(OutcomeType, OutcomeType.id == Situation.outcome_id)
        .where(Situation.participant_id == person_id)
        .order_by(Situation.observed_on)
    ).all()
    return [(s, label) for s, label in rows]


def applications(session: Session, person_id: int) -> list[tuple[Application, str, list[ApplicationStep]]]:
    rows = session.execute(
        select(Application, JobOffer.job_label)
        .join(JobOffer, JobOffer.id == Application.offer_id)
        .where(Application.participant_id == person_id)
        .order_by(Application.proposed_on)
    ).all()
    return [(a, label, list(a.steps)) for a, label in rows]


def jobs_sought(session: Session, person_id: int) -> list[str]:
    return list(session.scalars(select(CandidateJob.rome).where(CandidateJob.participant_id == person_id)))


def actions(session: Session, person_id: int) -> list[Action]:
    return list(session.scalars(select(Action).where(Action.participant_id == person_id)))


def access_entries(session: Session, uuid: str) -> list[AccessLog]:
    return list(
        session.scalars(select(AccessLog).where(AccessLog.subject_uuid == uuid).order_by(AccessLog.at))
    )


def log_access(session: Session, uuid: str, action: str, actor: str, channel: str) -> None:
    session.add(AccessLog(subject_uuid=uuid, action=action, actor=actor[:120], channel=channel))


def prune_access_log(session: Session, before: datetime) -> int:
    result = session.execute(delete(AccessLog).where(AccessLog.at < before))
    return int(getattr(result, "rowcount", 0) or 0)


def _scrub(text: str | None, patterns: list[re.Pattern[str]]) -> str | None:
    if not text:
        return text
    for pattern in patterns:
        text = pattern.sub("[personne effacée]", text)
    return text


def erase(session: Session, person: Participant, now: datetime) -> None:
    """Blank what identifies `person`, tombstone the record and its personal satellites.

    Contracts and hour entries stay (anonymous hour totals); free texts that name the person in
    meetings and actions are scrubbed.
    """
    names = [
        f"{person.first_name} {person.last_name}",
        f"{person.last_name} {person.first_name}",
        person.last_name,
    ]
    patterns = [re.compile(re.escape(n.strip()), re.IGNORECASE) for n in names if len(n.strip()) >= 3]
    for v, _cats in validations(session, person.id):
        v.prescriber = v.validator = v.avis_motive_reason = None
        v.proof_date = None
        v.deleted_at = v.deleted_at or now
    session.execute(
        delete(validation_category).where(
            validation_category.c.validation_id.in_(
                select(EligibilityValidation.id).where(EligibilityValidation.participant_id == person.id)
            )
        )
    )
    for s, _label in situations(session, person.id):
        s.comment = None
    for c, *_rest in contracts(session, person.id):
        c.notes = None
    for a, _label, steps in applications(session, person.id):
        a.proposed_by_referent = a.reason = a.avis_motive_reason = a.notes = None
        a.deleted_at = a.deleted_at or now
        for step in steps:
            step.note = None
            step.deleted_at = step.deleted_at or now
    session.execute(delete(CandidateJob).where(CandidateJob.participant_id == person.id))
    for action in actions(session, person.id):
        action.title = _scrub(action.title, patterns) or ""
        action.notes = None
        action.participant_id = None
    if patterns:
        needle = person.last_name
        for m in session.scalars(
            select(Meeting).where(
                or_(
                    Meeting.notes.contains(needle),
                    Meeting.attendees.contains(needle),
                    Meeting.decisions.contains(needle),
                )
            )
        ):
            m.notes, m.attendees, m.decisions = (
                _scrub(m.notes, patterns),
                _scrub(m.attendees, patterns),
                _scrub(m.decisions, patterns),
            )
    for field in (
        "birth_date",
        "phone",
        "email",
        "address",
        "referent",
        "notes",
        "commune_code",
        "prescriber",
        "prescriber_referent",
        "available_from",
        "candidate_since",
        "mobility",
    ):
        setattr(person, field, None)
    person.last_name = ERASED_NAME
    person.first_name = ""
    person.deleted_at = now
    session.info.setdefault(ERASED_KEY, set()).add(person.uuid)  # journalled before the commit


def last_contacts(session: Session) -> dict[int, date | None]:
    """For each live, not erased participant: the date of the last sign of contact."""
    people: dict[int, Any] = dict(
        session.execute(
            select(Participant.id, func.date(Participant.created_at)).where(
                Participant.deleted_at.is_(None), Participant.last_name != ERASED_NAME
            )
        ).all()
    )
    latest: dict[int, date | None] = {pid: _as_date(d) for pid, d in people.items()}

    def bump(rows: Any) -> None:
        for pid, d in rows:
            d = _as_date(d)
            if pid in latest and d is not None and (latest[pid] is None or d > latest[pid]):  # type: ignore[operator]
                latest[pid] = d

    bump(
        session.execute(
            select(Contract.participant_id, func.max(func.coalesce(Contract.end_date, Contract.start_date)))
            .where(Contract.deleted_at.is_(None))
            .group_by(Contract.participant_id)
        )
    )
    bump(
        session.execute(
            select(Contract.participant_id, func.max(HourEntry.month + "-28"))
            .join(HourEntry, HourEntry.contract_id == Contract.id)
            .where(HourEntry.deleted_at.is_(None))
            .group_by(Contract.participant_id)
        )
    )
    bump(
        session.execute(
            select(Situation.participant_id, func.max(Situation.observed_on))
            .where(Situation.deleted_at.is_(None))
            .group_by(Situation.participant_id)
        )
    )
    bump(
        session.execute(
            select(EligibilityValidation.participant_id, func.max(EligibilityValidation.validated_on))
            .where(EligibilityValidation.deleted_at.is_(None))
            .group_by(EligibilityValidation.participant_id)
        )
    )
    bump(
        session.execute(
            select(Application.participant_id, func.max(Application.step_on))
            .where(Application.deleted_at.is_(None))
            .group_by(Application.participant_id)
        )
    )
    bump(
        session.execute(
            select(Action.participant_id, func.max(func.coalesce(Action.done_on, Action.due_on)))
            .where(Action.deleted_at.is_(None), Action.participant_id.is_not(None))
            .group_by(Action.participant_id)
        )
    )
    return latest


def running_contract_people(session: Session, today: date) -> set[int]:
    return set(
        session.scalars(
            select(Contract.participant_id).where(
                Contract.deleted_at.is_(None), or_(Contract.end_date.is_(None), Contract.end_date >= today)
            )
        )
    )


def people_by_id(session: Session, ids: list[int]) -> list[Participant]:
    if not ids:
        return []
    return list(
        session.scalars(select(Participant).where(Participant.id.in_(ids)).order_by(Participant.last_name))
    )


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
