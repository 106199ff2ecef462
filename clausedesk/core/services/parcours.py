"""A person's parcours on one page, and the « fins de contrat »: contracts ending soon beside the open job
offers that match the person, so that the next job can be proposed before the last one ends.

Matching is the recruitment's own (`core.services.suggestions.suggest`: jobs sought, territory, eligibility,
availability): a person is matched to an offer when that offer's suggestions list them. Only candidates
(people with a candidate profile) are matched; the page says so for the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from clausedesk.core.errors import ValidationError
from clausedesk.core.services import recruitment
from clausedesk.core.services.suggestions import suggest
from clausedesk.core.services.trainings import TraineeOutcome
from clausedesk.db.models import Company, JobOffer, Participant
from clausedesk.db.repositories import parcours as repo
from clausedesk.db.repositories import trainings as training_repo
from clausedesk.db.repositories.base import get
from clausedesk.db.repositories.details import person_page

MAX_WEEKS = 52


@dataclass(frozen=True)
class OfferMatch:
    offer_uuid: str
    job_label: str
    company: str
    start: date | None
    score: int
    reasons: list[str]
    warnings: list[str]


@dataclass(frozen=True)
class TrainingStep:
    title: str
    start: date
    end: date
    attended: Decimal
    outcome: str  # French label


@dataclass
class Parcours:
    uuid: str
    name: str
    candidate: bool  # has a candidate profile: only then can offers be matched
    contracts: list[repo.ContractLine]
    hours_by_month: list[tuple[str, Decimal, Decimal]]  # month, worked, training
    trainings: list[TrainingStep]
    situations: list[tuple[date, str, str, str]]  # date, moment, situation, sortie category
    offers: list[OfferMatch] = field(default_factory=list)  # open offers matching the person

    @property
    def buyers(self) -> list[str]:
        return list(dict.fromkeys(c.buyer for c in self.contracts))

    @property
    def companies(self) -> list[str]:
        return list(dict.fromkeys(c.company for c in self.contracts))

    @property
    def total_hours(self) -> Decimal:
        return sum((w for _, w, _ in self.hours_by_month), Decimal(0))


def _matches(session: Session, today: date, among: set[str]) -> dict[str, list[OfferMatch]]:
    """participant uuid (of `among`) → the open offers whose suggestions list them, best score first."""
    out: dict[str, list[OfferMatch]] = {}
    for uuid in repo.open_offer_uuids(session):
        offer: JobOffer = recruitment.get_offer(session, uuid)
        holder = session.get(Company, offer.company_id)
        company = holder.name if holder is not None else ""
        for s in suggest(session, uuid, today, limit=len(among), among=among):
            out.setdefault(s.participant_uuid, []).append(
                OfferMatch(uuid, offer.job_label, company, offer.start_date, s.score, s.reasons, s.warnings)
            )
    for matches in out.values():
        matches.sort(key=lambda m: (-m.score, m.job_label))
    return out


def person_parcours(session: Session, uuid: str, today: date) -> Parcours:
    person = get(session, Participant, uuid, "Le participant")
    page = person_page(session, uuid)
    steps = []
    for r in training_repo.sessions(session):
        for t in r.trainees:
            if t.participant_uuid == uuid:
                outcome = TraineeOutcome.label_of(t.outcome)
                steps.append(TrainingStep(r.title, r.start, r.end, t.attended, outcome))
    return Parcours(
        uuid=uuid, name=f"{person.last_name.upper()} {person.first_name}",
        candidate=person.candidate_since is not None,
        contracts=repo.person_contracts(session, person.id),
        hours_by_month=repo.person_hours_by_month(session, person.id),
        trainings=steps,
        situations=[(d, m, label, cat) for _u, d, m, label, cat in page.situations],
        offers=_matches(session, today, {uuid}).get(uuid, []),
    )  # fmt: skip


@dataclass(frozen=True)
class Ending:
    contract: repo.ContractLine
    candidate: bool
    offers: list[OfferMatch]


def contracts_ending(session: Session, today: date, weeks: int) -> list[Ending]:
    """Contracts ending from today to `weeks` weeks ahead, each with the open offers matching the person."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValidationError("Semaines", f"entre 1 et {MAX_WEEKS} semaines.")
    ending = repo.ending_between(session, today, today + timedelta(weeks=weeks))
    if not ending:
        return []
    matches = _matches(session, today, {c.participant_uuid for c in ending})
    candidates = {p.uuid for p in recruitment_candidates(session)}
    return [Ending(c, c.participant_uuid in candidates, matches.get(c.participant_uuid, [])) for c in ending]


def recruitment_candidates(session: Session) -> list[Participant]:
    from clausedesk.db.repositories import recruitment as rq

    return rq.candidates(session)


def propose(session: Session, offer_uuid: str, participant_uuid: str, today: date) -> str:
    """Propose the person on the offer (the recruitment's first step); returns the application's uuid."""
    return recruitment.propose(session, offer_uuid, participant_uuid, today,
                               proposed_by="Facilitateur (fin de contrat)").uuid  # fmt: skip


def ending_rows(session: Session, today: date, weeks: int) -> list[dict[str, object]]:
    """`contracts_ending` as plain rows for the window (one per contract, its matching offers inside)."""
    return [
        {"contract_uuid": e.contract.uuid, "participant_uuid": e.contract.participant_uuid,
         "person": e.contract.person, "company": e.contract.company, "buyer": e.contract.buyer,
         "lot_ref": e.contract.lot_ref, "job": e.contract.job or "", "end": e.contract.end,
         "candidate": e.candidate, "offers": e.offers}
        for e in contracts_ending(session, today, weeks)
    ]  # fmt: skip
