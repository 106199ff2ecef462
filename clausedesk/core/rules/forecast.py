"""Forecast of a lot's hours at its end from its recent pace, the gap to its objective, the penalty at stake.

The pace is the mean of the counted hours of the last `PACE_MONTHS` calendar months up to the reference
month included, over the months of that window during which the lot ran (a lot that started two months
ago is averaged over two months, not three). A lot with no hour in the window has a pace of 0: its
forecast is what it has already realised. The months left run from the day after the reference month to
the lot's end, a partly covered month counting for its share of days.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from clausedesk.core.rules.progress import month_bounds, months_between

PACE_MONTHS = 3
"""Width of the pace window, in calendar months (the reference month and the two before it)."""

_ZERO = Decimal(0)
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Forecast:
    """A lot's forecast at its end. Hours and euros are exact Decimals (rounded to hundredths)."""

    objective: Decimal
    realised: Decimal  # hours counted on the lot itself up to the reference month included
    allocated: Decimal  # hours allocated to it from another lot of a convention de globalisation
    pace: Decimal  # hours per month over the window
    pace_months: int  # months of the window during which the lot ran
    months_left: Decimal  # from the end of the reference month to the lot's end
    forecast_at_end: Decimal
    gap: Decimal  # hours missing at the end (0 when the forecast reaches the objective)
    penalty_at_stake: Decimal | None  # gap × the lot's penalty per hour, None when it sets none

    @property
    def short(self) -> bool:
        return self.gap > 0


def window(month: str, start: date) -> list[str]:
    """The months of the pace window ending with `month` during which a lot started on `start` ran."""
    months = months_between(_shift(month, 1 - PACE_MONTHS), month)
    first = f"{start.year:04d}-{start.month:02d}"
    return [m for m in months if m >= first] or [month]


def _shift(month: str, delta: int) -> str:
    index = int(month[:4]) * 12 + int(month[5:]) - 1 + delta
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def months_left(month: str, end: date) -> Decimal:
    """Calendar months from the day after `month` to `end` included, a partial month by its share of days."""
    last = month_bounds(month)[1]
    if end <= last:
        return _ZERO
    following = _shift(month, 1)
    end_month = f"{end.year:04d}-{end.month:02d}"
    whole = len(months_between(following, end_month)) - 1 if end_month >= following else 0
    days_in_end_month = calendar.monthrange(end.year, end.month)[1]
    return Decimal(whole) + Decimal(end.day) / Decimal(days_in_end_month)


def forecast(objective: Decimal, realised: Decimal, allocated: Decimal, window_hours: Decimal,
             pace_months: int, left: Decimal, penalty_per_hour: Decimal | None) -> Forecast:  # fmt: skip
    """The forecast at the end: realised + allocated + pace × months left (pace = window hours / months)."""
    pace = (window_hours / Decimal(max(pace_months, 1))).quantize(_CENT, ROUND_HALF_UP)
    at_end = (realised + allocated + window_hours * left / Decimal(max(pace_months, 1))).quantize(
        _CENT, ROUND_HALF_UP
    )
    gap = max(objective - at_end, _ZERO).quantize(_CENT, ROUND_HALF_UP)
    penalty = None if penalty_per_hour is None else (gap * penalty_per_hour).quantize(_CENT, ROUND_HALF_UP)
    return Forecast(objective, realised, allocated, pace, pace_months, left.quantize(_CENT, ROUND_HALF_UP),
                    at_end, gap, penalty)  # fmt: skip
