"""A real PostgreSQL for the coordinator's tests: fresh databases cloned from one migrated template.

CLAUSEDESK_TEST_DATABASE_URL names a database of a server where the user may create databases (`.ci/run`
starts a throwaway cluster on 127.0.0.1 and exports it). Without it, every PostgreSQL test is skipped
with that reason, so `uv run pytest` stays green on a laptop without PostgreSQL.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

ENV = "CLAUSEDESK_TEST_DATABASE_URL"
ENGINES = ("sqlite", "postgresql")
_counter = itertools.count()


def admin_url() -> URL:
    address = os.environ.get(ENV)
    if not address:
        pytest.skip(f"PostgreSQL non disponible : définissez {ENV} (.ci/run démarre un serveur jetable)")
    return make_url(address).set(drivername="postgresql+psycopg")


def _admin(statement: str) -> None:
    engine = create_engine(admin_url(), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(statement))
    finally:
        engine.dispose()


def address(url: URL) -> str:
    """The `postgresql://…` address a user would type, password included."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[URL]:
    """A database migrated to the head and seeded once per run; each test gets a copy of it."""
    from clausedesk.db.server import ServerStore
    from clausedesk.paths import Paths

    name = f"clausedesk_tpl_{os.getpid()}"
    _admin(f"DROP DATABASE IF EXISTS {name}")
    _admin(f"CREATE DATABASE {name}")
    url = admin_url().set(database=name)
    store = ServerStore.open_url(Paths(tmp_path_factory.mktemp("pg-template")), address(url))
    store.close()
    yield url
    _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def new_database(template: URL | None) -> Iterator[URL]:
    """A new database (a copy of `template`, or empty), dropped when the test ends."""
    name = f"clausedesk_t_{os.getpid()}_{next(_counter)}"
    if template is None:
        _admin(f"CREATE DATABASE {name}")
    else:
        _admin(f"CREATE DATABASE {name} TEMPLATE {template.database}")
    try:
        yield admin_url().set(database=name)
    finally:
        _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def pg_url(pg_template: URL) -> Iterator[URL]:
    """A fresh migrated coordinator's database for one test."""
    yield from new_database(pg_template)


@pytest.fixture
def empty_pg_url() -> Iterator[URL]:
    """An empty database (no schema) for one test."""
    yield from new_database(None)
