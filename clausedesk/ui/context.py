"""What every screen receives: the open store, the data folder, navigation and the background runner."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from clausedesk.db.store import Store
from clausedesk.paths import Paths


class Bus(QObject):
    """Application-wide notifications: `changed(kind)` after a write, so open lists can reload."""

    changed = Signal(str)


@dataclass
class UiContext:
    store: Store
    paths: Paths
    # open the page of an object: navigate("lot", uuid); kinds are those of core.services.records.KINDS,
    # plus screen keys of ui.registry (navigate("hours", None) opens a screen)
    navigate: Callable[[str, str | None], None] = lambda kind, uuid: None
    bus: Bus = field(default_factory=Bus)
