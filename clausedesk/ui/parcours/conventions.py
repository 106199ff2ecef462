"""Conventions de globalisation in the window: the list, their allocations, and the two forms (new
convention, allocate hours), each written through the operations layer with its French refusal shown."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from clausedesk.core.formatting import date_fr, hours, month_label
from clausedesk.core.services import conventions as service
from clausedesk.ui.context import UiContext
from clausedesk.ui.errors import message_of
from clausedesk.ui.parcours.dialogs import WriteDialog, checked
from clausedesk.ui.parcours.panel import RecordsPanel
from clausedesk.ui.widgets.fields import DateField
from clausedesk.ui.widgets.month import MonthField

KIND = "convention"  # what the bus announces after a write


def _day(iso: str | None) -> str:
    return date_fr(date.fromisoformat(iso)) if iso else "–"


class ConventionDialog(WriteDialog):
    """A new convention: reference, title, company, its lots (two at least), period, date signed."""

    def __init__(self, ctx: UiContext, parent: QWidget | None, companies: list[tuple[str, str]]) -> None:
        super().__init__(ctx, parent, "Nouvelle convention de globalisation")
        self.ref, self.title = QLineEdit(), QLineEdit()
        self.ref.setObjectName("ref")
        self.title.setObjectName("title")
        self.company = QComboBox()
        self.company.setObjectName("company")
        self.company.addItem("", "")
        for siret, name in companies:
            self.company.addItem(f"{name} ({siret})", siret)
        self.lots = QListWidget()
        self.lots.setObjectName("lots")
        self.start, self.end, self.signed = DateField(), DateField(), DateField()
        for name, w in (("start", self.start), ("end", self.end), ("signed", self.signed)):
            w.setObjectName(name)
        self.form.addRow("Référence *", self.ref)
        self.form.addRow("Intitulé *", self.title)
        self.form.addRow("Entreprise *", self.company)
        self.form.addRow("Lots couverts * (deux au moins)", self.lots)
        self.form.addRow("Début *", self.start)
        self.form.addRow("Fin *", self.end)
        self.form.addRow("Signée le", self.signed)
        self.company.currentIndexChanged.connect(self._load_lots)

    def _load_lots(self) -> None:
        siret = str(self.company.currentData() or "")
        self.lots.clear()
        if siret:
            self.ctx.ops.read(self, lambda s: service.lot_choices(s, siret), self._show_lots, latest="lots")

    def _show_lots(self, choices: list[tuple[str, str]]) -> None:
        self.lots.clear()
        for ref, label in choices:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, ref)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.lots.addItem(item)

    def checked_lots(self) -> list[str]:
        items = (self.lots.item(i) for i in range(self.lots.count()))
        return [
            str(i.data(Qt.ItemDataRole.UserRole)) for i in items if i.checkState() == Qt.CheckState.Checked
        ]

    def save(self) -> None:
        problems = [w.problem() for w in (self.start, self.end, self.signed) if w.problem()]
        if problems:
            self.error.setText(str(problems[0]))
            return
        data = service.ConventionInput(
            self.ref.text(), self.title.text(), str(self.company.currentData() or ""), self.start.value(),
            self.end.value(), checked(self.lots), self.signed.value(),
        )  # fmt: skip
        self.write(lambda s: service.add_convention(s, data), lambda _ref: None, KIND)


class AllocationDialog(WriteDialog):
    """Hours worked on one lot of the convention, in one month, allocated to another of its lots."""

    def __init__(self, ctx: UiContext, parent: QWidget | None, convention: dict[str, Any]) -> None:
        super().__init__(ctx, parent, f"Affecter des heures – convention {convention['ref']}")
        self.convention = convention
        self.from_lot, self.to_lot = QComboBox(), QComboBox()
        self.from_lot.setObjectName("from_lot")
        self.to_lot.setObjectName("to_lot")
        for ref in convention["lots"]:
            self.from_lot.addItem(ref, ref)
            self.to_lot.addItem(ref, ref)
        if self.to_lot.count() > 1:
            self.to_lot.setCurrentIndex(1)
        self.month = MonthField()
        self.month.setObjectName("month")
        self.hours = QLineEdit()
        self.hours.setObjectName("hours")
        self.hours.setPlaceholderText("ex. 35")
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText("ex. parcours qualifiant poursuivi sur l'autre chantier")
        self.free = QLabel("")
        self.free.setObjectName("free")
        intro = QLabel(
            f"Entreprise : {convention['company']}. Les heures faites sur un lot de la convention pendant "
            f"sa période ({_day(convention['start'])} – {_day(convention['end'])}) peuvent compter pour "
            "un autre de ses lots ; une heure ne s'affecte qu'une fois."
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.form.addRow("Heures faites sur le lot *", self.from_lot)
        self.form.addRow("Mois des heures *", self.month)
        self.form.addRow("", self.free)
        self.form.addRow("Affectées au lot *", self.to_lot)
        self.form.addRow("Heures *", self.hours)
        self.form.addRow("Motif *", self.reason)
        self.from_lot.currentIndexChanged.connect(self._load_free)
        self.month.month_changed.connect(lambda _m: self._load_free())
        self._load_free()

    def _load_free(self) -> None:
        ref, lot, month = self.convention["ref"], str(self.from_lot.currentData()), self.month.month

        def show(free: Decimal) -> None:
            self.free.setText(f"{hours(free)} disponibles sur ce lot en {month_label(month)}")

        self.ctx.ops.read(self, lambda s: service.available(s, ref, lot, month), show, latest="free",
                          on_error=lambda exc: self.free.setText(message_of(exc)))  # fmt: skip

    def save(self) -> None:
        data = service.AllocationInput(self.convention["ref"], str(self.from_lot.currentData()),
                                       str(self.to_lot.currentData()), self.month.month, self.hours.text(),
                                       self.reason.text())  # fmt: skip
        today = date.today()
        self.write(lambda s: service.allocate(s, data, today), lambda _r: None, KIND)


class ConventionsPanel(RecordsPanel):
    """The conventions (reference, company, period, lots, hours allocated), the chosen one's allocations."""

    def __init__(self, ctx: UiContext) -> None:
        self.new_button = QPushButton("Nouvelle convention")
        self.new_button.setObjectName("new_convention")
        self.allocate_button = QPushButton("Affecter des heures…")
        self.allocate_button.setObjectName("allocate")
        super().__init__(
            ctx, listing=service.listing, key="ref", buttons=[self.new_button, self.allocate_button],
            empty="Aucune convention de globalisation. Une convention permet de compter, pour un lot "
            "d'un donneur d'ordre, des heures faites par la même entreprise sur un lot d'un autre "
            "donneur d'ordre.",
            titles=("Conventions", "Heures affectées de la convention choisie"),
            headers=(["Référence", "Entreprise", "Période", "Lots", "Heures affectées"],
                     ["Mois", "Faites sur le lot", "Affectées au lot", "Heures", "Motif", "Le"]),
            names=("conventions", "allocations"), watched=(KIND, "hours", "hours_grid", "demo"),
        )  # fmt: skip
        self.allocations = self.details
        self.new_button.clicked.connect(self.new_convention)
        self.allocate_button.clicked.connect(self.allocate)

    def master_row(self, r: dict[str, Any]) -> list[str]:
        return [r["ref"], r["company"], f"{_day(r['start'])} – {_day(r['end'])}", ", ".join(r["lots"]),
                hours(Decimal(str(r["allocated_hours"])))]  # fmt: skip

    def detail_rows(self, r: dict[str, Any]) -> list[list[str]]:
        return [[month_label(a["month"]), a["from_lot"], a["to_lot"], hours(Decimal(str(a["hours"]))),
                 a["reason"], _day(a["allocated_on"])] for a in r["allocations"]]  # fmt: skip

    def chosen(self, record: dict[str, Any] | None) -> None:
        self.allocate_button.setEnabled(record is not None)

    def new_convention(self) -> None:
        def show(companies: list[tuple[str, str]]) -> None:
            self.open_dialog(ConventionDialog(self.ctx, self, companies))

        self.ctx.ops.read(self, service.company_choices, show)

    def allocate(self) -> None:
        conv = self.current()
        if conv is not None:
            self.open_dialog(AllocationDialog(self.ctx, self, conv))
