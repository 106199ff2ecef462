"""The home page's alerts by kind, most urgent first, with counts, a filter, each opening its object.

Each kind's count arrives on its own from a background read; a kind's lines are read only when its group
is opened (or the filter needs them), so the home page never waits for an alert to be worded.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clausedesk.core.formatting import number, plural
from clausedesk.core.services import alerts
from clausedesk.ui.widgets.accessible import name_widgets

# most urgent first: what costs money or breaks a rule, then what is due, then what waits
URGENCY = ("sans_eligibilite", "releve", "retard", "prevision", "eligibilite", "action", "fin_lot",
           "fin_marche", "offre", "candidat")  # fmt: skip
TARGET = Qt.ItemDataRole.UserRole
LOADING = "Chargement des alertes…"

# fetch(kind, on_lines, on_error): read a kind's lines in the background and hand them back on the GUI thread
Fetch = Callable[[str, Callable[[list[alerts.Alert]], None], Callable[[str], None]], None]


class AlertTree(QWidget):
    """One line per kind (« Relevé manquant — 12 »), its alerts shown when the line is opened."""

    def __init__(self, fetch: Fetch, open_target: Callable[[str, str | None], None]) -> None:
        super().__init__()
        self._fetch = fetch
        self._open_target = open_target
        self._lines: dict[str, list[alerts.Alert]] = {}  # the lines read so far, by kind
        self._asked: set[str] = set()  # kinds whose lines are being read
        self.totals: dict[str, int] = {}
        self.pending: set[str] = set(URGENCY)  # kinds whose count has not arrived yet
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.header = QLabel()
        self.header.setObjectName("alerts_header")
        layout.addWidget(self.header)
        row = QHBoxLayout()
        self.filter = QLineEdit()
        self.filter.setObjectName("alert_filter")
        self.filter.setPlaceholderText("Filtrer les alertes (nom, lot, entreprise…)")
        self.filter.setAccessibleName("Filtrer les alertes")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        row.addWidget(QLabel("Filtrer :"))
        row.addWidget(self.filter, 1)
        layout.addLayout(row)
        self.tree = QTreeWidget()
        self.tree.setObjectName("alerts")
        self.tree.setAccessibleName("Alertes par sorte")
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tree.itemExpanded.connect(self._fill_group)
        self.tree.itemActivated.connect(self._activated)
        layout.addWidget(self.tree, 1)
        self.groups: dict[str, QTreeWidgetItem] = {}
        self._note: QTreeWidgetItem | None = QTreeWidgetItem(["Calcul des alertes…"])
        self.tree.addTopLevelItem(self._note)
        self._bold = QFont()
        self._bold.setBold(True)
        self._show_header()
        name_widgets(self)  # built after the screen: its field's clear button named too

    # -- counts, as they arrive -------------------------------------------------------------------------
    def set_count(self, kind: str, total: int) -> None:
        """A kind's count has arrived: its group line appears at its place of urgency (none when 0)."""
        self.pending.discard(kind)
        self.totals[kind] = total
        if total:
            group = QTreeWidgetItem([f"{alerts.KIND_LABELS[kind]} — {number(total)}"])
            group.setFont(0, self._bold)
            group.setData(0, TARGET, ("group", kind))
            group.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            self._insert(kind, group)
        self._counted()

    def count_failed(self, kind: str, reason: str) -> None:
        """A kind could not be counted: said on its line, the other kinds stay."""
        self.pending.discard(kind)
        line = QTreeWidgetItem([f"{alerts.KIND_LABELS[kind]} — impossible de calculer : {reason}"])
        line.setForeground(0, Qt.GlobalColor.darkRed)
        self._insert(kind, line)
        self._counted()

    def _insert(self, kind: str, item: QTreeWidgetItem) -> None:
        """Groups stay in urgency order, above the « Calcul des alertes… » note, whatever the order."""
        rank = URGENCY.index
        at = sum(1 for k in self.groups if rank(k) < rank(kind))
        self.tree.insertTopLevelItem(at, item)
        self.groups[kind] = item
        self.groups = dict(sorted(self.groups.items(), key=lambda kv: rank(kv[0])))

    def _counted(self) -> None:
        if not self.pending:
            if self._note is not None:
                self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(self._note))
                self._note = None
            if not any(self.totals.values()) and not self.groups:
                self.tree.addTopLevelItem(QTreeWidgetItem(["Aucune alerte : tout est à jour."]))
            elif self.tree.topLevelItemCount():
                self.tree.topLevelItem(0).setExpanded(True)  # the most urgent kind open
            self._apply_filter(self.filter.text())
        self._show_header()

    def _show_header(self) -> None:
        n = sum(self.totals.values())
        more = " et calcul en cours…" if self.pending and self.totals else ""
        text = f"Alertes ({number(n)}{more})" if self.totals else "Alertes (calcul en cours…)"
        self.header.setText(f"<h3>{text}</h3>")

    # -- lines, when a group is opened ------------------------------------------------------------------
    def _fill_group(self, group: QTreeWidgetItem) -> None:
        """A kind's alerts are read and become lines only when its group is opened (thousands stay cheap)."""
        data = group.data(0, TARGET)
        if not data or data[0] != "group" or group.childCount():
            return
        kind = data[1]
        if kind in self._lines:
            self._show_lines(kind)
            return
        if kind in self._asked:
            return
        self._asked.add(kind)
        loading = QTreeWidgetItem([LOADING])
        loading.setForeground(0, Qt.GlobalColor.darkGray)
        group.addChild(loading)
        self._fetch(
            kind, lambda lines: self._arrived(kind, lines), lambda reason: self._lines_failed(kind, reason)
        )

    def _arrived(self, kind: str, lines: list[alerts.Alert]) -> None:
        self._asked.discard(kind)
        self._lines[kind] = lines
        group = self.groups.get(kind)
        if group is not None:
            group.takeChildren()
            self._show_lines(kind)

    def _lines_failed(self, kind: str, reason: str) -> None:
        self._asked.discard(kind)
        group = self.groups.get(kind)
        if group is not None:
            group.takeChildren()
            failed = QTreeWidgetItem([f"Impossible de lire ces alertes : {reason}"])
            failed.setForeground(0, Qt.GlobalColor.darkRed)
            group.addChild(failed)

    def _show_lines(self, kind: str) -> None:
        group = self.groups[kind]
        shown = self._lines[kind]
        for a in shown:
            item = QTreeWidgetItem([a.message])
            item.setData(0, TARGET, (a.target_kind, a.target_uuid))
            item.setToolTip(0, f"{a.message}\nDouble-clic ou Entrée : ouvrir")
            group.addChild(item)
        hidden = self.totals.get(kind, 0) - len(shown)
        if hidden > 0:
            more = QTreeWidgetItem([f"… et {plural(hidden, 'autre alerte', 'autres alertes')} de cette sorte "
                                    "(les plus urgentes sont listées)"])  # fmt: skip
            more.setForeground(0, Qt.GlobalColor.darkGray)
            group.addChild(more)
        self._apply_filter(self.filter.text())

    @property
    def reading(self) -> bool:
        """True while counts or a group's lines are still being read."""
        return bool(self.pending or self._asked)

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().lower()
        for group in self.groups.values():
            if needle and not group.childCount():
                self._fill_group(group)
            visible = 0
            for i in range(group.childCount()):
                child = group.child(i)
                hide = bool(needle) and child.text(0) != LOADING and needle not in child.text(0).lower()
                child.setHidden(hide)
                visible += not hide
            group.setHidden(bool(needle) and visible == 0)
            if needle and visible:
                group.setExpanded(True)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        target = item.data(0, TARGET)
        if not target:
            return
        if target[0] == "group":
            item.setExpanded(not item.isExpanded())
            return
        self._open_target(target[0], target[1] or None)

    def alert_items(self) -> list[QTreeWidgetItem]:
        """Every alert line now built (groups opened), in their order."""
        out = []
        for group in self.groups.values():
            out += [c for i in range(group.childCount()) if (c := group.child(i)).data(0, TARGET)]
        return out
