"""Tests of the hours objective: the formula, its rounding, its refusals, the forced value."""

from __future__ import annotations

from decimal import Decimal

import pytest

from clausedesk.core.errors import ValidationError
from clausedesk.core.rules.objective import effective_objective, french_decimal, hours_objective

D = Decimal


@pytest.mark.parametrize(
    ("amount", "share", "rate", "cost", "expected"),
    [
        # The DOMAIN example: 1 000 000 € × 50 % × 5 % ÷ 30 €/h = 833,33 h
        (D("1000000"), D("50"), D("5"), D("30"), D("833")),
        # Painting, 70 % labour, 10 % insertion, 25 €/h: 200 000 × 0,7 × 0,1 ÷ 25 = 560
        (D("200000"), D("70"), D("10"), D("25"), D("560")),
        # Steel frame, 20 % labour, 5 %, 28 €/h: 2 500 000 × 0,2 × 0,05 ÷ 28 = 892,857...
        (D("2500000"), D("20"), D("5"), D("28"), D("893")),
        # ANRU, masonry: 750 000 × 0,5 × 0,05 ÷ 27,5 = 681,818...
        (D("750000"), D("50"), D("5"), D("27.5"), D("682")),
        # Exactly half an hour rounds up
        (D("1500"), D("50"), D("10"), D("30"), D("3")),  # 2,5 → 3
        (D("2100"), D("50"), D("10"), D("30"), D("4")),  # 3,5 → 4
        (D("900"), D("50"), D("10"), D("30"), D("2")),  # 1,5 → 2
        # Just below half rounds down
        (D("1499.99"), D("50"), D("10"), D("30"), D("2")),
        # Decimal inputs (cents, fractional percentages)
        (D("123456.78"), D("45.5"), D("7.25"), D("26.40"), D("154")),
        # Zeros give a zero objective
        (D("0"), D("50"), D("5"), D("30"), D("0")),
        (D("1000000"), D("0"), D("5"), D("30"), D("0")),
        (D("1000000"), D("50"), D("0"), D("30"), D("0")),
        # Bounds of the percentages are accepted
        (D("30000"), D("100"), D("100"), D("30"), D("1000")),
        # Large amounts stay exact
        (D("98765432109.87"), D("33.3"), D("12.5"), D("29.99"), D("137082731")),
        # Small lots
        (D("10000"), D("60"), D("5"), D("30"), D("10")),
    ],
)
def test_hours_objective(amount: D, share: D, rate: D, cost: D, expected: D) -> None:
    result = hours_objective(amount, share, rate, cost)
    assert result == expected
    assert result == result.to_integral_value()
    assert result.as_tuple().exponent == 0


@pytest.mark.parametrize(
    ("amount", "share", "rate", "cost", "field", "reason"),
    [
        (D("-1"), D("50"), D("5"), D("30"), "Montant HT", "doit être positif ou nul (valeur saisie : -1)"),
        (
            D("-1000.5"),
            D("50"),
            D("5"),
            D("30"),
            "Montant HT",
            "doit être positif ou nul (valeur saisie : -1000,5)",
        ),
        (
            D("1000"),
            D("100.01"),
            D("5"),
            D("30"),
            "Part main-d'œuvre",
            "doit être compris entre 0 et 100 % (valeur saisie : 100,01)",
        ),
        (
            D("1000"),
            D("-5"),
            D("5"),
            D("30"),
            "Part main-d'œuvre",
            "doit être compris entre 0 et 100 % (valeur saisie : -5)",
        ),
        (
            D("1000"),
            D("50"),
            D("120"),
            D("30"),
            "Taux d'insertion",
            "doit être compris entre 0 et 100 % (valeur saisie : 120)",
        ),
        (
            D("1000"),
            D("50"),
            D("-0.1"),
            D("30"),
            "Taux d'insertion",
            "doit être compris entre 0 et 100 % (valeur saisie : -0,1)",
        ),
        (
            D("1000"),
            D("50"),
            D("5"),
            D("0"),
            "Coût horaire",
            "doit être strictement positif (valeur saisie : 0)",
        ),
        (
            D("1000"),
            D("50"),
            D("5"),
            D("-30"),
            "Coût horaire",
            "doit être strictement positif (valeur saisie : -30)",
        ),
        (D("NaN"), D("50"), D("5"), D("30"), "Montant HT", "doit être un nombre"),
        (D("Infinity"), D("50"), D("5"), D("30"), "Montant HT", "doit être un nombre"),
        (D("1000"), D("NaN"), D("5"), D("30"), "Part main-d'œuvre", "doit être un nombre"),
        (D("1000"), D("50"), D("sNaN"), D("30"), "Taux d'insertion", "doit être un nombre"),
        (D("1000"), D("50"), D("5"), D("Infinity"), "Coût horaire", "doit être un nombre"),
    ],
)
def test_hours_objective_refuses(amount: D, share: D, rate: D, cost: D, field: str, reason: str) -> None:
    with pytest.raises(ValidationError) as caught:
        hours_objective(amount, share, rate, cost)
    assert caught.value.field == field
    assert caught.value.reason == reason


def test_hours_objective_checks_fields_in_order() -> None:
    with pytest.raises(ValidationError) as caught:
        hours_objective(D("-1"), D("200"), D("200"), D("0"))
    assert caught.value.field == "Montant HT"


@pytest.mark.parametrize(
    ("computed", "forced", "expected"),
    [
        (D("833"), None, D("833")),
        (D("833"), D("1000"), D("1000")),
        (D("833"), D("0"), D("0")),  # a forced zero wins too
        (None, D("500"), D("500")),
        (None, None, None),
        (D("0"), None, D("0")),
        (D("833"), D("833.5"), D("833.5")),
    ],
)
def test_effective_objective(computed: D | None, forced: D | None, expected: D | None) -> None:
    assert effective_objective(computed, forced) == expected


@pytest.mark.parametrize(
    ("forced", "reason"),
    [
        (D("-1"), "doit être positif ou nul (valeur saisie : -1)"),
        (D("-0.5"), "doit être positif ou nul (valeur saisie : -0,5)"),
        (D("NaN"), "doit être un nombre"),
    ],
)
def test_effective_objective_refuses(forced: D, reason: str) -> None:
    with pytest.raises(ValidationError) as caught:
        effective_objective(D("833"), forced)
    assert caught.value.field == "Objectif forcé"
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    ("value", "expected"),
    [(D("1000.5"), "1000,5"), (D("-3"), "-3"), (D("1E+3"), "1000"), (D("0.10"), "0,10")],
)
def test_french_decimal(value: D, expected: str) -> None:
    assert french_decimal(value) == expected
