"""The masking policy, in one place: who reads each output, what they may read, which counts are hidden.

Readers and what they may read:
- the buyer (maître d'ouvrage), the company and the SIAE read the dashboard and the bilan: counts of
  people with small counts hidden, people listed only as « Personne n° 1, 2… » (no name, sex or age);
- the funder reads the annual list, nominative by the funder's rule (health data never);
- the coordinator reads pseudonymous records and counts, small counts of people hidden.

A count is hidden when it could single someone out (0 < n < threshold), and so is any count from which
a hidden one could be worked out by subtraction (complementary masking):
- « dont » lines (women, BRSA... among the people): when the total itself is small every line is
  hidden, zeros included; otherwise a line is hidden when it or its complement (total − line) is small;
- a partition (people by sex, by age band... adding up to a total that is shown): when a single cell
  is hidden, the next smallest non-zero cell is hidden too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "BUYER",
    "COMPANY",
    "COORDINATOR",
    "FUNDER",
    "OUTPUT_READERS",
    "READERS",
    "SIAE",
    "Reader",
    "hide_included",
    "hide_partition",
    "is_small",
    "person_label",
    "strictest",
]


@dataclass(frozen=True)
class Reader:
    """One kind of reader of ClauseDesk's outputs and what they may read."""

    code: str
    label: str
    nominative: bool  # may read people's names (else « Personne n° 1… » at most)
    per_person_details: bool  # may read each person's sex and age
    masks_small_counts: bool


BUYER = Reader("donneur_ordre", "Maître d'ouvrage / donneur d'ordre", False, False, True)
COMPANY = Reader("entreprise", "Entreprise attributaire", False, False, True)
SIAE = Reader("siae", "Structure d'insertion (SIAE)", False, False, True)
FUNDER = Reader("financeur", "Financeur (liste nominative, hors données de santé)", True, True, False)
COORDINATOR = Reader("coordinateur", "Coordinateur (pseudonymes, effectifs)", False, False, True)

READERS: dict[str, Reader] = {r.code: r for r in (BUYER, COMPANY, SIAE, FUNDER, COORDINATOR)}

OUTPUT_READERS: dict[str, tuple[Reader, ...]] = {
    "tableau_de_bord": (BUYER, COMPANY, SIAE),
    "bilan": (BUYER, COMPANY, SIAE),
    "liste_annuelle": (FUNDER,),
    "paquet": (COORDINATOR,),
    "comite": (COORDINATOR,),
}
"""Output → its readers; an output follows the strictest of them."""


def strictest(output: str) -> Reader:
    """The policy an output follows: masking if any reader masks, names only if every reader may."""
    readers = OUTPUT_READERS[output]
    return Reader(
        output,
        " ; ".join(r.label for r in readers),
        all(r.nominative for r in readers),
        all(r.per_person_details for r in readers),
        any(r.masks_small_counts for r in readers),
    )


def is_small(value: int, threshold: int) -> bool:
    return 0 < value < threshold


def hide_included(total: int, parts: Mapping[str, int], threshold: int) -> dict[str, bool]:
    """Which « dont » lines of `total` to hide (complementary masking, see the module docstring)."""
    if is_small(total, threshold):
        return dict.fromkeys(parts, True)
    return {k: is_small(v, threshold) or is_small(total - v, threshold) for k, v in parts.items()}


def hide_partition(values: Sequence[int], threshold: int) -> list[bool]:
    """Which cells of a partition to hide, so that no hidden cell follows from the shown total."""
    hidden = [is_small(v, threshold) for v in values]
    if sum(hidden) == 1:
        others = [(v, i) for i, v in enumerate(values) if v > 0 and not hidden[i]]
        if others:
            hidden[min(others)[1]] = True
    return hidden


def person_label(index: int, first_name: str, last_name: str, reader: Reader) -> str:
    """How a person appears in a per-person list for `reader`: « Karim B. » or « Personne n° 3 »."""
    if reader.nominative:
        initial = last_name.strip()[:1].upper()
        return f"{first_name.strip()} {initial}." if initial else first_name.strip()
    return f"Personne n° {index}"
