"""The hours objective of a lot: computed from its inputs, or forced by the contract text."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

from clausedesk.core.errors import ValidationError

__all__ = ["effective_objective", "french_decimal", "hours_objective"]

_HUNDRED = Decimal(100)
_WHOLE_HOUR = Decimal(1)


def french_decimal(value: Decimal) -> str:
    """Write a Decimal the French way for a message: "-1000,5" (no exponent, comma)."""
    return format(value, "f").replace(".", ",")


def _require_finite(value: Decimal, field: str) -> None:
    if not value.is_finite():
        raise ValidationError(field, "doit être un nombre")


def _require_non_negative(value: Decimal, field: str) -> None:
    _require_finite(value, field)
    if value < 0:
        raise ValidationError(field, f"doit être positif ou nul (valeur saisie : {french_decimal(value)})")


def _require_percentage(value: Decimal, field: str) -> None:
    _require_finite(value, field)
    if not 0 <= value <= _HUNDRED:
        raise ValidationError(
            field,
            f"doit être compris entre 0 et 100 % (valeur saisie : {french_decimal(value)})",
        )


def hours_objective(
    amount_ht: Decimal,
    labour_share_pct: Decimal,
    insertion_rate_pct: Decimal,
    hourly_cost: Decimal,
) -> Decimal:
    """Hours objective = montant HT × part main-d'œuvre × taux d'insertion ÷ coût horaire.

    Percentages are given as percents (50 for 50 %). The result is rounded to the whole hour,
    half up: 1 000 000 € × 50 % × 5 % ÷ 30 €/h = 833,33 → 833 h.
    """
    _require_non_negative(amount_ht, "Montant HT")
    _require_percentage(labour_share_pct, "Part main-d'œuvre")
    _require_percentage(insertion_rate_pct, "Taux d'insertion")
    _require_finite(hourly_cost, "Coût horaire")
    if hourly_cost <= 0:
        raise ValidationError(
            "Coût horaire",
            f"doit être strictement positif (valeur saisie : {french_decimal(hourly_cost)})",
        )
    with localcontext() as context:
        # Enough digits for the products to stay exact before the single division.
        context.prec = 60
        numerator = amount_ht * labour_share_pct * insertion_rate_pct
        hours = numerator / (hourly_cost * _HUNDRED * _HUNDRED)
        return hours.quantize(_WHOLE_HOUR, rounding=ROUND_HALF_UP)


def effective_objective(computed: Decimal | None, forced: Decimal | None) -> Decimal | None:
    """The objective that counts: the forced value when set (≥ 0), else the computed one."""
    if forced is None:
        return computed
    _require_non_negative(forced, "Objectif forcé")
    return forced
