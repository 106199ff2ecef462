"""The masking policy: small counts hidden, and any count that would give a hidden one away."""

from __future__ import annotations

from clausedesk.core.rules.masking import (
    BUYER,
    FUNDER,
    OUTPUT_READERS,
    hide_included,
    hide_partition,
    person_label,
    strictest,
)


def test_dont_lines_of_a_small_total_are_all_hidden_zeros_included() -> None:
    # « Personnes 1 » beside « RSA < 5 » and « Femmes 0 » told everything about that one person
    assert hide_included(1, {"brsa": 1, "women": 0}, 5) == {"brsa": True, "women": True}


def test_a_dont_line_whose_complement_is_small_is_hidden() -> None:
    # 6 people, 5 women: showing 5 says there is exactly one man
    assert hide_included(6, {"women": 5, "brsa": 3, "qpv": 0, "deld": 6}, 5) == {
        "women": True, "brsa": True, "qpv": False, "deld": False,
    }  # fmt: skip
    assert hide_included(20, {"women": 8, "qpv": 0}, 5) == {"women": False, "qpv": False}


def test_a_partition_never_has_a_single_hidden_cell() -> None:
    assert hide_partition([30, 2, 12], 5) == [False, True, True]  # 2 would follow from the total
    assert hide_partition([30, 2, 3, 12], 5) == [False, True, True, False]
    assert hide_partition([30, 12, 0], 5) == [False, False, False]
    assert hide_partition([4], 5) == [True]


def test_who_reads_what() -> None:
    assert set(OUTPUT_READERS) == {"tableau_de_bord", "bilan", "liste_annuelle", "paquet", "comite"}
    bilan = strictest("bilan")
    assert not bilan.nominative and not bilan.per_person_details and bilan.masks_small_counts
    assert strictest("liste_annuelle").nominative  # the funder's rule: a nominative list
    assert person_label(3, "Karim", "Benali", BUYER) == "Personne n° 3"
    assert person_label(3, "Karim", "Benali", FUNDER) == "Karim B."
