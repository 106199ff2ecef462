"""Meetings and follow-up actions: captured in seconds, actions with an owner and a due date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from clausedesk.core import validate as v
from clausedesk.core.vocab import MeetingKind
from clausedesk.db.models import Action, Company, Lot, Market, Meeting, Participant
from clausedesk.db.repositories import base as repo


@dataclass
class MeetingData:
    held_on: date | None
    title: str
    kind: str = MeetingKind.CHANTIER.value
    market_uuid: str | None = None
    lot_uuid: str | None = None
    company_uuid: str | None = None
    attendees: str | None = None
    notes: str | None = None
    decisions: str | None = None


def save_meeting(session: Session, data: MeetingData, uuid: str | None = None) -> Meeting:
    meeting = Meeting() if uuid is None else repo.get(session, Meeting, uuid, "La réunion")
    meeting.held_on = v.required_date(data.held_on, "Date de la réunion")
    meeting.title = v.required_text(data.title, "Objet de la réunion", 300)
    meeting.kind = v.choice(data.kind, "Type de réunion", [k.value for k in MeetingKind]) or ""
    meeting.market_id = (
        repo.get(session, Market, data.market_uuid, "Le marché").id if data.market_uuid else None
    )
    meeting.lot_id = repo.get(session, Lot, data.lot_uuid, "Le lot").id if data.lot_uuid else None
    meeting.company_id = (
        repo.get(session, Company, data.company_uuid, "L'entreprise").id if data.company_uuid else None
    )
    meeting.attendees = v.text(data.attendees, "Présents", max_len=2000)
    meeting.notes = v.text(data.notes, "Compte rendu", max_len=20000)
    meeting.decisions = v.text(data.decisions, "Décisions", max_len=5000)
    session.add(meeting)
    session.flush()
    return meeting


@dataclass
class ActionData:
    title: str
    owner: str
    due_on: date | None = None
    done_on: date | None = None
    meeting_uuid: str | None = None
    market_uuid: str | None = None
    lot_uuid: str | None = None
    company_uuid: str | None = None
    participant_uuid: str | None = None
    notes: str | None = None


def save_action(session: Session, data: ActionData, uuid: str | None = None) -> Action:
    action = Action() if uuid is None else repo.get(session, Action, uuid, "L'action")
    action.title = v.required_text(data.title, "Action à mener", 300)
    action.owner = v.required_text(data.owner, "Responsable", 200)
    action.due_on, action.done_on = data.due_on, data.done_on
    action.meeting_id = (
        repo.get(session, Meeting, data.meeting_uuid, "La réunion").id if data.meeting_uuid else None
    )
    action.market_id = (
        repo.get(session, Market, data.market_uuid, "Le marché").id if data.market_uuid else None
    )
    action.lot_id = repo.get(session, Lot, data.lot_uuid, "Le lot").id if data.lot_uuid else None
    action.company_id = (
        repo.get(session, Company, data.company_uuid, "L'entreprise").id if data.company_uuid else None
    )
    action.participant_id = (
        repo.get(session, Participant, data.participant_uuid, "Le participant").id
        if data.participant_uuid
        else None
    )
    action.notes = v.text(data.notes, "Notes", max_len=5000)
    session.add(action)
    session.flush()
    return action


def mark_done(session: Session, uuid: str, on: date | None = None) -> Action:
    action = repo.get(session, Action, uuid, "L'action")
    action.done_on = on or date.today()
    return action
