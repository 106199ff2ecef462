"""Recruitment services: job offers, applications and their steps, retaining a candidate → contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from clausedesk.core import validate as v
from clausedesk.core.errors import ConflictError, NotFoundError, ValidationError
from clausedesk.core.formatting import date_fr, plural
from clausedesk.core.rules.identifiers import check_commune, check_rome
from clausedesk.core.rules.progress import add_months
from clausedesk.core.services.people import ContractData, save_contract
from clausedesk.core.services.recruitment_vocab import (
    CLOSED_STEPS,
    NEXT_STEPS,
    OfferStatus,
    Step,
    status_of,
    step_of,
)
from clausedesk.core.vocab import Modality
from clausedesk.db.models import (
    Application,
    ApplicationStep,
    Company,
    Contract,
    ContractType,
    JobOffer,
    Lot,
    Participant,
)
from clausedesk.db.repositories import base as repo
from clausedesk.db.repositories import recruitment as rq
from clausedesk.db.repositories import reference


def get_offer(session: Session, uuid: str) -> JobOffer:
    """The live offer with this uuid, or NotFoundError (French)."""
    offer = session.scalars(select(JobOffer).where(JobOffer.uuid == uuid)).one_or_none()
    if offer is None or offer.deleted_at is not None:
        raise NotFoundError(f"L'offre d'emploi demandée est introuvable (identifiant {uuid}).")
    return offer


def get_application(session: Session, uuid: str) -> Application:
    app = session.scalars(select(Application).where(Application.uuid == uuid)).one_or_none()
    if app is None or app.deleted_at is not None:
        raise NotFoundError(f"La candidature demandée est introuvable (identifiant {uuid}).")
    return app


@dataclass
class OfferData:
    company_uuid: str
    rome: str
    job_label: str
    posts: int = 1
    lot_uuids: list[str] = field(default_factory=list)
    contract_type_code: str | None = None
    modality: str | None = None
    start_date: date | None = None
    duration_months: int | None = None
    weekly_hours: Decimal | str | None = None
    place: str | None = None
    commune_code: str | None = None
    requirements: str | None = None
    training: str | None = None
    opened_on: date | None = None  # None: today
    notes: str | None = None


def save_offer(session: Session, data: OfferData, uuid: str | None = None) -> JobOffer:
    """Create or update a fiche de poste (status stays as it is; a new one is open)."""
    company = repo.get(session, Company, data.company_uuid, "L'entreprise")
    offer = JobOffer() if uuid is None else get_offer(session, uuid)
    rome = (data.rome or "").strip().upper()
    if not rome:
        raise ValidationError("Métier (code ROME)", "ce champ est obligatoire (exemple : F1703).")
    offer.rome = check_rome(rome)
    offer.job_label = v.required_text(data.job_label, "Intitulé du poste", 200)
    if not isinstance(data.posts, int) or not 1 <= data.posts <= 500:
        raise ValidationError("Nombre de postes", "indiquez un nombre entier entre 1 et 500.")
    offer.posts = data.posts
    lots = [repo.get(session, Lot, u, "Le lot") for u in dict.fromkeys(data.lot_uuids)]
    ctype: ContractType | None = None
    if data.contract_type_code:
        ctype = reference.contract_type_by_code(session, data.contract_type_code)
        if ctype is None:
            raise ValidationError("Type de contrat prévu", "choisissez un type de contrat dans la liste.")
    modality = v.choice(data.modality, "Modalité prévue", [m.value for m in Modality], required=False)
    if data.duration_months is not None and not 0 < data.duration_months <= 120:
        raise ValidationError("Durée (mois)", "indiquez une durée entre 1 et 120 mois.")
    weekly = v.decimal(data.weekly_hours, "Durée hebdomadaire (h)", required=False, maximum=Decimal(48))
    commune = (data.commune_code or "").strip()
    opened_on = data.opened_on or offer.opened_on or date.today()
    if opened_on > date.today():
        raise ValidationError("Date d'ouverture", "ne peut pas être dans le futur.")
    offer.company_id = company.id
    offer.lots = lots
    offer.contract_type_id = ctype.id if ctype else None
    offer.modality = modality
    offer.start_date = data.start_date
    offer.duration_months = data.duration_months
    offer.weekly_hours = weekly
    offer.place = v.text(data.place, "Lieu de travail", max_len=300)
    offer.commune_code = check_commune(commune, "Commune du poste (code INSEE)") if commune else None
    offer.requirements = v.text(data.requirements, "Compétences et conditions requises", max_len=5000)
    offer.training = v.text(data.training, "Formation proposée", max_len=5000)
    offer.notes = v.text(data.notes, "Notes", max_len=5000)
    offer.opened_on = opened_on
    if uuid is None:
        offer.status = OfferStatus.OUVERTE.value
    session.add(offer)
    session.flush()
    return offer


# the status changes a facilitator may record, from → allowed targets
_STATUS_MOVES: dict[OfferStatus, tuple[OfferStatus, ...]] = {
    OfferStatus.OUVERTE: (OfferStatus.POURVUE, OfferStatus.ANNULEE),
    OfferStatus.POURVUE: (OfferStatus.OUVERTE,),
    OfferStatus.ANNULEE: (OfferStatus.OUVERTE,),
}


def set_offer_status(
    session: Session, uuid: str, status: str, on: date | None = None, *, reason: str | None = None
) -> JobOffer:
    """Cancel, reopen or mark filled an offer, dated (today by default); the change is noted on the offer.

    Only an open offer may be cancelled or filled, only a cancelled or filled one reopened; the date may
    not be in the future nor precede the opening (nor, to reopen, the cancellation or filling).
    """
    offer = get_offer(session, uuid)
    new = status_of(v.choice(status, "Statut de l'offre", [s.value for s in OfferStatus]) or "")
    current = status_of(offer.status)
    if new not in _STATUS_MOVES[current]:
        if new is current:
            raise ConflictError(f"L'offre « {offer.job_label} » est déjà {current.label.lower()}.")
        raise ConflictError(
            f"L'offre « {offer.job_label} » est {current.label.lower()} : elle ne peut pas passer "
            f"directement à « {new.label.lower()} »."
            + (" Rouvrez-la d'abord." if current is not OfferStatus.OUVERTE else "")
        )
    day = on or date.today()
    if day > date.today():
        raise ValidationError("Date", "ne peut pas être dans le futur.")
    if day < offer.opened_on:
        raise ValidationError(
            "Date", f"ne peut pas précéder l'ouverture de l'offre ({date_fr(offer.opened_on)})."
        )
    closed_on = offer.cancelled_on or offer.filled_on
    if new is OfferStatus.OUVERTE and closed_on is not None and day < closed_on:
        raise ValidationError(
            "Date",
            f"ne peut pas précéder le jour où l'offre est devenue {current.label.lower()} "
            f"({date_fr(closed_on)}).",
        )
    why = v.text(reason, "Motif", max_len=1000)
    if new is OfferStatus.ANNULEE and not why:
        raise ValidationError("Motif de l'annulation", "indiquez pourquoi l'offre est annulée.")
    what = "Rouverte" if new is OfferStatus.OUVERTE else new.label
    line = f"{what} le {date_fr(day)}" + (f" : {why}" if why else "") + "."
    offer.notes = v.text(f"{offer.notes}\n{line}" if offer.notes else line, "Notes", max_len=10000)
    offer.status = new.value
    offer.filled_on = day if new is OfferStatus.POURVUE else None
    offer.cancelled_on = day if new is OfferStatus.ANNULEE else None
    session.flush()
    return offer


@dataclass(frozen=True)
class OfferSummary:
    """What the offer page shows and asks before a status change."""

    uuid: str
    job_label: str
    rome: str
    company_name: str
    status: str
    posts: int
    opened_on: date
    filled_on: date | None
    cancelled_on: date | None
    open_applications: int
    notes: str | None


def offer_summary(session: Session, uuid: str) -> OfferSummary:
    offer = get_offer(session, uuid)
    company = session.get(Company, offer.company_id)
    return OfferSummary(
        offer.uuid, offer.job_label, offer.rome, company.name if company else "", offer.status, offer.posts,
        offer.opened_on, offer.filled_on, offer.cancelled_on, rq.open_application_count(session, offer.id),
        offer.notes,
    )  # fmt: skip


@dataclass
class OfferFormChoices:
    """What the new-offer form starts with (from a company's or a lot's page), and its short lists.

    The company and the lot are picked by typing (the form asks `browsing.company_choices` and
    `browsing.lots_for_company` as one types): never a list of every company and every lot.
    """

    contract_types: list[tuple[str, str]]  # code, label
    company_uuid: str | None = None
    company_label: str = ""  # "Name (SIRET)", as the company picker shows it
    lot_uuid: str | None = None
    lot_label: str = ""  # "ref – title", as the lot picker shows it


def offer_form_choices(
    session: Session, *, company_uuid: str | None = None, lot_uuid: str | None = None
) -> OfferFormChoices:
    """The offer form's start, pre-selecting the company and lot (a lot brings its titulaire)."""
    company_label = lot_label = ""
    if lot_uuid is not None:
        lot = repo.get(session, Lot, lot_uuid, "Le lot")
        lot_label = f"{lot.ref} – {lot.title}"
        if company_uuid is None:
            holders = rq.lot_company_uuids(session, lot_uuid)
            company_uuid = holders[0] if holders else None
    if company_uuid is not None:
        company = session.scalars(select(Company).where(Company.uuid == company_uuid)).one_or_none()
        if company is None or company.deleted_at is not None:
            raise NotFoundError(f"L'entreprise demandée est introuvable (identifiant {company_uuid}).")
        company_label = f"{company.name} ({company.siret})"
    types = [(c.code, c.label) for c in reference.contract_types(session)]
    return OfferFormChoices(types, company_uuid, company_label, lot_uuid, lot_label)


def _check_day(day: date | None, after: date, what: str) -> date:
    d = day or date.today()
    if d > date.today():
        raise ValidationError("Date", "ne peut pas être dans le futur.")
    if d < after:
        raise ValidationError("Date", f"ne peut pas précéder {what} ({date_fr(after)}).")
    return d


def propose(
    session: Session,
    offer_uuid: str,
    participant_uuid: str,
    on: date | None = None,
    *,
    proposed_by: str | None = None,
    referent: str | None = None,
    notes: str | None = None,
) -> Application:
    """Propose a candidate for an open offer (the first step of the application)."""
    offer = get_offer(session, offer_uuid)
    person = repo.get(session, Participant, participant_uuid, "Le participant")
    if offer.status != OfferStatus.OUVERTE.value:
        raise ConflictError(
            f"L'offre « {offer.job_label} » est {OfferStatus.label_of(offer.status).lower()} : "
            "on ne peut plus y proposer de candidat. Rouvrez-la d'abord si le poste est à nouveau à pourvoir."
        )
    if rq.live_application(session, offer.id, person.id) is not None:
        raise ConflictError(
            f"{person.first_name} {person.last_name} a déjà une candidature sur cette offre : "
            "faites avancer sa candidature existante."
        )
    day = _check_day(on, offer.opened_on, "l'ouverture de l'offre")
    app = Application(
        offer_id=offer.id,
        participant_id=person.id,
        step=Step.PROPOSEE.value,
        step_on=day,
        proposed_on=day,
        proposed_by=v.text(proposed_by, "Proposé par", max_len=200) or person.prescriber,
        proposed_by_referent=v.text(referent, "Référent", max_len=200) or person.prescriber_referent,
        notes=v.text(notes, "Notes", max_len=5000),
    )
    if person.candidate_since is None:
        person.candidate_since = day
    session.add(app)
    session.flush()
    session.add(ApplicationStep(application_id=app.id, step=app.step, on=day))
    session.flush()
    return app


def move(
    session: Session,
    application_uuid: str,
    step: str,
    on: date | None = None,
    *,
    reason: str | None = None,
    avis_motive: bool = False,
    avis_motive_reason: str | None = None,
    confirm_over_posts: bool = False,
    note: str | None = None,
) -> Application:
    """Move an application to its next step, dated; every refusal leaves it exactly as it was."""
    app = get_application(session, application_uuid)
    offer = session.get(JobOffer, app.offer_id)
    person = session.get(Participant, app.participant_id)
    assert offer is not None and person is not None
    current = step_of(app.step)
    target = step_of(v.choice(step, "Étape", [s.value for s in Step]) or "")
    who = f"{person.first_name} {person.last_name}"
    if target not in NEXT_STEPS[current]:
        if current in CLOSED_STEPS:
            raise ConflictError(
                f"La candidature de {who} est close ({current.label.lower()}) : "
                "elle ne peut plus changer d'étape."
            )
        if list(Step).index(target) <= list(Step).index(current):
            raise ConflictError(
                f"La candidature de {who} est à l'étape « {current.label} » : on ne revient pas en arrière "
                f"(« {target.label} »). Ajoutez une note si une étape doit être refaite."
            )
        allowed = ", ".join(f"« {s.label} »" for s in NEXT_STEPS[current])
        raise ConflictError(
            f"« {target.label} » ne suit pas « {current.label} » pour la candidature de {who} : "
            f"étapes possibles : {allowed}."
        )
    day = _check_day(on, app.step_on, f"l'étape précédente « {current.label} »")
    why = v.text(reason, "Motif", max_len=2000)
    if target in (Step.NON_RETENUE, Step.DESISTEMENT) and not why:
        raise ValidationError("Motif", f"indiquez pourquoi la candidature est « {target.label.lower()} ».")
    motive_reason = v.text(avis_motive_reason, "Motif de l'avis motivé", max_len=2000)
    needs_check = target in (Step.ELIGIBILITE, Step.RETENUE) and not app.avis_motive
    if needs_check and rq.valid_validation(session, person.id, day) is None:
        if not avis_motive:
            raise ConflictError(
                f"{who} n'a pas de validation d'éligibilité en cours au {date_fr(day)} : enregistrez "
                "une validation sur sa fiche, ou cochez « avis motivé » en indiquant le motif."
            )
        if not motive_reason:
            raise ValidationError("Motif de l'avis motivé", "obligatoire pour retenir un avis motivé.")
        set_motive = True
    else:
        set_motive = False
    if target is Step.RETENUE:
        if offer.status == OfferStatus.ANNULEE.value:
            raise ConflictError("L'offre est annulée : rouvrez-la avant de retenir un candidat.")
        retained = rq.retained_count(session, offer.id)
        if retained >= offer.posts and not confirm_over_posts:
            raise ConflictError(
                f"L'offre compte déjà {plural(retained, 'personne retenue', 'personnes retenues')} pour "
                f"{plural(offer.posts, 'poste', 'postes')} : "
                "confirmez explicitement pour retenir une personne de plus."
            )
    # every check passed: only now does anything change
    if set_motive:
        app.avis_motive, app.avis_motive_reason = True, motive_reason
    app.step, app.step_on = target.value, day
    if why:
        app.reason = why
    session.add(ApplicationStep(application_id=app.id, step=target.value, on=day,
                                note=v.text(note, "Note", max_len=2000) or why))  # fmt: skip
    if target is Step.RETENUE and offer.status == OfferStatus.OUVERTE.value:
        session.flush()
        if rq.retained_count(session, offer.id) >= offer.posts:
            offer.status, offer.filled_on = OfferStatus.POURVUE.value, day
    session.flush()
    return app


def contract_prefill(session: Session, application_uuid: str) -> ContractData:
    """The contract of a retained application, pre-filled from its offer (the form shows it to confirm)."""
    app = get_application(session, application_uuid)
    offer = session.get(JobOffer, app.offer_id)
    person = session.get(Participant, app.participant_id)
    company = session.get(Company, offer.company_id) if offer else None
    assert offer is not None and person is not None and company is not None
    ctype = session.get(ContractType, offer.contract_type_id) if offer.contract_type_id else None
    start = offer.start_date if offer.start_date and offer.start_date >= app.step_on else app.step_on
    end = add_months(start, offer.duration_months) - timedelta(days=1) if offer.duration_months else None
    return ContractData(
        participant_uuid=person.uuid,
        company_uuid=company.uuid,
        lot_uuid=offer.lots[0].uuid if offer.lots else "",
        modality=offer.modality or Modality.EMBAUCHE_DIRECTE.value,
        contract_type_code=ctype.code if ctype else "",
        start_date=start,
        end_date=end,
        rome=offer.rome,
        job_label=offer.job_label,
        weekly_hours=offer.weekly_hours,
    )


def sign_contract(session: Session, application_uuid: str, data: ContractData) -> Contract:
    """Record the contract of a retained application and keep the two linked."""
    app = get_application(session, application_uuid)
    person = session.get(Participant, app.participant_id)
    assert person is not None
    if app.step != Step.RETENUE.value:
        raise ConflictError(
            "Seule une candidature retenue peut donner lieu à un contrat : retenez-la d'abord."
        )
    if app.contract_id is not None:
        existing = session.get(Contract, app.contract_id)
        if existing is not None and existing.deleted_at is None:
            raise ConflictError("Cette candidature a déjà son contrat : ouvrez-le pour le modifier.")
    if data.participant_uuid != person.uuid:
        raise ValidationError("Participant", "le contrat doit être celui de la personne retenue.")
    if not data.lot_uuid:
        raise ValidationError("Lot", "choisissez le lot sur lequel la personne travaillera.")
    contract = save_contract(session, data, avis_motive=bool(app.avis_motive and app.avis_motive_reason))
    app.contract_id = contract.id
    session.flush()
    return contract
