"""Editing the territory's reference tables and settings (categories, contract types, outcomes, trades)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from clausedesk.core import validate as v
from clausedesk.core.errors import ConflictError, ValidationError
from clausedesk.core.rules.structures import split_codes
from clausedesk.core.vocab import CompanyKind, Modality
from clausedesk.db.models import ContractType, OutcomeType, PublicCategory, StructureRule, Synced, Trade
from clausedesk.db.repositories import reference

SORTIE_CATEGORIES = ("emploi_durable", "emploi_transition", "sortie_positive", "autre")

TABLES: dict[str, type[Synced]] = {
    "categories": PublicCategory,
    "contract_types": ContractType,
    "outcomes": OutcomeType,
    "trades": Trade,
    "structures": StructureRule,
}


def rows(session: Session, table: str) -> list[Any]:
    if table == "categories":
        return reference.categories(session, include_inactive=True)
    if table == "contract_types":
        return reference.contract_types(session, include_inactive=True)
    if table == "outcomes":
        return reference.outcome_types(session, include_inactive=True)
    if table == "structures":
        return reference.structure_rules(session)
    return reference.trades(session)


def save_row(session: Session, table: str, values: dict[str, Any], code: str | None = None) -> Synced:
    """Create (code None) or update the row `code` of a reference table from validated values."""
    model = TABLES[table]
    new_code = v.required_text(values.get("code"), "Code", 40)
    new_code = new_code.lower() if table == "structures" else new_code.upper()
    existing = reference.row_by_code(session, model, new_code)
    row: Any = reference.row_by_code(session, model, code) if code else None
    if code and row is None:
        raise ValidationError("Code", f"« {code} » est introuvable.")
    if existing is not None and existing is not row:
        raise ConflictError(f"Le code « {new_code} » existe déjà dans cette table.")
    row = row or model()
    row.code = new_code
    row.label = v.required_text(values.get("label"), "Libellé", 200)
    row.active = bool(values.get("active", True))
    if table == "categories":
        row.sensitive = bool(values.get("sensitive"))
        row.requires_reason = bool(values.get("requires_reason"))
    elif table == "outcomes":
        row.sortie_category = v.choice(
            values.get("sortie_category"), "Catégorie de sortie", SORTIE_CATEGORIES
        )
    elif table == "trades":
        row.labour_share_pct = v.required_decimal(
            values.get("labour_share_pct"), "Part main-d'œuvre (%)", maximum=Decimal(100)
        )
    elif table == "contract_types":
        row.outcome_kind = v.text(values.get("outcome_kind"), "Nature", max_len=40) or "autre"
    elif table == "structures":
        _structure_values(session, row, values)
    session.add(row)
    session.flush()
    return row  # type: ignore[no-any-return]


def _structure_values(session: Session, row: StructureRule, values: dict[str, Any]) -> None:
    """The rule of one company kind: its modalities and contract types, every code checked."""
    kinds = [k.value for k in CompanyKind]
    if row.code not in kinds:
        raise ValidationError("Code", f"« {row.code} » n'est pas un type de structure ; codes possibles : "
                              f"{', '.join(kinds)}.")  # fmt: skip
    modalities = split_codes(values.get("modalities"))
    known = [m.value for m in Modality]
    for code in modalities:
        if code not in known:
            raise ValidationError(
                "Modalités", f"« {code} » est inconnue ; codes possibles : {', '.join(known)}."
            )
    types = split_codes(values.get("contract_types"))
    known_types = [t.code for t in reference.contract_types(session, include_inactive=True)]
    for code in types:
        if code not in known_types:
            raise ValidationError(
                "Types de contrat", f"« {code} » est inconnu ; codes possibles : {', '.join(known_types)}."
            )
    if not modalities or not types:
        raise ValidationError(
            "Règle",
            "indiquez au moins une modalité et un type de contrat (codes séparés par des virgules), ou "
            "décochez « Actif » pour ne plus contrôler cette structure.",
        )
    row.modalities, row.contract_types = ", ".join(modalities), ", ".join(types)


def save_settings(session: Session, values: dict[str, str]) -> None:
    """Validate every setting first, then store them all (nothing stored when one is wrong)."""
    from clausedesk.core.settings import SETTINGS_BY_KEY

    for key, raw in values.items():
        SETTINGS_BY_KEY[key].parse(raw)
    for key, raw in values.items():
        reference.set_setting(session, key, raw)
