"""Field-level checks shared by every form and importer: required text, NIR refusal, numbers, dates, codes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from clausedesk.core.errors import ValidationError
from clausedesk.core.rules.identifiers import refuse_nir


def text(value: str | None, field: str, *, required: bool = False, max_len: int = 300) -> str | None:
    """Strip, refuse an NIR-shaped string, enforce presence and length; empty → None."""
    cleaned = (value or "").strip()
    if not cleaned:
        if required:
            raise ValidationError(field, "ce champ est obligatoire.")
        return None
    if len(cleaned) > max_len:
        raise ValidationError(field, f"{max_len} caractères au plus ({len(cleaned)} saisis).")
    refuse_nir(cleaned, field)
    return cleaned


def required_text(value: str | None, field: str, max_len: int = 300) -> str:
    result = text(value, field, required=True, max_len=max_len)
    assert result is not None
    return result


def choice(value: str | None, field: str, allowed: Iterable[str], *, required: bool = True) -> str | None:
    if not value:
        if required:
            raise ValidationError(field, "choisissez une valeur dans la liste.")
        return None
    options = list(allowed)
    if value not in options:
        raise ValidationError(
            field, f"valeur « {value} » inconnue ; valeurs possibles : {', '.join(options)}."
        )
    return value


MAX_EUROS = Decimal("100000000")


def euros(value: Decimal | str | None, field: str) -> Decimal | None:
    """An optional amount in euros: positive, at most two decimals, below 100 million; None when empty."""
    amount = decimal(value, field, required=False, maximum=MAX_EUROS)
    if amount is not None and amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(field, f"un montant en euros a deux décimales au plus (saisi : {value}).")
    return amount


def decimal(
    value: Decimal | int | str | None,
    field: str,
    *,
    required: bool = True,
    minimum: Decimal | None = Decimal(0),
    maximum: Decimal | None = None,
) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError(field, "un nombre est attendu.")
        return None
    if isinstance(value, str):
        from clausedesk.core.formatting import AmbiguousNumberError, parse_decimal

        try:
            value = parse_decimal(value)
        except AmbiguousNumberError as exc:
            raise ValidationError(field, f"{exc.advice}.") from exc
        except ValueError as exc:
            raise ValidationError(field, f"« {value} » n'est pas un nombre (exemple : 35,5).") from exc
    d = Decimal(value)
    if minimum is not None and d < minimum:
        raise ValidationError(field, f"doit être supérieur ou égal à {minimum} (saisi : {d}).")
    if maximum is not None and d > maximum:
        raise ValidationError(field, f"doit être inférieur ou égal à {maximum} (saisi : {d}).")
    return d


def required_decimal(value: Decimal | int | str | None, field: str, **kwargs: Decimal | None) -> Decimal:
    result = decimal(value, field, required=True, **kwargs)
    assert result is not None
    return result


def date_order(start: date | None, end: date | None, end_field: str = "Date de fin") -> None:
    if start is not None and end is not None and end < start:
        raise ValidationError(end_field, "doit être postérieure ou égale à la date de début.")


def required_date(value: date | None, field: str) -> date:
    if value is None:
        raise ValidationError(field, "une date est attendue (jj/mm/aaaa).")
    return value
