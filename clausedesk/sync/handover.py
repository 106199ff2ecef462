"""Handover between facilitators: the coordinator transfers a departing facilitator's records, journalled."""

from __future__ import annotations

from dataclasses import dataclass

from clausedesk.core.errors import ConflictError, NotFoundError, ValidationError
from clausedesk.db.engine import SessionFactory
from clausedesk.db.repositories import coordinator as repo
from clausedesk.sync import minisign


@dataclass(frozen=True)
class Transfer:
    from_name: str
    to_name: str
    records: int


def transfer(sessions: SessionFactory, from_key: str, to_key: str) -> Transfer:
    """Give every record owned by `from_key` to `to_key` (both enrolled; the successor not revoked).

    From then on only the successor's packages may change or delete those records; the transfer is
    written in the coordinator's journal with both keys and the number of records.
    """
    source_id = minisign.key_id_hex(minisign.key_id_from_hex(from_key))
    target_id = minisign.key_id_hex(minisign.key_id_from_hex(to_key))
    if source_id == target_id:
        raise ValidationError("Transfert", "les clés --from et --to sont identiques : rien à transférer")
    with sessions() as session, session.begin():
        source = repo.facilitator_by_key(session, source_id)
        target = repo.facilitator_by_key(session, target_id)
        for key_id, row in ((source_id, source), (target_id, target)):
            if row is None:
                raise NotFoundError(
                    f"Aucun facilitateur inscrit avec la clé {key_id} (voir « coordinator stats ») : "
                    "rien n'a été transféré."
                )
        assert source is not None and target is not None
        if target.revoked_at is not None:
            raise ConflictError(
                f"La clé {target_id} de « {target.name} » est révoquée : elle ne peut pas reprendre "
                "d'enregistrements. Inscrivez la nouvelle clé du successeur, puis relancez le transfert."
            )
        detail = (
            f"Transfert des enregistrements de « {source.name} » ({source_id}) "
            f"à « {target.name} » ({target_id})"
        )
        moved = repo.transfer(session, source, target, detail)
        return Transfer(source.name, target.name, moved)
