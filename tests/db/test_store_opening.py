"""What a routine open costs: no whole-file check unless a run did not end cleanly, no Alembic, no write."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import event

from clausedesk.db.store import Store, open_marker
from clausedesk.paths import Paths


def test_routine_open_skips_the_whole_file_check(paths: Paths) -> None:
    Store.open(paths, create=True).close()
    assert not open_marker(paths).exists()
    store = Store.open(paths)
    try:
        assert store.verified is False
        assert open_marker(paths).exists()  # held while the store is open
    finally:
        store.close()
    assert not open_marker(paths).exists()


def test_open_after_a_run_that_did_not_end_cleanly_checks_the_whole_file(paths: Paths) -> None:
    Store.open(paths, create=True)  # never closed: the marker stays, as after a crash
    assert open_marker(paths).exists()
    store = Store.open(paths)
    try:
        assert store.verified is True
    finally:
        store.close()
    again = Store.open(paths)
    assert again.verified is False
    again.close()


def test_check_and_explicit_verify_run_the_whole_file_check(paths: Paths) -> None:
    Store.open(paths, create=True).close()
    store = Store.open(paths, verify=True)
    assert store.verified is True
    store.close()


def test_opening_a_current_store_imports_no_alembic_and_writes_nothing(paths: Paths) -> None:
    Store.open(paths, create=True).close()
    code = (
        "import sys\n"
        "from clausedesk.db.store import Store\n"
        "from pathlib import Path\nfrom clausedesk.paths import Paths\n"
        f"s = Store.open(Paths(Path({str(paths.root)!r})))\n"
        "s.close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_opening_a_current_store_uses_one_engine_and_runs_no_write(paths: Paths) -> None:
    Store.open(paths, create=True).close()
    statements: list[str] = []

    def spy(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement.strip().split()[0].upper())

    store = Store.open(paths)
    try:
        event.listen(store.engine, "before_cursor_execute", spy)
        with store.session() as s:
            from clausedesk.db.repositories import sync as sync_repo

            sync_repo.peek_state(s)
        assert not store.changed
        assert not {"INSERT", "UPDATE", "DELETE"} & set(statements)
    finally:
        store.close()
