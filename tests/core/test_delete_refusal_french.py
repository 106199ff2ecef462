"""A refused deletion reads as French: agreement with the record, real plurals, what to do."""

from __future__ import annotations

from typing import Any

import pytest

from clausedesk.core.errors import ConflictError
from clausedesk.core.services import records
from clausedesk.db.models import Company, Contract, Lot


def _used(store: Any, model: type, with_contracts: int) -> str:
    with store.session() as s:
        for obj in s.query(model).filter(model.deleted_at.is_(None)):
            n = s.query(Contract).filter(getattr(Contract, f"{model.__tablename__}_id") == obj.id,
                                         Contract.deleted_at.is_(None)).count()  # fmt: skip
            if (n == 1) == (with_contracts == 1) and n:
                return str(obj.uuid)
    raise AssertionError("no such record in the demo")


@pytest.mark.parametrize("model", [Company, Lot])
def test_refusal_agrees_and_counts(demo_store: Any, model: type) -> None:
    kind = "company" if model is Company else "lot"
    for wanted in (1, 2):
        try:
            uuid = _used(demo_store, model, wanted)
        except AssertionError:
            continue
        with pytest.raises(ConflictError) as err, demo_store.session() as s:
            records.delete(s, kind, uuid)
        message = err.value.message
        assert "(s)" not in message and "1 contrats" not in message
        if model is Company:
            assert message.startswith("L'entreprise ne peut pas être supprimée : elle est encore utilisée")
        else:
            assert message.startswith("Le lot ne peut pas être supprimé : il est encore utilisé par ")
        assert ("1 contrat" in message) if wanted == 1 else (" contrats" in message)
        assert message.endswith("rien n'a été supprimé.")
