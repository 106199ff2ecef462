"""French formatting of numbers, hours, money, percentages and dates, shared by the window and the reports."""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

NNBSP = "\u202f"  # narrow no-break space: the French thousands separator

MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def number(value: Decimal | float | int | None, decimals: int = 0) -> str:
    """`1234.5` → `1 234,5` (narrow no-break space, decimal comma); None → empty."""
    if value is None:
        return ""
    quant = Decimal(1).scaleb(-decimals)
    d = Decimal(str(value)).quantize(quant, rounding=ROUND_HALF_UP)
    sign = "-" if d < 0 else ""
    text = f"{abs(d):.{decimals}f}"
    whole, _, frac = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = NNBSP.join(groups)
    return f"{sign}{out},{frac}" if frac else f"{sign}{out}"


def hours(value: Decimal | float | int | None, decimals: int = 1) -> str:
    """`1234.5` → `1 234,5 h`; whole numbers print without decimals."""
    if value is None:
        return ""
    d = Decimal(str(value))
    return f"{number(d, 0 if d == d.to_integral_value() else decimals)}\u00a0h"


def money(value: Decimal | float | int | None) -> str:
    if value is None:
        return ""
    return f"{number(value, 2)}\u00a0€"


def percent(fraction: Decimal | float | None, decimals: int = 0) -> str:
    """A fraction (0.25) as `25 %`."""
    if fraction is None:
        return "–"
    return f"{number(Decimal(str(fraction)) * 100, decimals)}\u00a0%"


def plural(count: int | Decimal, singular: str, plural_form: str, *, show: bool = True) -> str:
    """`plural(1, "contrat", "contrats")` → `1 contrat`; 0 and 1 take the singular, as in French.

    With show=False only the word (for « l'entreprise est utilisée par » sentences built around it).
    """
    word = singular if -2 < count < 2 else plural_form
    return f"{number(count)} {word}" if show else word


def date_fr(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def month_label(month: str) -> str:
    """`2026-03` → `mars 2026`."""
    year, mm = month.split("-")
    return f"{MONTHS_FR[int(mm) - 1]} {year}"


class AmbiguousNumberError(ValueError):
    """A text that could be read as two numbers (or as a power of ten): `advice` says what to type."""

    def __init__(self, text: str, advice: str) -> None:
        super().__init__(text)
        self.advice = advice


# One decimal separator at most (comma or dot), digits only: `35,5`, `35.5`, `-2`, `1234,50`.
_PLAIN = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)", re.ASCII)
# French with dots between thousands: `1.234,5`, `12.345.678` is refused (see below).
_DOTTED_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+,\d*", re.ASCII)
_EXPONENT = re.compile(r"\d[eE][+-]?\d", re.ASCII)


def parse_decimal(text: str) -> Decimal:
    """What people type: `35,5`, `35.5`, ` 1 234,50 `, `1.234,5` (dots between thousands, comma decimal).

    Refused, since they could mean two numbers: `1,234.5` (English grouping: 1234.5 or 1.2345?), `1,234,5`,
    `1.234.567`, and exponents (`12e3`, which looks like a typing slip, not 12 000). Raises
    AmbiguousNumberError (a ValueError with French advice) for those, ValueError for what is no number.
    """
    cleaned = text.strip().replace(NNBSP, "").replace("\u00a0", "").replace(" ", "")
    if not cleaned:
        raise ValueError("vide")
    if _EXPONENT.search(cleaned):
        raise AmbiguousNumberError(
            text,
            f"« {text.strip()} » est écrit avec un exposant : tapez le nombre en chiffres, sans « e » "
            "(par exemple 12000 et non 12e3)",
        )
    if _DOTTED_THOUSANDS.fullmatch(cleaned):
        cleaned = cleaned.replace(".", "")
    elif not _PLAIN.fullmatch(cleaned):
        if re.fullmatch(r"[+-]?[\d.,]+", cleaned, re.ASCII):
            raise AmbiguousNumberError(
                text,
                f"« {text.strip()} » est ambigu (séparateurs de milliers et de décimales mêlés) : tapez "
                "le nombre sans séparateur de milliers, avec une virgule pour les décimales (par exemple "
                "1234,5)",
            )
        raise ValueError(text)
    try:
        value = Decimal(cleaned.replace(",", "."))
    except Exception as exc:
        raise ValueError(text) from exc
    if not value.is_finite():
        raise ValueError(text)
    return value
