"""The 0005_recruitment migration upgrades a store of the previous schema and keeps every record."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, text

from clausedesk.db import migrate
from clausedesk.db.engine import make_engine
from clausedesk.db.models import Application, JobOffer, Participant
from clausedesk.db.store import Store
from clausedesk.paths import Paths

FIXTURES = Path(__file__).parents[1] / "fixtures"
# 0001: the first schema; 0004: the schema just before recruitment (made by make_store_v0004.py)
STORES = {
    "0001_initial": FIXTURES / "store_v0001_small.sqlite",
    "0004_trust": FIXTURES / "store_v0004_small.sqlite",
}


def _counts(engine: object) -> dict[str, int]:
    with engine.connect() as conn:  # type: ignore[attr-defined]
        names = [n for n in inspect(conn).get_table_names() if n != "alembic_version"]
        return {n: int(conn.execute(text(f'SELECT count(*) FROM "{n}"')).scalar()) for n in names}


@pytest.mark.parametrize("revision", sorted(STORES))
def test_upgrade_keeps_every_record(tmp_path: Path, revision: str) -> None:
    fixture = STORES[revision]
    before_copy = tmp_path / "avant.sqlite"
    shutil.copyfile(fixture, before_copy)
    engine = make_engine(before_copy)
    with engine.connect() as conn:
        assert migrate.current_revisions(conn) == {revision}
    before = _counts(engine)
    engine.dispose()
    assert before["participant"] > 0 and before["contract"] > 0

    paths = Paths(tmp_path / "donnees").ensure()
    shutil.copyfile(fixture, paths.store)
    store = Store.open(paths)
    try:
        after = _counts(store.engine)
        grown = {"contract_type", "outcome_type"}  # 0007 adds reference rows (PEC, CUI-CIE, emploi franc...)
        for table, n in before.items():
            assert after[table] == n or (table in grown and after[table] > n), table
        assert after["job_offer"] == 0 and after["application"] == 0
        with store.engine.connect() as conn:
            assert migrate.current_revisions(conn) == migrate.head_revisions()
            assert "0005_recruitment" in migrate.known_revisions()
        with store.session() as s:
            people = list(s.scalars(select(Participant)))
            assert len(people) == before["participant"]
            assert all(p.driving_licence is False and p.candidate_since is None for p in people)
            assert s.scalar(select(func.count()).select_from(JobOffer)) == 0
            assert s.scalar(select(func.count()).select_from(Application)) == 0
    finally:
        store.close()
    # a backup of the old file was taken before migrating
    assert list(paths.backups.iterdir())
