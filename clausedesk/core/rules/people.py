"""Rules about participants: age, age bands, distinct counts, names (age publics: `core.rules.publics`)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Iterable
from datetime import date
from functools import lru_cache

from clausedesk.core.errors import ValidationError

__all__ = [
    "AGE_BANDS",
    "age_at",
    "age_band",
    "count_distinct",
    "normalise_name",
]

AGE_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 25, "moins de 26 ans"),
    (26, 44, "26 à 44 ans"),
    (45, 49, "45 à 49 ans"),
    (50, None, "50 ans et plus"),
)
"""(first age, last age or None for no limit, French label), in increasing order, no gaps."""


def age_at(birth: date, on: date) -> int:
    """Age in whole years on `on`.

    A person born on 29 February has their birthday on 1 March in common years (they are not
    yet a year older on 28 February), the usual convention for civil-status computations.
    """
    if on < birth:
        raise ValidationError(
            "Date de naissance",
            f"doit être antérieure ou égale au {on.strftime('%d/%m/%Y')} : vérifiez la saisie",
        )
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def age_band(age: int) -> str:
    """French label of the age band of `age` (see AGE_BANDS)."""
    if age < 0:
        raise ValidationError("Âge", f"doit être positif ou nul (valeur : {age})")
    for first, last, label in AGE_BANDS:
        if first <= age and (last is None or age <= last):
            return label
    raise AssertionError("AGE_BANDS must cover every age from 0")  # pragma: no cover


def count_distinct(keys: Iterable[Hashable]) -> int:
    """Number of distinct people among `keys` (one key per contract, hours line...).

    A person counts once whatever the number of contracts. None keys (person not identified)
    are not counted: they cannot be told apart.
    """
    return len({key for key in keys if key is not None})


# Hyphens, dashes and apostrophes of every kind, typed or pasted, plus any whitespace.
_NAME_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212'\u2018\u2019\u02bc\u00b4`]+")
# Letters NFKD does not decompose.
_LIGATURES = str.maketrans({"Œ": "OE", "œ": "OE", "Æ": "AE", "æ": "AE", "Ø": "O", "ø": "O"})


@lru_cache(maxsize=8192)
def normalise_name(text: str) -> str:
    """Name key for pseudonyms and search: "  Éloïse d’Aubigné-Marie " → "ELOISE D AUBIGNE MARIE".

    Uppercase, accents stripped (NFKD), Œ/Æ spelt out, and runs of spaces, hyphens and
    apostrophes collapsed to one space; leading and trailing separators removed. Names repeat (a
    package pseudonymises every person, first names recur): results are cached, and plain ASCII
    (which NFKD and the ligature table leave as it is) skips the decomposition.
    """
    if text.isascii():
        return _NAME_SEPARATORS.sub(" ", text.upper()).strip()
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    upper = unicodedata.normalize("NFKD", bare.upper())
    return _NAME_SEPARATORS.sub(" ", upper).strip()
