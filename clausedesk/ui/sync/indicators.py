"""Coordinator mode, second tab: the department's indicators for the comité, workbook and comité PDF."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clausedesk.core.errors import ClauseDeskError
from clausedesk.core.formatting import hours, month_label, number, plural
from clausedesk.sync import consolidation, overview
from clausedesk.ui.context import UiContext
from clausedesk.ui.sync import common, jobs
from clausedesk.ui.sync.common import RowsModel, note, table_view
from clausedesk.ui.widgets.month import MonthField

_FIGURES = (
    ("hours_total", "Heures réalisées", "hours"),
    ("hours_planned", "Heures prévues", "hours"),
    ("participants", "Personnes (comptées une fois)", "count"),
    ("markets", "Marchés suivis", "count"),
    ("companies", "Entreprises", "count"),
    ("packages", "Paquets intégrés", "count"),
)


def cell(value: Any, threshold: int) -> str:
    """A table value as the comité document prints it: masked counts read "< threshold"."""
    if value is None:
        return f"< {threshold}"
    if isinstance(value, Decimal):
        return hours(value)
    if isinstance(value, int):
        return number(value)
    return str(value)


class IndicatorsPanel(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.files = common.FileChooser(self)
        self.report: overview.DepartmentReport | None = None
        self.month = MonthField(consolidation.previous_month(date.today()))  # as on every screen
        self.month.setObjectName("mois_comite")
        self.refresh_button = QPushButton("Actualiser")
        self.xlsx_button = QPushButton("Classeur de consolidation (Excel)…")
        self.pdf_button = QPushButton("Document du comité (PDF)…")
        top = QHBoxLayout()
        for widget in (QLabel("Cumul jusqu'au mois de :"), self.month, self.refresh_button):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.xlsx_button)
        top.addWidget(self.pdf_button)
        self.figures: dict[str, QLabel] = {}
        grid = QGridLayout()
        for i, (key, label, _kind) in enumerate(_FIGURES):
            value = QLabel("—")
            value.setObjectName(f"chiffre_{key}")
            value.setStyleSheet("font-size: 16pt; font-weight: 600; color: #1f3b5a;")
            caption = QLabel(label)
            caption.setStyleSheet("color: #555;")
            grid.addWidget(value, 0, i)
            grid.addWidget(caption, 1, i)
            self.figures[key] = value
        self.choice = QComboBox()
        self.choice.setObjectName("indicateur")
        self.masked = note("masque")
        self.table_model = RowsModel(["", "Valeur"], [1])
        self.table = table_view(self.table_model, "indicateurs", stretch=0)
        self.table.setSelectionMode(self.table.SelectionMode.NoSelection)
        self.info = note("indicateurs_info")
        self.result = note("resultat_comite")
        self.result.setStyleSheet("color: #1b5e20;")
        line = QHBoxLayout()
        line.addWidget(QLabel("Tableau :"))
        line.addWidget(self.choice, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.info)
        layout.addLayout(grid)
        layout.addLayout(line)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.masked)
        layout.addWidget(self.result)
        self.refresh_button.clicked.connect(self.refresh)
        self.month.month_changed.connect(lambda _m: self.refresh())
        self.choice.currentIndexChanged.connect(self._show_table)
        self.xlsx_button.clicked.connect(self.export_xlsx)
        self.pdf_button.clicked.connect(self.export_pdf)
        self._stale = True

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _period(self) -> str | None:
        return self.month.month

    def refresh(self) -> None:
        period = self._period()
        if period is None:
            return
        self._stale = False
        self.info.setText(f"Calcul des indicateurs jusqu'à {month_label(period)}…")
        self.ctx.ops.task(self, "Calcul des indicateurs…", jobs.report, period,
                 on_done=self._show, on_error=self._failed, show_progress=False)  # fmt: skip

    def _failed(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            self.info.setText(exc.message if isinstance(exc, ClauseDeskError) else "Calcul impossible.")
            if not isinstance(exc, ClauseDeskError):
                common.unexpected(self, exc)

    def _show(self, report: overview.DepartmentReport) -> None:
        if not shiboken6.isValid(self):
            return
        self.report = report
        where = f"{report.department} — " if report.department else ""
        month = month_label(report.last) if report.last else "aujourd'hui"
        self.info.setText(
            f"{where}Heures et personnes cumulées jusqu'à {month} ; "
            f"{plural(report.figures['facilitators'], 'facilitateur inscrit', 'facilitateurs inscrits')}."
        )
        for key, _label, kind in _FIGURES:
            value = report.figures[key]
            self.figures[key].setText(hours(value) if kind == "hours" else number(value))
        current = self.choice.currentData()
        self.choice.blockSignals(True)
        self.choice.clear()
        for table in report.tables:
            self.choice.addItem(table.title, table.key)
        index = self.choice.findData(current)
        self.choice.setCurrentIndex(max(index, 0))
        self.choice.blockSignals(False)
        self._show_table()

    def select_table(self, key: str) -> None:
        self.choice.setCurrentIndex(self.choice.findData(key))

    def _show_table(self) -> None:
        report = self.report
        if report is None:
            return
        key = self.choice.currentData()
        table = next((t for t in report.tables if t.key == key), None)
        if table is None:
            return
        numeric = list(range(1, len(table.columns)))
        self.table_model.set_headers([table.columns[0] or "Libellé", *table.columns[1:]], numeric)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        rows = [[cell(v, report.threshold) for v in row] for row in table.rows]
        self.table_model.set_rows(rows or [["Aucune donnée"] + [""] * len(numeric)])
        self.masked.setText(
            f"Les effectifs inférieurs à {report.threshold} sont masqués (« < {report.threshold} ») pour "
            "qu'aucune personne ne puisse être reconnue."
            if table.masked
            else ""
        )

    # -- files -----------------------------------------------------------------------------------
    def export_xlsx(self) -> None:
        path = self.files.save("Classeur de consolidation", f"consolidation_{date.today():%Y-%m-%d}.xlsx",
                               "Classeur Excel (*.xlsx)")  # fmt: skip
        if path is not None:
            self.ctx.ops.task(self, "Écriture du classeur…", jobs.workbook, path,
                     on_done=self._written)  # fmt: skip

    def export_pdf(self) -> None:
        period = self._period()
        if period is None:
            return
        path = self.files.save("Document du comité", f"comite_{period}.pdf", "PDF (*.pdf)")
        if path is not None:
            self.ctx.ops.task(self, "Édition du document du comité…", jobs.comite_pdf, period,
                     path, on_done=self._written)  # fmt: skip

    def _written(self, path: Path) -> None:
        if shiboken6.isValid(self):
            self.result.setText(f"Fichier enregistré : {path}")
