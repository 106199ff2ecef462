"""The publics-at-entry rule: validations in force on the start date, age publics from the birth date."""

from __future__ import annotations

from datetime import date

import pytest

from clausedesk.core.errors import ValidationError
from clausedesk.core.rules.people import age_at
from clausedesk.core.rules.publics import (
    MOINS_26,
    PLUS_50,
    ValidationSpan,
    age_publics,
    check_age_categories,
    eligible_on,
    publics_at_entry,
)


@pytest.mark.parametrize(
    ("birth", "entry", "expected"),
    [
        (None, date(2024, 1, 1), frozenset()),
        (date(2000, 1, 1), date(2024, 1, 1), frozenset({MOINS_26})),  # 24
        (date(1998, 1, 2), date(2024, 1, 1), frozenset({MOINS_26})),  # 25, the day before
        (date(1998, 1, 1), date(2024, 1, 1), frozenset()),  # 26 on the day of entry
        (date(1985, 6, 1), date(2024, 1, 1), frozenset()),  # 38
        (date(1974, 1, 2), date(2024, 1, 1), frozenset()),  # 49
        (date(1974, 1, 1), date(2024, 1, 1), frozenset({PLUS_50})),  # 50 on the day
        (date(1960, 1, 1), date(2024, 1, 1), frozenset({PLUS_50})),
        (date(2008, 2, 29), date(2024, 9, 1), frozenset({MOINS_26})),
        (date(2024, 2, 1), date(2024, 1, 1), frozenset()),  # birth after entry: no age can be judged
    ],
)
def test_age_publics(birth: date | None, entry: date, expected: frozenset[str]) -> None:
    assert age_publics(birth, entry) == expected


def test_age_publics_are_judged_at_entry() -> None:
    # 25 at entry, 27 today: still counted as a young person for that contract.
    birth, entry = date(1998, 6, 1), date(2024, 1, 15)
    assert age_at(birth, date(2025, 9, 1)) == 27
    assert age_publics(birth, entry) == frozenset({MOINS_26})


BRSA_2017 = ValidationSpan(date(2017, 6, 1), date(2019, 6, 1), frozenset({"BRSA"}))
BRSA_2026 = ValidationSpan(date(2026, 6, 1), None, frozenset({"BRSA"}))
TYPED_YOUNG = ValidationSpan(date(2017, 1, 1), None, frozenset({"JEUNE_SANS_QUALIF", "DELD"}))


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2017, 5, 31), frozenset()),  # the day before the validation
        (date(2017, 6, 1), frozenset({"BRSA"})),  # valid from ≤ start
        (date(2019, 6, 1), frozenset({"BRSA"})),  # start ≤ valid until
        (date(2019, 6, 2), frozenset()),  # expired, and the 2026 one is not yet in force
        (date(2026, 6, 1), frozenset({"BRSA"})),
    ],
)
def test_publics_are_the_validations_in_force_at_start(start: date, expected: frozenset[str]) -> None:
    assert publics_at_entry([BRSA_2017, BRSA_2026], date(1985, 1, 1), start) == expected
    assert eligible_on([BRSA_2017, BRSA_2026], start) == bool(expected)


def test_typed_age_categories_never_count_the_birth_date_does() -> None:
    # validated « jeune » in 2017, but 30 at the 2018 entry: DELD only, no under-26 public
    assert publics_at_entry([TYPED_YOUNG], date(1988, 1, 1), date(2018, 3, 1)) == frozenset({"DELD"})
    young = publics_at_entry([TYPED_YOUNG], date(1996, 1, 1), date(2018, 3, 1))
    assert young == frozenset({"DELD", MOINS_26})


def test_age_category_contradicting_the_birth_date_is_refused() -> None:
    check_age_categories(["JEUNE_QUALIF", "BRSA"], date(2000, 1, 1), date(2024, 1, 1))
    check_age_categories(["BRSA"], None, date(2024, 1, 1))
    with pytest.raises(ValidationError, match="moins de 26 ans, or la personne a 26 ans le 01/01/2024"):
        check_age_categories(["JEUNE_QUALIF"], date(1998, 1, 1), date(2024, 1, 1))
    with pytest.raises(ValidationError, match="suppose 50 ans et plus, or la personne a 49 ans"):
        check_age_categories(["SENIOR_50"], date(1974, 1, 2), date(2024, 1, 1))
    with pytest.raises(ValidationError, match="renseignez d'abord la date de naissance"):
        check_age_categories(["SENIOR_50"], None, date(2024, 1, 1))
