"""The directory of facilitators (coordinator's side): structure, contacts, territory, chefs de file.

A territory is a set of EPCIs (SIREN, 9 digits) and communes (INSEE code, 5 characters), checked
against the official geographic code (`core.reference.geo`): an unknown code is refused in French and
nothing is written. The directory travels to the facilitators in the signed referential
(`referential_entries`), where `facilitator_directory` reads it back for the window.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from clausedesk.core import validate
from clausedesk.core.errors import ConflictError, NotFoundError, ValidationError
from clausedesk.core.reference import geo
from clausedesk.core.rules.identifiers import check_siret
from clausedesk.db.engine import SessionFactory
from clausedesk.db.repositories import coordinator as coord_repo
from clausedesk.db.repositories import directory as repo
from clausedesk.db.repositories import sync as sync_repo
from clausedesk.sync import minisign

#: Kinds of structure employing a facilitator (code → French label).
STRUCTURES: dict[str, str] = {
    "plie": "PLIE",
    "maison_emploi": "Maison de l'Emploi",
    "collectivite": "Collectivité",
    "association": "Association",
}
MAX_CONTACTS = 10


def structure_label(code: str | None) -> str:
    return STRUCTURES.get(code or "", code or "")


def parse_territory(text: str) -> list[str]:
    """ "200069193, 79191" → the EPCI and commune codes, each checked in the official geographic code."""
    codes = [part.replace(" ", "").upper() for part in text.replace(";", ",").split(",")]
    codes = list(dict.fromkeys(code for code in codes if code))
    unknown: list[str] = []
    for code in codes:
        if len(code) == 9 and code.isdigit():
            if geo.epci(code) is None:
                unknown.append(f"{code} (aucun EPCI de ce SIREN)")
        elif len(code) == 5:
            if geo.commune(code) is None:
                unknown.append(f"{code} (aucune commune de ce code INSEE)")
        else:
            unknown.append(f"{code} (ni un SIREN d'EPCI à 9 chiffres, ni un code commune INSEE)")
    if unknown:
        raise ValidationError(
            "Territoire",
            "codes inconnus du code officiel géographique : "
            + " ; ".join(unknown)
            + ". Vérifiez-les (« clausedesk coordinator coverage » liste les EPCI du département) ; "
            "rien n'a été modifié.",
        )
    return codes


def _structure(code: str) -> str:
    cleaned = code.strip().lower().replace("-", "_").replace(" ", "_")
    if cleaned not in STRUCTURES:
        choices = ", ".join(f"{c} ({label})" for c, label in STRUCTURES.items())
        raise ValidationError("Structure", f"« {code} » inconnue ; valeurs possibles : {choices}.")
    return cleaned


def _facilitator(session: Session, key_id: str) -> Any:
    normalised = minisign.key_id_hex(minisign.key_id_from_hex(key_id))
    row = coord_repo.facilitator_by_key(session, normalised)
    if row is None:
        raise NotFoundError(
            f"Aucun facilitateur inscrit avec la clé {normalised} (voir « coordinator directory »)."
        )
    return row


@dataclass(frozen=True)
class DirectoryChange:
    name: str
    key_id: str


def update_entry(
    session: Session,
    key_id: str,
    structure: str | None = None,
    territory: str | None = None,
    contacts: list[str] | None = None,
) -> DirectoryChange:
    """Set a facilitator's structure, territory (replaced as a whole) and contacts; all checked first.

    None leaves a part as it was; an empty territory or contact list clears it."""
    code = None if structure is None else _structure(structure)
    codes = None if territory is None else parse_territory(territory)
    lines = None
    if contacts is not None:
        lines = [line for c in contacts if (line := validate.text(c, "Contact", max_len=200))]
        if len(lines) > MAX_CONTACTS:
            raise ValidationError("Contact", f"{MAX_CONTACTS} lignes au plus ({len(lines)} données).")
    row = _facilitator(session, key_id)
    repo.set_entry(session, row.id, code, lines, codes)
    return DirectoryChange(row.name, row.key_id)


def set_entry(
    sessions: SessionFactory,
    key_id: str,
    structure: str | None = None,
    territory: str | None = None,
    contacts: list[str] | None = None,
) -> DirectoryChange:
    """`update_entry` in its own transaction."""
    with sessions() as session, session.begin():
        return update_entry(session, key_id, structure, territory, contacts)


@dataclass(frozen=True)
class ChefDeFile:
    siret: str
    name: str
    replaced: str | None  # the former chef de file's name


def designate(session: Session, siret: str, key_id: str) -> ChefDeFile:
    """Designate `key_id` as chef de file for the buyer `siret` (a revoked key is refused)."""
    siret = check_siret(siret, "SIRET du donneur d'ordre")
    row = _facilitator(session, key_id)
    if row.revoked_at is not None:
        raise ConflictError(
            f"La clé {row.key_id} de « {row.name} » est révoquée : elle ne peut pas être chef de file."
        )
    before = repo.set_chef_de_file(session, siret, row.id)
    names = coord_repo.facilitator_names(session)
    replaced = None if before in (None, row.id) else names.get(before)
    return ChefDeFile(siret, row.name, replaced)


def set_chef_de_file(sessions: SessionFactory, siret: str, key_id: str) -> ChefDeFile:
    """`designate` in its own transaction."""
    with sessions() as session, session.begin():
        return designate(session, siret, key_id)


def split_territory(codes: tuple[str, ...] | list[str]) -> tuple[list[str], list[str]]:
    """(EPCI SIRENs, commune codes) of a territory."""
    return [c for c in codes if len(c) == 9], [c for c in codes if len(c) != 9]


def _entry(row: repo.DirectoryRow) -> dict[str, Any]:
    epcis, communes = split_territory(row.territory)
    return {"key_id": row.key_id, "name": row.name, "structure": row.structure, "territory": epcis,
            "communes": communes, "contacts": list(row.contacts),
            "chef_de_file_for": list(row.chef_de_file_for), "revoked": row.revoked}  # fmt: skip


def directory(session: Session) -> list[dict[str, Any]]:
    """`coordinator directory --json`: one object per enrolled facilitator."""
    return [
        {
            **_entry(row),
            "structure_label": structure_label(row.structure) or None,
            "last_package_month": row.last_package_month,
            "target": row.target,
        }  # fmt: skip
        for row in repo.rows(session)
    ]


def referential_entries(session: Session) -> list[dict[str, Any]]:
    """The directory as the signed referential carries it (with each key's fingerprint)."""
    return [{**_entry(row), "fingerprint": row.fingerprint} for row in repo.rows(session)]


# --- facilitator's side ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Colleague:
    """A facilitator of the department, as the facilitator's window shows them."""

    name: str
    key_id: str
    structure: str
    territory: list[tuple[str, str]]  # (code, name) of EPCIs then communes
    contacts: list[str]
    chef_de_file_for: list[tuple[str, str]]  # (buyer SIRET, name in this store or "")
    is_me: bool


def _place_name(code: str) -> str:
    if len(code) == 9:
        found = geo.epci(code)
        return found.name if found else code
    commune = geo.commune(code)
    return commune.name if commune else code


def _strings(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def facilitator_directory(session: Session, own_key_id: str | None = None) -> list[Colleague]:
    """The directory of the last imported referential (empty before any), revoked keys left out."""
    state = sync_repo.peek_state(session)
    document = json.loads(state.referential_json) if state.referential_json else {}
    entries = document.get("facilitators", []) if isinstance(document, dict) else []
    live = [
        e
        for e in (entries if isinstance(entries, list) else [])
        if isinstance(e, dict) and not e.get("revoked")
    ]
    buyers = repo.buyer_names(session, (s for e in live for s in _strings(e.get("chef_de_file_for"))))
    out = [
        Colleague(
            name=str(e.get("name", "")),
            key_id=str(e.get("key_id", "")),
            structure=structure_label(e.get("structure") if isinstance(e.get("structure"), str) else None),
            territory=[
                (code, _place_name(code))
                for code in _strings(e.get("territory")) + _strings(e.get("communes"))
            ],
            contacts=_strings(e.get("contacts")),
            chef_de_file_for=[(s, buyers.get(s, "")) for s in _strings(e.get("chef_de_file_for"))],
            is_me=e.get("key_id") == own_key_id,
        )  # fmt: skip
        for e in live
    ]
    return sorted(out, key=lambda c: c.name.lower())
