"""Encryption at rest: the store, its WAL and its backups are unreadable without the passphrase."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from clausedesk.db import keyring
from clausedesk.db.backup import is_sqlite_file, verify_copy
from clausedesk.db.keyring import PassphraseMissingError, WrongPassphraseError
from clausedesk.db.models import Participant
from clausedesk.db.store import Store
from clausedesk.paths import Paths


def _names(store: Store) -> set[bytes]:
    with store.session() as s:
        rows = s.execute(select(Participant.last_name, Participant.first_name)).all()
    found = set()
    for last, first in rows:
        for value in (last, first, f"{first} {last}"):
            # 6 bytes at least: a 4-byte name (« TRAN ») turns up by chance in megabytes of ciphertext
            if len(value.encode("utf-8")) >= 6:
                found.add(value.encode("utf-8"))
                found.add(value.encode("utf-16-le"))
    return found


def test_store_and_backups_hold_no_name_in_clear(demo_store: Store, demo_paths: Paths) -> None:
    names = _names(demo_store)
    assert len(names) > 40
    with demo_store.session() as s:  # a write, so that the WAL holds fresh pages
        person = s.scalars(select(Participant)).first()
        assert person is not None
        person.notes = "Rappeler la semaine prochaine"
    demo_store.backup()
    demo_store.backup(demo_paths.root / "exports" / "copie.sqlite")
    files = [p for p in demo_paths.root.rglob("*") if p.is_file()]
    assert any(p.name.endswith("-wal") for p in files)
    assert len([p for p in files if p.suffix == ".sqlite"]) >= 3
    for path in files:
        data = path.read_bytes()
        assert not is_sqlite_file(path), path
        leaked = [n for n in names if n in data]
        assert leaked == [], (path, leaked[:3])


def test_wrong_passphrase_is_refused_in_french_and_changes_nothing(demo_paths: Paths) -> None:
    before = demo_paths.store.read_bytes()
    with pytest.raises(WrongPassphraseError, match="phrase de passe est incorrecte"):
        Store.open(demo_paths, passphrase="ce n'est pas la bonne")
    assert demo_paths.store.read_bytes() == before
    s = Store.open(demo_paths)  # the right one (from CLAUSEDESK_PASSPHRASE) still opens it
    assert s.quick_check() == "ok"
    s.close()


def test_missing_passphrase_is_refused(paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(keyring.ENV_PASSPHRASE)
    with pytest.raises(PassphraseMissingError, match="CLAUSEDESK_PASSPHRASE"):
        Store.open(paths, create=True)


def test_a_copied_store_opens_with_the_same_passphrase_only(demo_store: Store, tmp_path: Path) -> None:
    copy = demo_store.backup(tmp_path / "copie.sqlite")
    verify_copy(copy)
    with pytest.raises(WrongPassphraseError):
        verify_copy(copy, passphrase="une autre phrase")
    other = Paths(tmp_path / "ailleurs").ensure()
    shutil.copyfile(copy, other.store)
    s = Store.open(other, passphrase=demo_store.passphrase)
    assert s.quick_check() == "ok"
    s.close()


def test_pragmas_still_apply_on_the_encrypted_store(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA temp_store").scalar() == 2  # memory: no plaintext temp files
        assert conn.exec_driver_sql("PRAGMA cipher_version").scalar()
    assert store.quick_check() == "ok"
    assert not is_sqlite_file(store.path)
