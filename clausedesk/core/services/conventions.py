"""Conventions de globalisation: creating one, allocating hours between its lots, listing them.

The rules of an allocation, each refused in French: both lots belong to the convention and differ; the
month lies in the convention's period; the reason is given; the hours are positive and no more than the
company's hours that count for the giving lot that month, less what is already allocated from them (an
hour is never allocated twice, and hours received are never passed on: only worked hours are given).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from clausedesk.core import validate
from clausedesk.core.errors import ConflictError, ValidationError
from clausedesk.core.formatting import date_fr, hours, month_label
from clausedesk.core.rules.identifiers import check_siret
from clausedesk.core.rules.progress import check_month, month_bounds
from clausedesk.db.repositories import conventions as repo
from clausedesk.db.repositories.lookup import company_by_siret, lot_by_ref

_ZERO = Decimal(0)
MAX_ALLOCATION = Decimal(100000)


@dataclass(frozen=True)
class ConventionInput:
    """A new convention as typed (command line or window): plain values, checked by `add_convention`."""

    ref: str
    title: str
    siret: str
    start: date | None
    end: date | None
    lot_refs: Sequence[str]
    signed_on: date | None = None
    notes: str | None = None


@dataclass(frozen=True)
class AllocationInput:
    convention_ref: str
    from_lot: str
    to_lot: str
    month: str
    hours: Decimal | str
    reason: str


def add_convention(session: Session, data: ConventionInput) -> str:
    """Record a convention; returns its reference. Refused (nothing written) when a value is wrong."""
    ref = validate.required_text(data.ref, "Référence de la convention", max_len=60)
    title = validate.required_text(data.title, "Intitulé de la convention")
    notes = validate.text(data.notes, "Notes", max_len=2000)
    siret = check_siret(data.siret, "SIRET de l'entreprise")
    start = validate.required_date(data.start, "Date de début")
    end = validate.required_date(data.end, "Date de fin")
    validate.date_order(start, end)
    if repo.ref_taken(session, ref):
        raise ConflictError(
            f"Une convention de référence « {ref} » existe déjà : choisissez une autre référence."
        )
    company = company_by_siret(session, siret)
    refs = list(dict.fromkeys(r.strip() for r in data.lot_refs if r.strip()))
    if len(refs) < 2:
        raise ValidationError(
            "Lots de la convention",
            "une convention de globalisation couvre au moins deux lots : indiquez-les tous.",
        )
    lots = [lot_by_ref(session, r) for r in refs]
    held = repo.lots_with_attribution(session, company.id, [lot.id for lot in lots])
    foreign = [lot.ref for lot in lots if lot.id not in held]
    if foreign:
        raise ValidationError(
            "Lots de la convention",
            f"l'entreprise {company.name} n'est ni attributaire ni employeur sur "
            f"{_lots_phrase(foreign)} : ajoutez d'abord son attribution, ou retirez ce lot de la convention.",
        )
    repo.add_convention(session, company.id, ref, title, start, end, lots, data.signed_on, notes)
    return ref


def _lots_phrase(refs: list[str]) -> str:
    quoted = ", ".join(f"« {r} »" for r in refs)
    return f"le lot {quoted}" if len(refs) == 1 else f"les lots {quoted}"


@dataclass(frozen=True)
class Allocated:
    convention_ref: str
    from_lot: str
    to_lot: str
    month: str
    hours: Decimal
    left: Decimal  # hours of the giving lot that month still free to allocate


def available(session: Session, convention_ref: str, from_lot: str, month: str) -> Decimal:
    """Hours of the convention's company on `from_lot` in `month` still free to allocate."""
    convention = repo.convention_by_ref(session, convention_ref)
    lot = lot_by_ref(session, from_lot)
    return _free(session, convention.company_id, lot.id, check_month(month))


def _free(session: Session, company_id: int, lot_id: int, month: str) -> Decimal:
    worked = repo.worked_on(session, company_id, lot_id, month)
    return max(worked - repo.allocated_out(session, company_id, lot_id, month), _ZERO)


def allocate(session: Session, data: AllocationInput, today: date) -> Allocated:
    """Allocate hours within a convention (see the module's rules); refused in French, nothing written."""
    convention = repo.convention_by_ref(session, data.convention_ref.strip())
    month = check_month(data.month)
    amount = validate.required_decimal(data.hours, "Heures à affecter", minimum=Decimal("0.01"),
                                       maximum=MAX_ALLOCATION)  # fmt: skip
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError("Heures à affecter", "deux décimales au plus.")
    reason = validate.required_text(data.reason, "Motif de l'affectation", max_len=1000)
    giving, receiving = lot_by_ref(session, data.from_lot.strip()), lot_by_ref(session, data.to_lot.strip())
    if giving.id == receiving.id:
        raise ValidationError(
            "Lot bénéficiaire", "choisissez un autre lot que celui où les heures ont été faites."
        )
    covered = repo.convention_lot_ids(session, convention.id)
    outside = [lot.ref for lot in (giving, receiving) if lot.id not in covered]
    if outside:
        raise ValidationError(
            "Lots de l'affectation",
            f"{_lots_phrase(outside)} hors de la convention « {convention.ref} » : les heures ne "
            "peuvent être affectées qu'entre les lots qu'elle couvre.",
        )
    first, last = month_bounds(month)
    if (convention.start_date is not None and last < convention.start_date) or (
        convention.end_date is not None and first > convention.end_date
    ):
        raise ValidationError(
            "Mois des heures",
            f"{month_label(month)} est hors de la période de la convention "
            f"(du {date_fr(convention.start_date)} au {date_fr(convention.end_date)}) : seules les heures "
            "faites pendant la convention s'affectent.",
        )
    free = _free(session, convention.company_id, giving.id, month)
    if amount > free:
        worked = repo.worked_on(session, convention.company_id, giving.id, month)
        already = worked - free
        detail = (f"l'entreprise y a fait {hours(worked)} qui comptent, dont {hours(already)} déjà affectées"
                  if already else f"l'entreprise y a fait {hours(worked)} qui comptent")  # fmt: skip
        raise ValidationError(
            "Heures à affecter",
            f"{hours(amount)} demandées, mais {hours(free)} seulement sont disponibles sur le lot "
            f"« {giving.ref} » en {month_label(month)} ({detail}). Une heure ne s'affecte "
            "qu'une fois et jamais plus qu'il n'en a été fait.",
        )
    repo.add_allocation(session, convention.id, giving.id, receiving.id, month, amount, reason, today)
    return Allocated(convention.ref, giving.ref, receiving.ref, month, amount, free - amount)


# -- reads for the window (plain values) ----------------------------------------------------------------


def listing(session: Session) -> list[dict[str, Any]]:
    """Each convention with its lots and allocations (the rows of `clausedesk list conventions --json`)."""
    return repo.list_conventions(session)


def company_choices(session: Session) -> list[tuple[str, str]]:
    """(SIRET, name) of the companies that hold a lot: who may sign a convention."""
    return repo.companies_with_lots(session)


def lot_choices(session: Session, siret: str) -> list[tuple[str, str]]:
    """(lot ref, label) of the lots the company holds or employs on."""
    return repo.company_lot_choices(session, siret)
