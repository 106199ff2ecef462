"""Column types of the store: exact decimals kept as scaled integers (cents, hundredths of an hour)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Integer
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


def hundredths_of(value: Any) -> int:
    """What the store keeps for an exact decimal: its hundredths, rounded half up (151.67 → 15167)."""
    if type(value) is not Decimal:
        value = Decimal(value)
    return int(value.scaleb(2).to_integral_value(rounding=ROUND_HALF_UP))


class Hundredths(TypeDecorator[Decimal]):
    """A Decimal with two decimals stored as an INTEGER of hundredths.

    Used for money (cents), hours and percentages: sums stay exact in SQL, and SQLite never sees
    a float. `func.sum()` over such a column keeps the type, so aggregates come back as Decimal.
    """

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        return None if value is None else hundredths_of(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return (Decimal(int(value)) / 100).quantize(Decimal("0.01"))

    def process_literal_param(self, value: Any, dialect: Dialect) -> str:
        bound = self.process_bind_param(value, dialect)
        return "NULL" if bound is None else str(bound)

    @property
    def python_type(self) -> type[Decimal]:
        return Decimal
