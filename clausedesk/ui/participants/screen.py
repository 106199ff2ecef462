"""Participants: the lazy list with search and filters, and a person's page with their whole path."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QComboBox, QVBoxLayout, QWidget

from clausedesk.core.formatting import date_fr, hours, month_label
from clausedesk.core.reference.geo import commune_label, load_tables
from clausedesk.core.services import browsing, rgpd
from clausedesk.core.vocab import HourStatus, Modality, QualificationLevel, Sex, SituationMoment
from clausedesk.ui.feedback import tell
from clausedesk.ui.participants import forms
from clausedesk.ui.widgets.confirm import confirm_delete
from clausedesk.ui.widgets.lazy_model import Column
from clausedesk.ui.widgets.list_page import ListPageScreen
from clausedesk.ui.widgets.lookup import attach_lookup
from clausedesk.ui.widgets.page_parts import buttons, info, title
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
    Column("commune_code", "Commune", commune_label, ready=load_tables),
    Column("status", "Situation", lambda v: STATUS_LABELS.get(v, v or "")),
    Column("company", "Dernier employeur"),
    Column("hours", "Heures", lambda v: hours(v or 0, 0), True),
]

TRASH = [("participant", "Participant"), ("validation", "Validation"), ("contract", "Contrat"),
         ("situation", "Situation")]  # fmt: skip


class ParticipantsScreen(ListPageScreen):
    list_name, kind, columns = "participants", "participant", COLUMNS
    placeholder = "Rechercher : nom, prénom, commune"
    export_kind, trash_kinds, new_label = "participants", TRASH, "Nouveau participant"
    nothing_yet = ("Aucun participant pour l'instant. Ajoutez-en un avec « Nouveau participant », puis "
                   "sa validation d'éligibilité et son contrat depuis sa page.")
    watched = ("participant", "validation", "contract", "situation", "hour_entry")
    empty_text = "Choisissez une personne dans la liste."

    def add_filters(self) -> None:
        self.list.add_filter("Situation", "status", list(STATUS_LABELS.items()))
        publics = self.list.add_filter("Public", "category", [])

        def fill(codes: list[str]) -> None:
            for code in codes:
                publics.addItem(code, code)

        self.ctx.ops.read(self, lambda s: [c.code for c in browsing.categories(s) if not c.sensitive], fill,
                          busy=False)  # fmt: skip
        self.list.add_filter("Employeur", "company", [])
        self.list.add_filter("Lot", "lot", [])
        for key, search in (("company", browsing.company_choices), ("lot", browsing.lot_choices)):
            combo = self.list.findChild(QComboBox, f"filter_{key}")
            attach_lookup(self.ctx.ops, combo, search, keep_first=True)

    def new_object(self) -> None:
        self.dialog = forms.person_form(self.ctx, self, on_saved=self.show_saved)

    def new_person(self) -> None:
        self.new_object()

    def _open(self, factory: Any, uuid: str) -> None:
        self.dialog = factory(self.ctx, self, uuid)

    def edit_contract(self, person_uuid: str, contract_uuid: str | None) -> None:
        if contract_uuid is None:
            tell(self, "Choisissez d'abord un contrat dans la liste, puis « Modifier le contrat ».")
            return
        self.dialog = forms.contract_form(self.ctx, self, person_uuid, uuid=contract_uuid)

    def show_person(self, uuid: str) -> None:
        self.show_object(uuid)

    def read_page(self, session: Any, uuid: str) -> Any:
        load_tables()  # the commune named on the page, loaded here on the worker
        page = browsing.person_page(session, uuid)
        return page, browsing.sensitive_codes(session), browsing.public_labels(session)

    def page_shown(self, uuid: str, first: bool) -> None:
        if first:  # the access log notes who opened which record (by uuid, never a name)
            self.ctx.ops.write(self, lambda s: rgpd.note_access(s, uuid), changes="", busy=False)

    def build_page(self, uuid: str, data: Any) -> QWidget:
        p, sensitive, names = data
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
            ("Commune", commune_label(who.commune_code) + (" (QPV)" if who.qpv else "")),
            ("Qualification", QualificationLevel.label_of(who.qualification_level)),
            ("Contact", " · ".join(x for x in (who.phone, who.email) if x)),
            ("Référent", who.referent or ""), ("Notes", who.notes or ""),
        ]))  # fmt: skip
        box.addWidget(section("Validations d'éligibilité"))
        vals = SmallTable(["Validée le", "Valable jusqu'au", "Publics", "Prescripteur"])
        vals.setObjectName("person_validations")
        # sensitive categories (health data) are shown as a neutral mention only
        vals.set_rows([
            [date_fr(d), date_fr(e), ", ".join(names.get(c, c) if c not in sensitive else "public protégé"
                                               for c in cats)
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
        return page

    def _parcours(self, uuid: str) -> None:
        from clausedesk.ui.participants.parcours import ParcoursDialog

        self.dialog = ParcoursDialog(self.ctx, self, uuid)
        self.dialog.open()

    def _delete(self, uuid: str, name: str) -> None:
        if confirm_delete(self.ctx, self, "participant", uuid, f"la fiche de {name}"):
            self.cleared("Fiche supprimée (elle est dans la corbeille).")
