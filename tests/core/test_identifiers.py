"""Tests of the identifier rules: Luhn, SIREN/SIRET, NAF, ROME, CPV, commune INSEE, NIR refusal."""

from __future__ import annotations

import pytest

from clausedesk.core.errors import ValidationError
from clausedesk.core.rules.identifiers import (
    check_commune,
    check_cpv,
    check_naf,
    check_rome,
    check_siren,
    check_siret,
    is_valid_siren,
    is_valid_siret,
    looks_like_nir,
    luhn_complete,
    luhn_ok,
    refuse_nir,
)

# Every number below was checked by computing its Luhn sum (and digit sum for La Poste).

# --------------------------------------------------------------------------------------------
# Luhn
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("digits", "expected"),
    [
        ("0", True),
        ("00", True),
        ("18", True),
        ("59", True),
        ("79927398713", True),  # the textbook example
        ("79927398710", False),
        ("732829320", True),
        ("73282932000074", True),
        ("73282932000075", False),
        ("443061841", True),
        ("123456789", False),
        ("", False),
        ("12a4", False),
        ("12 34", False),
        ("١٢٣", False),  # non-ASCII digits
    ],
)
def test_luhn_ok(digits: str, expected: bool) -> None:
    assert luhn_ok(digits) is expected


@pytest.mark.parametrize(
    ("partial", "expected"),
    [
        ("", "0"),
        ("0", "00"),
        ("1", "18"),
        ("7992739871", "79927398713"),
        ("73282932", "732829320"),
        ("7328293200007", "73282932000074"),
        ("44306184", "443061841"),
        ("4430618410004", "44306184100047"),
        ("5520813176652", "55208131766522"),
    ],
)
def test_luhn_complete(partial: str, expected: str) -> None:
    assert luhn_complete(partial) == expected
    assert luhn_ok(expected)


@pytest.mark.parametrize("partial", ["12345678", "3560000000001", "99999999", "1234567890123"])
def test_luhn_complete_always_valid(partial: str) -> None:
    completed = luhn_complete(partial)
    assert completed[:-1] == partial
    assert luhn_ok(completed)
    assert sum(luhn_ok(partial + str(d)) for d in range(10)) == 1


@pytest.mark.parametrize("partial", ["12a", " 12", "1.2"])
def test_luhn_complete_refuses_non_digits(partial: str) -> None:
    with pytest.raises(ValueError):
        luhn_complete(partial)


# --------------------------------------------------------------------------------------------
# SIREN / SIRET
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("732829320", True),
        ("732 829 320", True),
        (" 443061841 ", True),
        ("552081317", True),
        ("356000000", True),  # La Poste
        ("356 000 000", True),
        ("732829321", False),
        ("123456789", False),
        ("73282932", False),
        ("7328293200", False),
        ("73282932000074", False),  # a SIRET is not a SIREN
        ("", False),
        ("abcdefghi", False),
        ("732-829-320", False),
    ],
)
def test_is_valid_siren(value: str, expected: bool) -> None:
    assert is_valid_siren(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("73282932000074", True),
        ("732 829 320 00074", True),
        ("732\u00a0829\u00a0320\u00a000074", True),  # no-break spaces pasted from a web page
        ("44306184100047", True),
        ("55208131766522", True),
        (luhn_complete(luhn_complete("12345678") + "0001"), True),
        (luhn_complete("1234567800001"), False),  # SIRET key right, SIREN 123456780 cannot exist (issue 19)
        ("73282932000075", False),
        ("73282932000047", False),  # swapped digits
        ("50000000000000", False),
        ("7328293200007", False),
        ("732829320000740", False),
        ("", False),
        ("7328293200007A", False),
        # La Poste: Luhn, or the sum of the 14 digits a multiple of 5
        ("35600000000048", True),  # head office, Luhn-valid (digit sum 26)
        ("356 000 000 00048", True),
        ("35600000009075", True),  # digit sum 35
        ("35600000009093", True),  # digit sum 35
        ("35600000000001", True),  # digit sum 15
        ("35600000049918", True),  # digit sum 45
        ("35600000009090", False),  # digit sum 32, not Luhn
        ("35600000000002", False),  # digit sum 16, not Luhn
        ("35600000100009", False),  # wrong prefix: SIREN 356000001, digit sum 24
    ],
)
def test_is_valid_siret(value: str, expected: bool) -> None:
    assert is_valid_siret(value) is expected


@pytest.mark.parametrize(
    ("siret", "digit_sum", "luhn"),
    [
        ("35600000000048", 26, True),
        ("35600000009075", 35, False),
        ("35600000009093", 35, False),
        ("35600000000001", 15, False),
        ("35600000049918", 45, False),
        ("35600000009090", 32, False),
        ("35600000000002", 16, False),
    ],
)
def test_la_poste_examples_are_what_they_claim(siret: str, digit_sum: int, luhn: bool) -> None:
    assert sum(map(int, siret)) == digit_sum
    assert luhn_ok(siret) is luhn


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("73282932000074", "73282932000074"),
        ("732 829 320 00074", "73282932000074"),
        ("  73282932000074\t", "73282932000074"),
        ("732\u202f829\u202f320\u202f00074", "73282932000074"),
        ("35600000000048", "35600000000048"),
        ("35600000009075", "35600000009075"),
    ],
)
def test_check_siret_normalises(value: str, expected: str) -> None:
    assert check_siret(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("732829320000", "doit comporter 14 chiffres (12 saisis)"),
        ("7", "doit comporter 14 chiffres (1 saisi)"),
        ("732829320000741", "doit comporter 14 chiffres (15 saisis)"),
        (
            "732829320",
            "doit comporter 14 chiffres (9 saisis) : c'est un SIREN, "
            "ajoutez les 5 chiffres du NIC de l'établissement",
        ),
        ("", "est obligatoire : saisissez les 14 chiffres"),
        ("   ", "est obligatoire : saisissez les 14 chiffres"),
        (
            "732-829-320-00074",
            "ne doit contenir que des chiffres (caractère « - » refusé) : "
            "saisissez les 14 chiffres, espaces permis",
        ),
        (
            "7328293200007O",
            "ne doit contenir que des chiffres (caractère « O » refusé) : "
            "saisissez les 14 chiffres, espaces permis",
        ),
        ("73282932000075", "clé de contrôle invalide : vérifiez la saisie"),
        ("35600000009090", "clé de contrôle invalide : vérifiez la saisie"),
    ],
)
def test_check_siret_refuses(value: str, reason: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_siret(value)
    assert caught.value.field == "SIRET"
    assert caught.value.reason == reason
    assert str(caught.value) == f"SIRET : {reason}"


def test_check_siret_uses_the_given_field() -> None:
    with pytest.raises(ValidationError) as caught:
        check_siret("123", field="SIRET de l'employeur")
    assert caught.value.field == "SIRET de l'employeur"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("732829320", "732829320"), ("732 829 320", "732829320"), ("356000000", "356000000")],
)
def test_check_siren_normalises(value: str, expected: str) -> None:
    assert check_siren(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("73282932", "doit comporter 9 chiffres (8 saisis)"),
        ("73282932000074", "doit comporter 9 chiffres (14 saisis)"),
        ("732829321", "clé de contrôle invalide : vérifiez la saisie"),
        ("", "est obligatoire : saisissez les 9 chiffres"),
    ],
)
def test_check_siren_refuses(value: str, reason: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_siren(value)
    assert caught.value.field == "SIREN"
    assert caught.value.reason == reason


# --------------------------------------------------------------------------------------------
# NAF, ROME, CPV
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("43.99C", "43.99C"),
        ("4399C", "43.99C"),
        ("43.99c", "43.99C"),
        (" 43 . 99 C ", "43.99C"),
        ("01.11Z", "01.11Z"),
        ("8810a", "88.10A"),
        ("41.20A", "41.20A"),
        ("81.21Z", "81.21Z"),
        ("99.00Z", "99.00Z"),
        ("68.20b", "68.20B"),
    ],
)
def test_check_naf_normalises(value: str, expected: str) -> None:
    assert check_naf(value) == expected


@pytest.mark.parametrize(
    ("value", "reason_part"),
    [
        ("", "est obligatoire : format attendu NN.NNX"),
        ("43.99", "ne respecte pas le format NN.NNX"),
        ("4399", "ne respecte pas le format NN.NNX"),
        ("43-99C", "ne respecte pas le format NN.NNX"),
        ("439.9C", "ne respecte pas le format NN.NNX"),
        ("43.99CC", "ne respecte pas le format NN.NNX"),
        ("A3.99C", "ne respecte pas le format NN.NNX"),
        ("43.99É", "ne respecte pas le format NN.NNX"),
        ("04.11Z", "la division 04 n'existe pas dans la NAF rév. 2"),
        ("00.00Z", "la division 00 n'existe pas dans la NAF rév. 2"),
        ("44.11Z", "la division 44 n'existe pas dans la NAF rév. 2"),
        ("89.10Z", "la division 89 n'existe pas dans la NAF rév. 2"),
    ],
)
def test_check_naf_refuses(value: str, reason_part: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_naf(value)
    assert caught.value.field == "Code NAF"
    assert reason_part in caught.value.reason


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("F1703", "F1703"),
        ("f1703", "F1703"),
        (" F 1703 ", "F1703"),
        ("A1101", "A1101"),
        ("N4101", "N4101"),
        ("k2204", "K2204"),
    ],
)
def test_check_rome_normalises(value: str, expected: str) -> None:
    assert check_rome(value) == expected


@pytest.mark.parametrize("value", ["", "F170", "F17033", "O1703", "Z1703", "11703", "FF703", "F17O3"])
def test_check_rome_refuses(value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_rome(value)
    assert caught.value.field == "Code ROME"
    assert "une lettre de A à N suivie de 4 chiffres, par exemple F1703" in caught.value.reason


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("45210000", "45210000"),
        ("45210000-2", "45210000-2"),
        (" 45210000 - 2 ", "45210000-2"),
        ("45 21 00 00", "45210000"),
        ("45210000\u20132", "45210000-2"),  # en dash from a word processor
        ("71000000-8", "71000000-8"),
    ],
)
def test_check_cpv_normalises(value: str, expected: str) -> None:
    assert check_cpv(value) == expected


@pytest.mark.parametrize(
    "value", ["", "4521000", "452100001", "45210000-", "45210000-12", "4521000A", "45210000/2"]
)
def test_check_cpv_refuses(value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_cpv(value, field="CPV principal")
    assert caught.value.field == "CPV principal"
    assert "8 chiffres" in caught.value.reason
    assert "45210000-2" in caught.value.reason


# --------------------------------------------------------------------------------------------
# Commune INSEE code
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("75056", "75056"),  # Paris
        ("75101", "75101"),  # Paris 1er arrondissement
        ("01001", "01001"),
        ("69123", "69123"),
        ("2A004", "2A004"),  # Ajaccio
        ("2a004", "2A004"),
        ("2B033", "2B033"),  # Bastia
        (" 2b 033 ", "2B033"),
        ("97101", "97101"),
        ("97209", "97209"),
        ("97302", "97302"),
        ("97411", "97411"),
        ("97502", "97502"),
        ("97611", "97611"),
        ("97701", "97701"),
        ("97801", "97801"),
        ("95127", "95127"),
        ("19272", "19272"),
        ("21231", "21231"),
    ],
)
def test_check_commune_accepts(value: str, expected: str) -> None:
    assert check_commune(value) == expected


@pytest.mark.parametrize(
    ("value", "reason_part"),
    [
        ("", "format attendu : 5 caractères"),
        ("7505", "format attendu : 5 caractères"),
        ("750561", "format attendu : 5 caractères"),
        ("2C004", "format attendu : 5 caractères"),
        ("A2004", "format attendu : 5 caractères"),
        ("2A04", "format attendu : 5 caractères"),
        ("00123", "aucun département ne porte le numéro 00"),
        ("20004", "la Corse s'écrit 2A (Corse-du-Sud) ou 2B (Haute-Corse), pas 20"),
        ("96001", "aucun département ne porte le numéro 96"),
        ("97001", "le département 970 n'est pas pris en charge"),
        ("97901", "le département 979 n'est pas pris en charge"),
        ("98735", "le département 987 n'est pas pris en charge"),
        ("99100", "le département 991 n'est pas pris en charge"),
        ("75000", "numéro de commune 000 inexistant : saisissez le code INSEE, pas le code postal"),
        ("2A000", "numéro de commune 000 inexistant"),
        ("97400", "numéro de commune 00 inexistant"),
    ],
)
def test_check_commune_refuses(value: str, reason_part: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_commune(value)
    assert caught.value.field == "Code commune INSEE"
    assert reason_part in caught.value.reason


# --------------------------------------------------------------------------------------------
# NIR
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "1 85 05 78 006 084 36",
        "185057800608436",
        "1850578006084",
        "1850578006084 91",
        "1.85.05.78.006.084.91",
        "1-85-05-78-006-084-91",
        "2-85-05-2A-006-084",
        "2 85 05 2a 006 084 82",
        "285052A006084",
        "1 85 05 2B 006 084 62",
        "18505 78006 08436",
        "185 05 78 006 084 36",
        "185 0578 006 084",  # month and département grouped
        "1 850578006084 36",
        "Son numéro : 1 85 05 78 006 084 36, merci.",
        "NIR:185057800608436",
        "n° sécu 2 91 12 75 114 005 (sans clé)",
        "7 85 05 99 123 456",  # temporary number (NIA), born abroad
        "3 85 05 78 006 084",
        "4 85 05 78 006 084 12",
        "8 85 05 99 123 456 12",
        "1 85 35 78 006 084 36",  # fictitious month 35
        "1 85 99 78 006 084 36",  # fictitious month 99
        "1 85 05 97 411 084 36",  # born overseas
        "1\u00a085\u00a005\u00a078\u00a0006\u00a0084\u00a036",  # no-break spaces
        "1 - 85 - 05 - 78 - 006 - 084 - 36",
        "185057800608436 2 enfants",
        "ref 12 1850578006084 36",
    ],
)
def test_looks_like_nir_flags(text: str) -> None:
    assert looks_like_nir(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Réunion de chantier mardi, RAS.",
        "06 12 34 56 78",
        "+33 6 12 34 56 78",
        "0612345678",
        "06 12 34 56 78 06 98 76 54 32",  # two phone numbers in a row
        "06.12.34.56.78",
        "1 000 000",
        "1 000 000 000 000",  # an amount of 13 digits, grouped by 3
        "montant 1 234 567,89 €",
        "12/05/1985",
        "1985-05-12",
        "du 01-02-2023 au 31-12-2023",
        "73282932000074",  # a SIRET typed alone (14 digits, starts with 7)
        "732 829 320 00074",
        "SIRET 44306184100047 12 salariés",
        "35600000000048",
        "FR76 3000 6000 0112 3456 7890 189",  # IBAN
        "FR7630006000011234567890189",
        "1 85 13 78 006 084 36",  # month 13 is not a NIR month
        "1 85 00 78 006 084 36",  # month 00
        "1 85 45 78 006 084 36",  # month 45
        "5 85 05 78 006 084 36",  # sex digit 5
        "0 85 05 78 006 084 36",
        "6 85 05 78 006 084 36",
        "9 85 05 78 006 084 36",
        "1 85 05 2C 006 084 36",
        "1850578006084367",  # 16 digits
        "18505780060843",  # 14 digits
        "REF1850578006084",  # glued to letters: a reference, not a NIR
        "1 85 05 78 0060 84 36",  # cut where no NIR field ends
        "1850 578 006 084",  # cut after 4 characters
        "Lot 2 : 1 850 heures",
    ],
)
def test_looks_like_nir_ignores(text: str) -> None:
    assert not looks_like_nir(text)


@pytest.mark.parametrize("text", [None, "", "RAS", "Tél. 06 12 34 56 78", "SIRET 73282932000074"])
def test_refuse_nir_passes_through(text: str | None) -> None:
    assert refuse_nir(text, "Commentaire") == text


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("NIR 1 85 05 78 006 084 36", "Commentaire"),
        ("185057800608436", "Observations"),
        ("2-85-05-2A-006-084", "Motif"),
    ],
)
def test_refuse_nir_refuses(text: str, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        refuse_nir(text, field)
    assert caught.value.field == field
    assert caught.value.reason == (
        "ressemble à un numéro de sécurité sociale (NIR), qui ne doit jamais être saisi : retirez-le."
    )


def test_random_sirets_are_accepted_only_with_a_valid_siren() -> None:
    """Issue 19: of 200,000 random numbers, 14,251 accepted SIRETs had a SIREN that cannot exist."""
    import random

    from stdnum.fr import siren as stdnum_siren
    from stdnum.fr import siret as stdnum_siret

    rng = random.Random(19)
    accepted = bad_siren = 0
    for _ in range(200_000):
        value = f"{rng.randrange(10**14):014d}"
        if is_valid_siret(value):
            accepted += 1
            bad_siren += not stdnum_siren.is_valid(value[:9])
            assert stdnum_siret.is_valid(value) or value.startswith("356000000"), value
    assert accepted > 1000 and bad_siren == 0


def test_check_siret_says_the_siren_is_wrong() -> None:
    from clausedesk.core.errors import ValidationError

    with pytest.raises(ValidationError, match="SIREN .* clé de contrôle invalide"):
        check_siret(luhn_complete("1234567800001"))
