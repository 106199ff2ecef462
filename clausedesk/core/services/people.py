"""Participants (no NIR, ever), eligibility validations, contracts, situations and monthly hour entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from clausedesk.core import validate as v
from clausedesk.core.errors import ConflictError, ValidationError
from clausedesk.core.rules.identifiers import check_commune, check_rome
from clausedesk.core.rules.progress import add_months, check_month, max_hours_in_month, month_bounds
from clausedesk.core.rules.publics import check_age_categories, eligible_on
from clausedesk.core.rules.structures import StructureRuleSpec, check_combination, split_codes
from clausedesk.core.vocab import CompanyKind, HourStatus, Modality, QualificationLevel, Sex, SituationMoment
from clausedesk.db.models import (
    Company,
    Contract,
    ContractType,
    EligibilityValidation,
    HourEntry,
    HourSource,
    Lot,
    OutcomeType,
    Participant,
    PublicCategory,
    Situation,
)
from clausedesk.db.repositories import base as repo
from clausedesk.db.repositories import publics as publics_repo
from clausedesk.db.repositories import reference
from clausedesk.db.repositories.work import hour_entry_for


@dataclass
class ParticipantData:
    last_name: str
    first_name: str
    sex: str | None = None
    birth_date: date | None = None
    commune_code: str | None = None
    qpv: bool = False
    qualification_level: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    referent: str | None = None
    notes: str | None = None


def save_participant(session: Session, data: ParticipantData, uuid: str | None = None) -> Participant:
    person = Participant() if uuid is None else repo.get(session, Participant, uuid, "Le participant")
    person.last_name = v.required_text(data.last_name, "Nom", 120)
    person.first_name = v.required_text(data.first_name, "Prénom", 120)
    person.sex = v.choice(data.sex, "Sexe", [s.value for s in Sex], required=False)
    if data.birth_date is not None and not date(1900, 1, 1) <= data.birth_date <= date.today():
        raise ValidationError("Date de naissance", "date impossible.")
    person.birth_date = data.birth_date
    code = (data.commune_code or "").strip()
    person.commune_code = check_commune(code, "Commune de résidence (code INSEE)") if code else None
    person.qpv = data.qpv
    person.qualification_level = v.choice(
        data.qualification_level,
        "Niveau de qualification",
        [q.value for q in QualificationLevel],
        required=False,
    )
    person.phone = v.text(data.phone, "Téléphone", max_len=40)
    person.email = v.text(data.email, "Courriel", max_len=200)
    person.address = v.text(data.address, "Adresse", max_len=500)
    person.referent = v.text(data.referent, "Référent", max_len=200)
    person.notes = v.text(data.notes, "Notes", max_len=5000)
    session.add(person)
    session.flush()
    return person


@dataclass
class ValidationData:
    participant_uuid: str
    validated_on: date | None
    category_codes: list[str] = field(default_factory=list)
    prescriber: str | None = None
    validator: str | None = None
    proof_date: date | None = None
    avis_motive: bool = False
    avis_motive_reason: str | None = None
    expires_on: date | None = None  # None: computed from the territory's validity setting


def save_validation(session: Session, data: ValidationData, uuid: str | None = None) -> EligibilityValidation:
    person = repo.get(session, Participant, data.participant_uuid, "Le participant")
    val = (
        EligibilityValidation()
        if uuid is None
        else repo.get(session, EligibilityValidation, uuid, "La validation d'éligibilité")
    )
    validated_on = v.required_date(data.validated_on, "Date de validation")
    if validated_on > date.today():
        raise ValidationError("Date de validation", "ne peut pas être dans le futur.")
    if not data.category_codes:
        raise ValidationError("Catégories de public", "cochez au moins une catégorie.")
    categories: list[PublicCategory] = []
    for code in dict.fromkeys(data.category_codes):
        cat = reference.category_by_code(session, code)
        if cat is None or cat.deleted_at is not None:
            raise ValidationError("Catégories de public", f"catégorie « {code} » inconnue.")
        categories.append(cat)
    check_age_categories([c.code for c in categories], person.birth_date, validated_on)
    reason = v.text(data.avis_motive_reason, "Motif de l'avis motivé", max_len=2000)
    validator = v.text(data.validator, "Validé par", max_len=200)
    needs_reason = data.avis_motive or any(c.requires_reason for c in categories)
    if needs_reason and (not reason or not validator):
        raise ValidationError(
            "Avis motivé", "indiquez qui a validé et le motif : ils sont obligatoires pour un avis motivé."
        )
    val.participant_id = person.id
    val.validated_on = validated_on
    months = int(reference.get_setting(session, "eligibility_validity_months"))
    val.expires_on = data.expires_on or add_months(validated_on, months)
    v.date_order(validated_on, val.expires_on, "Date d'expiration")
    val.prescriber = v.text(data.prescriber, "Prescripteur", max_len=200)
    val.validator = validator
    val.proof_date = data.proof_date
    val.avis_motive = needs_reason
    val.avis_motive_reason = reason
    val.categories = categories
    session.add(val)
    session.flush()
    return val


@dataclass
class ContractData:
    participant_uuid: str
    company_uuid: str
    lot_uuid: str
    modality: str
    contract_type_code: str
    start_date: date | None
    end_date: date | None = None
    rome: str | None = None
    job_label: str | None = None
    weekly_hours: Decimal | str | None = None
    notes: str | None = None


def save_contract(
    session: Session, data: ContractData, uuid: str | None = None, *, avis_motive: bool = False
) -> Contract:
    """Create or change a contract. Refused (ValidationError) when the person has no eligibility validation
    in force on its start date, unless it is hired on an avis motivé (`avis_motive`, given by the
    recruitment service for an application retained on one, or already recorded for the contract)."""
    person = repo.get(session, Participant, data.participant_uuid, "Le participant")
    company = repo.get(session, Company, data.company_uuid, "L'entreprise")
    lot = repo.get(session, Lot, data.lot_uuid, "Le lot")
    contract = Contract() if uuid is None else repo.get(session, Contract, uuid, "Le contrat")
    ctype: ContractType | None = reference.contract_type_by_code(session, data.contract_type_code or "")
    if ctype is None:
        raise ValidationError("Type de contrat", "choisissez un type de contrat dans la liste.")
    start = v.required_date(data.start_date, "Date de début du contrat")
    v.date_order(start, data.end_date)
    _check_eligible(session, person, start, contract, avis_motive)
    contract.participant_id, contract.company_id, contract.lot_id = person.id, company.id, lot.id
    contract.modality = v.choice(data.modality, "Modalité", [m.value for m in Modality]) or ""
    _check_structure(session, company, contract.modality, ctype)
    contract.contract_type_id = ctype.id
    contract.start_date, contract.end_date = start, data.end_date
    rome = (data.rome or "").strip()
    contract.rome = check_rome(rome) if rome else None
    contract.job_label = v.text(data.job_label, "Métier", max_len=200)
    contract.weekly_hours = v.decimal(
        data.weekly_hours, "Durée hebdomadaire (h)", required=False, maximum=Decimal(48)
    )
    contract.notes = v.text(data.notes, "Notes", max_len=5000)
    session.add(contract)
    session.flush()
    return contract


def _check_structure(session: Session, company: Company, modality: str, ctype: ContractType) -> None:
    """The employer's kind must be able to carry the modality and the contract type (Paramètres rule)."""
    row = reference.structure_rule(session, company.kind)
    if row is None:
        return
    rule = StructureRuleSpec(
        company.kind, CompanyKind.label_of(company.kind),
        frozenset(split_codes(row.modalities)), frozenset(split_codes(row.contract_types)),
    )  # fmt: skip
    labels = {m.value: m.label for m in Modality}
    labels.update({t.code: t.label for t in reference.contract_types(session, include_inactive=True)})
    check_combination(rule, modality, ctype.code, labels)


def _check_eligible(session: Session, person: Participant, start: date, contract: Contract, avis_motive: bool
                    ) -> None:  # fmt: skip
    """Eligibility is judged at the contract's start: a validation in force that day, or an avis motivé."""
    if avis_motive:
        return
    if contract.id is not None and publics_repo.contract_on_avis_motive(session, contract.id):
        return
    if eligible_on(publics_repo.validation_spans(session, [person.id]).get(person.id, ()), start):
        return
    raise ValidationError(
        "Éligibilité",
        f"{person.first_name} {person.last_name} n'a aucune validation d'éligibilité en vigueur le "
        f"{start.strftime('%d/%m/%Y')}, date de début du contrat : enregistrez d'abord sur sa fiche une "
        "validation couvrant cette date (ou un avis motivé, avec qui l'a validé et le motif), ou corrigez la "
        "date de début.",
    )


@dataclass
class SituationData:
    participant_uuid: str
    observed_on: date | None
    outcome_code: str
    moment: str = SituationMoment.SORTIE.value
    comment: str | None = None


def save_situation(session: Session, data: SituationData, uuid: str | None = None) -> Situation:
    person = repo.get(session, Participant, data.participant_uuid, "Le participant")
    outcome: OutcomeType | None = reference.outcome_by_code(session, data.outcome_code or "")
    if outcome is None:
        raise ValidationError("Situation", "choisissez une situation dans la liste.")
    sit = Situation() if uuid is None else repo.get(session, Situation, uuid, "La situation")
    sit.participant_id = person.id
    sit.observed_on = v.required_date(data.observed_on, "Date de la situation")
    sit.moment = v.choice(data.moment, "Moment", [m.value for m in SituationMoment]) or ""
    sit.outcome_id = outcome.id
    sit.comment = v.text(data.comment, "Commentaire", max_len=2000)
    session.add(sit)
    session.flush()
    return sit


def contract_active_in(contract: Contract, month: str) -> bool:
    first, last = month_bounds(month)
    return contract.start_date <= last and (contract.end_date is None or contract.end_date >= first)


def set_hours(
    session: Session,
    contract_uuid: str,
    month: str,
    hours_worked: Decimal | str,
    hours_training: Decimal | str = Decimal(0),
    *,
    hours_tutoring: Decimal | str | None = None,
    lot_uuid: str | None = None,
    source: HourSource | None = None,
    status: str = HourStatus.DECLARE.value,
) -> HourEntry:
    """Set (create or replace) one participant's hours for a contract, lot and month.

    `hours_tutoring`: hours the employer's staff spent tutoring the person that month (None keeps the
    entry's, 0 for a new one); they are the staff's hours, not the person's, so they do not share the
    month's cap with worked and training hours but have their own (a month's hours).
    """
    contract = repo.get(session, Contract, contract_uuid, "Le contrat")
    month = check_month(month)
    if not contract_active_in(contract, month):
        raise ValidationError("Mois", f"le contrat n'est pas actif en {month}.")
    cap = max_hours_in_month(month)
    worked = v.required_decimal(hours_worked, "Heures travaillées", maximum=cap)
    training = v.required_decimal(hours_training, "Heures de formation", maximum=cap)
    if worked + training > cap:
        raise ValidationError(
            "Heures", f"{worked + training} h dépassent ce qu'un mois peut contenir ({cap} h)."
        )
    tutoring = None if hours_tutoring is None else v.required_decimal(
        hours_tutoring, "Heures de tutorat", maximum=cap
    )
    lot_id = repo.get(session, Lot, lot_uuid, "Le lot").id if lot_uuid else contract.lot_id
    entry = hour_entry_for(session, contract.id, lot_id, month)
    if entry is None:
        entry = HourEntry(contract_id=contract.id, lot_id=lot_id, month=month)
        session.add(entry)
    elif entry.deleted_at is not None:
        repo.restore(entry)
    if (
        entry.status == HourStatus.VALIDE.value
        and status != HourStatus.VALIDE.value
        and (entry.hours_worked != worked or entry.hours_training != training
             or (tutoring is not None and entry.hours_tutoring != tutoring))
    ):
        raise ConflictError("Ce relevé est déjà validé : annulez la validation avant de le modifier.")
    entry.hours_worked, entry.hours_training = worked, training
    if tutoring is not None or entry.hours_tutoring is None:
        entry.hours_tutoring = tutoring or Decimal(0)
    entry.status = v.choice(status, "Statut", [s.value for s in HourStatus]) or ""
    if source is not None:
        entry.source_id = source.id
    session.flush()
    return entry
