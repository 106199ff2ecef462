"""Companies: lazy list with search and filter, the company page and its form (SIRET checked as typed)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from clausedesk.core.formatting import date_fr, hours, month_label, number, percent, plural
from clausedesk.core.reference.geo import commune_label, load_tables
from clausedesk.core.rules.identifiers import check_naf, check_siret
from clausedesk.core.services import browsing, catalog, records
from clausedesk.core.vocab import AttributionRole, CompanyKind
from clausedesk.ui.context import UiContext
from clausedesk.ui.widgets.confirm import confirm_delete
from clausedesk.ui.widgets.form import Field, FormDialog, open_form
from clausedesk.ui.widgets.lazy_model import Column
from clausedesk.ui.widgets.list_page import ListPageScreen
from clausedesk.ui.widgets.page_parts import buttons, info, title
from clausedesk.ui.widgets.reference_lookup import COMMUNE
from clausedesk.ui.widgets.tables import SmallTable, section

COLUMNS = [
    Column("name", "Raison sociale"),
    Column("siret", "SIRET"),
    Column("kind", "Type", CompanyKind.label_of),
    Column("naf", "NAF"),
    Column("commune_code", "Commune", commune_label, ready=load_tables),
    Column("lots", "Lots", lambda v: number(v or 0), True),
    Column("people", "Personnes", lambda v: number(v or 0), True),
]

FIELDS = [
    Field("siret", "SIRET", required=True, check=lambda s: check_siret(s), placeholder="14 chiffres",
          tip="Contrôlé à la saisie (clé de Luhn)"),
    Field("name", "Raison sociale", required=True, max_len=200),
    Field("kind", "Type de structure", "choice", required=True, choices=CompanyKind.choices()),
    Field("naf", "Code NAF", check=lambda c: check_naf(c), placeholder="ex. 43.99C"),
    Field("address", "Adresse", "multiline", max_len=500),
    Field("commune_code", "Commune", "lookup", reference=COMMUNE),
    Field("contact_name", "Contact", max_len=200),
    Field("contact_email", "Courriel", max_len=200),
    Field("contact_phone", "Téléphone", max_len=40),
    Field("notes", "Notes", "multiline", max_len=5000),
]  # fmt: skip


def company_form(
    ctx: UiContext, parent: QWidget, uuid: str | None = None, on_saved: Any = None
) -> FormDialog:
    values = None
    if uuid:
        values = ctx.ops.call(lambda s: records.values_of(s, "company", uuid, [f.key for f in FIELDS]))

    def save(v: dict[str, Any]) -> str:
        return ctx.ops.call(lambda s: catalog.save_company(s, catalog.CompanyData(**v), uuid).uuid)

    return open_form(
        ctx, parent, "Entreprise", FIELDS, save, kind="company", values=values, on_saved=on_saved
    )


class CompaniesScreen(ListPageScreen):
    list_name, kind, columns = "companies", "company", COLUMNS
    placeholder = "Rechercher : raison sociale, SIRET, NAF, commune"
    export_kind, new_label = "companies", "Nouvelle entreprise"
    nothing_yet = ("Aucune entreprise pour l'instant. Ajoutez-en une avec « Nouvelle entreprise » : "
                   "ses lots, ses salariés en insertion et ses heures apparaîtront ensuite sur sa page.")
    trash_kinds = [("company", "Entreprise"), ("attribution", "Attribution")]
    watched = ("company", "attribution", "contract", "hour_entry")
    empty_text = "Choisissez une entreprise dans la liste."

    def add_filters(self) -> None:
        self.list.add_filter("Type", "kind", CompanyKind.choices())

    def new_object(self) -> None:
        self.dialog = company_form(self.ctx, self, on_saved=self.show_saved)

    def new_company(self) -> None:
        self.new_object()

    def new_offer(self, company_uuid: str) -> None:
        """A job offer of this company (modal form); once saved, it opens on the recruitment screen."""
        from clausedesk.ui.recruitment import open_new_offer

        offer = open_new_offer(self.ctx, self, company_uuid=company_uuid)
        if offer is not None:
            self.ctx.navigate("job_offer", offer)

    def show_company(self, uuid: str) -> None:
        self.show_object(uuid)

    def read_page(self, session: Any, uuid: str) -> Any:
        load_tables()  # the commune named on the page, loaded here on the worker
        return browsing.company_page(session, uuid)

    def build_page(self, uuid: str, p: Any) -> QWidget:
        c = p.company
        page = QWidget()
        page.setObjectName("page_company")
        box = QVBoxLayout(page)
        box.addWidget(title(c.name, f"{CompanyKind.label_of(c.kind)} · SIRET {c.siret}"))
        box.addLayout(buttons(
            ("Modifier", "edit", lambda: setattr(self, "dialog", company_form(self.ctx, self, uuid))),
            ("Nouvelle offre d'emploi…", "new_offer", lambda: self.new_offer(uuid)),
            ("Supprimer", "delete", lambda: self._delete(uuid, c.name)),
        ))  # fmt: skip
        box.addWidget(info([
            ("Code NAF", c.naf or ""), ("Adresse", c.address or ""),
            ("Commune", commune_label(c.commune_code)),
            ("Contact", " · ".join(x for x in (c.contact_name, c.contact_email, c.contact_phone) if x)),
            ("Notes", c.notes or ""),
        ]))  # fmt: skip
        box.addWidget(section("Lots tenus"))
        lots = SmallTable(["Lot", "Intitulé", "Rôle", "Part"])
        lots.set_rows(
            [[r, t, AttributionRole.label_of(role), percent(sh / 100) if sh is not None else "—"]
             for _u, r, t, role, sh in p.lots],
            [u for u, *_ in p.lots],
        )  # fmt: skip
        lots.opened.connect(lambda key: self.ctx.navigate("lot", key))
        box.addWidget(lots)
        box.addWidget(section(f"Personnes employées ({plural(len(p.people), 'contrat', 'contrats')})"))
        people = SmallTable(["Personne", "Lot", "Début", "Fin"])
        people.set_rows(
            [[n, r, date_fr(s), date_fr(e)] for _u, n, r, s, e in p.people], [u for u, *_ in p.people]
        )
        people.opened.connect(lambda key: self.ctx.navigate("participant", key))
        box.addWidget(people)
        box.addWidget(section("Heures par mois"))
        months = SmallTable(["Mois", "Heures travaillées"])
        months.set_rows([[month_label(m), hours(h)] for m, h in p.by_month])
        box.addWidget(months)
        box.addStretch(1)
        return page

    def _delete(self, uuid: str, name: str) -> None:
        if confirm_delete(self.ctx, self, "company", uuid, f"l'entreprise {name}"):
            self.cleared("Entreprise supprimée (elle est dans la corbeille).")
