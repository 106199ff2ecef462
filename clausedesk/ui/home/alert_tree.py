"""The home page's alerts by kind, most urgent first, with counts, a filter, each opening its object."""

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


class AlertTree(QWidget):
    """One line per kind (« Relevé manquant — 12 »), its alerts shown when the line is opened."""

    def __init__(self, found: alerts.Alerts, open_target: Callable[[str, str | None], None]) -> None:
        super().__init__()
        self._open_target = open_target
        self._by_kind: dict[str, list[alerts.Alert]] = {}
        for a in found.items:
            self._by_kind.setdefault(a.kind, []).append(a)
        self.totals = found.totals
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
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
        bold = QFont()
        bold.setBold(True)
        for kind in sorted(self.totals, key=lambda k: URGENCY.index(k) if k in URGENCY else len(URGENCY)):
            total = self.totals[kind]
            if not total:
                continue
            group = QTreeWidgetItem([f"{alerts.KIND_LABELS[kind]} — {number(total)}"])
            group.setFont(0, bold)
            group.setData(0, TARGET, ("group", kind))
            group.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            self.tree.addTopLevelItem(group)
            self.groups[kind] = group
        if not self.groups:
            self.tree.addTopLevelItem(QTreeWidgetItem(["Aucune alerte : tout est à jour."]))
        elif self.tree.topLevelItemCount():
            self.tree.topLevelItem(0).setExpanded(True)  # the most urgent kind open
        name_widgets(self)  # built after the screen: its field's clear button named too

    def _fill_group(self, group: QTreeWidgetItem) -> None:
        """A kind's alerts become lines only when its group is opened (thousands stay cheap)."""
        data = group.data(0, TARGET)
        if not data or data[0] != "group" or group.childCount():
            return
        kind = data[1]
        shown = self._by_kind.get(kind, [])
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

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().lower()
        for group in self.groups.values():
            if needle and not group.childCount():
                self._fill_group(group)
            visible = 0
            for i in range(group.childCount()):
                child = group.child(i)
                hide = bool(needle) and needle not in child.text(0).lower()
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
            out += [group.child(i) for i in range(group.childCount())]
        return out
