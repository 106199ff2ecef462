"""What a command receives: its parsed arguments, the data folder, the store opener and output helpers."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from typing import Any

from clausedesk.db.store import Store
from clausedesk.paths import Paths


@dataclass
class Context:
    args: argparse.Namespace
    paths: Paths
    _stores: list[Store] = field(default_factory=list)

    def store(self, *, create: bool = False, verify: bool = False) -> Store:
        """Open the store of the data folder (refused with a French StoreError when it cannot be).

        `verify` checks the whole file first (as after a run that did not end cleanly)."""
        store = Store.open(self.paths, create=create, verify=verify)
        self._stores.append(store)
        return store

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
