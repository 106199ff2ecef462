"""The list + page screen: a searchable list on the left, the chosen object's page on the right.

Companies and participants are built on it. A subclass names its list, its columns and the changes
it watches, reads its page with `read_page(session, uuid)` (run on the worker thread) and lays it out
with `build_page(uuid, data)` on the GUI thread; the page shows « Chargement… » meanwhile.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QScrollArea, QSplitter, QVBoxLayout, QWidget

from clausedesk.ui.context import UiContext
from clausedesk.ui.widgets.lazy_model import Column, LazyTableModel
from clausedesk.ui.widgets.list_panel import ListPanel
from clausedesk.ui.widgets.refresh import RefreshWhenShown


class ListPageScreen(QWidget):
    """Subclasses set the class attributes and implement `read_page` and `build_page`."""

    list_name = ""  # the list of core.services.browsing
    kind = ""  # the kind of object a page shows (navigation, deletion)
    columns: list[Column] = []
    placeholder = ""
    export_kind: str | None = None
    trash_kinds: list[tuple[str, str]] = []
    new_label = "Nouveau"
    watched: tuple[str, ...] = ()  # changes (bus kinds) that reload the list and the page
    empty_text = ""
    nothing_yet = ""  # said over the list while it has no rows at all: what to do first

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.dialog: Any = None
        self.current: str | None = None
        self.page_loading = False
        self.wanted: str | None = None  # the page asked last (shown once read)
        self.model = LazyTableModel(ctx.ops, self.list_name, self.columns)
        self.list = ListPanel(ctx, self.model, self.placeholder, self.export_kind, self.trash_kinds,
                              self.new_label)  # fmt: skip
        self.add_filters()
        self.list.finish_filters()
        if self.nothing_yet:
            self.list.say_when_empty(self.nothing_yet)
        self.list.selected.connect(self.show_object)
        self.list.new_requested.connect(self.new_object)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(QLabel(self.empty_text))
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(self.scroll)
        split.setSizes([520, 700])
        split.setStretchFactor(1, 1)
        QVBoxLayout(self).addWidget(split)
        self._refresh = RefreshWhenShown(self, self._reload)
        ctx.bus.changed.connect(self._on_changed)

    @property
    def loading(self) -> bool:
        """True while the list or the page is being read."""
        return self.list.loading or self.page_loading

    # -- for subclasses ---------------------------------------------------------------------------------
    def add_filters(self) -> None:
        """Add the list's filters (`self.list.add_filter`)."""

    def read_page(self, session: Any, uuid: str) -> Any:
        raise NotImplementedError

    def build_page(self, uuid: str, data: Any) -> QWidget:
        raise NotImplementedError

    def new_object(self) -> None:
        raise NotImplementedError

    def page_shown(self, uuid: str, first: bool) -> None:
        """After a page is on screen (`first`: another object was shown before)."""

    # -- the page ---------------------------------------------------------------------------------------
    def open_object(self, kind: str, uuid: str | None) -> bool:
        if kind == self.kind and uuid:
            self.show_object(uuid)
            return True
        return False

    def show_object(self, uuid: str) -> None:
        """Read the object's page in the background, then show it."""
        self.page_loading = True
        self.wanted = uuid
        if uuid != self.current:
            self.scroll.setWidget(QLabel("Chargement…"))

        def done(data: Any) -> None:
            first = uuid != self.current
            self.current = uuid
            self.page_loading = False
            self.scroll.setWidget(self.build_page(uuid, data))
            self.page_shown(uuid, first)

        def failed(exc: BaseException) -> None:  # deleted meanwhile (from another screen, or restored away)
            self.page_loading = False
            self.current = self.wanted = None
            self.scroll.setWidget(QLabel(self.empty_text))

        self.ctx.ops.read(self, lambda s: self.read_page(s, uuid), done, on_error=failed, latest="page")

    def show_saved(self, uuid: str) -> None:
        """After a form saved a new object: its page (once the form has closed)."""
        QTimer.singleShot(0, lambda: self.show_object(uuid))

    def cleared(self, text: str) -> None:
        self.current = self.wanted = None
        self.scroll.setWidget(QLabel(text))

    # -- changes ----------------------------------------------------------------------------------------
    def _on_changed(self, kind: str) -> None:
        if kind in self.watched:
            self._refresh.request()

    def _reload(self) -> None:
        self.list.reload()
        if self.wanted:
            self.show_object(self.wanted)

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        self._refresh.shown()
