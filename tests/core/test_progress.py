"""Tests of progress rules: prorata temporis, progress and lateness, months."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from clausedesk.core.errors import ValidationError
from clausedesk.core.rules.progress import (
    DEFAULT_LATE_TOLERANCE,
    Progress,
    add_months,
    check_month,
    compute_progress,
    max_hours_in_month,
    month_bounds,
    month_of,
    months_between,
    prorata_temporis,
)

D = Decimal

# --------------------------------------------------------------------------------------------
# Prorata temporis
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "on", "expected"),
    [
        # 10-day lot, 1 to 10 January
        (date(2024, 1, 1), date(2024, 1, 10), date(2024, 1, 1), D(1) / D(10)),
        (date(2024, 1, 1), date(2024, 1, 10), date(2024, 1, 4), D("0.4")),
        (date(2024, 1, 1), date(2024, 1, 10), date(2024, 1, 5), D("0.5")),
        (date(2024, 1, 1), date(2024, 1, 10), date(2024, 1, 9), D("0.9")),
        (date(2024, 1, 1), date(2024, 1, 10), date(2024, 1, 10), D(1)),
        # clamped before the start and after the end
        (date(2024, 1, 1), date(2024, 1, 10), date(2023, 12, 31), D(0)),
        (date(2024, 1, 1), date(2024, 1, 10), date(2020, 1, 1), D(0)),
        (date(2024, 1, 1), date(2024, 1, 10), date(2024, 1, 11), D(1)),
        (date(2024, 1, 1), date(2024, 1, 10), date(2030, 6, 1), D(1)),
        # one-day lot
        (date(2024, 3, 15), date(2024, 3, 15), date(2024, 3, 15), D(1)),
        (date(2024, 3, 15), date(2024, 3, 15), date(2024, 3, 14), D(0)),
        # a leap year: 366 days
        (date(2024, 1, 1), date(2024, 12, 31), date(2024, 6, 30), D(182) / D(366)),
        (date(2024, 1, 1), date(2024, 12, 31), date(2024, 2, 29), D(60) / D(366)),
        # a year and a half spanning two years
        (date(2023, 7, 1), date(2024, 12, 31), date(2023, 12, 31), D(184) / D(550)),
    ],
)
def test_prorata_temporis(start: date, end: date, on: date, expected: D) -> None:
    result = prorata_temporis(start, end, on)
    assert result == expected
    assert D(0) <= result <= D(1)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2024, 1, 10), date(2024, 1, 9)),
        (date(2024, 1, 1), date(2023, 12, 31)),
        (date(2025, 1, 1), date(2024, 1, 1)),
    ],
)
def test_prorata_temporis_refuses_end_before_start(start: date, end: date) -> None:
    with pytest.raises(ValidationError) as caught:
        prorata_temporis(start, end, date(2024, 6, 1))
    assert caught.value.field == "Date de fin"
    assert caught.value.reason == "doit être postérieure ou égale à la date de début"


# --------------------------------------------------------------------------------------------
# Progress
# --------------------------------------------------------------------------------------------

START = date(2024, 1, 1)
END = date(2024, 1, 10)  # 10 days: day n gives a prorata of n/10


@pytest.mark.parametrize(
    ("objective", "realised", "on", "achieved", "remaining", "prorata", "expected", "late"),
    [
        # DOMAIN: 40 % of the time, 10 % of the hours: late
        (D(1000), D(100), date(2024, 1, 4), D(10), D(900), D("0.4"), D(400), True),
        # 40 % of the time, 36 % of the hours: exactly at the tolerance, not late
        (D(1000), D(360), date(2024, 1, 4), D(36), D(640), D("0.4"), D(400), False),
        # 359 h: just below 360, late
        (D(1000), D(359), date(2024, 1, 4), D("35.9"), D(641), D("0.4"), D(400), True),
        # ahead of schedule
        (D(1000), D(500), date(2024, 1, 4), D(50), D(500), D("0.4"), D(400), False),
        # before the start nothing is expected
        (D(1000), D(0), date(2023, 12, 1), D(0), D(1000), D(0), D(0), False),
        # after the end, 90 % of the objective is needed
        (D(1000), D(899), date(2024, 2, 1), D("89.9"), D(101), D(1), D(1000), True),
        (D(1000), D(900), date(2024, 2, 1), D(90), D(100), D(1), D(1000), False),
        # over-achieved: remaining stays at 0
        (D(1000), D(1250), date(2024, 1, 10), D(125), D(0), D(1), D(1000), False),
        # objective 0: no percentage, nothing remaining, never late
        (D(0), D(0), date(2024, 1, 5), None, D(0), D("0.5"), D(0), False),
        (D(0), D(35), date(2024, 1, 5), None, D(0), D("0.5"), D(0), False),
        # fractional hours
        (D("833"), D("83.3"), date(2024, 1, 1), D(10), D("749.7"), D("0.1"), D("83.3"), False),
    ],
)
def test_compute_progress(
    objective: D,
    realised: D,
    on: date,
    achieved: D | None,
    remaining: D,
    prorata: D,
    expected: D,
    late: bool,
) -> None:
    progress = compute_progress(objective, realised, START, END, on)
    assert progress == Progress(
        objective=objective,
        realised=realised,
        achieved_pct=achieved,
        remaining=remaining,
        prorata=prorata,
        expected=expected,
        late=late,
    )


@pytest.mark.parametrize("realised", [D(0), D(10), D(100000)])
def test_compute_progress_without_objective(realised: D) -> None:
    progress = compute_progress(None, realised, START, END, date(2024, 1, 5))
    assert progress.objective is None
    assert progress.achieved_pct is None
    assert progress.remaining is None
    assert progress.expected is None
    assert progress.prorata == D("0.5")
    assert progress.late is False


@pytest.mark.parametrize(
    ("tolerance", "realised", "late"),
    [
        (D(0), D(399), True),
        (D(0), D(400), False),
        (D("0.25"), D(299), True),
        (D("0.25"), D(300), False),
        (D(1), D(0), False),  # a tolerance of 100 % is never late
        (DEFAULT_LATE_TOLERANCE, D(359), True),
    ],
)
def test_compute_progress_tolerance(tolerance: D, realised: D, late: bool) -> None:
    progress = compute_progress(D(1000), realised, START, END, date(2024, 1, 4), tolerance)
    assert progress.late is late


def test_compute_progress_is_frozen() -> None:
    progress = compute_progress(D(10), D(1), START, END, START)
    with pytest.raises(AttributeError):
        progress.late = True  # type: ignore[misc]


@pytest.mark.parametrize(
    ("objective", "realised", "tolerance", "end", "field"),
    [
        (D(-1), D(0), D("0.1"), END, "Objectif d'heures"),
        (D("NaN"), D(0), D("0.1"), END, "Objectif d'heures"),
        (D(100), D(-1), D("0.1"), END, "Heures réalisées"),
        (D(100), D("Infinity"), D("0.1"), END, "Heures réalisées"),
        (D(100), D(10), D("-0.1"), END, "Tolérance de retard"),
        (D(100), D(10), D("1.5"), END, "Tolérance de retard"),
        (D(100), D(10), D("0.1"), date(2023, 12, 31), "Date de fin"),
    ],
)
def test_compute_progress_refuses(objective: D, realised: D, tolerance: D, end: date, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        compute_progress(objective, realised, START, end, START, tolerance)
    assert caught.value.field == field


# --------------------------------------------------------------------------------------------
# Months
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03", "2024-03"),
        (" 2024-03 ", "2024-03"),
        ("2024-3", "2024-03"),
        ("2024/03", "2024-03"),
        ("2024.12", "2024-12"),
        ("03/2024", "2024-03"),
        ("3/2024", "2024-03"),
        ("12-2023", "2023-12"),
        ("1900-01", "1900-01"),
        ("2199-12", "2199-12"),
    ],
)
def test_check_month(value: str, expected: str) -> None:
    assert check_month(value) == expected


@pytest.mark.parametrize(
    ("value", "reason_part"),
    [
        ("", "format attendu AAAA-MM"),
        ("2024", "format attendu AAAA-MM"),
        ("24-03", "format attendu AAAA-MM"),
        ("2024-003", "format attendu AAAA-MM"),
        ("2024 03", "format attendu AAAA-MM"),
        ("mars 2024", "format attendu AAAA-MM"),
        ("2024-03-01", "format attendu AAAA-MM"),
        ("2024-13", "le mois 13 n'existe pas"),
        ("2024-00", "le mois 00 n'existe pas"),
        ("13/2024", "le mois 13 n'existe pas"),
        ("1899-12", "l'année 1899 est hors de la plage 1900–2199"),
        ("0224-05", "l'année 224 est hors de la plage"),
        ("2200-01", "l'année 2200 est hors de la plage"),
    ],
)
def test_check_month_refuses(value: str, reason_part: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_month(value)
    assert caught.value.field == "Mois"
    assert reason_part in caught.value.reason
    assert "format attendu AAAA-MM" in caught.value.reason


@pytest.mark.parametrize(
    ("month", "first", "last"),
    [
        ("2024-01", date(2024, 1, 1), date(2024, 1, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2023-02", date(2023, 2, 1), date(2023, 2, 28)),
        ("2000-02", date(2000, 2, 1), date(2000, 2, 29)),
        ("1900-02", date(1900, 2, 1), date(1900, 2, 28)),
        ("2024-04", date(2024, 4, 1), date(2024, 4, 30)),
        ("2024-12", date(2024, 12, 1), date(2024, 12, 31)),
    ],
)
def test_month_bounds(month: str, first: date, last: date) -> None:
    assert month_bounds(month) == (first, last)


@pytest.mark.parametrize("month", ["2024-13", "abc", ""])
def test_month_bounds_refuses(month: str) -> None:
    with pytest.raises(ValidationError) as caught:
        month_bounds(month)
    assert caught.value.field == "Mois"
    assert "format attendu AAAA-MM" in caught.value.reason


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 1, 1), "2024-01"),
        (date(2024, 12, 31), "2024-12"),
        (date(2024, 2, 29), "2024-02"),
        (date(999, 5, 5), "0999-05"),
    ],
)
def test_month_of(day: date, expected: str) -> None:
    assert month_of(day) == expected


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("2024-03", "2024-03", ["2024-03"]),
        ("2024-01", "2024-03", ["2024-01", "2024-02", "2024-03"]),
        ("2023-11", "2024-02", ["2023-11", "2023-12", "2024-01", "2024-02"]),
        ("03/2024", "2024-4", ["2024-03", "2024-04"]),
    ],
)
def test_months_between(first: str, last: str, expected: list[str]) -> None:
    assert months_between(first, last) == expected


def test_months_between_spans_years() -> None:
    months = months_between("2020-01", "2024-12")
    assert len(months) == 60
    assert months[0] == "2020-01"
    assert months[-1] == "2024-12"
    assert months[12] == "2021-01"


@pytest.mark.parametrize(
    ("first", "last", "field"),
    [
        ("2024-03", "2024-02", "Mois de fin"),
        ("2024-01", "2023-12", "Mois de fin"),
        ("2024-13", "2024-12", "Mois"),
        ("2024-01", "fin", "Mois"),
    ],
)
def test_months_between_refuses(first: str, last: str, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        months_between(first, last)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        ("2024-01", D(310)),
        ("2024-02", D(290)),
        ("2023-02", D(280)),
        ("2024-04", D(300)),
        ("2024-12", D(310)),
    ],
)
def test_max_hours_in_month(month: str, expected: D) -> None:
    assert max_hours_in_month(month) == expected


def test_max_hours_in_month_refuses_bad_month() -> None:
    with pytest.raises(ValidationError) as caught:
        max_hours_in_month("2024-14")
    assert caught.value.field == "Mois"


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 3, 15), 24, date(2028, 3, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 12, 1), 1, date(2027, 1, 1)),
        (date(2026, 1, 10), -13, date(2024, 12, 10)),
    ],
)
def test_add_months_clamps_to_the_last_day(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected
