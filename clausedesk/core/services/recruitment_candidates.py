"""Candidates: the profile kept on the participant, jobs sought, and each candidate's applications."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from clausedesk.core import validate as v
from clausedesk.core.formatting import date_fr
from clausedesk.core.reference import rome
from clausedesk.core.rules.identifiers import check_rome
from clausedesk.core.services.recruitment_vocab import (
    Mobility,
    rome_domain,
    step_of,
)
from clausedesk.db.models import (
    Participant,
)
from clausedesk.db.repositories import base as repo
from clausedesk.db.repositories import recruitment as rq


@dataclass
class CandidateData:
    participant_uuid: str
    candidate_since: date | None = None  # None: today (or kept when already a candidate)
    prescriber: str | None = None
    prescriber_referent: str | None = None
    available_from: date | None = None
    driving_licence: bool = False
    has_vehicle: bool = False
    mobility: str | None = None
    jobs_sought: list[str] = field(default_factory=list)


def save_candidate_profile(session: Session, data: CandidateData) -> Participant:
    """Make a participant a candidate (or update it): prescriber, availability, mobility, jobs sought."""
    person = repo.get(session, Participant, data.participant_uuid, "Le participant")
    romes: list[str] = []
    for raw in data.jobs_sought:
        code = raw.strip().upper()
        if code:
            romes.append(check_rome(code, "Métiers recherchés (codes ROME)"))
    person.candidate_since = data.candidate_since or person.candidate_since or date.today()
    person.prescriber = v.text(data.prescriber, "Prescripteur", max_len=200)
    person.prescriber_referent = v.text(data.prescriber_referent, "Référent du prescripteur", max_len=200)
    person.available_from = data.available_from
    person.driving_licence = data.driving_licence
    person.has_vehicle = data.has_vehicle
    person.mobility = v.choice(data.mobility, "Mobilité", [m.value for m in Mobility], required=False)
    rq.set_jobs_sought(session, person.id, list(dict.fromkeys(romes)))
    session.flush()
    return person


def rome_labels(session: Session, codes: list[str]) -> dict[str, str]:
    """A French label for each ROME code: its ROME 4.0 title; for a code the ROME does not hold (an old
    record), the job named with it on an offer or contract, else its domain."""
    titles = {c: rome.title(c) for c in codes}
    missing = [c for c in codes if not titles[c]]
    known = rq.known_job_labels(session, missing) if missing else {}
    return {c: titles[c] or known.get(c) or rome_domain(c) for c in codes}


@dataclass(frozen=True)
class JobSought:
    rome: str
    label: str


@dataclass
class CandidateProfile:
    """A participant's candidate profile as the editor shows it (no candidate_since: not yet a candidate)."""

    participant_uuid: str
    name: str
    candidate_since: date | None
    prescriber: str | None
    prescriber_referent: str | None
    available_from: date | None
    driving_licence: bool
    has_vehicle: bool
    mobility: str | None
    jobs: list[JobSought]
    busy: str | None = None  # under contract today: why not available (employer, until when)


def busy_reason(c: rq.RunningContract) -> str:
    """Why someone under contract is not available, in French: who employs them, until when."""
    if c.end is None:
        return f"indisponible : en {c.type_label} chez {c.company_name} depuis le {date_fr(c.start)}"
    return f"indisponible : en contrat ({c.type_label}) chez {c.company_name} jusqu'au {date_fr(c.end)}"


def candidate_profile(session: Session, participant_uuid: str, today: date | None = None) -> CandidateProfile:
    person = repo.get(session, Participant, participant_uuid, "Le participant")
    codes = rq.jobs_sought(session, [person.id]).get(person.id, [])
    labels = rome_labels(session, codes)
    running = rq.running_contracts(session, today or date.today(), [person.id]).get(person.id)
    return CandidateProfile(
        person.uuid, f"{person.last_name} {person.first_name}", person.candidate_since, person.prescriber,
        person.prescriber_referent, person.available_from, person.driving_licence, person.has_vehicle,
        person.mobility, [JobSought(c, labels[c]) for c in codes],
        busy_reason(running) if running is not None else None,
    )  # fmt: skip


@dataclass(frozen=True)
class StepEntry:
    step: str
    label: str
    on: date
    note: str | None


@dataclass
class CandidateApplication:
    """One application of a candidate, with its current step and every dated step before it."""

    uuid: str
    offer_uuid: str
    offer_label: str  # "Maçon (F1703)"
    company_name: str
    offer_status: str
    step: str
    step_label: str
    step_on: date
    proposed_on: date
    proposed_by: str | None
    reason: str | None
    has_contract: bool
    steps: list[StepEntry]


def candidate_applications(session: Session, participant_uuid: str) -> list[CandidateApplication]:
    """A candidate's applications, the most recently proposed first, each with its dated steps."""
    person = repo.get(session, Participant, participant_uuid, "Le participant")
    rows = rq.participant_applications(session, person.id)
    history = rq.application_steps(session, [a.id for a, _, _ in rows])
    return [
        CandidateApplication(
            a.uuid, o.uuid, rome.job_with_code(o.job_label, o.rome), company, o.status, a.step,
            step_of(a.step).label,
            a.step_on, a.proposed_on, a.proposed_by, a.reason, a.contract_id is not None,
            [StepEntry(h.step, step_of(h.step).label, h.on, h.note) for h in history.get(a.id, [])],
        )
        for a, o, company in rows
    ]  # fmt: skip


def participant_choices(session: Session, text: str = "", limit: int = 50) -> list[tuple[str, str]]:
    """Live participants matching `text` as (uuid, "NAME First – already a candidate"), to make one a
    candidate; the first `limit` by name (a picker asks again as one types: never every participant)."""
    from clausedesk.db.repositories import browse

    already = " – déjà dans le vivier des candidats"
    return [
        (uuid, f"{last} {first}{already if candidate else ''}")
        for uuid, last, first, candidate in browse.participant_choices(session, text, limit)
    ]


@dataclass(frozen=True)
class CandidateRow:
    participant_uuid: str
    name: str
    prescriber: str | None
    jobs: str  # "F1703, F1702"
    open_applications: int


def candidate_rows(session: Session) -> list[CandidateRow]:
    """The candidates for the candidates list, by name."""
    people = rq.candidates(session)
    jobs = rq.jobs_sought(session, [p.id for p in people])
    busy = rq.open_applications_by_participant(session)
    return [
        CandidateRow(p.uuid, f"{p.last_name} {p.first_name}", p.prescriber, ", ".join(jobs.get(p.id, [])),
                     busy.get(p.id, 0))
        for p in people
    ]  # fmt: skip
