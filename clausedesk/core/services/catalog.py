"""Buyers, operations, marchés, lots (objective, mechanisms, amendments), companies and attributions."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from clausedesk.core import validate as v
from clausedesk.core.errors import ConflictError, ValidationError
from clausedesk.core.rules.identifiers import check_commune, check_cpv, check_naf, check_siret
from clausedesk.core.rules.objective import hours_objective
from clausedesk.core.rules.progress import check_month, month_of
from clausedesk.core.services.records import apply
from clausedesk.core.vocab import AttributionRole, BuyerKind, CompanyKind, MarketKind, Mechanism
from clausedesk.db.models import Amendment, Attribution, Buyer, Company, Lot, LotMechanism, Market, Operation
from clausedesk.db.repositories import base as repo
from clausedesk.db.repositories import lookup


def _opt(check: object, value: str | None, field_name: str) -> str | None:
    cleaned = (value or "").strip()
    return check(cleaned, field_name) if cleaned else None  # type: ignore[operator]


@dataclass
class BuyerData:
    name: str
    kind: str = BuyerKind.COMMUNE.value
    siret: str | None = None
    address: str | None = None
    commune_code: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    notes: str | None = None

    def cleaned(self) -> BuyerData:
        return BuyerData(
            name=v.required_text(self.name, "Nom du donneur d'ordre", 200),
            kind=v.choice(self.kind, "Type de donneur d'ordre", [k.value for k in BuyerKind]) or "",
            siret=_opt(check_siret, self.siret, "SIRET"),
            address=v.text(self.address, "Adresse", max_len=500),
            commune_code=_opt(check_commune, self.commune_code, "Code commune INSEE"),
            contact_name=v.text(self.contact_name, "Contact", max_len=200),
            contact_email=v.text(self.contact_email, "Courriel", max_len=200),
            contact_phone=v.text(self.contact_phone, "Téléphone", max_len=40),
            notes=v.text(self.notes, "Notes", max_len=5000),
        )


def save_buyer(session: Session, data: BuyerData, uuid: str | None = None) -> Buyer:
    clean = data.cleaned()
    buyer = Buyer() if uuid is None else repo.get(session, Buyer, uuid, "Le donneur d'ordre")
    apply(buyer, clean)
    session.add(buyer)
    session.flush()
    return buyer


@dataclass
class OperationData:
    buyer_uuid: str
    name: str
    commune_code: str | None = None
    anru: bool = False
    description: str | None = None


def save_operation(session: Session, data: OperationData, uuid: str | None = None) -> Operation:
    buyer = repo.get(session, Buyer, data.buyer_uuid, "Le donneur d'ordre")
    op = Operation() if uuid is None else repo.get(session, Operation, uuid, "L'opération")
    op.buyer_id = buyer.id
    op.name = v.required_text(data.name, "Nom de l'opération", 200)
    op.commune_code = _opt(check_commune, data.commune_code, "Code commune INSEE")
    op.anru = data.anru
    op.description = v.text(data.description, "Description", max_len=5000)
    session.add(op)
    session.flush()
    return op


@dataclass
class MarketData:
    ref: str
    title: str
    buyer_uuid: str
    kind: str = MarketKind.TRAVAUX.value
    operation_uuid: str | None = None
    cpv: str | None = None
    notification_date: date | None = None
    start_date: date | None = None
    end_date: date | None = None
    notes: str | None = None


def save_market(session: Session, data: MarketData, uuid: str | None = None) -> Market:
    buyer = repo.get(session, Buyer, data.buyer_uuid, "Le donneur d'ordre")
    market = Market() if uuid is None else repo.get(session, Market, uuid, "Le marché")
    ref = v.required_text(data.ref, "Référence du marché", 60)
    if ref != market.ref and repo.first_by(session, Market, ref=ref) is not None:
        raise ConflictError(
            f"Un marché de référence « {ref} » existe déjà (éventuellement dans la corbeille)."
        )
    market.ref = ref
    market.title = v.required_text(data.title, "Objet du marché", 300)
    market.buyer_id = buyer.id
    market.kind = v.choice(data.kind, "Nature du marché", [k.value for k in MarketKind]) or ""
    market.operation_id = (
        repo.get(session, Operation, data.operation_uuid, "L'opération").id if data.operation_uuid else None
    )
    market.cpv = _opt(check_cpv, data.cpv, "Code CPV")
    v.date_order(data.start_date, data.end_date)
    market.notification_date = data.notification_date
    market.start_date = data.start_date
    market.end_date = data.end_date
    market.notes = v.text(data.notes, "Notes", max_len=5000)
    session.add(market)
    session.flush()
    return market


@dataclass
class LotData:
    market_uuid: str
    ref: str
    number: str
    title: str
    amount_ht: Decimal | str = Decimal(0)
    labour_share_pct: Decimal | str = Decimal(50)
    insertion_rate_pct: Decimal | str = Decimal(5)
    hourly_cost: Decimal | str = Decimal(30)
    forced_hours: Decimal | str | None = None
    start_date: date | None = None
    end_date: date | None = None
    cpv: str | None = None
    trade_code: str | None = None
    mechanisms: list[str] = field(default_factory=lambda: [Mechanism.CONDITION_EXECUTION.value])
    count_training: bool = False
    count_tutoring: bool = False
    count_subcontracting: bool = True
    subcontract_hourly_cost: Decimal | str | None = None
    penalty_per_hour: Decimal | str | None = None
    notes: str | None = None


def save_lot(session: Session, data: LotData, uuid: str | None = None) -> Lot:
    market = repo.get(session, Market, data.market_uuid, "Le marché")
    lot = Lot() if uuid is None else repo.get(session, Lot, uuid, "Le lot")
    ref = v.required_text(data.ref, "Référence du lot", 80)
    if ref != lot.ref and repo.first_by(session, Lot, ref=ref) is not None:
        raise ConflictError(f"Un lot de référence « {ref} » existe déjà (éventuellement dans la corbeille).")
    lot.ref = ref
    lot.market_id = market.id
    lot.number = v.required_text(data.number, "Numéro du lot", 20)
    lot.title = v.required_text(data.title, "Intitulé du lot", 300)
    lot.amount_ht = v.required_decimal(data.amount_ht, "Montant HT")
    hundred = Decimal(100)
    lot.labour_share_pct = v.required_decimal(data.labour_share_pct, "Part main-d'œuvre (%)", maximum=hundred)
    lot.insertion_rate_pct = v.required_decimal(
        data.insertion_rate_pct, "Taux d'insertion (%)", maximum=hundred
    )
    lot.hourly_cost = v.required_decimal(data.hourly_cost, "Coût horaire (€/h)", minimum=Decimal("0.01"))
    lot.forced_hours = v.decimal(data.forced_hours, "Objectif forcé (h)", required=False)
    lot.subcontract_hourly_cost = v.decimal(
        data.subcontract_hourly_cost, "Coût horaire de conversion de la sous-traitance", required=False,
        minimum=Decimal("0.01"),
    )
    if lot.subcontract_hourly_cost is not None and not data.count_subcontracting:
        raise ValidationError(
            "Coût horaire de conversion de la sous-traitance",
            "la conversion d'un montant sous-traité en heures suppose que la sous-traitance compte : cochez "
            "« La sous-traitance compte » ou videz ce coût.",
        )
    lot.penalty_per_hour = v.euros(data.penalty_per_hour, "Pénalité par heure manquante (€)")
    v.date_order(data.start_date, data.end_date)
    lot.start_date, lot.end_date = data.start_date, data.end_date
    lot.cpv = _opt(check_cpv, data.cpv, "Code CPV")
    lot.trade_code = data.trade_code or None
    lot.count_training, lot.count_tutoring = data.count_training, data.count_tutoring
    lot.count_subcontracting = data.count_subcontracting
    lot.notes = v.text(data.notes, "Notes", max_len=5000)
    mechanisms = sorted(set(data.mechanisms))
    if not mechanisms:
        raise ValidationError("Mécanismes de la clause", "choisissez au moins un mécanisme.")
    for m in mechanisms:
        v.choice(m, "Mécanisme de la clause", [k.value for k in Mechanism])
    current = {m.mechanism for m in lot.mechanisms}
    if current != set(mechanisms):
        lot.mechanisms = [LotMechanism(mechanism=m) for m in mechanisms]
    session.add(lot)
    session.flush()
    recompute_objective(session, lot)
    return lot


def current_amount(session: Session, lot: Lot) -> Decimal:
    return lot.amount_ht + lookup.amendments_total(session, lot.id)


def recompute_objective(session: Session, lot: Lot) -> Decimal:
    """Recompute the lot's hours objective from its inputs and its amended amount."""
    objective = hours_objective(
        current_amount(session, lot), lot.labour_share_pct, lot.insertion_rate_pct, lot.hourly_cost
    )
    if lot.objective_hours != objective:
        lot.objective_hours = objective
        session.flush()
    return objective


@dataclass
class AmendmentData:
    lot_uuid: str
    signed_on: date | None
    amount_delta: Decimal | str = Decimal(0)
    new_end_date: date | None = None
    description: str | None = None


def add_amendment(session: Session, data: AmendmentData) -> Amendment:
    lot = repo.get(session, Lot, data.lot_uuid, "Le lot")
    delta = v.required_decimal(data.amount_delta, "Montant de l'avenant", minimum=None)
    if current_amount(session, lot) + delta < 0:
        raise ValidationError("Montant de l'avenant", "le montant du lot deviendrait négatif.")
    if data.new_end_date is not None:
        v.date_order(lot.start_date, data.new_end_date, "Nouvelle date de fin")
    amendment = Amendment(
        lot_id=lot.id,
        number=lookup.next_amendment_number(session, lot.id),
        signed_on=v.required_date(data.signed_on, "Date de l'avenant"),
        amount_delta=delta,
        new_end_date=data.new_end_date,
        description=v.text(data.description, "Objet de l'avenant", max_len=2000),
    )
    session.add(amendment)
    if data.new_end_date is not None:
        lot.end_date = data.new_end_date
    session.flush()
    recompute_objective(session, lot)
    return amendment


@dataclass
class CompanyData:
    siret: str
    name: str
    kind: str = CompanyKind.ENTREPRISE.value
    naf: str | None = None
    address: str | None = None
    commune_code: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    notes: str | None = None

    def cleaned(self) -> CompanyData:
        return replace(
            self,
            siret=check_siret(self.siret or ""),
            name=v.required_text(self.name, "Raison sociale", 200),
            kind=v.choice(self.kind, "Type de structure", [k.value for k in CompanyKind]) or "",
            naf=_opt(check_naf, self.naf, "Code NAF"),
            address=v.text(self.address, "Adresse", max_len=500),
            commune_code=_opt(check_commune, self.commune_code, "Code commune INSEE"),
            contact_name=v.text(self.contact_name, "Contact", max_len=200),
            contact_email=v.text(self.contact_email, "Courriel", max_len=200),
            contact_phone=v.text(self.contact_phone, "Téléphone", max_len=40),
            notes=v.text(self.notes, "Notes", max_len=5000),
        )


def save_company(session: Session, data: CompanyData, uuid: str | None = None) -> Company:
    clean = data.cleaned()
    company = Company() if uuid is None else repo.get(session, Company, uuid, "L'entreprise")
    if clean.siret != company.siret:
        other = repo.first_by(session, Company, siret=clean.siret)
        if other is not None:
            where = " (dans la corbeille : restaurez-la)" if other.deleted_at else ""
            raise ConflictError(f"Une entreprise de SIRET {clean.siret} existe déjà{where} : {other.name}.")
    apply(company, clean)
    session.add(company)
    session.flush()
    return company


@dataclass
class AttributionData:
    lot_uuid: str
    company_uuid: str
    role: str = AttributionRole.TITULAIRE.value
    share_pct: Decimal | str | None = None
    subcontract_amount: Decimal | str | None = None  # € HT sub-contracted to an SIAE or EA
    subcontract_month: str | None = None  # the month the amount counts in (the lot's conversion applies)


def _subcontracted(data: AttributionData, lot: Lot, company: Company) -> tuple[Decimal | None, str | None]:
    """The attribution's sub-contracted amount and its month, checked (both or neither)."""
    amount = v.decimal(data.subcontract_amount, "Montant sous-traité (€ HT)", required=False)
    typed = (data.subcontract_month or "").strip()
    month = check_month(typed) if typed else None
    if amount is None and month is None:
        return None, None
    if amount is None or month is None:
        raise ValidationError(
            "Montant sous-traité (€ HT)" if amount is None else "Mois de prise en compte",
            "un montant sous-traité se saisit avec le mois où il compte (les deux, ou aucun).",
        )
    if data.role == AttributionRole.TITULAIRE.value or company.kind == CompanyKind.ENTREPRISE.value:
        raise ValidationError(
            "Montant sous-traité (€ HT)",
            f"seule une SIAE ou une entreprise adaptée sous-traitante ou cotraitante porte un montant "
            f"sous-traité ; {company.name} est ici {AttributionRole.label_of(data.role).lower()} "
            f"({CompanyKind.label_of(company.kind)}).",
        )
    first, last = lot.start_date, lot.end_date
    if (first and month < month_of(first)) or (last and month > month_of(last)):
        since = month_of(first) if first else "son début"
        until = month_of(last) if last else "sa fin"
        raise ValidationError(
            "Mois de prise en compte",
            f"{month} est hors de la période du lot {lot.ref} : choisissez un mois entre {since} et {until}.",
        )
    return amount, month


def save_attribution(session: Session, data: AttributionData, uuid: str | None = None) -> Attribution:
    lot = repo.get(session, Lot, data.lot_uuid, "Le lot")
    company = repo.get(session, Company, data.company_uuid, "L'entreprise")
    attribution = Attribution() if uuid is None else repo.get(session, Attribution, uuid, "L'attribution")
    existing = repo.first_by(session, Attribution, lot_id=lot.id, company_id=company.id)
    if existing is not None and existing is not attribution:
        if existing.deleted_at is None:
            raise ConflictError(f"{company.name} est déjà attributaire du lot {lot.ref}.")
        attribution = existing
        repo.restore(attribution)
    role = v.choice(data.role, "Rôle", [r.value for r in AttributionRole]) or ""
    share = v.decimal(data.share_pct, "Part des heures (%)", required=False, maximum=Decimal(100))
    amount, month = _subcontracted(data, lot, company)  # all checked before anything changes
    attribution.lot_id, attribution.company_id, attribution.role, attribution.share_pct = (
        lot.id, company.id, role, share
    )
    attribution.subcontract_amount, attribution.subcontract_month = amount, month
    session.add(attribution)
    session.flush()
    return attribution
