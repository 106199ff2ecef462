"""The coordinator's store on PostgreSQL: the migrated schema, opening errors, what a server refuses."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL

from clausedesk.core.errors import StoreError
from clausedesk.db.migrate import head_revisions
from clausedesk.db.models import Base
from clausedesk.db.server import ServerStore
from clausedesk.paths import Paths
from tests.pgserver import address


def test_the_whole_history_migrates_postgresql_to_the_models(empty_pg_url: URL, tmp_path: Path) -> None:
    """The shared migration history runs on an empty PostgreSQL database and builds the models' schema."""
    store = ServerStore.open_url(Paths(tmp_path), address(empty_pg_url))
    try:
        with store.engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(ctx, Base.metadata) == []
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            assert version in head_revisions()  # the head, whatever migrations later issues add
            # the month check holds on PostgreSQL too (its own regular expression)
            checks = conn.execute(text(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conname = 'ck_hour_entry_month_format'"
            )).scalars().all()  # fmt: skip
            assert len(checks) == 1 and "~" in checks[0]
    finally:
        store.close()
    again = ServerStore.open_url(Paths(tmp_path), address(empty_pg_url))  # a second open migrates nothing
    again.close()


def test_a_database_of_another_application_is_refused(empty_pg_url: URL, tmp_path: Path) -> None:
    engine = create_engine(empty_pg_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE clients (id integer)"))
    engine.dispose()
    with pytest.raises(StoreError, match="pas celles de ClauseDesk"):
        ServerStore.open_url(Paths(tmp_path), address(empty_pg_url))


def test_a_newer_schema_is_refused(pg_url: URL, tmp_path: Path) -> None:
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099_futur'"))
    engine.dispose()
    with pytest.raises(StoreError, match="version plus récente"):
        ServerStore.open_url(Paths(tmp_path), address(pg_url))


def test_file_backup_and_check_are_refused_with_postgresql_tools(pg_url: URL, tmp_path: Path) -> None:
    store = ServerStore.open_url(Paths(tmp_path), address(pg_url))
    try:
        with pytest.raises(StoreError, match="pg_dump"):
            store.backup(tmp_path / "copie.sqlite")
        with pytest.raises(StoreError, match="PostgreSQL"):
            store.quick_check()
        assert "@" in store.where and (pg_url.password is None or pg_url.password not in store.where)
    finally:
        store.close()
    assert not (tmp_path / "copie.sqlite").exists()


def test_wrong_addresses_are_refused_in_french(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="seul PostgreSQL"):
        ServerStore.open_url(Paths(tmp_path), "mysql://u:secret@localhost/base")
    with pytest.raises(StoreError, match="ne nomme pas de base"):
        ServerStore.open_url(Paths(tmp_path), "postgresql://u@localhost")
    with pytest.raises(StoreError, match="illisible") as refused:
        ServerStore.open_url(Paths(tmp_path), "pas une adresse")
    assert "secret" not in str(refused.value)


def test_an_unreachable_server_is_refused_in_french(tmp_path: Path) -> None:
    # port 9 (discard) on the loopback: nothing listens there on a test machine
    with pytest.raises(StoreError, match="Impossible d'ouvrir la base PostgreSQL") as refused:
        ServerStore.open_url(Paths(tmp_path), "postgresql://coord:motdepasse@127.0.0.1:9/coordination")
    assert "motdepasse" not in str(refused.value)


def test_file_commands_refuse_while_the_coordinator_is_on_postgresql(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from clausedesk.cli import run

    monkeypatch.setenv("CLAUSEDESK_DATABASE_URL", "postgresql://coord:secret@127.0.0.1:9/coordination")
    for args, tool in ((["backup", "-o", str(tmp_path / "copie.sqlite")], "pg_dump"), (["check"], "pg_dump"),
                       (["restore", str(tmp_path / "x.sqlite"), "--yes"], "pg_restore"),
                       (["passphrase", "change"], "ALTER ROLE")):  # fmt: skip
        assert run(["--data-dir", str(tmp_path), *args]) == 1, args
        err = capsys.readouterr().err
        assert "PostgreSQL" in err and tool in err and "secret" not in err, err
    assert not (tmp_path / "copie.sqlite").exists() and not (tmp_path / "clausedesk.sqlite").exists()
    # a coordinator's command with a wrong address is refused in French, exit 1, nothing created
    code = run(["--data-dir", str(tmp_path), "coordinator", "--database-url", "mysql://u:pw@h/b", "stats"])
    assert code == 1 and "seul PostgreSQL" in capsys.readouterr().err
