"""The figures of the monthly dashboard of a marché: lots, companies, publics, splits, alerts, series.

One figure service serves the dashboard, the bilan final (`core.services.bilan`) and the coordinator.
Small counts of people (below the setting `small_count_threshold`) are masked when displayed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from clausedesk.core.errors import ClauseDeskError
from clausedesk.core.formatting import date_fr, hours, month_label
from clausedesk.core.rules.progress import (
    CountingOptions,
    compute_progress,
    counting_rule,
    month_bounds,
    month_of,
    months_between,
)
from clausedesk.core.services.dashboard_publics import PUBLICS as PUBLICS
from clausedesk.core.services.dashboard_publics import Count as Count
from clausedesk.core.services.dashboard_publics import people_by_public
from clausedesk.core.services.dashboard_recruitment import NO_VALIDATION as NO_VALIDATION
from clausedesk.core.services.dashboard_recruitment import UNKNOWN_PRESCRIBER as UNKNOWN_PRESCRIBER
from clausedesk.core.services.dashboard_recruitment import Recruitment as Recruitment
from clausedesk.core.services.dashboard_recruitment import RecruitmentPeriod as RecruitmentPeriod
from clausedesk.core.services.dashboard_recruitment import RetainedRate as RetainedRate
from clausedesk.core.services.dashboard_recruitment import recruitment_section
from clausedesk.core.services.forecast import LotForecast, lot_forecasts
from clausedesk.core.services.trainings import TrainingLine, counted_training, training_lines
from clausedesk.core.vocab import AttributionRole, MarketKind, Modality
from clausedesk.db.models import Lot, Market
from clausedesk.db.repositories import dashboard as repo
from clausedesk.db.repositories.conventions import net_allocated
from clausedesk.db.repositories.lookup import market_by_ref
from clausedesk.db.repositories.reference import all_settings

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)

@dataclass(frozen=True)
class CompanyLine:
    name: str
    siret: str
    role: str  # French label, "" when the company works without an attribution
    objective: Decimal | None  # its share of the lot's objective, when set
    month: Decimal
    cumulated: Decimal


@dataclass(frozen=True)
class LotLine:
    ref: str
    number: str
    title: str
    start: date | None
    end: date | None
    objective: Decimal
    month: Decimal
    cumulated: Decimal
    achieved_pct: Decimal | None  # 0–100+, None without objective
    remaining: Decimal
    prorata: Decimal | None  # share of time elapsed, 0–1, None without dates
    expected: Decimal | None
    late: bool
    companies: list[CompanyLine]
    counting: str = ""  # the lot's counting options in French (`core.rules.progress.counting_rule`)
    tutoring: Decimal = Decimal(0)  # tutoring hours counted among `cumulated` (lot's option on)
    converted: Decimal = Decimal(0)  # sub-contracted amounts converted into hours among `cumulated`
    # net hours a convention de globalisation allocated to the lot (negative: given to another lot), apart
    # from `cumulated` (the hours realised on the lot itself); progress counts `cumulated + allocated`
    allocated: Decimal = Decimal(0)
    # hours of pre-hiring training counted on the lot (its option on), apart from `cumulated` too
    training: Decimal = Decimal(0)

    @property
    def counted(self) -> Decimal:
        """Hours counting for the objective: realised on the lot + net allocated + pre-hiring training."""
        return self.cumulated + self.allocated + self.training


@dataclass(frozen=True)
class Split:
    label: str
    month: Decimal
    cumulated: Decimal


@dataclass(frozen=True)
class Alert:
    kind: str  # releve_manquant | retard | fin_proche | prevision | objectif_non_atteint (bilan)
    text: str


@dataclass(frozen=True)
class Series:
    months: list[str]
    cumulated: list[Decimal]
    expected: list[Decimal]
    objective: Decimal


@dataclass
class Dashboard:
    market_ref: str
    market_title: str
    market_kind: str
    buyer: str
    operation: str
    start: date | None
    end: date | None
    month: str
    on: date
    lots: list[LotLine]
    objective: Decimal
    month_hours: Decimal
    cumulated: Decimal
    expected: Decimal | None
    publics_month: dict[str, Count]
    publics_total: dict[str, Count]
    by_modality: list[Split]
    by_contract_type: list[Split]
    alerts: list[Alert]
    series: Series
    organisation: dict[str, str] = field(default_factory=dict)
    recruitment: Recruitment | None = None  # None when no job offer is linked to the marché's lots
    forecasts: list[LotForecast] = field(default_factory=list)  # the lots running in the month
    trainings: list[TrainingLine] = field(default_factory=list)  # pre-hiring sessions begun by the month end

    @property
    def allocated(self) -> Decimal:
        """Net hours allocated to the marché's lots by conventions (apart from `cumulated`)."""
        return sum((x.allocated for x in self.lots), _ZERO)

    @property
    def training(self) -> Decimal:
        """Hours of pre-hiring training counted on the marché's lots (apart from `cumulated`)."""
        return sum((x.training for x in self.lots), _ZERO)

    @property
    def counted(self) -> Decimal:
        return self.cumulated + self.allocated + self.training

    @property
    def achieved_pct(self) -> Decimal | None:
        return None if not self.objective else self.counted * _HUNDRED / self.objective

    @property
    def remaining(self) -> Decimal:
        return max(self.objective - self.counted, _ZERO)

    @property
    def prorata(self) -> Decimal | None:
        return None if self.expected is None or not self.objective else self.expected / self.objective


def organisation(session: Session, settings: dict[str, Any] | None = None) -> dict[str, str]:
    """The organisation block of every document header (settings, read here unless given)."""
    s = all_settings(session) if settings is None else settings
    keys = ("organisation_name", "organisation_address", "organisation_logo", "facilitator_name", "territory")
    return {k: str(s[k]) for k in keys}


def lot_dates(lot: Lot, market: Market) -> tuple[date | None, date | None]:
    return lot.start_date or market.start_date, lot.end_date or market.end_date


def _market_and_lots(session: Session, ref: str) -> tuple[Market, list[Lot]]:
    market = market_by_ref(session, ref)
    lots = repo.live_lots(session, market.id)
    if not lots:
        raise ClauseDeskError(
            f"Le marché « {ref} » n'a aucun lot : ajoutez ses lots (avec leur objectif d'heures) avant "
            "d'éditer son tableau de bord."
        )
    return market, lots


def _check_month_has_data(session: Session, market: Market, lots: list[Lot], month: str) -> None:
    first, last = month_bounds(month)
    starts = [s for s, _ in (lot_dates(lot, market) for lot in lots) if s is not None]
    ends = [e for _, e in (lot_dates(lot, market) for lot in lots) if e is not None]
    lot_ids = [lot.id for lot in lots]
    if repo.has_hours_in(session, lot_ids, month):
        return
    if starts and min(starts) > last:
        raise ClauseDeskError(
            f"Le marché « {market.ref} » commence le {date_fr(min(starts))} : aucun chiffre pour "
            f"{month_label(month)}. Choisissez {month_label(month_of(min(starts)))} ou un mois suivant."
        )
    if ends and len(ends) == len(lots) and max(ends) < first:
        raise ClauseDeskError(
            f"Le marché « {market.ref} » s'est terminé le {date_fr(max(ends))} et n'a aucune heure en "
            f"{month_label(month)}. Choisissez un mois de sa période, ou éditez son bilan final "
            "(commande « bilan »)."
        )
    if not starts and not ends and repo.last_hours_month(session, lot_ids) is None:
        raise ClauseDeskError(
            f"Le marché « {market.ref} » n'a ni dates ni heures enregistrées : aucun chiffre pour "
            f"{month_label(month)}. Renseignez les dates de ses lots ou saisissez ses relevés."
        )


def market_dashboard(session: Session, ref: str, month: str, *, check_data: bool = True) -> Dashboard:
    """Every figure of the dashboard of the marché `ref` for `month` ("AAAA-MM").

    Raises NotFoundError (unknown marché) or ClauseDeskError (no lot, month without data).
    """
    market, lots = _market_and_lots(session, ref)
    figures = build_dashboard(session, market, lots, month)
    if check_data and not figures.month_hours:  # hours counted in the month: there is data
        _check_month_has_data(session, market, lots, month)
    return figures


def build_dashboard(session: Session, market: Market, lots: list[Lot], month: str) -> Dashboard:
    settings = all_settings(session)
    threshold = int(settings["small_count_threshold"])
    tolerance = Decimal(settings["late_tolerance_pct"]) / _HUNDRED
    ending_days = int(settings["ending_soon_days"])
    first, on = month_bounds(month)
    lot_ids = [lot.id for lot in lots]
    grid = repo.hours_grid(session, lot_ids, month)
    attributions = repo.attributions(session, lot_ids)
    gaps = repo.contracts_without_hours(session, lot_ids, month, first, on)
    company_ids = {row[1] for row in grid} | {c for _, c, _, _ in attributions} | {c for _, c, _ in gaps}
    names = repo.company_names(session, sorted(company_ids))

    lines: list[LotLine] = []
    alerts: list[Alert] = []
    hours_of: dict[int, dict[int, tuple[Decimal, Decimal]]] = {}
    by_modality: dict[str, tuple[Decimal, Decimal]] = {}
    by_type: dict[tuple[int, str], tuple[Decimal, Decimal]] = {}
    apart: dict[int, tuple[Decimal, Decimal]] = {}  # lot → (tutoring, converted) among its cumulated hours
    for lot_id, company_id, modality, type_label, type_order, m, t, tutoring, converted in grid:
        _add(hours_of.setdefault(lot_id, {}), company_id, m, t)
        _add(apart, lot_id, tutoring, converted)
        _add(by_modality, modality, m, t)
        _add(by_type, (type_order, type_label), m, t)
    allocated = net_allocated(session, lot_ids, up_to=month)
    trained = counted_training(session, lot_ids, month)
    attributed: dict[int, dict[int, tuple[str, Decimal | None]]] = {}
    for lot_id, company_id, role, share in attributions:
        attributed.setdefault(lot_id, {})[company_id] = (role, share)
    for lot in lots:
        start, end = lot_dates(lot, market)
        line = _lot_line(lot, start, end, on, tolerance, hours_of.get(lot.id, {}), attributed.get(lot.id, {}),
                         names, apart.get(lot.id, (_ZERO, _ZERO)), allocated.get(lot.id, _ZERO),
                         trained.get(lot.id, _ZERO))  # fmt: skip
        lines.append(line)
        alerts.extend(_lot_alerts(line, on, ending_days, month))
    number_of = {lot.id: lot.number for lot in lots}
    missing = [
        Alert(
            "releve_manquant",
            f"Relevé manquant : {names[company_id][0]} n'a déclaré aucune heure en {month_label(month)} pour "
            f"{n} contrat{'s' if n > 1 else ''} en cours sur le lot {number_of[lot_id]}.",
        )
        for lot_id, company_id, n in gaps
    ]
    forecasts = lot_forecasts(session, month, market.id)
    alerts = missing + alerts + [
        Alert("prevision", t) for f in forecasts if (t := f.warning(label=f"Lot {f.lot_number}")) is not None
    ]

    objective = sum((x.objective for x in lines), _ZERO)
    expected_parts = [x.expected for x in lines if x.expected is not None]
    buyer, operation = repo.buyer_and_operation(session, market.id)
    publics_month, publics_total = people_by_public(session, lot_ids, month, threshold)
    return Dashboard(
        market_ref=market.ref,
        market_title=market.title,
        market_kind=MarketKind.label_of(market.kind),
        buyer=buyer,
        operation=operation,
        start=min((x.start for x in lines if x.start), default=market.start_date),
        end=max((x.end for x in lines if x.end), default=market.end_date),
        month=month,
        on=on,
        lots=lines,
        objective=objective,
        month_hours=sum((x.month for x in lines), _ZERO),
        cumulated=sum((x.cumulated for x in lines), _ZERO),
        expected=sum(expected_parts, _ZERO) if expected_parts else None,
        publics_month=publics_month,
        publics_total=publics_total,
        by_modality=[Split(Modality.label_of(k), *by_modality[k]) for k in sorted(by_modality)],
        by_contract_type=[Split(k[1], *by_type[k]) for k in sorted(by_type)],
        alerts=alerts,
        series=_series(session, lines, lot_ids, month, objective),
        organisation=organisation(session, settings),
        recruitment=recruitment_section(session, lot_ids, first, on, threshold),
        forecasts=forecasts,
        trainings=training_lines(session, lot_ids, on, threshold),
    )


def _add(totals: dict[Any, tuple[Decimal, Decimal]], key: Any, month: Decimal, cumulated: Decimal) -> None:
    m, t = totals.get(key, (_ZERO, _ZERO))
    totals[key] = (m + month, t + cumulated)


def _lot_line(lot: Lot, start: date | None, end: date | None, on: date, tolerance: Decimal,
              rows: dict[int, tuple[Decimal, Decimal]], attributed: dict[int, tuple[str, Decimal | None]],
              names: dict[int, tuple[str, str]], apart: tuple[Decimal, Decimal], allocated: Decimal = _ZERO,
              training: Decimal = _ZERO) -> LotLine:  # fmt: skip
    """The lot's line; `rows` maps company → (hours in month, cumulated), `attributed` → (role, share %);
    `apart`: the tutoring hours and converted amounts among the cumulated hours; `allocated`: the net hours
    allocated to the lot by conventions, counted with the cumulated hours against the objective."""
    objective = lot.target_hours
    companies = []
    order = sorted(set(rows) | set(attributed), key=lambda c: (c not in attributed, names[c][0]))
    for cid in order:
        role, share = attributed.get(cid, ("", None))
        m, t = rows.get(cid, (_ZERO, _ZERO))
        companies.append(CompanyLine(
            names[cid][0], names[cid][1], AttributionRole.label_of(role) if role else "",
            None if share is None else objective * share / _HUNDRED, m, t,
        ))  # fmt: skip
    month = sum((c.month for c in companies), _ZERO)
    cumulated = sum((c.cumulated for c in companies), _ZERO)
    prorata = expected = None
    late = False
    if start is not None and end is not None and end >= start:
        progress = compute_progress(objective, max(cumulated + allocated + training, _ZERO), start, end, on,
                                    tolerance)  # fmt: skip
        prorata, expected, late = progress.prorata, progress.expected, progress.late
    return LotLine(
        ref=lot.ref, number=lot.number, title=lot.title, start=start, end=end, objective=objective,
        month=month, cumulated=cumulated,
        achieved_pct=None if not objective else (cumulated + allocated + training) * _HUNDRED / objective,
        remaining=max(objective - cumulated - allocated - training, _ZERO), prorata=prorata,
        expected=expected,
        late=late,
        companies=companies, counting=counting_rule(counting_options(lot), *apart),
        tutoring=apart[0], converted=apart[1], allocated=allocated, training=training,
    )  # fmt: skip


def counting_options(lot: Lot) -> CountingOptions:
    """The lot's counting options as the rules read them."""
    return CountingOptions.of_lot(lot)


def _lot_alerts(line: LotLine, on: date, ending_days: int, month: str) -> list[Alert]:
    alerts = []
    if line.late and line.expected is not None:
        alerts.append(Alert(
            "retard",
            f"Lot {line.number} en retard sur le prorata temporis : {hours(line.counted)} réalisées "
            f"pour {hours(line.expected.quantize(Decimal('1')))} attendues fin {month_label(month)}.",
        ))  # fmt: skip
    if line.end is not None and on <= line.end and (line.end - on).days <= ending_days and line.remaining:
        alerts.append(Alert(
            "fin_proche",
            f"Lot {line.number} : fin prévue le {date_fr(line.end)} (dans {(line.end - on).days} jours), "
            f"il reste {hours(line.remaining)} à réaliser.",
        ))  # fmt: skip
    return alerts


def _series(session: Session, lines: list[LotLine], lot_ids: list[int], month: str, objective: Decimal
            ) -> Series:  # fmt: skip
    monthly = dict(repo.monthly_hours(session, lot_ids, month))
    starts = [x.start for x in lines if x.start is not None]
    candidates = [month_of(min(starts))] if starts else []
    if monthly:
        candidates.append(next(iter(monthly)))
    first = min([*candidates, month])
    months = months_between(first, month)
    cumulated, expected, running = [], [], _ZERO
    for m in months:
        running += monthly.get(m, _ZERO)
        cumulated.append(running)
        end_of_month = month_bounds(m)[1]
        total = _ZERO
        for x in lines:
            if x.start is not None and x.end is not None and x.end >= x.start:
                total += compute_progress(x.objective, _ZERO, x.start, x.end, end_of_month).expected or _ZERO
        expected.append(total)
    return Series(months, cumulated, expected, objective)


def active_market_refs(session: Session, month: str, buyer_id: int | None = None) -> list[str]:
    """References of the marchés active in `month` (a lot running, or hours entered), in order."""
    first, last = month_bounds(month)
    return [m.ref for m in repo.markets_active_in(session, first, last, month, buyer_id)]
