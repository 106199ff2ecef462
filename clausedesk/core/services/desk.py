"""What the window needs from the storage layer to start and stop: open the store, hold its folder,
remember the passphrase, back up at the end of a working session. Thin wrappers over clausedesk.db,
so that no module of clausedesk.ui imports it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from clausedesk.db import keyring
from clausedesk.db.keyring import WrongPassphraseError
from clausedesk.db.lock import StoreLock
from clausedesk.db.store import Store
from clausedesk.paths import Paths

__all__ = [
    "Store",
    "StoreLock",
    "WrongPassphraseError",
    "check_new_passphrase",
    "describe_backup",
    "end_of_session_backup",
    "list_backups",
    "open_store",
    "passphrase_is_given",
    "remember_passphrase",
    "restore_backup",
]


def open_store(paths: Paths, *, create: bool = False, passphrase: str | None = None) -> Store:
    return Store.open(paths, create=create, passphrase=passphrase)


def open_server_store(paths: Paths, address: str) -> Store:
    """The coordinator's store on PostgreSQL (its keys stay in the data folder `paths`)."""
    from clausedesk.db.server import ServerStore

    return ServerStore.open_url(paths, address)


def passphrase_is_given() -> bool:
    """True when the passphrase needs no asking (CLAUSEDESK_PASSPHRASE, or remembered in this process)."""
    return bool(os.environ.get(keyring.ENV_PASSPHRASE)) or keyring.passphrase_is_remembered()


def remember_passphrase(value: str) -> None:
    keyring.remember(value)


def check_new_passphrase(value: str, confirmation: str | None = None) -> str:
    return keyring.check_new_passphrase(value, confirmation)


def end_of_session_backup(store: Store) -> Path | None:
    """A rotating backup after a working session with changes; None (and nothing written) without change."""
    if not store.changed or not store.file_based:  # a server's store is saved with its own tools
        return None
    return store.backup(reason="fin-de-session")


def restore_backup(paths: Paths, source: Path, passphrase: str | None) -> Any:
    from clausedesk.db.restore import restore

    return restore(paths, source, passphrase=passphrase)


def list_backups(paths: Paths) -> list[Any]:
    """The rotating backups of the folder, newest first (date, reason, size, path)."""
    from clausedesk.db import backup_rotation

    return backup_rotation.list_backups(paths)


def describe_backup(path: Path, passphrase: str | None) -> dict[str, int]:
    """What a backup holds (participants, contracts, lots, hour lines), read with the passphrase."""
    from clausedesk.db import backup_rotation

    return backup_rotation.describe(path, passphrase=passphrase)


def save_organisation(session: Any, values: dict[str, str]) -> None:
    """The first start's answers (organisation name, address, facilitator, territory), all or nothing."""
    from clausedesk.db.repositories import reference

    for key, value in values.items():
        reference.set_setting(session, key, value)


def rows(session: Any, kind: str) -> list[dict[str, Any]]:
    """The plain list of `kind` (buyers, markets, lots, companies, participants, contracts), as `list`."""
    from clausedesk.db.repositories import listing

    return listing.LISTS[kind](session)
