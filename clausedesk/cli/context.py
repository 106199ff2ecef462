"""What a command receives: its parsed arguments, the data folder, the store opener and output helpers.

The coordinator's and the region's commands open the PostgreSQL store named by `coordinator
--database-url` / `region --database-url` (or CLAUSEDESK_DATABASE_URL) instead of the data folder's file;
the commands that work on the store file itself (backup, check, restore, passphrase) refuse while
CLAUSEDESK_DATABASE_URL is set, saying which PostgreSQL tool does the job.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, field
from typing import Any

from clausedesk.core.errors import StoreError
from clausedesk.db.engine import ENV_DATABASE_URL
from clausedesk.db.store import Store
from clausedesk.paths import Paths

#: Commands that need the store file, with what a coordinator on PostgreSQL does instead.
_FILE_ONLY = {
    "backup": "backup",
    "check": "check",
    "restore": "backup",
    "passphrase": "passphrase",
}
#: Command groups whose store may be a PostgreSQL database (each a role of ServerStore, for its messages).
_SERVER_GROUPS = ("coordinator", "region")


@dataclass
class Context:
    args: argparse.Namespace
    paths: Paths
    _stores: list[Store] = field(default_factory=list)

    def store(self, *, create: bool = False, verify: bool = False) -> Store:
        """Open the store of the data folder (refused with a French StoreError when it cannot be).

        `verify` checks the whole file first (as after a run that did not end cleanly). A coordinator's
        or region's command with a database address opens that PostgreSQL store instead."""
        address = self.database_url()
        if address:
            from clausedesk.db.server import ServerStore

            store: Store = ServerStore.open_url(self.paths, address, self.args.command)
            self._stores.append(store)
            return store
        store = Store.open(self.paths, create=create, verify=verify)
        self._stores.append(store)
        return store

    def database_url(self) -> str | None:
        """The coordinator's (or the region's) PostgreSQL address: `--database-url`, else
        CLAUSEDESK_DATABASE_URL."""
        if getattr(self.args, "command", None) not in _SERVER_GROUPS:
            return None
        return getattr(self.args, "database_url", None) or os.environ.get(ENV_DATABASE_URL) or None

    def refuse_file_commands_on_server(self) -> None:
        """While CLAUSEDESK_DATABASE_URL names the coordinator's server, the store-file commands refuse."""
        command = getattr(self.args, "command", None)
        if command not in _FILE_ONLY or not os.environ.get(ENV_DATABASE_URL):
            return
        from clausedesk.db.server import BACKUP_HINT, CHECK_HINT

        hint = {
            "backup": BACKUP_HINT,
            "check": CHECK_HINT,
            "passphrase": "son accès se règle sur le serveur (« ALTER ROLE … PASSWORD … » ; les clés "
            "gardent leur phrase de passe dans le dossier de données)",
        }[_FILE_ONLY[command]]
        raise StoreError(
            f"« clausedesk {command} » travaille sur le fichier de la base, or la base du coordinateur (ou "
            f"de la région) est sur PostgreSQL ({ENV_DATABASE_URL} est définie) : {hint}. Pour la base "
            f"d'un facilitateur, lancez la commande sans {ENV_DATABASE_URL}."
        )

    def close(self) -> None:
        for store in self._stores:
            store.close()
        self._stores.clear()

    @staticmethod
    def print_json(data: Any) -> None:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")

    @staticmethod
    def say(message: str) -> None:
        print(message)

    @staticmethod
    def warn(message: str) -> None:
        print(message, file=sys.stderr)
