"""Opening, creating, refusing and migrating stores on real SQLite files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from clausedesk.core.errors import StoreError
from clausedesk.db import migrate
from clausedesk.db.backup import backup_database, is_sqlite_file, verify_copy
from clausedesk.db.engine import make_engine
from clausedesk.db.repositories import reference
from clausedesk.db.repositories.integrity import check_store
from clausedesk.db.repositories.stats import store_stats
from clausedesk.db.store import Store
from clausedesk.paths import Paths

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_new_store_is_migrated_seeded_and_configured(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert migrate.current_revisions(conn) == migrate.head_revisions()
    with store.session() as session:
        codes = [c.code for c in reference.categories(session)]
        assert "RQTH" in codes and "BRSA" in codes and "AVIS_MOTIVE" in codes
        assert {c.code for c in reference.categories(session) if c.sensitive} == {"RQTH", "AAH", "INVALIDITE"}
        assert reference.get_setting(session, "eligibility_validity_months") == 24
        assert reference.outcome_mapping(session)["CDI"] == "emploi_durable"
        assert check_store(session) == []


def test_reopening_does_not_seed_twice(paths: Paths) -> None:
    Store.open(paths, create=True).close()
    s = Store.open(paths)
    with s.session() as session:
        assert len(reference.categories(session)) == 14
    s.close()


def test_missing_store_is_refused_without_create(paths: Paths) -> None:
    with pytest.raises(StoreError, match="Aucune base ClauseDesk"):
        Store.open(paths)
    assert not paths.store.exists()


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(paths: Paths) -> None:
    paths.ensure()
    paths.store.write_bytes(b"ceci n'est pas une base" * 100)
    before = paths.store.read_bytes()
    with pytest.raises(StoreError, match="n'est pas une base ClauseDesk"):
        Store.open(paths)
    assert paths.store.read_bytes() == before


def test_a_foreign_sqlite_database_is_refused(paths: Paths) -> None:
    paths.ensure()
    engine = make_engine(paths.store)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE autre (x)")
    engine.dispose()
    before = paths.store.read_bytes()
    with pytest.raises(StoreError, match="pas une base ClauseDesk"):
        Store.open(paths)
    assert paths.store.read_bytes() == before


def test_a_newer_schema_is_refused_with_a_french_message(paths: Paths) -> None:
    Store.open(paths, create=True).close()
    engine = make_engine(paths.store)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE alembic_version SET version_num = '9999_future' "
            "WHERE version_num = (SELECT min(version_num) FROM alembic_version)"
        )
    engine.dispose()
    with pytest.raises(StoreError, match="version plus récente"):
        Store.open(paths)


def test_a_damaged_file_is_refused(paths: Paths) -> None:
    Store.open(paths, create=True).close()
    data = bytearray(paths.store.read_bytes())
    for i in range(4096, min(len(data), 4096 * 6)):
        data[i] = 0xA5
    paths.store.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(str(paths.store) + suffix).unlink(missing_ok=True)
    with pytest.raises(StoreError):
        Store.open(paths)


def test_backup_is_verified_and_atomic(demo_store: Store, tmp_path: Path) -> None:
    target = demo_store.backup(tmp_path / "copie.sqlite")
    verify_copy(target)
    assert not (tmp_path / "copie.sqlite.tmp").exists()
    restored = Paths(tmp_path / "restauree").ensure()
    shutil.copyfile(target, restored.store)
    s = Store.open(restored)
    with s.session() as a, demo_store.session() as b:
        assert store_stats(a) == store_stats(b)
    s.close()


def test_backup_to_an_unwritable_place_fails_cleanly(demo_store: Store, tmp_path: Path) -> None:
    blocker = tmp_path / "fichier"
    blocker.write_text("x")
    with pytest.raises(StoreError):
        backup_database(demo_store.path, blocker / "sous-dossier" / "copie.sqlite")


def test_store_from_the_first_schema_opens_and_keeps_every_record(tmp_path: Path) -> None:
    """tests/fixtures/store_v0001_small.sqlite was written by the first schema (0001_initial)."""
    p = Paths(tmp_path / "ancienne").ensure()
    shutil.copyfile(FIXTURES / "store_v0001_small.sqlite", p.store)
    assert is_sqlite_file(p.store)  # written before encryption: opened without a key
    raw = make_engine(p.store)
    with raw.connect() as c:
        before = {
            t: c.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar()
            for t in (
                "buyer", "market", "lot", "company", "participant", "contract", "hour_entry", "situation"
            )
        }
        assert c.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0001_initial"
    raw.dispose()
    s = Store.open(p)
    with s.engine.connect() as conn:
        assert migrate.current_revisions(conn) == migrate.head_revisions()
        after = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in before}
    assert after == before
    assert before["contract"] == 55
    with s.session() as session:
        assert check_store(session) == []
    s.close()
    assert not is_sqlite_file(p.store)  # encrypted on open
    assert any(b.name.startswith("avant-chiffrement") for b in p.backups.iterdir())
    assert not any(is_sqlite_file(b) for b in p.backups.iterdir())  # no plaintext copy left behind
    if migrate.head_revisions() != {"0001_initial"}:
        assert any(b.name.startswith("avant-migration") for b in p.backups.iterdir())
