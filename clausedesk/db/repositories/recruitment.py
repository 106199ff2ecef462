"""All SQL of recruitment: offers and their counts, applications, candidates, jobs sought, eligibility."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from clausedesk.db.models import (
    Application,
    ApplicationStep,
    Attribution,
    CandidateJob,
    Company,
    Contract,
    ContractType,
    EligibilityValidation,
    JobOffer,
    Lot,
    Participant,
    PublicCategory,
    validation_category,
)

RETAINED = "retenue"
CLOSED = ("retenue", "non_retenue", "desistement")


@dataclass(frozen=True)
class OfferRow:
    offer: JobOffer
    company_name: str
    company_siret: str
    applications: int
    retained: int


def _offer_rows(stmt: Select[Any], session: Session) -> list[OfferRow]:
    return [
        OfferRow(o, name, siret, int(n or 0), int(r or 0)) for o, name, siret, n, r in session.execute(stmt)
    ]


def offer_rows(
    session: Session, *, status: str | None = None, company_id: int | None = None
) -> list[OfferRow]:
    """Live offers with their company and the number of live applications and retained ones."""
    counts = (
        select(
            Application.offer_id.label("offer_id"),
            func.count().label("n"),
            func.sum(case((Application.step == RETAINED, 1), else_=0)).label("r"),
        )
        .where(Application.deleted_at.is_(None))
        .group_by(Application.offer_id)
        .subquery()
    )
    stmt: Select[Any] = (
        select(JobOffer, Company.name, Company.siret, counts.c.n, counts.c.r)
        .join(Company, Company.id == JobOffer.company_id)
        .outerjoin(counts, counts.c.offer_id == JobOffer.id)
        .where(JobOffer.deleted_at.is_(None))
        .order_by(JobOffer.opened_on.desc(), JobOffer.id.desc())
    )
    if status is not None:
        stmt = stmt.where(JobOffer.status == status)
    if company_id is not None:
        stmt = stmt.where(JobOffer.company_id == company_id)
    return _offer_rows(stmt, session)


def offer_applications(session: Session, offer_id: int) -> list[tuple[Application, Participant]]:
    stmt = (
        select(Application, Participant)
        .join(Participant, Participant.id == Application.participant_id)
        .where(Application.offer_id == offer_id, Application.deleted_at.is_(None))
        .order_by(Application.step_on, Participant.last_name, Participant.first_name)
    )
    return [(a, p) for a, p in session.execute(stmt)]


def participant_applications(
    session: Session, participant_id: int
) -> list[tuple[Application, JobOffer, str]]:
    stmt = (
        select(Application, JobOffer, Company.name)
        .join(JobOffer, JobOffer.id == Application.offer_id)
        .join(Company, Company.id == JobOffer.company_id)
        .where(Application.participant_id == participant_id, Application.deleted_at.is_(None))
        .order_by(Application.proposed_on.desc(), Application.id.desc())
    )
    return [(a, o, name) for a, o, name in session.execute(stmt)]


def application_steps(session: Session, application_ids: Iterable[int]) -> dict[int, list[ApplicationStep]]:
    """The dated steps of each application, oldest first."""
    ids = list(application_ids)
    out: dict[int, list[ApplicationStep]] = defaultdict(list)
    if ids:
        stmt = (
            select(ApplicationStep)
            .where(ApplicationStep.application_id.in_(ids), ApplicationStep.deleted_at.is_(None))
            .order_by(ApplicationStep.on, ApplicationStep.id)
        )
        for st in session.scalars(stmt):
            out[st.application_id].append(st)
    return dict(out)


def open_application_count(session: Session, offer_id: int) -> int:
    stmt = select(func.count()).where(
        Application.offer_id == offer_id, Application.deleted_at.is_(None), Application.step.not_in(CLOSED)
    )
    return int(session.scalar(stmt) or 0)


def known_job_labels(session: Session, romes: Iterable[str]) -> dict[str, str]:
    """For each ROME code, the job label last written with it on an offer or a contract."""
    codes = sorted(set(romes))
    out: dict[str, str] = {}
    if not codes:
        return out
    contracts = (
        select(Contract.rome, Contract.job_label)
        .where(Contract.rome.in_(codes), Contract.job_label.is_not(None), Contract.deleted_at.is_(None))
        .order_by(Contract.start_date, Contract.id)
    )
    offers = (
        select(JobOffer.rome, JobOffer.job_label)
        .where(JobOffer.rome.in_(codes), JobOffer.deleted_at.is_(None))
        .order_by(JobOffer.opened_on, JobOffer.id)
    )
    for stmt in (contracts, offers):  # offers last: their label wins
        for rome, label in session.execute(stmt):
            if rome and label:
                out[rome] = label
    return out


def lot_company_uuids(session: Session, lot_uuid: str) -> list[str]:
    """The companies holding a lot (titulaire first), by uuid."""
    stmt = (
        select(Company.uuid)
        .join(Attribution, Attribution.company_id == Company.id)
        .join(Lot, Lot.id == Attribution.lot_id)
        .where(Lot.uuid == lot_uuid, Attribution.deleted_at.is_(None), Company.deleted_at.is_(None))
        .order_by(case((Attribution.role == "titulaire", 0), else_=1), Company.name)
    )
    return list(session.scalars(stmt))


def company_lot_uuids(session: Session, company_uuid: str) -> list[str]:
    """The lots a company holds, by uuid."""
    stmt = (
        select(Lot.uuid)
        .join(Attribution, Attribution.lot_id == Lot.id)
        .join(Company, Company.id == Attribution.company_id)
        .where(Company.uuid == company_uuid, Attribution.deleted_at.is_(None), Lot.deleted_at.is_(None))
        .order_by(Lot.ref)
    )
    return list(session.scalars(stmt))


def live_application(session: Session, offer_id: int, participant_id: int) -> Application | None:
    stmt = select(Application).where(
        Application.offer_id == offer_id,
        Application.participant_id == participant_id,
        Application.deleted_at.is_(None),
    )
    return session.scalars(stmt).first()


def retained_count(session: Session, offer_id: int) -> int:
    stmt = select(func.count()).where(
        Application.offer_id == offer_id, Application.step == RETAINED, Application.deleted_at.is_(None)
    )
    return int(session.scalar(stmt) or 0)


def _valid_on(on: date) -> Any:
    return and_(
        EligibilityValidation.deleted_at.is_(None),
        EligibilityValidation.validated_on <= on,
        or_(EligibilityValidation.expires_on.is_(None), EligibilityValidation.expires_on >= on),
    )


def valid_validation(session: Session, participant_id: int, on: date) -> EligibilityValidation | None:
    """The most recent eligibility validation of the person in force on `on`, if any."""
    stmt = (
        select(EligibilityValidation)
        .where(EligibilityValidation.participant_id == participant_id, _valid_on(on))
        .order_by(EligibilityValidation.validated_on.desc())
    )
    return session.scalars(stmt).first()


def valid_validations(
    session: Session, participant_ids: Iterable[int], on: date
) -> dict[int, EligibilityValidation]:
    ids = list(participant_ids)
    out: dict[int, EligibilityValidation] = {}
    if not ids:
        return out
    stmt = (
        select(EligibilityValidation)
        .where(EligibilityValidation.participant_id.in_(ids), _valid_on(on))
        .order_by(EligibilityValidation.validated_on)
    )
    for val in session.scalars(stmt):
        out[val.participant_id] = val  # the latest wins
    return out


def jobs_sought(session: Session, participant_ids: Iterable[int]) -> dict[int, list[str]]:
    ids = list(participant_ids)
    out: dict[int, list[str]] = defaultdict(list)
    if ids:
        stmt = select(CandidateJob).where(CandidateJob.participant_id.in_(ids)).order_by(CandidateJob.rome)
        for job in session.scalars(stmt):
            out[job.participant_id].append(job.rome)
    return dict(out)


def set_jobs_sought(session: Session, participant_id: int, romes: list[str]) -> None:
    session.execute(delete(CandidateJob).where(CandidateJob.participant_id == participant_id))
    if romes:
        session.execute(insert(CandidateJob), [{"participant_id": participant_id, "rome": r} for r in romes])


def candidates(session: Session, among: Collection[str] | None = None) -> list[Participant]:
    """Live participants who are candidates (a candidate_since date), of `among` (uuids) if given."""
    stmt = (
        select(Participant)
        .where(Participant.deleted_at.is_(None), Participant.candidate_since.is_not(None))
        .order_by(Participant.last_name, Participant.first_name)
    )
    if among is not None:
        stmt = stmt.where(Participant.uuid.in_(list(among)))
    return list(session.scalars(stmt))


def participants_with_open_application(session: Session) -> set[int]:
    stmt = select(Application.participant_id).where(
        Application.deleted_at.is_(None), Application.step.not_in(CLOSED)
    )
    return set(session.scalars(stmt))


def open_applications_by_participant(session: Session) -> dict[int, int]:
    stmt = (
        select(Application.participant_id, func.count())
        .where(Application.deleted_at.is_(None), Application.step.not_in(CLOSED))
        .group_by(Application.participant_id)
    )
    return {pid: int(n) for pid, n in session.execute(stmt)}


def participants_in_contract(session: Session, on: date) -> set[int]:
    stmt = select(Contract.participant_id).where(
        Contract.deleted_at.is_(None),
        Contract.start_date <= on,
        or_(Contract.end_date.is_(None), Contract.end_date >= on),
    )
    return set(session.scalars(stmt))


@dataclass(frozen=True)
class RunningContract:
    company_name: str
    type_label: str
    start: date
    end: date | None  # None: open-ended (CDI)


def running_contracts(
    session: Session, on: date, ids: Iterable[int] | None = None
) -> dict[int, RunningContract]:
    """Each participant's contract running on `on` (the one ending last; open-ended first)."""
    stmt = (
        select(Contract.participant_id, Company.name, ContractType.label, Contract.start_date,
               Contract.end_date)
        .join(Company, Company.id == Contract.company_id)
        .join(ContractType, ContractType.id == Contract.contract_type_id)
        .where(
            Contract.deleted_at.is_(None), Contract.start_date <= on,
            or_(Contract.end_date.is_(None), Contract.end_date >= on),
        )
    )  # fmt: skip
    if ids is not None:
        stmt = stmt.where(Contract.participant_id.in_(list(ids)))
    out: dict[int, RunningContract] = {}
    for pid, company, label, start, end in session.execute(stmt):
        known = out.get(pid)
        if known is None or known.end is not None and (end is None or end > known.end):
            out[pid] = RunningContract(company, label, start, end)
    return out


def last_application_dates(session: Session) -> dict[int, date]:
    stmt = (
        select(Application.participant_id, func.max(Application.step_on))
        .where(Application.deleted_at.is_(None))
        .group_by(Application.participant_id)
    )
    return {pid: d for pid, d in session.execute(stmt)}


def applications_with_context(
    session: Session, since: date | None = None, until: date | None = None
) -> list[tuple[Application, JobOffer]]:
    """Live applications proposed in the period, with their offer (for the figures)."""
    stmt = (
        select(Application, JobOffer)
        .join(JobOffer, JobOffer.id == Application.offer_id)
        .where(Application.deleted_at.is_(None), JobOffer.deleted_at.is_(None))
    )
    if since is not None:
        stmt = stmt.where(Application.proposed_on >= since)
    if until is not None:
        stmt = stmt.where(Application.proposed_on <= until)
    return [(a, o) for a, o in session.execute(stmt)]


def categories_on(
    session: Session, participant_ids: Iterable[int], on: date
) -> dict[int, list[PublicCategory]]:
    """The public categories of each person's validation in force on `on`."""
    vals = valid_validations(session, participant_ids, on)
    if not vals:
        return {}
    by_val = {v.id: pid for pid, v in vals.items()}
    stmt = (
        select(validation_category.c.validation_id, PublicCategory)
        .join(PublicCategory, PublicCategory.id == validation_category.c.category_id)
        .where(validation_category.c.validation_id.in_(list(by_val)))
    )
    out: dict[int, list[PublicCategory]] = defaultdict(list)
    for vid, cat in session.execute(stmt):
        out[by_val[vid]].append(cat)
    return dict(out)


def offers(session: Session, *, live_only: bool = True) -> list[JobOffer]:
    stmt = select(JobOffer).order_by(JobOffer.opened_on, JobOffer.id)
    if live_only:
        stmt = stmt.where(JobOffer.deleted_at.is_(None))
    return list(session.scalars(stmt))


def list_offers(session: Session) -> list[dict[str, Any]]:
    """Rows of `clausedesk list offers` (plain values, ready for JSON)."""
    return [
        {
            "uuid": r.offer.uuid, "company_siret": r.company_siret, "company": r.company_name,
            "rome": r.offer.rome, "job_label": r.offer.job_label, "posts": r.offer.posts,
            "status": r.offer.status, "opened_on": r.offer.opened_on.isoformat(),
            "filled_on": r.offer.filled_on.isoformat() if r.offer.filled_on else None,
            "applications": r.applications, "retained": r.retained,
        }
        for r in sorted(offer_rows(session), key=lambda r: (r.offer.opened_on, r.offer.id))
    ]  # fmt: skip


def list_applications(session: Session) -> list[dict[str, Any]]:
    """Rows of `clausedesk list applications`."""
    stmt = (
        select(Application, JobOffer.uuid, Participant.uuid)
        .join(JobOffer, JobOffer.id == Application.offer_id)
        .join(Participant, Participant.id == Application.participant_id)
        .where(Application.deleted_at.is_(None), JobOffer.deleted_at.is_(None))
        .order_by(Application.proposed_on, Application.id)
    )
    contracts = {cid: cuuid for cid, cuuid in session.execute(select(Contract.id, Contract.uuid))}
    return [
        {
            "uuid": a.uuid, "offer_uuid": ouid, "participant_uuid": puid, "step": a.step,
            "step_on": a.step_on.isoformat(), "proposed_on": a.proposed_on.isoformat(),
            "proposed_by": a.proposed_by,
            "contract_uuid": contracts.get(a.contract_id) if a.contract_id else None,
        }
        for a, ouid, puid in session.execute(stmt)
    ]  # fmt: skip
