"""Coordinator mode, « Annuaire et couverture » tab: the directory of facilitators and the zones blanches."""

from __future__ import annotations

from datetime import date
from typing import Any

import shiboken6
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from clausedesk.core.formatting import hours, month_label, number
from clausedesk.core.reference import geo
from clausedesk.sync import comite_views
from clausedesk.ui.context import UiContext
from clausedesk.ui.sync.common import RowsModel, note, table_view
from clausedesk.ui.sync.directory_edit import ChefDeFileDialog, EntryDialog
from clausedesk.ui.widgets.refresh import RefreshWhenShown


def _place(code: str) -> str:
    found = geo.epci(code) if len(code) == 9 else geo.commune(code)
    return f"{found.name} ({code})" if found else code


class DirectoryPanel(QWidget):
    """Who covers which EPCI, who is chef de file for which buyer, and where nobody does."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.year = QSpinBox()
        self.year.setObjectName("annee_couverture")
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.refresh_button = QPushButton("Actualiser")
        self.edit_button = QPushButton("Modifier le facilitateur choisi…")
        self.edit_button.setObjectName("modifier_annuaire")
        self.chef_button = QPushButton("Désigner un chef de file…")
        self.chef_button.setObjectName("chef_de_file")
        self.view: comite_views.DirectoryView | None = None
        self.result = note("annuaire_resultat")
        self.result.setStyleSheet("color: #1b5e20;")
        top = QHBoxLayout()
        for widget in (QLabel("Heures de l'année :"), self.year, self.refresh_button):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.edit_button)
        top.addWidget(self.chef_button)
        self.directory_model = RowsModel(["Facilitateur", "Clé", "Structure", "Territoire", "Dernier paquet",
                                          "Chef de file pour", "Contacts"])  # fmt: skip
        self.directory_table = table_view(self.directory_model, "annuaire_coordinateur")
        self.coverage_model = RowsModel(["EPCI", "Facilitateurs", "Marchés (suivis)", "Heures",
                                         "Dernier paquet", "Couverture"], [2, 3])  # fmt: skip
        self.coverage_table = table_view(self.coverage_model, "couverture")
        self.summary = note("couverture_resume")
        directory_box = QGroupBox("Annuaire des facilitateurs")
        QVBoxLayout(directory_box).addWidget(self.directory_table)
        coverage_box = QGroupBox("Couverture du département par EPCI et zones blanches")
        box = QVBoxLayout(coverage_box)
        box.addWidget(self.summary)
        box.addWidget(self.coverage_table)
        hint = note()
        hint.setText("Après une modification, publiez le référentiel (onglet « Facilitateurs et paquets ») "
                     "pour que les facilitateurs voient l'annuaire.")  # fmt: skip
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(directory_box, 2)
        layout.addWidget(coverage_box, 3)
        layout.addWidget(self.result)
        layout.addWidget(hint)
        self.refresh_button.clicked.connect(self.refresh)
        self.edit_button.clicked.connect(self.edit_entry)
        self.chef_button.clicked.connect(self.designate)
        self.directory_table.doubleClicked.connect(self.edit_entry)
        ctx.bus.changed.connect(self._changed)
        self.year.valueChanged.connect(self.refresh)
        self.reload = RefreshWhenShown(self, self.refresh)
        self.reload.request()

    def mark_stale(self) -> None:
        self.reload.request()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.reload.shown()

    def _changed(self, kind: str) -> None:
        if kind == "directory":
            self.mark_stale()

    def _selected_entry(self) -> dict[str, Any] | None:
        rows = self.directory_table.selectionModel().selectedRows()
        if self.view is None or not rows:
            return None
        key = self.directory_model.keys[rows[0].row()]
        return next((e for e in self.view.entries if e["key_id"] == key), None)

    def edit_entry(self) -> None:
        entry = self._selected_entry()
        if entry is None:
            self.result.setText("Choisissez d'abord un facilitateur dans l'annuaire.")
            return
        self._run(EntryDialog(self, self.ctx, entry))

    def designate(self) -> None:
        self._run(ChefDeFileDialog(self, self.ctx, self.view.entries if self.view else []))

    def _run(self, dialog: EntryDialog | ChefDeFileDialog) -> None:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.result.setText(dialog.done_message)

    def refresh(self) -> None:
        year, today = self.year.value(), date.today()
        self.ctx.ops.read(self, lambda s: comite_views.directory_view(s, today, year), self.show_view,
                          latest="annuaire")  # fmt: skip

    def show_view(self, view: comite_views.DirectoryView) -> None:
        if not shiboken6.isValid(self):
            return
        self.view = view
        rows = []
        for e in view.entries:
            places = ", ".join(_place(code) for code in e["territory"] + e["communes"])
            last = e["last_package_month"]
            rows.append([e["name"] + (" (clé révoquée)" if e["revoked"] else ""), e["key_id"],
                         e["structure_label"] or "—", places or "non renseigné",
                         month_label(last) if last else "aucun", ", ".join(e["chef_de_file_for"]) or "—",
                         " ; ".join(e["contacts"]) or "—"])  # fmt: skip
        self.directory_model.set_rows(rows, keys=[e["key_id"] for e in view.entries])
        found = view.coverage
        rows = [[f"{e.name} ({e.code})", ", ".join(e.facilitators) or "—",
                 f"{number(e.markets)} ({number(e.markets_followed)})", hours(e.hours_total),
                 month_label(e.last_package_month) if e.last_package_month else "—",
                 f"Zone blanche : {e.reason}" if e.zone_blanche else "Couvert"]
                for e in found.epcis]  # fmt: skip
        self.coverage_model.set_rows(rows, keys=[e.code for e in found.epcis])
        if not found.departments:
            self.summary.setText("Département inconnu : renseignez le territoire des facilitateurs ou "
                                 "importez leurs paquets (le lieu des marchés le donne).")  # fmt: skip
            return
        blanks = len(found.zones_blanches)
        departments = ", ".join(f"{name} ({code})" for code, name in found.departments)
        self.summary.setText(
            f"{departments} : {number(len(found.epcis))} EPCI, dont {number(blanks)} "
            f"{'zone blanche' if blanks < 2 else 'zones blanches'} (sans facilitateur, ou avec des marchés "
            f"mais sans paquet depuis {found.months} mois ou plus)."
        )
