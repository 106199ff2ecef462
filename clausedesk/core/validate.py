"""Field-level checks shared by every form and importer: required text, NIR refusal, numbers, dates, codes."""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from clausedesk.core.errors import ValidationError
from clausedesk.core.formatting import MONTHS_FR
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


_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.\- ]+(\d{1,2})[/.\- ]+(\d{4}|\d{2})")
_WORDED_DATE = re.compile(r"(\d{1,2}|1er)\s+([a-z]+)\.?\s+(\d{4}|\d{2})")


def _fold(text: str) -> str:
    """Lower case without accents: « Février » → « fevrier »."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


_MONTH_WORDS = {_fold(m): i + 1 for i, m in enumerate(MONTHS_FR)}
DATE_HINT = "tapez le jour, le mois et l'année (par exemple 05/03/2026, 5/3/26, 05032026 ou 5 mars 2026)"


def _month_of(word: str) -> int | None:
    """« mars », « fev », « févr. », « sept » → month number; None when unknown or ambiguous."""
    w = _fold(word)
    if w in _MONTH_WORDS:
        return _MONTH_WORDS[w]
    found = {n for name, n in _MONTH_WORDS.items() if len(w) >= 3 and name.startswith(w)}
    return found.pop() if len(found) == 1 else None


def parse_date_fr(text: str | None) -> date | None:
    """A date as people type it: `05/03/2026`, `5/3/26`, `05032026`, `050326`, `5.3.2026`, `5 mars 2026`.

    Empty → None. An impossible or unreadable date raises ValueError whose text is the French
    reason (« le 31 février 2026 n'existe pas : février 2026 a 28 jours. »).
    """
    t = " ".join((text or "").split())
    if not t:
        return None
    if t.isdigit() and len(t) in (6, 8):
        t = f"{t[:2]}/{t[2:4]}/{t[4:]}"
    m = _NUMERIC_DATE.fullmatch(t)
    if m is not None:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        w = _WORDED_DATE.fullmatch(_fold(t))
        month_n = _month_of(w.group(2)) if w is not None else None
        if w is None or month_n is None:
            raise ValueError(f"« {t} » n'est pas une date : {DATE_HINT}.")
        day = 1 if w.group(1) == "1er" else int(w.group(1))
        month, year = month_n, int(w.group(3))
    if m is not None and len(m.group(3)) == 2 or m is None and year < 100:
        year += 2000 if year < 70 else 1900
    if not 1 <= month <= 12:
        raise ValueError(f"« {t} » : le mois {month} n'existe pas (de 1 à 12).")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        name = f"{MONTHS_FR[month - 1]} {year}"
        raise ValueError(
            f"« {t} » : le {day} {MONTHS_FR[month - 1]} {year} n'existe pas ({name} a {last} jours)."
        )
    return date(year, month, day)
