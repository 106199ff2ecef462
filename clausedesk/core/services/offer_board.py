"""What the board of one job offer shows, read in one unit of work: summary, figures, cards; the
contract form's choices; the next step of an application. Thin read wrappers for the window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from clausedesk.core.services import browsing
from clausedesk.core.services import recruitment as rec
from clausedesk.core.services import recruitment_figures as figs
from clausedesk.core.services.people import ContractData
from clausedesk.core.services.recruitment import OfferSummary
from clausedesk.core.services.recruitment_figures import OfferFigures
from clausedesk.core.services.recruitment_vocab import FORWARD, step_of
from clausedesk.db.models import Participant
from clausedesk.db.repositories import recruitment as rq
from clausedesk.db.repositories import reference


@dataclass(frozen=True)
class Card:
    application_uuid: str
    person_uuid: str
    name: str
    step: str
    step_on: date
    reason: str | None
    signed: bool


@dataclass(frozen=True)
class OfferBoard:
    summary: OfferSummary
    figures: OfferFigures
    cards: list[Card]


def offer_board(session: Session, offer_uuid: str) -> OfferBoard:
    offer = rec.get_offer(session, offer_uuid)
    cards = [
        Card(a.uuid, p.uuid, f"{p.last_name} {p.first_name}", a.step, a.step_on, a.reason,
             bool(a.contract_id))
        for a, p in rq.offer_applications(session, offer.id)
    ]
    return OfferBoard(rec.offer_summary(session, offer_uuid), figs.offer_figures(session, offer_uuid), cards)


def next_step(session: Session, application_uuid: str) -> str | None:
    """The step after the application's current one, or None when it is closed."""
    target = FORWARD.get(step_of(rec.get_application(session, application_uuid).step))
    return target.value if target is not None else None


@dataclass(frozen=True)
class ContractForm:
    who: str
    data: ContractData
    contract_types: list[tuple[str, str]]
    lot_label: str  # "ref – title" of the pre-filled lot ("" when none); other lots are looked up by typing


def contract_form(session: Session, application_uuid: str) -> ContractForm:
    """The contract of a retained candidate, pre-filled, with the contract types and its lot's label."""
    data = rec.contract_prefill(session, application_uuid)
    types = [(c.code, c.label) for c in reference.contract_types(session)]
    lot_label = browsing.choice_label(session, "lot", data.lot_uuid) if data.lot_uuid else ""
    app = rec.get_application(session, application_uuid)
    person = session.get(Participant, app.participant_id)
    who = f"{person.first_name} {person.last_name}" if person else ""
    return ContractForm(who, data, types, lot_label)


@dataclass(frozen=True)
class OfferLine:
    """One offer of the recruitment list, as plain values."""

    uuid: str
    job_label: str
    rome: str
    company_name: str
    status: str
    filled_on: date | None
    cancelled_on: date | None
    posts: int
    applications: int
    opened_on: date


def offer_lines(session: Session, status: str | None = None) -> list[OfferLine]:
    """The offers of the list (all, or of one status), with their number of applications."""
    return [
        OfferLine(r.offer.uuid, r.offer.job_label, r.offer.rome, r.company_name, r.offer.status,
                  r.offer.filled_on, r.offer.cancelled_on, r.offer.posts, r.applications, r.offer.opened_on)
        for r in rq.offer_rows(session, status=status)
    ]  # fmt: skip
