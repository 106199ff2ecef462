"""Forecasts of the running lots at their end and the penalty at stake (command line, home, dashboard).

`realised` is what was counted on the lot itself; `allocated` the net hours a convention de globalisation
moved to it (negative when the lot gave hours away) up to the reference month: the forecast counts both,
so that an hour counts once across the lots. `realised` includes the hours of pre-hiring training counted
on the lot (sessions ended by the reference month, when the lot counts training hours).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from clausedesk.core.formatting import date_fr, hours, money
from clausedesk.core.rules.forecast import PACE_MONTHS, Forecast, forecast, months_left, window
from clausedesk.core.rules.progress import month_bounds
from clausedesk.db.repositories import forecast as repo
from clausedesk.db.repositories.conventions import net_allocated
from clausedesk.db.repositories.trainings import training_hours

_ZERO = Decimal(0)


@dataclass(frozen=True)
class LotForecast:
    lot_uuid: str
    lot_ref: str
    lot_number: str
    market_ref: str
    end: date
    figures: Forecast

    def as_json(self) -> dict[str, Any]:
        """The public JSON object of `clausedesk forecast --json` (hours and euros as numbers)."""
        f = self.figures
        penalty = None if f.penalty_at_stake is None else float(f.penalty_at_stake)
        return {
            "lot_ref": self.lot_ref,
            "objective": float(f.objective),
            "realised": float(f.realised),
            "allocated": float(f.allocated),
            "forecast_at_end": float(f.forecast_at_end),
            "gap": float(f.gap),
            "penalty_at_stake": penalty,
        }

    def warning(self, today: date | None = None, label: str = "") -> str | None:
        """The French alert when the lot is forecast short while it still runs (after `today`, else after the
        reference month); `label` names the lot (its reference by default)."""
        f = self.figures
        if not f.short or (today is not None and self.end <= today) or f.months_left <= 0:
            return None
        pace = (f"au rythme des {f.pace_months} derniers mois ({hours(f.pace, 0)} par mois)" if f.pace
                else "sans heure réalisée ces derniers mois")  # fmt: skip
        stake = f", soit {money(f.penalty_at_stake)} de pénalités en jeu" if f.penalty_at_stake else ""
        return (
            f"{label or 'Lot ' + self.lot_ref} : {pace}, {hours(f.forecast_at_end, 0)} prévues à sa fin le "
            f"{date_fr(self.end)} pour un objectif de {hours(f.objective, 0)} ; il manquerait "
            f"{hours(f.gap, 0)}{stake}. Il reste le temps d'agir : recrutement, relevés en attente."
        )


def lot_forecasts(session: Session, month: str, market_id: int | None = None) -> list[LotForecast]:
    """The forecast of every lot running in `month` ("AAAA-MM"), seen from the end of that month."""
    first, last = month_bounds(month)
    lots = repo.running_lots(session, first, last, market_id)
    per_month = repo.hours_by_month(session, [lot.id for lot in lots], month)
    allocated = net_allocated(session, [lot.id for lot in lots], up_to=month)
    training = training_hours(session, [lot.id for lot in lots], up_to=month)  # pre-hiring, when it counts
    out = []
    for lot in lots:
        months = per_month.get(lot.id, {})
        span = window(month, lot.start)
        realised = sum(months.values(), _ZERO) + training.get(lot.id, _ZERO)
        in_window = sum((months.get(m, _ZERO) for m in span), _ZERO)
        figures = forecast(lot.objective, realised, allocated.get(lot.id, _ZERO), in_window, len(span),
                           months_left(month, lot.end), lot.penalty_per_hour)  # fmt: skip
        out.append(LotForecast(lot.uuid, lot.ref, lot.number, lot.market_ref, lot.end, figures))
    return out


__all__ = ["PACE_MONTHS", "LotForecast", "lot_forecasts"]
