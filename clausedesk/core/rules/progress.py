"""Progress of a lot's hours against its objective and its prorata temporis; calendar months."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from clausedesk.core.errors import ValidationError
from clausedesk.core.formatting import hours, money
from clausedesk.core.rules.objective import french_decimal
from clausedesk.core.vocab import Modality

__all__ = [
    "DEFAULT_LATE_TOLERANCE",
    "MAX_HOURS_PER_DAY",
    "Progress",
    "check_month",
    "compute_progress",
    "max_hours_in_month",
    "month_bounds",
    "month_of",
    "months_between",
    "prorata_temporis",
]

DEFAULT_LATE_TOLERANCE = Decimal("0.10")
"""A lot is late when its realised hours fall more than 10 % below the prorata-expected hours."""

MAX_HOURS_PER_DAY = Decimal(10)
"""Code du travail, art. L3121-18: 10 hours of actual work per day at most (save exceptions)."""

_ZERO = Decimal(0)
_ONE = Decimal(1)
_HUNDRED = Decimal(100)


# --------------------------------------------------------------------------------------------
# Prorata temporis and progress
# --------------------------------------------------------------------------------------------


def prorata_temporis(start: date, end: date, on: date) -> Decimal:
    """Share of the lot's duration elapsed on `on`, in [0, 1], counting days inclusively.

    ((on - start).days + 1) / ((end - start).days + 1), clamped: 0 before the start, 1 from the
    last day on. On the first day one day out of the total has elapsed.
    """
    if end < start:
        raise ValidationError("Date de fin", "doit être postérieure ou égale à la date de début")
    elapsed = (on - start).days + 1
    total = (end - start).days + 1
    if elapsed <= 0:
        return _ZERO
    if elapsed >= total:
        return _ONE
    return Decimal(elapsed) / Decimal(total)


@dataclass(frozen=True)
class Progress:
    """Where a lot stands on a given day. Decimals are exact; rounding is for display only.

    Without an objective (None) there is nothing to achieve: `achieved_pct`, `remaining` and
    `expected` are None and the lot is never late. With an objective of 0, `achieved_pct` is
    None (no percentage of nothing) while `remaining` and `expected` are 0.
    """

    objective: Decimal | None
    realised: Decimal
    achieved_pct: Decimal | None
    remaining: Decimal | None
    prorata: Decimal
    expected: Decimal | None
    late: bool


def compute_progress(
    objective: Decimal | None,
    realised: Decimal,
    start: date,
    end: date,
    on: date,
    tolerance: Decimal = DEFAULT_LATE_TOLERANCE,
) -> Progress:
    """Progress of `realised` hours against `objective` and the prorata of [start, end] on `on`.

    The lot is late when realised < expected × (1 − tolerance), expected being
    objective × prorata: with the default 10 % tolerance, a lot at 40 % of its time needs at
    least 36 % of its hours.
    """
    if objective is not None and (not objective.is_finite() or objective < 0):
        raise ValidationError("Objectif d'heures", "doit être un nombre positif ou nul")
    if not realised.is_finite() or realised < 0:
        raise ValidationError("Heures réalisées", "doit être un nombre positif ou nul")
    if not tolerance.is_finite() or not _ZERO <= tolerance <= _ONE:
        raise ValidationError(
            "Tolérance de retard",
            f"doit être comprise entre 0 et 1 (valeur saisie : {french_decimal(tolerance)})",
        )
    prorata = prorata_temporis(start, end, on)
    if objective is None:
        return Progress(
            objective=None,
            realised=realised,
            achieved_pct=None,
            remaining=None,
            prorata=prorata,
            expected=None,
            late=False,
        )
    achieved_pct = None if objective == 0 else realised * _HUNDRED / objective
    expected = objective * prorata
    return Progress(
        objective=objective,
        realised=realised,
        achieved_pct=achieved_pct,
        remaining=max(objective - realised, _ZERO),
        prorata=prorata,
        expected=expected,
        late=realised < expected * (_ONE - tolerance),
    )


# --------------------------------------------------------------------------------------------
# Months ("AAAA-MM")
# --------------------------------------------------------------------------------------------

_MONTH_FORMAT = "format attendu AAAA-MM, par exemple 2024-03"
_YEAR_MONTH = re.compile(r"([0-9]{4})[-/.]([0-9]{1,2})", re.ASCII)
_MONTH_YEAR = re.compile(r"([0-9]{1,2})[-/.]([0-9]{4})", re.ASCII)
_FIRST_YEAR = 1900
_LAST_YEAR = 2199


def check_month(value: str) -> str:
    """Return a month as "AAAA-MM", or raise ValidationError("Mois", ...).

    Accepted: "2024-03", "2024-3", "2024/03", and the French order "03/2024" or "3-2024".
    Years outside 1900–2199 are refused as typing errors.
    """
    text = value.strip()
    match = _YEAR_MONTH.fullmatch(text)
    if match is not None:
        year, month = int(match.group(1)), int(match.group(2))
    else:
        match = _MONTH_YEAR.fullmatch(text)
        if match is None:
            shown = f"« {text} » : " if text else ""
            raise ValidationError("Mois", f"{shown}{_MONTH_FORMAT}")
        month, year = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise ValidationError("Mois", f"le mois {month:02d} n'existe pas ({_MONTH_FORMAT})")
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        raise ValidationError(
            "Mois", f"l'année {year} est hors de la plage {_FIRST_YEAR}–{_LAST_YEAR} ({_MONTH_FORMAT})"
        )
    return f"{year:04d}-{month:02d}"


def _year_month(month: str) -> tuple[int, int]:
    normalised = check_month(month)
    return int(normalised[:4]), int(normalised[5:])


def month_bounds(month: str) -> tuple[date, date]:
    """First and last day of a month given as "AAAA-MM"."""
    year, number = _year_month(month)
    return date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])


def month_of(d: date) -> str:
    """The month of a date as "AAAA-MM"."""
    return f"{d.year:04d}-{d.month:02d}"


def months_between(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` included, as "AAAA-MM"; refused when last < first."""
    first_year, first_month = _year_month(first)
    last_year, last_month = _year_month(last)
    start = first_year * 12 + first_month - 1
    stop = last_year * 12 + last_month - 1
    if stop < start:
        raise ValidationError("Mois de fin", "doit être postérieur ou égal au mois de début")
    return [f"{index // 12:04d}-{index % 12 + 1:02d}" for index in range(start, stop + 1)]


def max_hours_in_month(month: str) -> Decimal:
    """Most hours one person can plausibly declare in a month: days in month × 10 h.

    A sanity cap to catch typing errors (1520 for 152), not a labour-law check: 10 h is the
    legal daily maximum (art. L3121-18), applied to every day including weekends, so any real
    schedule, overtime included, stays below it (a 31-day month gives 310 h).
    """
    year, number = _year_month(month)
    return Decimal(calendar.monthrange(year, number)[1]) * MAX_HOURS_PER_DAY


def add_months(d: date, months: int) -> date:
    """The same day `months` later (or earlier), clamped to the month's last day (31/01 + 1 → 28/02)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class CountingOptions:
    """A lot's counting options: which hours make its realised figure (`db.repositories.hours_sql`)."""

    training: bool
    tutoring: bool
    subcontracting: bool
    conversion_cost: Decimal | None  # € per hour converting a sub-contracted amount; None: declared hours

    @classmethod
    def of_lot(cls, lot: Any) -> CountingOptions:
        """A lot's options as the rules read them (a stored lot, or any object with its four fields)."""
        return cls(
            lot.count_training, lot.count_tutoring, lot.count_subcontracting, lot.subcontract_hourly_cost
        )

    def counted(
        self, modality: str, worked: Decimal | None, training: Decimal | None, tutoring: Decimal | None
    ) -> Decimal:
        """One entry's hours that count for the lot: the rule of `hours_sql.counted()`, for rows in memory
        (the hours grid as it is typed). A sub-contracting entry counts only when the lot counts its
        declared hours (sub-contracting on, no conversion cost: the amount stands for them otherwise)."""
        declared_sub = self.subcontracting and self.conversion_cost is None
        if modality == Modality.SOUS_TRAITANCE.value and not declared_sub:
            return Decimal(0)
        out = worked or Decimal(0)
        if self.training and training:
            out += training
        if self.tutoring and tutoring:
            out += tutoring
        return out


def counting_rule(
    options: CountingOptions, tutoring: Decimal = Decimal(0), converted: Decimal = Decimal(0)
) -> str:
    """The lot's counting options in French, printed beside its figures: which hours produced them.

    `tutoring` and `converted` are the tutoring hours and the converted sub-contracted amounts among the
    lot's realised hours, named apart from the worked hours when there are any.
    """
    counted = "travail et formation" if options.training else "travail seulement (formation non comptée)"
    tutor = "tutorat compté" if options.tutoring else "tutorat non compté"
    if options.tutoring and tutoring:
        tutor += f" (dont {hours(tutoring, 2)})"
    if not options.subcontracting:
        sub = "sous-traitance non comptée"
    elif options.conversion_cost:
        sub = f"sous-traitance comptée en montant ÷ {money(options.conversion_cost)} par heure"
        if converted:
            sub += f" (dont {hours(converted, 2)})"
    else:
        sub = "sous-traitance comptée aux heures déclarées"
    return f"Heures comptées : {counted} ; {tutor} ; {sub}"
