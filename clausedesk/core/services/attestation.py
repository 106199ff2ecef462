"""The yearly attestation of a company that met or exceeded its hours commitments (social clauses).

A commitment is the company's share of the hours objective of a lot it holds (`recipient_dashboard.
commitment`), for every lot running during the year. What is expected at the year's end is that share
times the lot's prorata temporis on 31 December (the whole share once the lot has ended). What counts as
realised: every counted hour of the lot when the company is its only holder (its own workers and the
workers an SIAE lends or sub-contracts to it), else the hours of its own contracts only. The attestation
is refused, in French and lot by lot, when one commitment is not met.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from clausedesk.core.errors import ClauseDeskError, ValidationError
from clausedesk.core.formatting import date_fr, hours
from clausedesk.core.rules.progress import month_of, prorata_temporis
from clausedesk.core.services.dashboard import organisation
from clausedesk.core.services.recipient_dashboard import commitment, find_company
from clausedesk.core.vocab import AttributionRole
from clausedesk.db.repositories import company_dashboard as repo
from clausedesk.db.repositories.conventions import net_allocated
from clausedesk.db.repositories.forecast import hours_by_month

_ZERO = Decimal(0)
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class CommitmentLine:
    buyer: str
    market_ref: str
    lot_ref: str
    lot_number: str
    lot_title: str
    role: str
    commitment: Decimal  # its share of the lot's objective
    expected: Decimal  # due by the attestation's day (prorata temporis)
    realised: Decimal  # counted up to that day's month included
    in_year: Decimal  # of which during the year
    whole_lot: bool  # the company is the lot's only holder: every counted hour of the lot is its own
    # net hours its conventions de globalisation allocated to the lot up to that month (negative: given to
    # another of its lots), apart from `realised`; the commitment is judged on both
    allocated: Decimal = _ZERO

    @property
    def counted(self) -> Decimal:
        return self.realised + self.allocated

    @property
    def met(self) -> bool:
        return self.counted >= self.expected

    @property
    def rate(self) -> Decimal | None:
        return None if not self.expected else self.counted * 100 / self.expected


@dataclass
class Attestation:
    name: str
    siret: str
    year: int
    on: date  # 31 December, or the day it was made for a year not over
    lines: list[CommitmentLine]
    organisation: dict[str, str] = field(default_factory=dict)


def company_attestation(session: Session, siret: str, year: int, today: date | None = None) -> Attestation:
    """The attestation's figures, or ClauseDeskError saying which commitment is missing or not met.

    A year not yet over is attested at `today` (what is due and realised by then), a past one at 31/12."""
    if not 1900 <= year <= 2199:
        raise ValidationError("Année", f"{year} est hors de la plage 1900–2199.")
    company = find_company(session, siret)
    first, last = date(year, 1, 1), date(year, 12, 31)
    today = today or date.today()
    if today < first:
        raise ValidationError("Année", f"{year} n'a pas commencé : aucune attestation possible.")
    on = min(last, today)
    held = [
        c for c in repo.company_lots(session, company.id, first, last)
        if c.role is not None and (c.start is None or c.start <= last) and (c.end is None or c.end >= first)
    ]  # fmt: skip
    if not held:
        raise ClauseDeskError(
            f"{company.name} (SIRET {company.siret}) ne détient aucun lot en cours en {year} : aucun "
            "engagement d'heures d'insertion à attester. Les attributions se saisissent sur la fiche de "
            "chaque lot."
        )
    ids = [c.lot_id for c in held]
    december, before = month_of(on), f"{year - 1}-12"
    holders = repo.holders(session, ids)
    lot_hours = hours_by_month(session, ids, december)
    allocated = net_allocated(session, ids, up_to=december, company_id=company.id)
    own: dict[int, tuple[Decimal, Decimal]] = {}
    for row in repo.company_hours(session, company.id, ids, december):
        total, _ = own.get(row.lot_id, (_ZERO, _ZERO))
        own[row.lot_id] = (total + row.cumulated, _ZERO)
    for row in repo.company_hours(session, company.id, ids, before):
        total, earlier = own[row.lot_id]
        own[row.lot_id] = (total, earlier + row.cumulated)
    lines = []
    for c in held:
        share = commitment(c.role, c.share_pct, c.objective)
        if share is None:
            continue
        whole = holders.get(c.lot_id, 0) == 1
        if whole:
            months = lot_hours.get(c.lot_id, {})
            realised = sum(months.values(), _ZERO)
            earlier = sum((h for m, h in months.items() if m <= before), _ZERO)
        else:
            realised, earlier = own.get(c.lot_id, (_ZERO, _ZERO))
        prorata = Decimal(1) if c.start is None or c.end is None else prorata_temporis(c.start, c.end, on)
        lines.append(CommitmentLine(
            buyer=c.buyer, market_ref=c.market_ref, lot_ref=c.lot_ref, lot_number=c.lot_number,
            lot_title=c.lot_title, role=AttributionRole.label_of(c.role), commitment=share,
            expected=(share * prorata).quantize(_CENT), realised=realised, in_year=realised - earlier,
            whole_lot=whole, allocated=allocated.get(c.lot_id, _ZERO),
        ))  # fmt: skip
    if not lines:
        raise ClauseDeskError(
            f"{company.name} ne détient en {year} que des lots où sa part de l'objectif d'heures n'est pas "
            "précisée : renseignez sa part (%) dans l'attribution de chaque lot avant d'éditer l'attestation."
        )
    short = [x for x in lines if not x.met]
    if short:
        details = " ; ".join(
            f"lot {x.lot_ref} ({x.buyer}) : {hours(x.counted, 0)} réalisées pour {hours(x.expected, 0)} "
            f"attendues au {date_fr(on)}, il manque {hours(x.expected - x.counted, 0)}"
            for x in short
        )
        raise ClauseDeskError(
            f"{company.name} n'a pas atteint tous ses engagements en {year} : {details}. Aucune attestation "
            "n'est éditée ; si des relevés manquent, saisissez-les puis recommencez."
        )
    return Attestation(company.name, company.siret, year, on, lines, organisation(session))
