"""What every screen receives: the operations layer, the data folder, navigation and the change bus."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from clausedesk.paths import Paths
from clausedesk.ui.operations import Bus, Operations
from clausedesk.ui.tasks import TaskRunner, default_runner

__all__ = ["Bus", "UiContext"]


def _nowhere(kind: str, uuid: str | None) -> None:
    return None


class UiContext:
    """The screens' handle on the application: `ops` for every read and write, `paths`, `navigate`, `bus`.

    Built by the application session (`ui.appsession.AppSession`), or for a screen tested alone from an
    open store: `UiContext(store=store, paths=store.paths)`.
    """

    def __init__(
        self,
        ops: Operations | None = None,
        *,
        store: Any = None,
        paths: Paths | None = None,
        navigate: Callable[[str, str | None], None] | None = None,
        runner: TaskRunner | None = None,
    ) -> None:
        if ops is None:
            if store is None:
                raise ValueError("UiContext needs an Operations layer or an open store")
            ops = Operations(store, runner or default_runner())
        self.ops = ops
        self.paths: Paths = paths if paths is not None else ops.paths
        # open the page of an object: navigate("lot", uuid); kinds are those of core.services.records.KINDS,
        # plus screen keys of ui.registry (navigate("hours", None) opens a screen)
        self.navigate: Callable[[str, str | None], None] = navigate or _nowhere
        self.app: Any = None  # the AppSession of the window (None for a screen tested alone)

    @property
    def bus(self) -> Bus:
        return self.ops.bus
