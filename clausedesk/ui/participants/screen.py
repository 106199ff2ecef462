"""Participants: the lazy list with search and filters, and a person's page with their whole path."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QMessageBox, QScrollArea, QSplitter, QVBoxLayout, QWidget

from clausedesk.core.formatting import date_fr, hours, month_label
from clausedesk.core.services import rgpd
from clausedesk.core.vocab import HourStatus, Modality, QualificationLevel, Sex, SituationMoment
from clausedesk.db.repositories import browse, details, reference
from clausedesk.ui.context import UiContext
from clausedesk.ui.markets.pages import buttons, info, title
from clausedesk.ui.participants import forms
from clausedesk.ui.widgets.confirm import confirm_delete
from clausedesk.ui.widgets.lazy_model import Column, LazyTableModel
from clausedesk.ui.widgets.list_panel import ListPanel
from clausedesk.ui.widgets.tables import SmallTable, section

STATUS_LABELS = {"en_contrat": "En contrat", "sorti": "Sorti", "sans_contrat": "Sans contrat en cours"}
SORTIE_LABELS = {
    "emploi_durable": "Emploi durable", "emploi_transition": "Emploi de transition",
    "sortie_positive": "Sortie positive", "autre": "Autre",
}  # fmt: skip

COLUMNS = [
    Column("last_name", "Nom", lambda v: (v or "").upper()),
    Column("first_name", "Prénom"),
    Column("birth_date", "Naissance", date_fr),
    Column("commune_code", "Commune"),
    Column("status", "Situation", lambda v: STATUS_LABELS.get(v, v or "")),
    Column("company", "Dernier employeur"),
    Column("hours", "Heures", lambda v: hours(v or 0, 0), True),
]

TRASH = [("participant", "Participant"), ("validation", "Validation"), ("contract", "Contrat"),
         ("situation", "Situation")]  # fmt: skip


class ParticipantsScreen(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.dialog: Any = None
        self.current: str | None = None
        self.model = LazyTableModel(ctx.store, "participants", COLUMNS)
        self.list = ListPanel(
            ctx, self.model, "Rechercher : nom, prénom, commune", "participants", TRASH, "Nouveau participant"
        )
        with ctx.store.session() as s:
            cats = [(c.code, c.code) for c in reference.categories(s) if not c.sensitive]
            companies = browse.company_choices(s, limit=500)
            lots = browse.lot_choices(s, limit=500)
        self.list.add_filter("Situation", "status", list(STATUS_LABELS.items()))
        self.list.add_filter("Public", "category", cats)
        self.list.add_filter("Employeur", "company", companies)
        self.list.add_filter("Lot", "lot", lots)
        self.list.finish_filters()
        self.list.selected.connect(self.show_person)
        self.list.new_requested.connect(self.new_person)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(QLabel("Choisissez une personne dans la liste."))
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(self.scroll)
        split.setSizes([520, 700])
        split.setStretchFactor(1, 1)
        QVBoxLayout(self).addWidget(split)
        ctx.bus.changed.connect(self._on_changed)

    def _on_changed(self, kind: str) -> None:
        if kind in ("participant", "validation", "contract", "situation", "hour_entry"):
            self.list.reload()
            if self.current:
                try:
                    self.show_person(self.current)
                except Exception:
                    self.current = None
                    self.scroll.setWidget(QLabel("Choisissez une personne dans la liste."))

    def open_object(self, kind: str, uuid: str | None) -> bool:
        if kind == "participant" and uuid:
            self.show_person(uuid)
            return True
        return False

    def new_person(self) -> None:
        self.dialog = forms.person_form(
            self.ctx, self, on_saved=lambda u: QTimer.singleShot(0, lambda: self.show_person(u))
        )

    def _open(self, factory: Any, uuid: str) -> None:
        self.dialog = factory(self.ctx, self, uuid)

    def edit_contract(self, person_uuid: str, contract_uuid: str | None) -> None:
        if contract_uuid is None:
            QMessageBox.information(self, "Modifier le contrat", "Choisissez d'abord un contrat.")
            return
        self.dialog = forms.contract_form(self.ctx, self, person_uuid, uuid=contract_uuid)

    def show_person(self, uuid: str) -> None:
        with self.ctx.store.session() as s:
            p = details.person_page(s, uuid)
            sensitive = {c.code for c in reference.categories(s, include_inactive=True) if c.sensitive}
        if uuid != self.current:  # the access log notes who opened which record (by uuid, never a name)
            rgpd.record_access(self.ctx.store.sessions, uuid)
        self.current = uuid
        who = p.person
        page = QWidget()
        page.setObjectName("page_participant")
        box = QVBoxLayout(page)
        born_word = {"F": "née le", "M": "né le"}.get(who.sex or "", "date de naissance :")
        born = f"{born_word} {date_fr(who.birth_date)}" if who.birth_date else "date de naissance non saisie"
        box.addWidget(title(f"{who.last_name.upper()} {who.first_name}", f"{Sex.label_of(who.sex)} · {born}"))
        box.addLayout(buttons(
            ("Modifier", "edit", lambda: self._open(forms.person_form, uuid)),
            ("Validation d'éligibilité", "new_validation", lambda: self._open(forms.validation_form, uuid)),
            ("Contrat", "new_contract", lambda: self._open(forms.contract_form, uuid)),
            ("Situation", "new_situation", lambda: self._open(forms.situation_form, uuid)),
            ("Parcours", "parcours", lambda: self._parcours(uuid)),
            ("Supprimer", "delete", lambda: self._delete(uuid, f"{who.last_name.upper()} {who.first_name}")),
        ))  # fmt: skip
        box.addWidget(info([
            ("Commune", (who.commune_code or "") + (" (QPV)" if who.qpv else "")),
            ("Qualification", QualificationLevel.label_of(who.qualification_level)),
            ("Contact", " · ".join(x for x in (who.phone, who.email) if x)),
            ("Référent", who.referent or ""), ("Notes", who.notes or ""),
        ]))  # fmt: skip
        box.addWidget(section("Validations d'éligibilité"))
        vals = SmallTable(["Validée le", "Valable jusqu'au", "Publics", "Prescripteur"])
        vals.setObjectName("person_validations")
        # sensitive categories (health data) are shown as a neutral mention only
        vals.set_rows([
            [date_fr(d), date_fr(e), ", ".join(c if c not in sensitive else "public protégé" for c in cats)
             + (" (avis motivé)" if avis else ""), pres or ""]
            for _u, d, e, cats, pres, avis in p.validations
        ], [u for u, *_ in p.validations])  # fmt: skip
        box.addWidget(vals)
        box.addWidget(section("Contrats"))
        contracts = SmallTable(["Employeur", "Lot", "Type", "Modalité", "Début", "Fin"])
        contracts.setObjectName("person_contracts")
        contracts.set_rows([
            [co, lot, t, Modality.label_of(m), date_fr(s), date_fr(e)]
            for _u, co, lot, t, m, s, e, _w in p.contracts
        ], [u for u, *_ in p.contracts])  # fmt: skip
        contracts.setToolTip("Double-clic ou Entrée : modifier le contrat")
        contracts.opened.connect(lambda key: self.edit_contract(uuid, key))
        box.addWidget(contracts)
        box.addLayout(buttons((
            "Modifier le contrat sélectionné", "edit_contract",
            lambda: self.edit_contract(uuid, contracts.current_key()),
        )))  # fmt: skip
        box.addWidget(section("Heures"))
        hours_table = SmallTable(["Mois", "Employeur", "Lot", "Travail", "Formation", "Statut"])
        hours_table.set_rows([
            [month_label(m), co, lot, hours(w), hours(t), HourStatus.label_of(st)]
            for m, co, lot, w, t, st in p.hours
        ])  # fmt: skip
        box.addWidget(hours_table)
        box.addWidget(section("Situations et sorties"))
        sits = SmallTable(["Date", "Moment", "Situation", "Catégorie de sortie"])
        sits.setObjectName("person_situations")
        sits.set_rows([
            [date_fr(d), SituationMoment.label_of(m), label, SORTIE_LABELS.get(cat, cat)]
            for _u, d, m, label, cat in p.situations
        ], [u for u, *_ in p.situations])  # fmt: skip
        box.addWidget(sits)
        box.addWidget(section("Parcours"))
        events: list[tuple[date, str]] = [(d, "Validation d'éligibilité") for _u, d, *_ in p.validations]
        for _u, co, lot, t, _m, s, e, _w in p.contracts:
            events.append((s, f"Début de contrat ({t}) chez {co}, lot {lot}"))
            if e:
                events.append((e, f"Fin de contrat chez {co}"))
        events += [(d, f"Situation : {label}") for _u, d, _m, label, _c in p.situations]
        timeline = SmallTable(["Date", "Étape"])
        timeline.setObjectName("person_timeline")
        timeline.set_rows([[date_fr(d), what] for d, what in sorted(events, key=lambda x: x[0])])
        box.addWidget(timeline)
        box.addStretch(1)
        self.scroll.setWidget(page)

    def _parcours(self, uuid: str) -> None:
        from clausedesk.ui.participants.parcours import ParcoursDialog

        self.dialog = ParcoursDialog(self.ctx, self, uuid)
        self.dialog.open()

    def _delete(self, uuid: str, name: str) -> None:
        if confirm_delete(self.ctx, self, "participant", uuid, f"la fiche de {name}"):
            self.current = None
            self.scroll.setWidget(QLabel("Fiche supprimée (elle est dans la corbeille)."))
