"""Tests of people rules: age, age bands, distinct counts, name keys."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date

import pytest

from clausedesk.core.errors import ValidationError
from clausedesk.core.rules.people import (
    AGE_BANDS,
    age_at,
    age_band,
    count_distinct,
    normalise_name,
)


@pytest.mark.parametrize(
    ("birth", "on", "expected"),
    [
        (date(1990, 5, 12), date(2024, 5, 11), 33),
        (date(1990, 5, 12), date(2024, 5, 12), 34),  # birthday
        (date(1990, 5, 12), date(2024, 5, 13), 34),
        (date(1990, 5, 12), date(2024, 12, 31), 34),
        (date(1990, 5, 12), date(2025, 1, 1), 34),
        (date(2024, 3, 1), date(2024, 3, 1), 0),  # born that day
        (date(2023, 3, 1), date(2024, 2, 29), 0),
        (date(1999, 12, 31), date(2000, 1, 1), 0),
        (date(1974, 6, 30), date(2024, 6, 30), 50),
        (date(1974, 7, 1), date(2024, 6, 30), 49),
        # born on 29 February: a year older on 1 March in common years
        (date(2000, 2, 29), date(2023, 2, 28), 22),
        (date(2000, 2, 29), date(2023, 3, 1), 23),
        (date(2000, 2, 29), date(2024, 2, 28), 23),
        (date(2000, 2, 29), date(2024, 2, 29), 24),
        (date(1998, 2, 28), date(2024, 2, 28), 26),
        (date(1998, 3, 1), date(2024, 2, 29), 25),
    ],
)
def test_age_at(birth: date, on: date, expected: int) -> None:
    assert age_at(birth, on) == expected


@pytest.mark.parametrize(
    ("birth", "on"),
    [(date(2000, 1, 2), date(2000, 1, 1)), (date(2025, 1, 1), date(2024, 6, 1))],
)
def test_age_at_refuses_birth_after_date(birth: date, on: date) -> None:
    with pytest.raises(ValidationError) as caught:
        age_at(birth, on)
    assert caught.value.field == "Date de naissance"
    assert on.strftime("%d/%m/%Y") in caught.value.reason


@pytest.mark.parametrize(
    ("age", "label"),
    [
        (0, "moins de 26 ans"),
        (16, "moins de 26 ans"),
        (25, "moins de 26 ans"),
        (26, "26 à 44 ans"),
        (35, "26 à 44 ans"),
        (44, "26 à 44 ans"),
        (45, "45 à 49 ans"),
        (49, "45 à 49 ans"),
        (50, "50 ans et plus"),
        (57, "50 ans et plus"),
        (67, "50 ans et plus"),
        (120, "50 ans et plus"),
    ],
)
def test_age_band(age: int, label: str) -> None:
    assert age_band(age) == label


@pytest.mark.parametrize("age", [-1, -30])
def test_age_band_refuses_negative(age: int) -> None:
    with pytest.raises(ValidationError) as caught:
        age_band(age)
    assert caught.value.field == "Âge"


def test_age_bands_cover_every_age_once() -> None:
    assert AGE_BANDS[0][0] == 0
    assert AGE_BANDS[-1][1] is None
    for (_, last, _), (first, _, _) in zip(AGE_BANDS, AGE_BANDS[1:], strict=False):
        assert last is not None
        assert first == last + 1
    assert [label for _, _, label in AGE_BANDS] == [
        "moins de 26 ans",
        "26 à 44 ans",
        "45 à 49 ans",
        "50 ans et plus",
    ]


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ([], 0),
        (["a"], 1),
        (["a", "a", "a"], 1),  # three contracts, one person
        (["a", "b", "a", "c", "b"], 3),
        ([1, 2, 3], 3),
        ([("fac1", "p1"), ("fac2", "p1"), ("fac1", "p1")], 2),
        (["a", None, "a", None], 1),  # unidentified lines are not counted
        ([None], 0),
    ],
)
def test_count_distinct(keys: list[Hashable], expected: int) -> None:
    assert count_distinct(keys) == expected


def test_count_distinct_accepts_a_generator() -> None:
    contracts = [("p1", "lot A"), ("p2", "lot A"), ("p1", "lot B"), ("p3", "lot B")]
    assert count_distinct(person for person, _ in contracts) == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dupont", "DUPONT"),
        ("  dupont  ", "DUPONT"),
        ("Éloïse", "ELOISE"),
        ("François", "FRANCOIS"),
        ("Jean-Marie", "JEAN MARIE"),
        ("Jean - Marie", "JEAN MARIE"),
        ("Jean--Marie", "JEAN MARIE"),
        ("d'Aubigné", "D AUBIGNE"),
        ("d’Aubigné", "D AUBIGNE"),  # typographic apostrophe
        ("N'Diaye", "N DIAYE"),
        ("Le  Goff", "LE GOFF"),
        ("le\tgoff\n", "LE GOFF"),
        ("Cœur", "COEUR"),
        ("LÆTITIA", "LAETITIA"),
        ("Strauß", "STRAUSS"),
        ("Ñúñez", "NUNEZ"),
        ("Çelik", "CELIK"),
        ("Øvergaard", "OVERGAARD"),
        ("Marie\u00a0Claire", "MARIE CLAIRE"),  # no-break space
        ("Marie\u2011Claire", "MARIE CLAIRE"),  # no-break hyphen
        ("-Dupont-", "DUPONT"),
        ("ﬁfi", "FIFI"),  # ligature fi
        ("", ""),
        ("  ' - ", ""),
        ("Saint-Exupéry d'Agay", "SAINT EXUPERY D AGAY"),
    ],
)
def test_normalise_name(text: str, expected: str) -> None:
    assert normalise_name(text) == expected


@pytest.mark.parametrize("text", ["Éloïse d’Aubigné-Marie", "DUPONT", "Cœur  de-Lion"])
def test_normalise_name_is_idempotent(text: str) -> None:
    once = normalise_name(text)
    assert normalise_name(once) == once
