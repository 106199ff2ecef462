"""Pre-hiring training in the window: the sessions with their outcomes, a session's trainees, and the forms
to record a session and to put a person on it (or note their hours and outcome)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clausedesk.core.formatting import date_fr, hours
from clausedesk.core.services import trainings as service
from clausedesk.core.services.trainings import TraineeOutcome
from clausedesk.ui.context import UiContext
from clausedesk.ui.parcours.dialogs import WriteDialog, checked, fill_checks
from clausedesk.ui.widgets.fields import DateField
from clausedesk.ui.widgets.refresh import RefreshWhenShown
from clausedesk.ui.widgets.tables import SmallTable, section

KIND = "training"


def _day(iso: str | None) -> str:
    return date_fr(date.fromisoformat(iso)) if iso else "–"


class SessionDialog(WriteDialog):
    """A new session: title, organisation, funder, place, dates, hours, the lots and offers it prepares."""

    def __init__(self, ctx: UiContext, parent: QWidget | None, choices: service.FormChoices) -> None:
        super().__init__(ctx, parent, "Nouvelle formation préalable à l'embauche")
        self.fields: dict[str, QLineEdit] = {}
        for key, label in (("title", "Intitulé *"), ("organisation", "Organisme *"), ("funder", "Financeur"),
                           ("place", "Lieu"), ("hours", "Durée en heures *")):  # fmt: skip
            edit = QLineEdit()
            edit.setObjectName(key)
            self.fields[key] = edit
            self.form.addRow(label, edit)
        self.start, self.end = DateField(), DateField()
        self.start.setObjectName("start")
        self.end.setObjectName("end")
        self.form.addRow("Premier jour *", self.start)
        self.form.addRow("Dernier jour *", self.end)
        self.offers, self.lots = QListWidget(), QListWidget()
        self.offers.setObjectName("offers")
        self.lots.setObjectName("lots")
        fill_checks(self.offers, choices.offers)
        fill_checks(self.lots, choices.lots)
        self.form.addRow("Offres d'emploi préparées", self.offers)
        self.form.addRow("Lots préparés", self.lots)
        self.counted = QComboBox()
        self.counted.setObjectName("counted_lot")
        self.counted.addItem("Aucun (heures non comptées)", "")
        for ref, label in choices.lots:
            self.counted.addItem(label, ref)
        self.form.addRow("Lot où comptent les heures", self.counted)
        self.resize(680, 640)

    def save(self) -> None:
        problems = [w.problem() for w in (self.start, self.end) if w.problem()]
        if problems:
            self.error.setText(str(problems[0]))
            return
        f = {k: w.text() for k, w in self.fields.items()}
        data = service.SessionInput(
            f["title"], f["organisation"], self.start.value(), self.end.value(), f["hours"], f["funder"],
            f["place"], checked(self.lots), checked(self.offers),
            str(self.counted.currentData() or "") or None,
        )  # fmt: skip
        self.write(lambda s: service.add_session(s, data), lambda _u: None, KIND)


class TraineeDialog(WriteDialog):
    """A person on the session: hours attended and outcome (a second entry for the same person updates it)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None, training: dict[str, Any],
                 people: list[tuple[str, str]]) -> None:  # fmt: skip
        super().__init__(ctx, parent, f"Stagiaire – {training['title']}")
        self.training = training
        self.person = QComboBox()
        self.person.setObjectName("person")
        self.person.addItem("", "")
        for uuid, label in people:
            self.person.addItem(label, uuid)
        self.hours = QLineEdit()
        self.hours.setObjectName("hours")
        self.hours.setPlaceholderText(f"au plus {hours(Decimal(str(training['hours'])))}")
        self.outcome = QComboBox()
        self.outcome.setObjectName("outcome")
        for code, label in TraineeOutcome.choices():
            self.outcome.addItem(label, code)
        self.form.addRow("Personne *", self.person)
        self.form.addRow("Heures suivies *", self.hours)
        self.form.addRow("Issue *", self.outcome)
        self.resize(520, 260)

    def save(self) -> None:
        person = str(self.person.currentData() or "")
        data = service.TraineeInput(self.training["uuid"], person, self.hours.text(),
                                    str(self.outcome.currentData()))  # fmt: skip
        self.write(lambda s: service.save_trainee(s, data), lambda _r: None, KIND)


class TrainingsPanel(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.rows: list[dict[str, Any]] = []
        self.dialog: WriteDialog | None = None
        bar = QHBoxLayout()
        self.new_button = QPushButton("Nouvelle formation")
        self.new_button.setObjectName("new_training")
        self.new_button.clicked.connect(self.new_session)
        self.trainee_button = QPushButton("Stagiaire…")
        self.trainee_button.setObjectName("trainee")
        self.trainee_button.setToolTip("Inscrire une personne, ou noter ses heures suivies et son issue")
        self.trainee_button.clicked.connect(self.add_trainee)
        bar.addWidget(self.new_button)
        bar.addWidget(self.trainee_button)
        bar.addStretch(1)
        self.empty = QLabel("Aucune formation préalable à l'embauche enregistrée.")
        self.table = SmallTable(["Formation", "Organisme", "Dates", "Durée", "Stagiaires", "Terminée",
                                 "Embauche", "Abandon"])  # fmt: skip
        self.table.setObjectName("trainings")
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_trainees())
        self.trainees = SmallTable(["Stagiaire", "Heures suivies", "Issue"])
        self.trainees.setObjectName("trainees")
        box = QVBoxLayout(self)
        box.addLayout(bar)
        box.addWidget(self.empty)
        box.addWidget(section("Formations"))
        box.addWidget(self.table)
        box.addWidget(section("Stagiaires de la formation choisie"))
        box.addWidget(self.trainees)
        box.addStretch(1)
        self.refresh = RefreshWhenShown(self, self.load)
        watched = (KIND, "participant", "application", "contract", "demo")
        ctx.bus.changed.connect(lambda k: self.refresh.request() if k in watched else None)
        self.load()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.refresh.shown()

    def load(self) -> None:
        self.ctx.ops.read(self, service.listing, self._show, latest="list")

    def _show(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.empty.setVisible(not rows)
        self.table.set_rows(
            [[r["title"], r["organisation"], f"{_day(r['start'])} – {_day(r['end'])}",
              hours(Decimal(str(r["hours"])), 0), str(r["trainees_count"]), str(r["completed"]),
              str(r["hired"]), str(r["left"])] for r in rows],
            [r["uuid"] for r in rows],
        )  # fmt: skip
        self.table.resizeColumnsToContents()
        if rows:
            self.table.selectRow(0)
        self._show_trainees()

    def current(self) -> dict[str, Any] | None:
        uuid = self.table.current_key()
        return next((r for r in self.rows if r["uuid"] == uuid), None)

    def _show_trainees(self) -> None:
        row = self.current()
        self.trainees.set_rows([
            [t["name"], hours(Decimal(str(t["attended_hours"]))), TraineeOutcome.label_of(t["outcome"])]
            for t in (row["trainees"] if row else [])
        ])  # fmt: skip
        self.trainees.resizeColumnsToContents()
        self.trainee_button.setEnabled(row is not None)

    def new_session(self) -> None:
        def open_dialog(choices: service.FormChoices) -> None:
            self.dialog = SessionDialog(self.ctx, self, choices)
            self.dialog.open()

        self.ctx.ops.read(self, service.form_choices, open_dialog)

    def add_trainee(self) -> None:
        row = self.current()
        if row is None:
            return

        def open_dialog(choices: service.FormChoices) -> None:
            self.dialog = TraineeDialog(self.ctx, self, row, choices.people)
            self.dialog.open()

        self.ctx.ops.read(self, service.form_choices, open_dialog)
