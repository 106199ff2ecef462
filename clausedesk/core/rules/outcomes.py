"""Outcomes (sorties dynamiques): categories, the editable mapping lookup, the default rule."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from clausedesk.core.errors import ValidationError

__all__ = [
    "APPRENTISSAGE",
    "AUTRE",
    "CDD",
    "CDD_TREMPLIN",
    "CDD_USAGE",
    "CDDI",
    "CDI",
    "CDI_INCLUSION",
    "CONTRACT_KINDS",
    "CONTRAT_AIDE_MARCHAND",
    "CREATION_ENTREPRISE",
    "DURABLE_MONTHS",
    "EMBAUCHE_SIAE",
    "EMPLOI_DURABLE",
    "EMPLOI_TRANSITION",
    "FONCTION_PUBLIQUE",
    "FORMATION_QUALIFIANTE",
    "INTERIM",
    "PROFESSIONNALISATION",
    "SORTIE_CATEGORIES",
    "SORTIE_POSITIVE",
    "TRANSITION_MONTHS",
    "classify_employment",
    "sortie_category",
]

# Categories ------------------------------------------------------------------------------------

EMPLOI_DURABLE = "emploi_durable"
EMPLOI_TRANSITION = "emploi_transition"
SORTIE_POSITIVE = "sortie_positive"
AUTRE = "autre"

SORTIE_CATEGORIES: dict[str, str] = {
    EMPLOI_DURABLE: "Emploi durable",
    EMPLOI_TRANSITION: "Emploi de transition",
    SORTIE_POSITIVE: "Sortie positive",
    AUTRE: "Autre situation",
}
"""Category code → French label, in report order."""


def sortie_category(outcome_code: str | None, mapping: Mapping[str, str]) -> str:
    """Category of an outcome through the editable mapping (outcome code → category code).

    "autre" when the outcome is None, absent from the mapping, or mapped to a code that is not
    a category (a damaged mapping must not invent a category in the reports).
    """
    if outcome_code is None:
        return AUTRE
    category = mapping.get(outcome_code)
    return category if category in SORTIE_CATEGORIES else AUTRE


# Kinds of employment or situation after a contract, as understood by classify_employment() ----

CDI = "cdi"
"""Contrat à durée indéterminée."""
CDI_INCLUSION = "cdi_inclusion"
"""CDI inclusion (signed with an SIAE by people aged 57 and over): a CDI, hence durable."""
CDD = "cdd"
"""Contrat à durée déterminée: classified by its duration."""
CDD_USAGE = "cdd_usage"
"""CDD d'usage: a CDD, classified by its duration."""
CDD_TREMPLIN = "cdd_tremplin"
"""CDD Tremplin (entreprise adaptée, not an SIAE): a CDD, classified by its duration."""
INTERIM = "interim"
"""Contrat de mission in an ordinary temporary-work agency: classified by its duration."""
PROFESSIONNALISATION = "professionnalisation"
"""Contrat de professionnalisation: durable whatever its duration."""
APPRENTISSAGE = "apprentissage"
"""Contrat d'apprentissage: durable whatever its duration."""
FONCTION_PUBLIQUE = "fonction_publique"
"""Entry into the civil service (titularisation, stagiairisation): durable."""
CREATION_ENTREPRISE = "creation_entreprise"
"""Business creation or take-over: durable."""
CONTRAT_AIDE_MARCHAND = "contrat_aide_marchand"
"""Contrat aidé in the market sector (PEC / CUI-CIE): transition."""
FORMATION_QUALIFIANTE = "formation_qualifiante"
"""Qualifying training: positive exit."""
EMBAUCHE_SIAE = "embauche_siae"
"""Hiring by an SIAE (EI, AI, ACI, ETTI, EITI) other than through a CDDI: positive exit."""
CDDI = "cddi"
"""CDD d'insertion, which only an SIAE can sign: a hiring by an SIAE, positive exit."""

DURABLE_MONTHS = Decimal(6)
"""A CDD or interim assignment of at least 6 months is durable employment."""
TRANSITION_MONTHS = Decimal(3)
"""A CDD or interim assignment of 3 to less than 6 months is transition employment."""

_BY_DURATION = frozenset({CDD, CDD_USAGE, CDD_TREMPLIN, INTERIM})
_FIXED: dict[str, str] = {
    CDI: EMPLOI_DURABLE,
    CDI_INCLUSION: EMPLOI_DURABLE,
    PROFESSIONNALISATION: EMPLOI_DURABLE,
    APPRENTISSAGE: EMPLOI_DURABLE,
    FONCTION_PUBLIQUE: EMPLOI_DURABLE,
    CREATION_ENTREPRISE: EMPLOI_DURABLE,
    CONTRAT_AIDE_MARCHAND: EMPLOI_TRANSITION,
    FORMATION_QUALIFIANTE: SORTIE_POSITIVE,
    EMBAUCHE_SIAE: SORTIE_POSITIVE,
    CDDI: SORTIE_POSITIVE,
}

CONTRACT_KINDS: frozenset[str] = frozenset(_FIXED) | _BY_DURATION
"""Every kind classify_employment() knows; any other kind is "autre"."""


def classify_employment(contract_kind: str, months: Decimal | None) -> str:
    """Default outcome category of an employment situation (DOMAIN rule 5).

    - emploi durable: CDI (and CDI inclusion), CDD / CDD d'usage / CDD Tremplin / intérim of
      6 months or more, contrat de professionnalisation, apprentissage, fonction publique,
      création d'entreprise;
    - emploi de transition: CDD or intérim of 3 to less than 6 months, contrat aidé in the
      market sector;
    - sortie positive: formation qualifiante, hiring by an SIAE (including a CDDI);
    - autre: anything else, unknown kinds, and CDD or intérim under 3 months or of unknown
      duration (`months` None): an outcome is never overstated for lack of data.

    `months` is the contract's duration in months; only duration-classified kinds read it.
    The kind is matched case-insensitively, surrounding spaces ignored.
    """
    kind = contract_kind.strip().lower()
    if kind in _FIXED:
        return _FIXED[kind]
    if kind not in _BY_DURATION or months is None:
        return AUTRE
    if not months.is_finite() or months < 0:
        raise ValidationError("Durée du contrat", "doit être un nombre de mois positif ou nul")
    if months >= DURABLE_MONTHS:
        return EMPLOI_DURABLE
    if months >= TRANSITION_MONTHS:
        return EMPLOI_TRANSITION
    return AUTRE
