"""A person's parcours on one page (opened from their page): contracts across marchés, companies and buyers,
hours by month, pre-hiring trainings, situations, and the open offers that match them, to propose one."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from clausedesk.core.formatting import date_fr, hours, month_label
from clausedesk.core.services import parcours as service
from clausedesk.core.vocab import Modality, SituationMoment
from clausedesk.ui.context import UiContext
from clausedesk.ui.style import FittedDialog
from clausedesk.ui.widgets.offer_matches import offers_table, propose_selected
from clausedesk.ui.widgets.tables import SmallTable, section


class ParcoursDialog(FittedDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None, person_uuid: str) -> None:
        super().__init__(parent)
        self.ctx, self.person_uuid = ctx, person_uuid
        self.setWindowTitle("Parcours")
        self.setObjectName("parcours_dialog")
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.note = QLabel("")
        self.note.setObjectName("note")
        self.note.setWordWrap(True)
        outer = QVBoxLayout(self)
        outer.addWidget(self.area)
        outer.addWidget(self.note)
        self.resize(1100, 700)
        self.page: Any = None
        self.load()

    def load(self) -> None:
        today = date.today()
        self.ctx.ops.read(self, lambda s: service.person_parcours(s, self.person_uuid, today), self._show)

    def _show(self, p: service.Parcours) -> None:
        self.page = p
        body = QWidget()
        box = QVBoxLayout(body)
        n_buyers, n_companies = len(p.buyers), len(p.companies)
        head = QLabel(
            f"<b>{p.name}</b> — {len(p.contracts)} contrat{'s' if len(p.contracts) > 1 else ''} chez "
            f"{n_companies} employeur{'s' if n_companies > 1 else ''} pour {n_buyers} donneur"
            f"{'s' if n_buyers > 1 else ''} d'ordre ; {hours(p.total_hours)} travaillées."
        )
        head.setObjectName("parcours_head")
        box.addWidget(head)
        box.addWidget(section("Contrats"))
        contracts = SmallTable(["Début", "Fin", "Employeur", "Donneur d'ordre", "Marché", "Lot", "Type",
                                "Modalité", "Poste"])  # fmt: skip
        contracts.setObjectName("parcours_contracts")
        contracts.set_rows([[date_fr(c.start), date_fr(c.end) if c.end else "en cours", c.company, c.buyer,
                             c.market_ref, c.lot_ref, c.contract_type, Modality.label_of(c.modality),
                             c.job or ""] for c in p.contracts])  # fmt: skip
        box.addWidget(contracts)
        box.addWidget(section("Heures par mois"))
        by_month = SmallTable(["Mois", "Travail", "Formation"])
        by_month.setObjectName("parcours_hours")
        by_month.set_rows([[month_label(m), hours(w), hours(t)] for m, w, t in p.hours_by_month])
        box.addWidget(by_month)
        box.addWidget(section("Formations préalables à l'embauche"))
        trainings = SmallTable(["Formation", "Dates", "Heures suivies", "Issue"])
        trainings.setObjectName("parcours_trainings")
        trainings.set_rows([[t.title, f"{date_fr(t.start)} – {date_fr(t.end)}", hours(t.attended), t.outcome]
                            for t in p.trainings])  # fmt: skip
        box.addWidget(trainings)
        box.addWidget(section("Situations et sorties"))
        situations = SmallTable(["Date", "Moment", "Situation", "Catégorie"])
        situations.set_rows([[date_fr(d), SituationMoment.label_of(m), label, cat] for d, m, label, cat
                             in p.situations])  # fmt: skip
        box.addWidget(situations)
        box.addWidget(section("Offres ouvertes qui lui correspondent"))
        if not p.candidate:
            box.addWidget(QLabel("Pas de profil de candidat : renseignez ses métiers recherchés "
                                 "(Recrutement) pour lui trouver des offres."))  # fmt: skip
        self.offers = offers_table(p.offers)
        box.addWidget(self.offers)
        row = QHBoxLayout()
        self.propose_button = QPushButton("Proposer sur l'offre choisie")
        self.propose_button.setObjectName("propose")
        self.propose_button.setEnabled(bool(p.offers))
        self.propose_button.clicked.connect(self.propose)
        row.addWidget(self.propose_button)
        row.addStretch(1)
        box.addLayout(row)
        box.addStretch(1)
        self.area.setWidget(body)

    def propose(self) -> None:
        def done() -> None:
            self.note.setText("Candidature proposée : suivez-la dans le tableau du recrutement.")
            self.load()

        propose_selected(self.ctx, self, self.offers, self.person_uuid, done, self.note)
