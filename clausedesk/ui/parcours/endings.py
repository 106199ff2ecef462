"""« Fins de contrat »: the contracts ending in the next weeks, each beside the open offers matching the
person (the recruitment's own matching), and proposing the person on the chosen offer before it ends."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QLabel, QPushButton, QSpinBox

from clausedesk.core.formatting import date_fr
from clausedesk.core.services import parcours as service
from clausedesk.ui.context import UiContext
from clausedesk.ui.parcours.panel import RecordsPanel
from clausedesk.ui.widgets.offer_matches import HEADERS, offer_row, propose_selected

DEFAULT_WEEKS = 6


class EndingsPanel(RecordsPanel):
    def __init__(self, ctx: UiContext) -> None:
        self.weeks = QSpinBox()
        self.weeks.setObjectName("weeks")
        self.weeks.setRange(1, service.MAX_WEEKS)
        self.weeks.setValue(DEFAULT_WEEKS)
        self.weeks.setPrefix("Contrats finissant dans les ")
        self.weeks.setSuffix(" semaines")
        self.propose_button = QPushButton("Proposer sur l'offre choisie")
        self.propose_button.setObjectName("propose")
        self.note = QLabel("")
        self.note.setObjectName("note")
        super().__init__(
            ctx, listing=lambda _s: [], key="contract_uuid",
            buttons=[self.weeks, self.propose_button, self.note],
            empty="Aucun contrat ne finit dans cette période.",
            titles=("Contrats qui finissent", "Offres ouvertes qui correspondent à la personne choisie"),
            headers=(["Fin", "Personne", "Employeur", "Donneur d'ordre", "Lot", "Poste", "Offres"],
                     HEADERS),
            names=("endings", "matching_offers"), watched=("contract", "application", "job_offer", "demo"),
        )  # fmt: skip
        self.weeks.valueChanged.connect(lambda _v: self.load())
        self.propose_button.clicked.connect(self.propose)

    def reader(self) -> Callable[[Any], list[dict[str, Any]]]:
        today, weeks = date.today(), self.weeks.value()
        return lambda session: service.ending_rows(session, today, weeks)

    def master_row(self, r: dict[str, Any]) -> list[str]:
        offers = len(r["offers"])
        found = str(offers) if r["candidate"] else "sans profil de candidat"
        return [date_fr(r["end"]), r["person"], r["company"], r["buyer"], r["lot_ref"], r["job"], found]

    def detail_rows(self, r: dict[str, Any]) -> list[list[str]]:
        return [offer_row(o) for o in r["offers"]]

    def detail_keys(self, r: dict[str, Any]) -> list[str] | None:
        return [o.offer_uuid for o in r["offers"]]

    def chosen(self, record: dict[str, Any] | None) -> None:
        self.propose_button.setEnabled(bool(record and record["offers"]))

    def propose(self) -> None:
        record = self.current()
        if record is None:
            return

        def done() -> None:
            self.note.setText(f"{record['person']} : candidature proposée, à suivre dans le recrutement.")
            self.load()

        propose_selected(self.ctx, self, self.details, record["participant_uuid"], done, self.note)
