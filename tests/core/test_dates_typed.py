"""Dates accepted as people type them, and an impossible date answered with its real reason."""

from __future__ import annotations

from datetime import date

import pytest

from clausedesk.core.formatting import plural
from clausedesk.core.validate import parse_date_fr


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("05/03/2026", date(2026, 3, 5)), ("2/3/26", date(2026, 3, 2)), ("02032026", date(2026, 3, 2)),
        ("020326", date(2026, 3, 2)), ("2.3.2026", date(2026, 3, 2)), ("2-3-2026", date(2026, 3, 2)),
        ("2 mars 2026", date(2026, 3, 2)), ("1er février 2025", date(2025, 2, 1)),
        ("5 Févr. 26", date(2026, 2, 5)), ("29/02/2024", date(2024, 2, 29)), ("  ", None),
    ],
)  # fmt: skip
def test_dates_as_typed(typed: str, expected: date | None) -> None:
    assert parse_date_fr(typed) == expected


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("31/02/2026", "« 31/02/2026 » : le 31 février 2026 n'existe pas (février 2026 a 28 jours)."),
        ("29/02/2025", "« 29/02/2025 » : le 29 février 2025 n'existe pas (février 2025 a 28 jours)."),
        ("31/04/2026", "« 31/04/2026 » : le 31 avril 2026 n'existe pas (avril 2026 a 30 jours)."),
        ("12/13/2026", "« 12/13/2026 » : le mois 13 n'existe pas (de 1 à 12)."),
    ],
)
def test_an_impossible_date_says_why(typed: str, reason: str) -> None:
    with pytest.raises(ValueError) as err:
        parse_date_fr(typed)
    assert str(err.value) == reason


def test_unreadable_text_says_what_to_type() -> None:
    with pytest.raises(ValueError, match="par exemple 05/03/2026, 5/3/26, 05032026 ou 5 mars 2026"):
        parse_date_fr("demain")


def test_plural() -> None:
    assert plural(0, "contrat", "contrats") == "0 contrat"
    assert plural(1, "contrat", "contrats") == "1 contrat"
    assert plural(2, "contrat", "contrats") == "2 contrats"
    assert plural(1234, "heure", "heures") == "1\u202f234 heures"
