"""Where the store, backups, logs and settings live (platformdirs; --data-dir or CLAUSEDESK_DATA_DIR)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "ClauseDesk"
ENV_DATA_DIR = "CLAUSEDESK_DATA_DIR"
STORE_FILE = "clausedesk.sqlite"


@dataclass(frozen=True)
class Paths:
    """The folders of one data directory. Nothing is created until `ensure()` is called."""

    root: Path
    log_root: Path | None = None  # the platform's log folder for the default data folder

    @property
    def store(self) -> Path:
        return self.root / STORE_FILE

    @property
    def backups(self) -> Path:
        return self.root / "sauvegardes"

    @property
    def logs(self) -> Path:
        return self.log_root or self.root / "journaux"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    @property
    def keys(self) -> Path:
        return self.root / "cles"

    @property
    def ui_settings(self) -> Path:
        return self.root / "fenetre.ini"

    def ensure(self) -> Paths:
        for folder in (self.root, self.backups, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def resolve(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """The data directory: explicit argument, else CLAUSEDESK_DATA_DIR, else the user data folder."""
    if data_dir:
        return Paths(Path(data_dir).expanduser().resolve())
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Paths(Path(env).expanduser().resolve())
    return Paths(
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        log_root=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )
