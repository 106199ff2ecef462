"""The coordinator's directory in SQL: each facilitator's entry, territory codes and the chefs de file."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from clausedesk.db.models import (
    Buyer,
    CoordChefDeFile,
    CoordDirectoryEntry,
    CoordFacilitator,
    CoordPackage,
    CoordRecord,
    CoordTerritory,
)


@dataclass(frozen=True)
class DirectoryRow:
    """One enrolled facilitator as the directory shows it (codes sorted, SIRETs sorted)."""

    facilitator_id: int
    key_id: str
    name: str
    fingerprint: str
    revoked: bool
    structure: str | None
    contacts: tuple[str, ...]
    territory: tuple[str, ...]  # EPCI SIRENs and commune codes, as stored
    last_package_month: str | None
    chef_de_file_for: tuple[str, ...]
    target: dict[str, Any] | None  # the funders' target sent in the facilitator's latest package having one


def _targets(session: Session) -> dict[int, dict[str, Any]]:
    """Each facilitator's funders' target, from the aggregates of its latest merged package that has one."""
    stmt = (
        select(CoordPackage.facilitator_id, CoordPackage.aggregates_json)
        .where(CoordPackage.status == "merged", CoordPackage.aggregates_json.is_not(None))
        .order_by(CoordPackage.facilitator_id, CoordPackage.sequence.desc())
    )
    out: dict[int, dict[str, Any]] = {}
    for fid, text in session.execute(stmt):
        target = json.loads(text or "{}").get("funding_target") if fid not in out else None
        if isinstance(target, dict):
            out[fid] = target
    return out


def rows(session: Session) -> list[DirectoryRow]:
    """Every enrolled facilitator (revoked ones included), by name."""
    entries = {e.facilitator_id: e for e in session.scalars(select(CoordDirectoryEntry))}
    territory: dict[int, list[str]] = {}
    for fid, code in session.execute(select(CoordTerritory.facilitator_id, CoordTerritory.code)):
        territory.setdefault(fid, []).append(code)
    chefs: dict[int, list[str]] = {}
    for siret, fid in session.execute(select(CoordChefDeFile.buyer_siret, CoordChefDeFile.facilitator_id)):
        chefs.setdefault(fid, []).append(siret)
    targets = _targets(session)
    out: list[DirectoryRow] = []
    for f in session.scalars(
        select(CoordFacilitator).order_by(CoordFacilitator.name, CoordFacilitator.key_id)
    ):
        entry = entries.get(f.id)
        out.append(DirectoryRow(
            facilitator_id=f.id, key_id=f.key_id, name=f.name, fingerprint=f.fingerprint,
            revoked=f.revoked_at is not None, structure=entry.structure if entry else None,
            contacts=tuple(json.loads(entry.contacts_json)) if entry else (),
            territory=tuple(sorted(territory.get(f.id, []))), last_package_month=f.last_period,
            chef_de_file_for=tuple(sorted(chefs.get(f.id, []))), target=targets.get(f.id),
        ))  # fmt: skip
    return out


def set_entry(
    session: Session,
    facilitator_id: int,
    structure: str | None = None,
    contacts: list[str] | None = None,
    territory: Iterable[str] | None = None,
) -> None:
    """Update what is given (None leaves a part as it was); the territory is replaced as a whole."""
    entry = session.get(CoordDirectoryEntry, facilitator_id)
    if entry is None:
        entry = CoordDirectoryEntry(facilitator_id=facilitator_id, contacts_json="[]")
        session.add(entry)
    if structure is not None:
        entry.structure = structure
    if contacts is not None:
        entry.contacts_json = json.dumps(contacts, ensure_ascii=False)
    if territory is not None:
        session.execute(delete(CoordTerritory).where(CoordTerritory.facilitator_id == facilitator_id))
        session.add_all(
            CoordTerritory(facilitator_id=facilitator_id, code=code) for code in sorted(set(territory))
        )
    session.flush()


def set_chef_de_file(session: Session, buyer_siret: str, facilitator_id: int) -> int | None:
    """Designate the chef de file of a buyer; returns the facilitator id it replaces (None if none)."""
    row = session.get(CoordChefDeFile, buyer_siret)
    if row is None:
        session.add(CoordChefDeFile(buyer_siret=buyer_siret, facilitator_id=facilitator_id))
        session.flush()
        return None
    before = row.facilitator_id
    row.facilitator_id = facilitator_id
    session.flush()
    return before


def territory_codes(session: Session) -> dict[str, list[str]]:
    """Territory codes of every unrevoked facilitator, by key id."""
    stmt = (
        select(CoordFacilitator.key_id, CoordTerritory.code)
        .join(CoordTerritory, CoordTerritory.facilitator_id == CoordFacilitator.id)
        .where(CoordFacilitator.revoked_at.is_(None))
        .order_by(CoordFacilitator.key_id, CoordTerritory.code)
    )
    out: dict[str, list[str]] = {}
    for key_id, code in session.execute(stmt):
        out.setdefault(key_id, []).append(code)
    return out


def buyer_names(session: Session, sirets: Iterable[str]) -> dict[str, str]:
    """Names of this store's live buyers with the given SIRETs (the facilitator's side)."""
    wanted = sorted(set(sirets))
    if not wanted:
        return {}
    stmt = select(Buyer.siret, Buyer.name).where(Buyer.siret.in_(wanted), Buyer.deleted_at.is_(None))
    return {siret: name for siret, name in session.execute(stmt) if siret}


@dataclass(frozen=True)
class MarketPlace:
    """A merged marché's place and the facilitator who sends it."""

    commune: str | None
    key_id: str
    last_package_month: str | None


def market_places(session: Session) -> list[MarketPlace]:
    """Every live merged marché with its commune (None for an older facilitator's or no operation's)."""
    stmt = (
        select(CoordRecord.payload, CoordFacilitator.key_id, CoordFacilitator.last_period)
        .join(CoordFacilitator, CoordFacilitator.id == CoordRecord.facilitator_id)
        .where(CoordRecord.kind == "market", CoordRecord.deleted.is_(False))
    )
    out = []
    for payload, key_id, last in session.execute(stmt):
        commune = json.loads(payload).get("commune_code")
        out.append(MarketPlace(commune if isinstance(commune, str) else None, key_id, last))
    return out
