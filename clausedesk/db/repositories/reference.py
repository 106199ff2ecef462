"""Reference tables and settings: seeding the defaults, reading and editing them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clausedesk.core import reference_defaults as defaults
from clausedesk.core.settings import SETTINGS, SETTINGS_BY_KEY, SettingValue
from clausedesk.db.models import ContractType, OutcomeType, PublicCategory, Setting, StructureRule, Trade

SEEDED_KEY = "reference_seeded"


def ensure_seeded(session: Session) -> bool:
    """Seed the default reference data once in the life of a store; True when it did."""
    if session.get(Setting, SEEDED_KEY) is not None:
        return False
    for i, cat in enumerate(defaults.PUBLIC_CATEGORIES):
        session.add(
            PublicCategory(
                code=cat.code,
                label=cat.label,
                sensitive=cat.sensitive,
                requires_reason=cat.requires_reason,
                sort_order=i,
            )
        )
    for i, ct in enumerate(defaults.CONTRACT_TYPES):
        session.add(ContractType(code=ct.code, label=ct.label, outcome_kind=ct.outcome_kind, sort_order=i))
    for i, out in enumerate(defaults.OUTCOMES):
        session.add(
            OutcomeType(code=out.code, label=out.label, sortie_category=out.sortie_category, sort_order=i)
        )
    for i, tr in enumerate(defaults.TRADES):
        session.add(Trade(code=tr.code, label=tr.label, labour_share_pct=tr.labour_share_pct, sort_order=i))
    for i, rule in enumerate(defaults.STRUCTURE_RULES):
        session.add(StructureRule(code=rule.code, label=rule.label, modalities=", ".join(rule.modalities),
                                  contract_types=", ".join(rule.contract_types), sort_order=i))  # fmt: skip
    session.add(Setting(key=SEEDED_KEY, value="1"))
    session.flush()
    return True


def get_setting(session: Session, key: str) -> SettingValue:
    spec = SETTINGS_BY_KEY[key]
    row = session.get(Setting, key)
    return spec.default if row is None else spec.parse(row.value)


def all_settings(session: Session) -> dict[str, SettingValue]:
    stored = {s.key: s.value for s in session.scalars(select(Setting))}
    return {
        spec.key: spec.parse(stored[spec.key]) if spec.key in stored else spec.default for spec in SETTINGS
    }


def set_setting(session: Session, key: str, raw: str) -> SettingValue:
    """Validate and store one setting (raises ValidationError with the French label)."""
    spec = SETTINGS_BY_KEY[key]
    value = spec.parse(raw)
    row = session.get(Setting, key)
    text = str(value)
    if row is None:
        session.add(Setting(key=key, value=text))
    else:
        row.value = text
    return value


def categories(session: Session, *, include_inactive: bool = False) -> list[PublicCategory]:
    stmt = select(PublicCategory).where(PublicCategory.deleted_at.is_(None))
    if not include_inactive:
        stmt = stmt.where(PublicCategory.active.is_(True))
    return list(session.scalars(stmt.order_by(PublicCategory.sort_order, PublicCategory.label)))


def category_by_code(session: Session, code: str) -> PublicCategory | None:
    return session.scalars(select(PublicCategory).where(PublicCategory.code == code)).one_or_none()


def contract_types(session: Session, *, include_inactive: bool = False) -> list[ContractType]:
    stmt = select(ContractType).where(ContractType.deleted_at.is_(None))
    if not include_inactive:
        stmt = stmt.where(ContractType.active.is_(True))
    return list(session.scalars(stmt.order_by(ContractType.sort_order, ContractType.label)))


def contract_type_by_code(session: Session, code: str) -> ContractType | None:
    return session.scalars(select(ContractType).where(ContractType.code == code)).one_or_none()


def outcome_types(session: Session, *, include_inactive: bool = False) -> list[OutcomeType]:
    stmt = select(OutcomeType).where(OutcomeType.deleted_at.is_(None))
    if not include_inactive:
        stmt = stmt.where(OutcomeType.active.is_(True))
    return list(session.scalars(stmt.order_by(OutcomeType.sort_order, OutcomeType.label)))


def outcome_by_code(session: Session, code: str) -> OutcomeType | None:
    return session.scalars(select(OutcomeType).where(OutcomeType.code == code)).one_or_none()


def outcome_mapping(session: Session) -> dict[str, str]:
    """outcome code → sortie category, as edited by the user."""
    return {o.code: o.sortie_category for o in session.scalars(select(OutcomeType))}


def structure_rules(session: Session) -> list[StructureRule]:
    """Every live rule « type de structure → modalités, types de contrat », active or not."""
    stmt = select(StructureRule).where(StructureRule.deleted_at.is_(None))
    return list(session.scalars(stmt.order_by(StructureRule.sort_order, StructureRule.code)))


def structure_rule(session: Session, kind: str) -> StructureRule | None:
    """The active rule of the company kind `kind`, if any."""
    stmt = select(StructureRule).where(
        StructureRule.code == kind, StructureRule.deleted_at.is_(None), StructureRule.active.is_(True)
    )
    return session.scalars(stmt).one_or_none()


def trades(session: Session) -> list[Trade]:
    stmt = select(Trade).where(Trade.deleted_at.is_(None), Trade.active.is_(True))
    return list(session.scalars(stmt.order_by(Trade.sort_order)))


def trade_by_code(session: Session, code: str) -> Trade | None:
    return session.scalars(select(Trade).where(Trade.code == code)).one_or_none()


def row_by_code(session: Session, model: type[Any], code: str) -> Any:
    """The row of a reference table (categories, contract types, outcomes, trades) with this code."""
    return session.scalars(select(model).where(model.code == code)).one_or_none()
