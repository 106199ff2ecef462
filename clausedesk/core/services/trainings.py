"""Pre-hiring training as records: sessions (linked to job offers or lots) and their trainees' outcomes.

A session's trainees' attended hours count for one lot at most (`counted_lot`, one of its lots), and only
when that lot counts training hours: an hour of training never counts twice. Outcomes: en cours, terminée,
embauché (also when a contract followed: `db.repositories.trainings`), abandon.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from clausedesk.core import validate
from clausedesk.core.errors import ValidationError
from clausedesk.core.formatting import hours
from clausedesk.core.services.dashboard_publics import Count
from clausedesk.core.vocab import Labelled
from clausedesk.db.models import Participant, Trainee, TrainingSession
from clausedesk.db.repositories import trainings as repo
from clausedesk.db.repositories.base import get
from clausedesk.db.repositories.lookup import lot_by_ref

MAX_SESSION_HOURS = Decimal(2000)


class TraineeOutcome(Labelled):
    EN_COURS = ("en_cours", "En formation")
    TERMINE = ("termine", "Formation terminée")
    EMBAUCHE = ("embauche", "Embauche")
    ABANDON = ("abandon", "Abandon en cours de formation")


@dataclass(frozen=True)
class SessionInput:
    title: str
    organisation: str
    start: date | None
    end: date | None
    hours: Decimal | str
    funder: str | None = None
    place: str | None = None
    lot_refs: Sequence[str] = ()
    offer_uuids: Sequence[str] = ()
    counted_lot: str | None = None  # one of `lot_refs`, where the trainees' hours count


@dataclass(frozen=True)
class TraineeInput:
    session_uuid: str
    participant_uuid: str
    attended_hours: Decimal | str
    outcome: str = TraineeOutcome.EN_COURS.value


def add_session(session: Session, data: SessionInput) -> str:
    """Record a session; returns its uuid. Refused in French (nothing written) when a value is wrong."""
    title = validate.required_text(data.title, "Intitulé de la formation")
    organisation = validate.required_text(data.organisation, "Organisme de formation", max_len=200)
    funder = validate.text(data.funder, "Financeur", max_len=200)
    place = validate.text(data.place, "Lieu", max_len=200)
    start = validate.required_date(data.start, "Premier jour")
    end = validate.required_date(data.end, "Dernier jour")
    validate.date_order(start, end, "Dernier jour")
    total = validate.required_decimal(data.hours, "Durée (heures)", minimum=Decimal("0.5"),
                                      maximum=MAX_SESSION_HOURS)  # fmt: skip
    refs = list(dict.fromkeys(r.strip() for r in data.lot_refs if r.strip()))
    lots = [lot_by_ref(session, r) for r in refs]
    wanted = list(dict.fromkeys(u.strip() for u in data.offer_uuids if u.strip()))
    offers = repo.offers_by_uuid(session, wanted)
    unknown = [u for u in wanted if u not in offers]
    if unknown:
        raise ValidationError(
            "Offres d'emploi", f"aucune offre d'identifiant « {unknown[0]} » (voir « list offers »)."
        )
    if not lots and not offers:
        raise ValidationError(
            "Lots ou offres",
            "rattachez la formation à au moins un lot ou une offre d'emploi qu'elle prépare.",
        )
    counted = None
    if data.counted_lot:
        match = [lot for lot in lots if lot.ref == data.counted_lot.strip()]
        if not match:
            raise ValidationError(
                "Lot où comptent les heures", f"« {data.counted_lot} » n'est pas un des lots de la formation."
            )
        counted = match[0]
        if not counted.count_training:
            raise ValidationError(
                "Lot où comptent les heures",
                f"le lot « {counted.ref} » ne compte pas les heures de formation : cochez « Les heures de "
                "formation comptent » sur sa fiche si son marché le prévoit, ou laissez les heures hors "
                "du lot.",
            )
    row = TrainingSession(title=title, organisation=organisation, funder=funder, place=place,
                          start_date=start, end_date=end, hours=total,
                          counted_lot_id=counted.id if counted else None)  # fmt: skip
    repo.add_session(session, row, lots, list(offers.values()))
    return row.uuid


def save_trainee(session: Session, data: TraineeInput) -> tuple[str, bool]:
    """Put a person on a session, or update their attendance and outcome; returns (their name, created)."""
    training = repo.session_by_uuid(session, data.session_uuid.strip())
    if not data.participant_uuid.strip():
        raise ValidationError("Personne", "choisissez la personne à inscrire.")
    person = get(session, Participant, data.participant_uuid.strip(), "Le participant")
    attended = validate.required_decimal(data.attended_hours, "Heures suivies", maximum=training.hours)
    if attended > training.hours:
        raise ValidationError("Heures suivies", f"au plus la durée de la session ({hours(training.hours)}).")
    outcome = validate.choice(data.outcome, "Issue", [c for c, _ in TraineeOutcome.choices()])
    row = repo.trainee_of(session, training.id, person.id)
    created = row is None
    if row is None:
        row = Trainee(session_id=training.id, participant_id=person.id)
        session.add(row)
    row.attended_hours, row.outcome = attended, str(outcome)
    session.flush()
    return f"{person.first_name} {person.last_name}".strip(), created


# -- reads (plain values for the window and the reports) --------------------------------------------------


def listing(session: Session) -> list[dict[str, Any]]:
    """Each session with its lots, offers and trainees (the rows of `clausedesk list trainings --json`)."""
    return repo.list_trainings(session)


@dataclass(frozen=True)
class TrainingLine:
    """A session in a document: its counts of people are masked when small (they could identify someone)."""

    title: str
    organisation: str
    funder: str | None
    start: date
    end: date
    hours: Decimal
    trainees: Count
    completed: Count
    hired: Count
    left: Count


def training_lines(session: Session, lot_ids: Sequence[int], on: date, threshold: int) -> list[TrainingLine]:
    """The sessions preparing the lots (directly or through their job offers) begun by `on`."""
    out = []
    for r in repo.sessions(session, lot_ids):
        if r.start > on:
            continue
        outcomes = [t.outcome for t in r.trainees]
        out.append(TrainingLine(
            r.title, r.organisation, r.funder, r.start, r.end, r.hours, Count(len(outcomes), threshold),
            Count(outcomes.count(TraineeOutcome.TERMINE.value), threshold),
            Count(outcomes.count(TraineeOutcome.EMBAUCHE.value), threshold),
            Count(outcomes.count(TraineeOutcome.ABANDON.value), threshold),
        ))  # fmt: skip
    return out


def counted_training(session: Session, lot_ids: Sequence[int], up_to: str) -> dict[int, Decimal]:
    """Trainees' hours counted on each lot (its counted sessions ended by the end of `up_to`)."""
    return repo.training_hours(session, lot_ids, up_to=up_to)


@dataclass(frozen=True)
class FormChoices:
    lots: list[tuple[str, str]]  # ref, « ref – title »
    offers: list[tuple[str, str]]  # uuid, « job – company »
    people: list[tuple[str, str]]  # uuid, « NAME First »


def form_choices(session: Session) -> FormChoices:
    """What the window's training forms offer to pick: lots, job offers, participants."""
    from clausedesk.db.repositories import browse, listing
    from clausedesk.db.repositories import recruitment as offers_repo

    lots = [(label.split(" – ", 1)[0], label) for _, label in browse.lot_choices(session, limit=5000)]
    offers = [(o["uuid"], f"{o['job_label']} – {o['company']}") for o in offers_repo.list_offers(session)]
    people = [(p["uuid"], f"{p['last_name']} {p['first_name']}") for p in listing.participants(session)]
    return FormChoices(lots, offers, people)
