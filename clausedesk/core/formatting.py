"""French formatting of numbers, hours, money, percentages and dates, shared by the window and the reports."""

from __future__ import annotations

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


def date_fr(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def month_label(month: str) -> str:
    """`2026-03` → `mars 2026`."""
    year, mm = month.split("-")
    return f"{MONTHS_FR[int(mm) - 1]} {year}"


def parse_decimal(text: str) -> Decimal:
    """What people type: `35,5`, ` 1 234,50 `, `1.234,5`? (no: dots are decimals when alone).

    Raises ValueError when the text is not a number.
    """
    cleaned = text.strip().replace(NNBSP, "").replace("\u00a0", "").replace(" ", "")
    if cleaned.count(",") == 1 and "." in cleaned:
        cleaned = cleaned.replace(".", "")
    cleaned = cleaned.replace(",", ".")
    if not cleaned:
        raise ValueError("vide")
    try:
        value = Decimal(cleaned)
    except Exception as exc:
        raise ValueError(text) from exc
    if not value.is_finite():
        raise ValueError(text)
    return value
