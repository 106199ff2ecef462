"""Rules that hold together: which modalities and contract types each kind of company can carry.

The table is reference data (`structure_rule`, editable in Paramètres, defaults in
`core.reference_defaults.STRUCTURE_RULES`): an ESAT lends its workers (mise à disposition), an ETTI signs
contrats de mission, an EI a CDDI... A contract outside its employer's rule is refused in French with
what is allowed; a kind without an active rule is not checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from clausedesk.core.errors import ValidationError

__all__ = ["StructureRuleSpec", "check_combination", "split_codes"]


def split_codes(text: str | None) -> tuple[str, ...]:
    """"embauche_directe, sous_traitance" → ("embauche_directe", "sous_traitance") (order kept, no blanks)."""
    parts = (part.strip() for part in (text or "").replace(";", ",").split(","))
    return tuple(dict.fromkeys(part for part in parts if part))


@dataclass(frozen=True)
class StructureRuleSpec:
    kind: str  # CompanyKind value
    kind_label: str
    modalities: frozenset[str]
    contract_types: frozenset[str]


def _listed(codes: Iterable[str], labels: Mapping[str, str]) -> str:
    names = sorted(f"« {labels.get(code, code)} »" for code in codes)
    if not names:
        return "aucun"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " ou " + names[-1]


def check_combination(rule: StructureRuleSpec | None, modality: str, contract_type: str,
                      labels: Mapping[str, str]) -> None:  # fmt: skip
    """Refuse (ValidationError) a modality or contract type the employer's kind cannot carry.

    `labels` maps modality and contract type codes to their French labels (for the message).
    """
    if rule is None:
        return
    if modality not in rule.modalities:
        raise ValidationError(
            "Modalité",
            f"une structure « {rule.kind_label} » ne peut pas porter « {labels.get(modality, modality)} » : "
            f"modalités possibles : {_listed(rule.modalities, labels)}. Corrigez la modalité ou l'employeur "
            "(la règle se modifie dans Paramètres › Règles par structure).",
        )
    if contract_type not in rule.contract_types:
        wanted = labels.get(contract_type, contract_type)
        raise ValidationError(
            "Type de contrat",
            f"une structure « {rule.kind_label} » ne signe pas de « {wanted} » : types de contrat "
            f"possibles : {_listed(rule.contract_types, labels)}. Corrigez le type de contrat ou l'employeur "
            "(la règle se modifie dans Paramètres › Règles par structure).",
        )
