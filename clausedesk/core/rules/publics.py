"""Publics at entry: the public categories a person counts in for a contract, judged on its start date.

One rule for every figure (dashboards, bilan, annual list, package aggregates, comité, `stats`):
- the categories are those of the eligibility validations in force on the contract's start date
  (valid from ≤ start ≤ valid until), never of a validation made before or after;
- the age publics (moins de 26 ans, 50 ans et plus) come from the birth date at that start date,
  never from a typed validation: the typed age categories are left out of the count, and a
  validation of an age public that contradicts the birth date is refused (`check_age_categories`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from clausedesk.core.errors import ValidationError
from clausedesk.core.rules.people import age_at

__all__ = [
    "AGE_PUBLIC_LABELS",
    "MOINS_26",
    "PLUS_50",
    "TYPED_AGE_CATEGORIES",
    "ValidationSpan",
    "age_publics",
    "check_age_categories",
    "eligible_on",
    "publics_at_entry",
]

MOINS_26 = "moins_26"
"""Age public: under 26 on the contract's start date."""

PLUS_50 = "50_plus"
"""Age public: 50 or older on the contract's start date."""

AGE_PUBLIC_LABELS: dict[str, str] = {
    MOINS_26: "Moins de 26 ans à l'entrée",
    PLUS_50: "50 ans et plus à l'entrée",
}

TYPED_AGE_CATEGORIES: dict[str, str] = {
    "JEUNE_SANS_QUALIF": MOINS_26,
    "JEUNE_QUALIF": MOINS_26,
    "SENIOR_50": PLUS_50,
}
"""Reference category codes that state an age public (checked against the birth date, never counted)."""


@dataclass(frozen=True)
class ValidationSpan:
    """One eligibility validation as the rule sees it: its period of validity and its category codes."""

    valid_from: date
    valid_until: date | None
    codes: frozenset[str]
    avis_motive: bool = False

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)


def age_publics(birth: date | None, on: date) -> frozenset[str]:
    """{MOINS_26} under 26 on `on`, {PLUS_50} from 50; nothing without a usable birth date."""
    if birth is None or birth > on:
        return frozenset()
    age = age_at(birth, on)
    if age < 26:
        return frozenset({MOINS_26})
    if age >= 50:
        return frozenset({PLUS_50})
    return frozenset()


def publics_at_entry(spans: Iterable[ValidationSpan], birth: date | None, start: date) -> frozenset[str]:
    """The person's publics for a contract starting on `start`: validated categories in force that day
    (typed age categories left out) and the age public of the birth date at that day."""
    validated = {code for span in spans if span.in_force(start) for code in span.codes}
    return frozenset(validated - TYPED_AGE_CATEGORIES.keys()) | age_publics(birth, start)


def eligible_on(spans: Iterable[ValidationSpan], on: date) -> bool:
    """Whether a validation is in force on `on` (an avis motivé counts: it is saved only with its
    validator and reason)."""
    return any(span.in_force(on) for span in spans)


def check_age_categories(codes: Iterable[str], birth: date | None, on: date) -> None:
    """Refuse (ValidationError, French) a typed age category the birth date contradicts on `on`."""
    wanted = {code: TYPED_AGE_CATEGORIES[code] for code in codes if code in TYPED_AGE_CATEGORIES}
    if not wanted:
        return
    if birth is None:
        raise ValidationError(
            "Catégories de public",
            "une catégorie d'âge (moins de 26 ans, 50 ans et plus) se déduit de la date de naissance : "
            "renseignez d'abord la date de naissance de la personne.",
        )
    actual = age_publics(birth, on)
    for code, public in wanted.items():
        if public not in actual:
            age = age_at(birth, on) if birth <= on else 0
            expected = "moins de 26 ans" if public == MOINS_26 else "50 ans et plus"
            raise ValidationError(
                "Catégories de public",
                f"« {code} » suppose {expected}, or la personne a {age} ans le "
                f"{on.strftime('%d/%m/%Y')} d'après sa date de naissance : décochez cette catégorie "
                "(l'âge à l'entrée est calculé à partir de la date de naissance) ou corrigez la date "
                "de naissance.",
            )
