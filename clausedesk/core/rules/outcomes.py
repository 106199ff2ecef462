"""Outcomes (sorties dynamiques): categories, the editable mapping lookup, the default rule.

The default rule is the Pas-de-Calais definition (seed 002) word for word:
- emplois durables: CDI (including one signed within a CUI-CIE), CDD of 6 months or more outside
  contrats aidés, contrat de mission of 6 months or more, contrat de professionnalisation,
  apprentissage, entry into the civil service;
- emplois de transition: CDD of 3 months or more, contrat de mission of 3 months or more, a
  market-sector contrat aidé (CUI-CIE or emploi franc) as a CDD of 3 months or more;
- sorties positives: qualifying training after the action, hire on an insertion job in an SIAE.
Anything beyond the text (business creation) is not counted unless the user chooses so (`beyond_text`).
"""

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
    "BEYOND_TEXT",
    "CONTRAT_AIDE_MARCHAND",
    "CONTRAT_AIDE_NON_MARCHAND",
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
"""Business creation or take-over: beyond the definition, "autre" unless chosen (`BEYOND_TEXT`)."""
CONTRAT_AIDE_MARCHAND = "contrat_aide_marchand"
"""Contrat aidé in the market sector (CUI-CIE, emploi franc): durable as a CDI, transition as a CDD of
3 months or more, never durable as a CDD (« hors contrat aidé »)."""
CONTRAT_AIDE_NON_MARCHAND = "contrat_aide_non_marchand"
"""Contrat aidé in the non-market sector (PEC): not a sortie dynamique in the definition."""
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
    CONTRAT_AIDE_NON_MARCHAND: AUTRE,
    FORMATION_QUALIFIANTE: SORTIE_POSITIVE,
    EMBAUCHE_SIAE: SORTIE_POSITIVE,
    CDDI: SORTIE_POSITIVE,
}

BEYOND_TEXT: dict[str, str] = {CREATION_ENTREPRISE: AUTRE}
"""Kinds the definition does not name, with their default category; a territory may choose otherwise."""

CONTRACT_KINDS: frozenset[str] = (
    frozenset(_FIXED) | _BY_DURATION | {CONTRAT_AIDE_MARCHAND} | frozenset(BEYOND_TEXT)
)
"""Every kind classify_employment() knows; any other kind is "autre"."""


def classify_employment(
    contract_kind: str,
    months: Decimal | None,
    *,
    open_ended: bool = False,
    beyond_text: Mapping[str, str] | None = None,
) -> str:
    """Default outcome category of an employment situation (the definition in the module docstring).

    `months` is the contract's duration in months (None: unknown, never overstated); `open_ended` says a
    contrat aidé of the market sector was signed as a CDI; `beyond_text` overrides `BEYOND_TEXT` (the
    territory's choice for kinds the definition does not name). The kind is matched case-insensitively,
    surrounding spaces ignored; an unknown kind is "autre".
    """
    kind = contract_kind.strip().lower()
    if kind in _FIXED:
        return _FIXED[kind]
    choices = {**BEYOND_TEXT, **(beyond_text or {})}
    if kind in choices:
        chosen = choices[kind]
        return chosen if chosen in SORTIE_CATEGORIES else AUTRE
    if kind == CONTRAT_AIDE_MARCHAND and open_ended:
        return EMPLOI_DURABLE
    if kind not in _BY_DURATION | {CONTRAT_AIDE_MARCHAND} or months is None:
        return AUTRE
    if not months.is_finite() or months < 0:
        raise ValidationError("Durée du contrat", "doit être un nombre de mois positif ou nul")
    if months >= DURABLE_MONTHS and kind != CONTRAT_AIDE_MARCHAND:
        return EMPLOI_DURABLE
    if months >= TRANSITION_MONTHS:
        return EMPLOI_TRANSITION
    return AUTRE
