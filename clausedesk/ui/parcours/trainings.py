"""Pre-hiring training in the window: the sessions with their outcomes, a session's trainees, and the forms
to record a session and to put a person on it (or note their hours and outcome)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QListWidget,
    QPushButton,
    QWidget,
)

from clausedesk.core.formatting import date_fr, hours
from clausedesk.core.services import trainings as service
from clausedesk.core.services.trainings import TraineeOutcome
from clausedesk.ui.context import UiContext
from clausedesk.ui.parcours.dialogs import WriteDialog, checked, fill_checks
from clausedesk.ui.parcours.panel import RecordsPanel
from clausedesk.ui.widgets.fields import DateField

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


class TrainingsPanel(RecordsPanel):
    def __init__(self, ctx: UiContext) -> None:
        self.new_button = QPushButton("Nouvelle formation")
        self.new_button.setObjectName("new_training")
        self.trainee_button = QPushButton("Stagiaire…")
        self.trainee_button.setObjectName("trainee")
        self.trainee_button.setToolTip("Inscrire une personne, ou noter ses heures suivies et son issue")
        super().__init__(
            ctx, listing=service.listing, key="uuid", buttons=[self.new_button, self.trainee_button],
            empty="Aucune formation préalable à l'embauche enregistrée.",
            titles=("Formations", "Stagiaires de la formation choisie"),
            headers=(["Formation", "Organisme", "Dates", "Durée", "Stagiaires", "Terminée", "Embauche",
                      "Abandon"], ["Stagiaire", "Heures suivies", "Issue"]),
            names=("trainings", "trainees"), watched=(KIND, "participant", "application", "contract", "demo"),
        )  # fmt: skip
        self.trainees = self.details
        self.new_button.clicked.connect(self.new_session)
        self.trainee_button.clicked.connect(self.add_trainee)

    def master_row(self, r: dict[str, Any]) -> list[str]:
        return [r["title"], r["organisation"], f"{_day(r['start'])} – {_day(r['end'])}",
                hours(Decimal(str(r["hours"])), 0), str(r["trainees_count"]), str(r["completed"]),
                str(r["hired"]), str(r["left"])]  # fmt: skip

    def detail_rows(self, r: dict[str, Any]) -> list[list[str]]:
        return [[t["name"], hours(Decimal(str(t["attended_hours"]))), TraineeOutcome.label_of(t["outcome"])]
                for t in r["trainees"]]  # fmt: skip

    def chosen(self, record: dict[str, Any] | None) -> None:
        self.trainee_button.setEnabled(record is not None)

    def new_session(self) -> None:
        def show(choices: service.FormChoices) -> None:
            self.open_dialog(SessionDialog(self.ctx, self, choices))

        self.ctx.ops.read(self, service.form_choices, show)

    def add_trainee(self) -> None:
        row = self.current()
        if row is not None:
            self.ctx.ops.read(self, service.form_choices, lambda choices: self.open_dialog(
                TraineeDialog(self.ctx, self, row, choices.people)))  # fmt: skip
