"""French identifiers and codes (SIREN, SIRET, NAF, ROME, CPV, commune INSEE) and NIR refusal."""

from __future__ import annotations

import re
from typing import overload

from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

from clausedesk.core.errors import ValidationError

__all__ = [
    "LA_POSTE_SIREN",
    "NIR_REFUSED",
    "check_commune",
    "check_cpv",
    "check_naf",
    "check_rome",
    "check_siren",
    "check_siret",
    "is_valid_siren",
    "is_valid_siret",
    "looks_like_nir",
    "luhn_complete",
    "luhn_ok",
    "refuse_nir",
]

LA_POSTE_SIREN = "356000000"
"""La Poste's SIREN: its establishments' SIRETs follow a digit-sum rule instead of Luhn."""

# Spaces people type or paste inside codes: ordinary, tab, no-break and narrow no-break.
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_DIGITS = re.compile(r"[0-9]+", re.ASCII)


def _compact(value: str) -> str:
    """Remove every kind of space from a typed code."""
    return _SPACES.sub("", value)


def _plural(count: int, singular: str, plural: str) -> str:
    return singular if count <= 1 else plural


# --------------------------------------------------------------------------------------------
# Luhn
# --------------------------------------------------------------------------------------------


def _luhn_sum(digits: str, double_rightmost: bool) -> int:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if (index % 2 == 0) == double_rightmost:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total


def luhn_ok(digits: str) -> bool:
    """True when `digits` (ASCII digits only, at least one) satisfies the Luhn check."""
    if not digits or _DIGITS.fullmatch(digits) is None:
        return False
    return _luhn_sum(digits, double_rightmost=False) % 10 == 0


def luhn_complete(partial: str) -> str:
    """Return `partial` followed by the one check digit that makes it Luhn-valid.

    Used by the demo generator to build valid SIRENs and SIRETs. `partial` must be ASCII digits
    (possibly empty); anything else is a programming error and raises ValueError.
    """
    if partial and _DIGITS.fullmatch(partial) is None:
        raise ValueError(f"luhn_complete expects digits only, got {partial!r}")
    # With the check digit appended, the rightmost digit of `partial` gets doubled.
    total = _luhn_sum(partial, double_rightmost=True)
    return partial + str((10 - total % 10) % 10)


# --------------------------------------------------------------------------------------------
# SIREN / SIRET
# --------------------------------------------------------------------------------------------


def _siren_ok(digits: str) -> bool:
    return len(digits) == 9 and _DIGITS.fullmatch(digits) is not None and stdnum_siren.is_valid(digits)


def _siret_ok(digits: str) -> bool:
    """Both keys: the SIREN's (9 first digits) and the SIRET's, through python-stdnum.

    La Poste exception: its establishments share one SIREN, and their NICs cannot all keep a
    Luhn-valid SIRET; INSEE uses instead "the sum of the 14 digits is a multiple of 5" (python-stdnum
    applies it). A Luhn-valid La Poste SIRET (the head office, 35600000000048) is accepted too.
    """
    if len(digits) != 14 or _DIGITS.fullmatch(digits) is None:
        return False
    if stdnum_siret.is_valid(digits):
        return True
    return digits.startswith(LA_POSTE_SIREN) and luhn_ok(digits)


def is_valid_siren(value: str) -> bool:
    """True when `value`, spaces removed, is 9 digits passing the Luhn check."""
    return _siren_ok(_compact(value))


def is_valid_siret(value: str) -> bool:
    """True when `value`, spaces removed, is 14 digits passing Luhn (or La Poste's digit-sum rule)."""
    return _siret_ok(_compact(value))


def _check_digits(value: str, field: str, expected: int) -> str:
    """Normalise and check the shape of a SIREN/SIRET; returns the digits."""
    digits = _compact(value)
    if not digits:
        raise ValidationError(field, f"est obligatoire : saisissez les {expected} chiffres")
    bad = [c for c in digits if not ("0" <= c <= "9")]
    if bad:
        raise ValidationError(
            field,
            f"ne doit contenir que des chiffres (caractère « {bad[0]} » refusé) : "
            f"saisissez les {expected} chiffres, espaces permis",
        )
    if len(digits) != expected:
        count = len(digits)
        typed = f"{count} {_plural(count, 'saisi', 'saisis')}"
        hint = ""
        if expected == 14 and count == 9:
            hint = " : c'est un SIREN, ajoutez les 5 chiffres du NIC de l'établissement"
        raise ValidationError(field, f"doit comporter {expected} chiffres ({typed}){hint}")
    return digits


def check_siren(value: str, field: str = "SIREN") -> str:
    """Return the 9-digit SIREN, or raise ValidationError saying what is wrong."""
    digits = _check_digits(value, field, 9)
    if not _siren_ok(digits):
        raise ValidationError(field, "clé de contrôle invalide : vérifiez la saisie")
    return digits


def check_siret(value: str, field: str = "SIRET") -> str:
    """Return the 14-digit SIRET, or raise ValidationError saying what is wrong."""
    digits = _check_digits(value, field, 14)
    if not _siren_ok(digits[:9]):
        raise ValidationError(
            field,
            f"le SIREN (9 premiers chiffres, {digits[:9]}) a une clé de contrôle invalide : ce numéro "
            "n'existe pas, vérifiez la saisie",
        )
    if not _siret_ok(digits):
        raise ValidationError(field, "clé de contrôle invalide : vérifiez la saisie")
    return digits


# --------------------------------------------------------------------------------------------
# Nomenclature codes
# --------------------------------------------------------------------------------------------

_NAF = re.compile(r"([0-9]{2})\.?([0-9]{2})([A-Z])", re.ASCII)
# Divisions of NAF rév. 2 (= NACE Rev. 2): 04, 34, 40, 44, 48, 54, 57, 67, 76, 83, 89 do not exist.
_NAF_DIVISIONS = frozenset(
    f"{n:02d}"
    for n in (
        *range(1, 4),
        *range(5, 34),
        *range(35, 40),
        *range(41, 44),
        *range(45, 48),
        *range(49, 54),
        55,
        56,
        *range(58, 67),
        *range(68, 76),
        *range(77, 83),
        84,
        85,
        86,
        87,
        88,
        *range(90, 100),
    )
)


def check_naf(value: str, field: str = "Code NAF") -> str:
    """Return a NAF rév. 2 code as "NN.NNX" ("4399c" → "43.99C"), or raise ValidationError."""
    compact = _compact(value).upper()
    if not compact:
        raise ValidationError(field, "est obligatoire : format attendu NN.NNX, par exemple 43.99C")
    match = _NAF.fullmatch(compact)
    if match is None:
        raise ValidationError(
            field,
            f"« {value.strip()} » ne respecte pas le format NN.NNX "
            "(2 chiffres, point facultatif, 2 chiffres, une lettre), par exemple 43.99C",
        )
    division, group, letter = match.groups()
    if division not in _NAF_DIVISIONS:
        raise ValidationError(
            field, f"la division {division} n'existe pas dans la NAF rév. 2 : vérifiez le code"
        )
    return f"{division}.{group}{letter}"


_ROME = re.compile(r"[A-N][0-9]{4}", re.ASCII)


def check_rome(value: str, field: str = "Code ROME") -> str:
    """Return a ROME code as one letter A–N and 4 digits ("f1703" → "F1703"), or raise."""
    compact = _compact(value).upper()
    if _ROME.fullmatch(compact) is None:
        shown = f"« {value.strip()} » : " if value.strip() else ""
        raise ValidationError(
            field,
            f"{shown}format attendu : une lettre de A à N suivie de 4 chiffres, par exemple F1703",
        )
    return compact


_CPV = re.compile(r"([0-9]{8})(?:-([0-9]))?", re.ASCII)
_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2212]")


def check_cpv(value: str, field: str = "Code CPV") -> str:
    """Return a CPV code as 8 digits, keeping an optional "-d" check digit, or raise.

    Spaces are removed ("45 21 00 00 - 2" → "45210000-2") and typographic dashes become "-".
    The check digit's algorithm is not published, so it is kept as typed, not verified.
    """
    compact = _DASHES.sub("-", _compact(value))
    match = _CPV.fullmatch(compact)
    if match is None:
        shown = f"« {value.strip()} » : " if value.strip() else ""
        raise ValidationError(
            field,
            f"{shown}format attendu : 8 chiffres, éventuellement suivis d'un tiret et du chiffre "
            "de contrôle, par exemple 45210000 ou 45210000-2",
        )
    code, check = match.groups()
    return code if check is None else f"{code}-{check}"


_COMMUNE_SHAPE = re.compile(r"(?:[0-9]{2}|2[AB])[0-9]{3}", re.ASCII)
# Overseas: 971 Guadeloupe, 972 Martinique, 973 Guyane, 974 La Réunion, 975 Saint-Pierre-et-
# Miquelon, 976 Mayotte, plus 977 Saint-Barthélemy and 978 Saint-Martin, which the COG codes in
# the same 97x form and where the code de la commande publique applies. 98x (Pacific
# collectivities, with their own procurement law) and 99 (abroad) are refused.
_OVERSEAS = frozenset({"971", "972", "973", "974", "975", "976", "977", "978"})

_COMMUNE_EXAMPLE = "5 caractères, par exemple 75056, 2A004 ou 97411"


def check_commune(value: str, field: str = "Code commune INSEE") -> str:
    """Return a commune INSEE code (5 characters, Corsica 2A/2B, overseas 97x), or raise.

    Metropolitan codes are a 2-character département (01–95, 2A, 2B; never 00 nor 20, Corsica
    having been split in 1976) and a 3-digit commune number (001 and up); overseas codes a
    3-digit département (971–978) and a 2-digit number (01 and up). A number of 000 usually
    means a postal code was typed instead of the INSEE code.
    """
    code = _compact(value).upper()
    if _COMMUNE_SHAPE.fullmatch(code) is None:
        shown = f"« {value.strip()} » : " if value.strip() else ""
        raise ValidationError(field, f"{shown}format attendu : {_COMMUNE_EXAMPLE}")
    department = code[:2]
    if department == "00":
        raise ValidationError(field, f"aucun département ne porte le numéro 00 ({_COMMUNE_EXAMPLE})")
    if department == "20":
        raise ValidationError(
            field, "la Corse s'écrit 2A (Corse-du-Sud) ou 2B (Haute-Corse), pas 20 : corrigez le code"
        )
    if department == "96":
        raise ValidationError(field, "aucun département ne porte le numéro 96 : vérifiez le code")
    if department in {"97", "98", "99"}:
        if code[:3] not in _OVERSEAS:
            raise ValidationError(
                field,
                f"le département {code[:3]} n'est pas pris en charge (outre-mer accepté : 971 à 978)",
            )
        if code[3:] == "00":
            raise ValidationError(
                field, "numéro de commune 00 inexistant : saisissez le code INSEE, pas le code postal"
            )
        return code
    if code[2:] == "000":
        raise ValidationError(
            field, "numéro de commune 000 inexistant : saisissez le code INSEE, pas le code postal"
        )
    return code


# --------------------------------------------------------------------------------------------
# NIR (numéro de sécurité sociale): never collected, refused in free text
# --------------------------------------------------------------------------------------------
#
# Heuristic of looks_like_nir():
#
# 1. The text is cut into "groups": maximal runs of letters/digits. Consecutive groups separated
#    by 1 to 3 characters among space, no-break spaces, tab, "." and dashes are chained. Digits
#    glued to letters ("REF1850578006084") form one group with them and are not a NIR.
# 2. Every window of consecutive chained groups whose joined length is 13 (NIR without key) or
#    15 (with key) is a candidate, with one condition: each place where the window is cut by a
#    separator must fall on a NIR field boundary (after the sex, year, month, département,
#    commune, order fields, i.e. after character 1, 3, 5, 7, 10 or 13). "1 85 05 78 006 084 36"
#    or "18505 78006 08436" qualify; phone numbers ("06 12 34 56 78", cut every 2 digits),
#    amounts ("1 000 000 000 000", cut every 3) and spaced SIRETs ("732 829 320 00074") do not.
# 3. A candidate is NIR-shaped when: first digit 1, 2 (sex), 3, 4 (older numbers) or 7, 8
#    (temporary numbers, NIA); any year; a plausible month per INSEE: 01–12, 20–42 or 50–99
#    (the fictitious months used when the birth month is unknown), so 00, 13–19 and 43–49 are
#    not a NIR; a département of 2 digits or 2A/2B; then digits only. The key, when present, is
#    not checked: a NIR with a mistyped key is still a NIR and must not be stored.
# 4. A NIR never has 14 characters, so a 14-digit run (the length of a SIRET) is never flagged:
#    a SIRET typed alone, compact or spaced, passes.

_GROUP = re.compile(r"[^\W_]+")
_NIR_SEPARATOR = re.compile(r"[ \t\u00a0\u202f.\-\u2010\u2011\u2013]{1,3}")
_NIR_SHAPE = re.compile(r"[123478][0-9]{2}([0-9]{2})(?:[0-9]{2}|2[AB])[0-9]{6}(?:[0-9]{2})?", re.ASCII)
_NIR_BOUNDARIES = frozenset({1, 3, 5, 7, 10, 13})
_NIR_LENGTHS = frozenset({13, 15})


def _plausible_nir_month(month: str) -> bool:
    number = int(month)
    return 1 <= number <= 12 or 20 <= number <= 42 or 50 <= number <= 99


def _is_nir_candidate(compact: str) -> bool:
    match = _NIR_SHAPE.fullmatch(compact.upper())
    return match is not None and _plausible_nir_month(match.group(1))


def _chains(text: str) -> list[list[str]]:
    """Groups of letters/digits, chained when only short separators lie between them."""
    chains: list[list[str]] = []
    previous_end = -1
    for match in _GROUP.finditer(text):
        between = text[previous_end : match.start()]
        if chains and _NIR_SEPARATOR.fullmatch(between) is not None:
            chains[-1].append(match.group())
        else:
            chains.append([match.group()])
        previous_end = match.end()
    return chains


def looks_like_nir(text: str) -> bool:
    """True when `text` contains something shaped like a NIR (see the heuristic above)."""
    for chain in _chains(text):
        for start in range(len(chain)):
            length = 0
            cuts: list[int] = []
            for group in chain[start:]:
                if length:
                    cuts.append(length)
                length += len(group)
                if length > 15:
                    break
                if (
                    length in _NIR_LENGTHS
                    and all(cut in _NIR_BOUNDARIES for cut in cuts)
                    and _is_nir_candidate("".join(chain[start : start + len(cuts) + 1]))
                ):
                    return True
    return False


NIR_REFUSED = "ressemble à un numéro de sécurité sociale (NIR), qui ne doit jamais être saisi : retirez-le."


@overload
def refuse_nir(text: None, field: str) -> None: ...


@overload
def refuse_nir(text: str, field: str) -> str: ...


def refuse_nir(text: str | None, field: str) -> str | None:
    """Return `text` unchanged, or raise ValidationError when it contains a NIR-shaped string."""
    if text is not None and looks_like_nir(text):
        raise ValidationError(field, NIR_REFUSED)
    return text
