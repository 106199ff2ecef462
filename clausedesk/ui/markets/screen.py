"""The marchés screen: the buyers → operations → marchés → lots tree, and the selected page on the right."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from clausedesk.core.reference import geo
from clausedesk.core.services import browsing
from clausedesk.ui.context import UiContext
from clausedesk.ui.markets import pages
from clausedesk.ui.widgets.confirm import TrashDialog, confirm_delete
from clausedesk.ui.widgets.page_parts import EmptyState

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
UUID_ROLE = Qt.ItemDataRole.UserRole + 2
LOADED_ROLE = Qt.ItemDataRole.UserRole + 3

TRASH_KINDS = [
    ("buyer", "Donneur d'ordre"), ("operation", "Opération"), ("market", "Marché"), ("lot", "Lot"),
    ("attribution", "Attribution"), ("amendment", "Avenant"),
]  # fmt: skip


def _loading_item() -> QStandardItem:
    item = QStandardItem("Chargement…")
    item.setSelectable(False)
    return item


def _forms() -> Any:
    """The forms module, imported with the first form opened (or ahead, while the window is idle)."""
    from clausedesk.ui.markets import forms

    return forms


class MarketsScreen(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.dialog: Any = None
        self.current: tuple[str, str] | None = None
        self.page_loading = False
        left = QWidget()
        lbox = QVBoxLayout(left)
        lbox.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.filter = QLineEdit()
        self.filter.setObjectName("tree_filter")
        self.filter.setPlaceholderText("Filtrer : donneur d'ordre, référence ou objet de marché")
        self.filter.setClearButtonEnabled(True)
        bar.addWidget(self.filter, 1)
        lbox.addLayout(bar)
        bar2 = QHBoxLayout()
        new = QPushButton("Nouveau donneur d'ordre")
        new.setObjectName("new_buyer")
        new.clicked.connect(lambda: self.new_buyer())
        bar2.addWidget(new)
        trash = QPushButton("Corbeille")
        trash.setObjectName("trash")
        trash.clicked.connect(self.open_trash)
        bar2.addWidget(trash)
        bar2.addStretch(1)
        lbox.addLayout(bar2)
        self.model = QStandardItemModel(self)
        self.view = QTreeView()
        self.view.setObjectName("markets_tree")
        self.view.setModel(self.model)
        self.view.setHeaderHidden(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.expanded.connect(self._expand)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        lbox.addWidget(self.view, 1)
        EmptyState(self.view, self._nothing_listed)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setObjectName("market_page")
        self._placeholder()
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.scroll)
        split.setSizes([380, 820])
        layout = QHBoxLayout(self)
        layout.addWidget(split)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.reload)
        self.filter.textChanged.connect(lambda _t: self._timer.start())
        ctx.bus.changed.connect(self._on_changed)
        self._revealing = False
        self.tree_loading = False
        self.reload()

    @property
    def loading(self) -> bool:
        return self.page_loading or self.tree_loading

    # --- tree -----------------------------------------------------------------------------------
    def _item(self, node: browsing.Node) -> QStandardItem:
        item = QStandardItem(node.label)
        item.setData(node.kind, KIND_ROLE)
        item.setData(node.uuid, UUID_ROLE)
        item.setData(False, LOADED_ROLE)
        if node.has_children:
            item.appendRow(QStandardItem("…"))
        return item

    def _nothing_listed(self) -> str:
        if self.tree_loading:
            return ""
        if self.filter.text().strip():
            return "Aucun donneur d'ordre, marché ni lot ne correspond à ce filtre : effacez-le."
        return ("Aucun donneur d'ordre pour l'instant. Commencez par « Nouveau donneur d'ordre » : ses "
                "opérations, ses marchés et leurs lots se créent ensuite depuis sa page.")

    def reload(self) -> None:
        """Read the first level (the buyers matching the filter) in the background (« Chargement… »)."""
        text = self.filter.text().strip()
        self.tree_loading = True
        self.model.clear()
        self.model.appendRow(_loading_item())
        self.ctx.ops.read(self, lambda s: browsing.tree_buyers(s, text), self._fill_tree, latest="tree",
                          busy=False)  # fmt: skip

    def _fill_tree(self, nodes: list[browsing.Node]) -> None:
        self.tree_loading = False
        self.model.clear()
        for node in nodes:
            self.model.appendRow(self._item(node))

    def _set_children(self, item: QStandardItem, nodes: list[browsing.Node]) -> None:
        item.setData(True, LOADED_ROLE)
        item.removeRows(0, item.rowCount())
        for node in nodes:
            item.appendRow(self._item(node))

    def _expand(self, index: QModelIndex) -> None:
        """A branch opened the first time: its children are read in the background (« Chargement… »)."""
        item = self.model.itemFromIndex(index)
        if item is None or item.data(LOADED_ROLE):
            return
        item.setData(True, LOADED_ROLE)
        kind, uuid = item.data(KIND_ROLE), item.data(UUID_ROLE)
        if item.rowCount():
            item.child(0).setText("Chargement…")
        where = QPersistentModelIndex(index)

        def done(nodes: list[browsing.Node]) -> None:
            if where.isValid():  # not when the tree was read again meanwhile
                branch = self.model.itemFromIndex(self.model.index(where.row(), 0, where.parent()))
                if branch is not None:
                    self._set_children(branch, nodes)

        self.ctx.ops.read(self, lambda s: browsing.tree_children(s, kind, uuid), done, busy=False)

    def _find(self, parent: QStandardItem, kind: str, uuid: str) -> QStandardItem | None:
        for row in range(parent.rowCount()):
            child = parent.child(row)
            if child is not None and child.data(KIND_ROLE) == kind and child.data(UUID_ROLE) == uuid:
                return child
        return None

    def reveal(self, kind: str, uuid: str) -> bool:
        """Show the object's page and open the tree down to it (both read in the background).

        The filter is emptied; an object deleted meanwhile leaves the placeholder (its page's read fails).
        """
        if kind not in pages.READERS:
            return False

        text = self.filter.text().strip()

        def read(s: Any) -> tuple[list[tuple[str, str]], list[browsing.Node], dict[Any, list[browsing.Node]]]:
            path = browsing.tree_path(s, kind, uuid)
            top = browsing.tree_buyers(s, "" if path else text)  # gone: the tree as filtered, without it
            return path, top, {step: browsing.tree_children(s, *step) for step in path}

        self.tree_loading = True
        self.show_page(kind, uuid)
        self.ctx.ops.read(self, read, self._revealed, latest="tree", busy=False)
        return True

    def _revealed(self, found: tuple[list[tuple[str, str]], list[browsing.Node], dict[Any, Any]]) -> None:
        path, top, children = found
        self.tree_loading = False
        if not path:
            self._fill_tree(top)
            return  # deleted meanwhile: its page's read fails and leaves the placeholder
        if self.filter.text():
            self._timer.stop()
            self.filter.blockSignals(True)
            self.filter.clear()
            self.filter.blockSignals(False)
        self._fill_tree(top)
        parent = self.model.invisibleRootItem()
        item: QStandardItem | None = None
        for step in path:
            item = self._find(parent, *step)
            if item is None:
                break
            self._set_children(item, children[step])
            self.view.expand(item.index())
            parent = item
        if item is not None:
            self._revealing = True  # the page is already being read
            try:
                self.view.setCurrentIndex(item.index())
            finally:
                self._revealing = False
            self.view.scrollTo(item.index())

    def _current_changed(self, current: QModelIndex, _prev: QModelIndex) -> None:
        if self._revealing:
            return
        item = self.model.itemFromIndex(current)
        if item is not None and item.data(KIND_ROLE):
            self.show_page(item.data(KIND_ROLE), item.data(UUID_ROLE))

    # --- pages ----------------------------------------------------------------------------------
    def _placeholder(self) -> None:
        label = QLabel(
            "Choisissez un donneur d'ordre, un marché ou un lot dans l'arborescence, "
            "ou créez un donneur d'ordre."
        )
        label.setWordWrap(True)
        self.scroll.setWidget(label)
        self.current = None

    def show_page(self, kind: str, uuid: str) -> None:
        """Read the page in the background (« Chargement… » meanwhile), then show it."""
        if kind not in pages.READERS:
            return
        if self.current != (kind, uuid):
            self.scroll.setWidget(QLabel("Chargement…"))
        self.current = (kind, uuid)
        self.page_loading = True
        read = pages.READERS[kind]

        def done(data: Any) -> None:
            self.page_loading = False
            page = pages.BUILDERS[kind](self.ctx, uuid, self, data)
            page.setObjectName(f"page_{kind}")
            self.scroll.setWidget(page)

        def failed(exc: BaseException) -> None:  # deleted meanwhile
            self.page_loading = False
            self._placeholder()

        def work(s: Any) -> Any:
            geo.load_tables()  # the communes named on the pages, loaded here on the worker
            return read(s, uuid)

        self.ctx.ops.read(self, work, done, on_error=failed, latest="page")

    def _on_changed(self, kind: str) -> None:
        if kind in (
            "buyer",
            "operation",
            "market",
            "lot",
            "attribution",
            "amendment",
            "hour_entry",
            "company",
        ):
            if self.current:
                self.reveal(*self.current)  # the tree again, down to the page shown, and the page
            else:
                self.reload()

    def open_object(self, kind: str, uuid: str | None) -> bool:
        if kind in ("buyer", "operation", "market", "lot") and uuid:
            return self.reveal(kind, uuid)
        return False

    # --- actions (called by the pages) ------------------------------------------------------------
    def _then_open(self, kind: str) -> Any:
        return lambda uuid: QTimer.singleShot(0, lambda: self.reveal(kind, uuid))

    def new_buyer(self) -> None:
        self.dialog = _forms().buyer_form(self.ctx, self, on_saved=self._then_open("buyer"))

    def edit(self, kind: str, uuid: str) -> None:
        if kind == "buyer":
            self.dialog = _forms().buyer_form(self.ctx, self, uuid)

    def new_operation(self, buyer_uuid: str) -> None:
        saved = self._then_open("operation")
        self.dialog = _forms().operation_form(self.ctx, self, buyer_uuid, on_saved=saved)

    def edit_operation(self, buyer_uuid: str, uuid: str) -> None:
        self.dialog = _forms().operation_form(self.ctx, self, buyer_uuid, uuid)

    def new_market(self, buyer_uuid: str, operation_uuid: str | None) -> None:
        self.dialog = _forms().market_form(
            self.ctx, self, buyer_uuid, operation_uuid=operation_uuid, on_saved=self._then_open("market")
        )

    def edit_market(self, buyer_uuid: str, uuid: str) -> None:
        self.dialog = _forms().market_form(self.ctx, self, buyer_uuid, uuid)

    def new_lot(self, market_uuid: str) -> None:
        self.dialog = _forms().lot_form(self.ctx, self, market_uuid, on_saved=self._then_open("lot"))

    def edit_lot(self, market_uuid: str, uuid: str) -> None:
        self.dialog = _forms().lot_form(self.ctx, self, market_uuid, uuid)

    def new_attribution(self, lot_uuid: str) -> None:
        self.dialog = _forms().attribution_form(self.ctx, self, lot_uuid)

    def new_amendment(self, lot_uuid: str) -> None:
        self.dialog = _forms().amendment_form(self.ctx, self, lot_uuid)

    def new_offer(self, lot_uuid: str) -> None:
        """A job offer on this lot (modal form); once saved, it opens on the recruitment screen."""
        from clausedesk.ui.recruitment import open_new_offer

        offer = open_new_offer(self.ctx, self, lot_uuid=lot_uuid)
        if offer is not None:
            self.ctx.navigate("job_offer", offer)

    def delete(self, kind: str, uuid: str, what: str) -> None:
        if confirm_delete(self.ctx, self, kind, uuid, what) and self.current == (kind, uuid):
            self._placeholder()

    def open_trash(self) -> None:
        TrashDialog(self.ctx, TRASH_KINDS, self).exec()
