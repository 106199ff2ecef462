"""Dashboards per recipient: a company's lots across every buyer, or an insertion structure's placed workers.

An ordinary company reads, in one document a month, each of its lots (as holder or with its own workers)
whatever the buyer, followed by each marché's dashboard restricted to those lots. An insertion structure
(SIAE, GEIQ, EA, ESAT) reads where its workers were placed: hours of its contracts on every lot, by
modality (mise à disposition, sous-traitance), and how many of its people worked there. Each follows the
masking policy of its reader (`core.rules.masking`: COMPANY or SIAE): counts of people only, small ones
hidden, nobody named.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from clausedesk.core.errors import ClauseDeskError
from clausedesk.core.formatting import month_label
from clausedesk.core.rules.identifiers import check_siret
from clausedesk.core.rules.masking import COMPANY, SIAE, Reader
from clausedesk.core.rules.progress import month_bounds
from clausedesk.core.services.dashboard import Count, Dashboard, Split, build_dashboard, organisation
from clausedesk.core.services.forecast import LotForecast, lot_forecasts
from clausedesk.core.vocab import AttributionRole, CompanyKind, Modality
from clausedesk.db.models import Company, Market
from clausedesk.db.repositories import company_dashboard as repo
from clausedesk.db.repositories.conventions import net_allocated
from clausedesk.db.repositories.dashboard import live_lots
from clausedesk.db.repositories.lookup import company_by_siret
from clausedesk.db.repositories.reference import all_settings

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class RecipientLot:
    """One lot seen by the recipient: its own hours (month, cumulated) and people, beside the lot figures."""

    buyer: str
    market_ref: str
    market_title: str
    lot_ref: str
    lot_number: str
    lot_title: str
    start: date | None
    end: date | None
    role: str  # French label of its attribution, "" without one
    lot_objective: Decimal
    commitment: Decimal | None  # its share of the objective (the whole one for a holder without a share)
    month: Decimal
    cumulated: Decimal
    by_modality: list[Split]
    people_month: Count
    people_total: Count
    forecast: LotForecast | None  # the lot's forecast at its end (all companies), None once it has ended
    allocated: Decimal = _ZERO  # net hours its conventions de globalisation moved to this lot (apart)


@dataclass
class RecipientDashboard:
    reader: Reader  # COMPANY or SIAE: the masking policy followed
    name: str
    siret: str
    kind: str  # French label of the company's kind
    month: str
    lots: list[RecipientLot]
    people_month: Count
    people_total: Count
    markets: list[Dashboard] = field(default_factory=list)  # an ordinary company: each marché's dashboard
    organisation: dict[str, str] = field(default_factory=dict)

    @property
    def is_structure(self) -> bool:
        return self.reader is SIAE

    @property
    def buyers(self) -> int:
        return len({lot.buyer for lot in self.lots})

    @property
    def month_hours(self) -> Decimal:
        return sum((lot.month for lot in self.lots), _ZERO)

    @property
    def cumulated(self) -> Decimal:
        return sum((lot.cumulated for lot in self.lots), _ZERO)

    @property
    def allocated(self) -> Decimal:
        """Net hours allocated between its lots (0 when every allocation stays among them)."""
        return sum((lot.allocated for lot in self.lots), _ZERO)

    @property
    def any_allocation(self) -> bool:
        return any(lot.allocated for lot in self.lots)


def reader_of(company: Company) -> Reader:
    """An insertion or adapted structure reads as a SIAE (its placed workers); any other as a company."""
    return COMPANY if company.kind == CompanyKind.ENTREPRISE.value else SIAE


def commitment(role: str | None, share_pct: Decimal | None, objective: Decimal) -> Decimal | None:
    """The company's share of a lot's hours objective: its share when set, the whole for a titulaire."""
    if share_pct is not None:
        return objective * share_pct / _HUNDRED
    return objective if role == AttributionRole.TITULAIRE.value else None


def find_company(session: Session, siret: str) -> Company:
    return company_by_siret(session, check_siret(siret))


def recipient_dashboard(session: Session, siret: str, month: str) -> RecipientDashboard:
    """The month's dashboard of the company (or structure) `siret`; refused in French when it has no lot."""
    company = find_company(session, siret)
    reader = reader_of(company)
    settings = all_settings(session)
    threshold = int(settings["small_count_threshold"])
    first, last = month_bounds(month)
    candidates = repo.company_lots(session, company.id, first, last)
    hours = repo.company_hours(session, company.id, [c.lot_id for c in candidates], month)
    per_lot: dict[int, list[repo.CompanyHours]] = {}
    for row in hours:
        per_lot.setdefault(row.lot_id, []).append(row)

    def running(c: repo.CompanyLot) -> bool:
        return (c.start is None or c.start <= last) and (c.end is None or c.end >= first)

    chosen = [c for c in candidates if running(c) or any(h.month for h in per_lot.get(c.lot_id, ()))]
    if reader is SIAE:  # a structure reads the lots where its workers are, not the ones it only holds
        chosen = [c for c in chosen if c.lot_id in per_lot or c.role is not None]
    if not chosen:
        raise ClauseDeskError(
            f"{company.name} (SIRET {company.siret}) n'a aucun lot en cours en {month_label(month)} ni "
            "aucune heure déclarée ce mois-là : aucun tableau de bord à éditer. Vérifiez le mois, ses "
            "attributions (fiche du lot) ou ses contrats."
        )
    lot_ids = [c.lot_id for c in chosen]
    people_total = repo.company_people(session, company.id, lot_ids, "0000-00", month)  # since the start
    people_month = repo.company_people(session, company.id, lot_ids, month, month)
    forecasts = {f.lot_ref: f for f in lot_forecasts(session, month)}
    allocated = net_allocated(session, lot_ids, up_to=month, company_id=company.id)
    lots = []
    for c in chosen:
        rows = per_lot.get(c.lot_id, [])
        splits: dict[str, tuple[Decimal, Decimal]] = {}
        for r in rows:
            m, t = splits.get(r.modality, (_ZERO, _ZERO))
            splits[r.modality] = (m + r.month, t + r.cumulated)
        lots.append(RecipientLot(
            buyer=c.buyer, market_ref=c.market_ref, market_title=c.market_title, lot_ref=c.lot_ref,
            lot_number=c.lot_number, lot_title=c.lot_title, start=c.start, end=c.end,
            role=AttributionRole.label_of(c.role) if c.role else "", lot_objective=c.objective,
            commitment=commitment(c.role, c.share_pct, c.objective),
            month=sum((r.month for r in rows), _ZERO), cumulated=sum((r.cumulated for r in rows), _ZERO),
            by_modality=[Split(Modality.label_of(k), *splits[k]) for k in sorted(splits)],
            people_month=Count(people_month.get(c.lot_id, 0), threshold),
            people_total=Count(people_total.get(c.lot_id, 0), threshold),
            forecast=forecasts.get(c.lot_ref), allocated=allocated.get(c.lot_id, _ZERO),
        ))  # fmt: skip
    markets: list[Dashboard] = []
    if reader is COMPANY:
        for market_id in dict.fromkeys(c.market_id for c in chosen):
            market = session.get(Market, market_id)
            assert market is not None
            mine = {c.lot_id for c in chosen}
            markets.append(build_dashboard(session, market, [x for x in live_lots(session, market_id)
                                                             if x.id in mine], month))  # fmt: skip
    return RecipientDashboard(
        reader=reader, name=company.name, siret=company.siret, kind=CompanyKind.label_of(company.kind),
        month=month, lots=lots, people_month=Count(people_month[None], threshold, False),
        people_total=Count(people_total[None], threshold, False), markets=markets,
        organisation=organisation(session, settings),
    )  # fmt: skip
