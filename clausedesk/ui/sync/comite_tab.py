"""Coordinator mode, « Comité de l'année » tab: the year against the one before, broken down, files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import shiboken6
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from clausedesk.core.formatting import hours, number
from clausedesk.sync import comite_views
from clausedesk.sync.comite_figures import ComparisonRow
from clausedesk.ui.context import UiContext
from clausedesk.ui.sync import common, jobs
from clausedesk.ui.sync.common import RowsModel, note, table_view
from clausedesk.ui.widgets.refresh import RefreshWhenShown

BREAKDOWN_HEADERS = ["", "Heures", "Personnes", "Marchés suivis", "Contrats", "Sorties dynamiques",
                     "Rencontres de donneurs d'ordre", "Comités"]  # fmt: skip


KEY_HEADERS = {"facilitator": "Facilitateur", "territory": "Territoire (EPCI)", "buyer": "Donneur d'ordre"}


def _value(value: object, kind: str, threshold: int) -> str:
    if value is None:
        return f"< {threshold}"
    if kind == "hours":
        return hours(value)  # type: ignore[arg-type]
    return number(value)  # type: ignore[arg-type]


def _signed(row: ComparisonRow) -> str:
    if row.diff is None:
        return ""
    text = _value(abs(row.diff), row.kind, 0)
    return ("+" if row.diff > 0 else "\u2212" if row.diff < 0 else "") + text


class ComiteYearPanel(QWidget):
    """The comité's figures for a year, read through the operations layer."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.files = common.FileChooser(self)
        self.view: comite_views.YearView | None = None
        self.year = QSpinBox()
        self.year.setObjectName("annee_comite")
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year - 1 if date.today().month < 4 else date.today().year)
        self.by = QComboBox()
        self.by.setObjectName("ventilation")
        self.by.addItem("Tout le département", None)
        for key, label in comite_views.BREAKDOWN_LABELS.items():
            self.by.addItem(label, key)
        self.refresh_button = QPushButton("Actualiser")
        self.pdf_button = QPushButton("Document du comité de l'année (PDF)…")
        self.xlsx_button = QPushButton("Classeur de l'année (Excel)…")
        top = QHBoxLayout()
        for widget in (QLabel("Année :"), self.year, QLabel("Ventilation :"), self.by, self.refresh_button):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.xlsx_button)
        top.addWidget(self.pdf_button)
        self.model = RowsModel(["Indicateur", "N", "N-1", "Écart", "Définition"], [1, 2, 3])
        self.table = table_view(self.model, "comite_annee")
        self.info = note("comite_annee_info")
        self.result = note("comite_annee_resultat")
        self.result.setStyleSheet("color: #1b5e20;")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.info)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.result)
        self.refresh_button.clicked.connect(self.refresh)
        self.by.currentIndexChanged.connect(self.refresh)
        self.year.valueChanged.connect(self.refresh)
        self.pdf_button.clicked.connect(self.export_pdf)
        self.xlsx_button.clicked.connect(self.export_xlsx)
        self.reload = RefreshWhenShown(self, self.refresh)
        self.reload.request()

    def mark_stale(self) -> None:
        self.reload.request()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.reload.shown()

    def refresh(self) -> None:
        year, by = self.year.value(), self.by.currentData()
        self.info.setText(f"Calcul des indicateurs de {year}…")
        self.ctx.ops.read(self, lambda s: comite_views.year_view(s, year, by), self.show_view, latest="annee")

    def show_view(self, view: comite_views.YearView) -> None:
        if not shiboken6.isValid(self):
            return
        self.view = view
        masked = f"Effectifs de personnes inférieurs à {view.threshold} masqués (« < {view.threshold} »)."
        if view.by is None:
            self.model.set_headers(["Indicateur", str(view.year), str(view.year - 1), "Écart", "Définition"],
                                   [1, 2, 3])  # fmt: skip
            rows, tips = [], []
            for r in view.comparison:
                label = ("    dont " if r.detail else "") + r.label
                if r.kind == "title":
                    rows.append([label, "", "", "", r.definition])
                else:
                    current = _value(r.current, r.kind, view.threshold)
                    previous = _value(r.previous, r.kind, view.threshold)
                    rows.append([label, current, previous, _signed(r), r.definition])
                tips.append(["", "", "", "", r.definition])
            self.model.set_rows(rows, tips=tips)
            self.info.setText(f"{view.year} comparé à {view.year - 1}, chaque indicateur avec sa définition. "
                              + masked)  # fmt: skip
            return
        title = comite_views.BREAKDOWN_LABELS[view.by]
        self.model.set_headers([KEY_HEADERS[view.by], *BREAKDOWN_HEADERS[1:]],
                               list(range(1, len(BREAKDOWN_HEADERS))))  # fmt: skip
        rows = [[r.label, hours(r.hours_total), _value(r.people, "count", view.threshold),
                 number(r.markets_followed), number(r.contracts), number(r.sorties), number(r.buyers_met),
                 number(r.comite_meetings)] for r in view.breakdown]  # fmt: skip
        empty = ["Aucune donnée"] + [""] * (len(BREAKDOWN_HEADERS) - 1)
        self.model.set_rows(rows or [empty], keys=[r.key for r in view.breakdown])
        self.info.setText(f"{title}, année {view.year}. Les heures s'additionnent ; une personne comptée "
                          "dans deux lignes ne compte qu'une fois au total. " + masked)  # fmt: skip

    # -- files -----------------------------------------------------------------------------------
    def export_pdf(self) -> None:
        year = self.year.value()
        path = self.files.save("Document du comité", f"comite_{year}.pdf", "PDF (*.pdf)")
        if path is not None:
            title = f"Édition du document du comité {year}…"
            self.ctx.ops.task(self, title, jobs.comite_year_pdf, year, path, on_done=self._written)

    def export_xlsx(self) -> None:
        year = self.year.value()
        path = self.files.save("Classeur du comité", f"comite_{year}.xlsx", "Classeur Excel (*.xlsx)")
        if path is not None:
            self.ctx.ops.task(self, f"Écriture du classeur {year}…", jobs.workbook_year, year, path,
                              on_done=self._written)  # fmt: skip

    def _written(self, path: Path) -> None:
        if shiboken6.isValid(self):
            self.result.setText(f"Fichier enregistré : {path}")
