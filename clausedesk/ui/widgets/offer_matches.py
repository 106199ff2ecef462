"""Open job offers matching a person (a parcours page, the « fins de contrat »), and proposing one."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from clausedesk.core.formatting import date_fr
from clausedesk.core.services import parcours as service
from clausedesk.ui.context import UiContext
from clausedesk.ui.widgets.tables import SmallTable

HEADERS = ["Offre", "Entreprise", "Début", "Pourquoi", "À vérifier"]


def offer_row(o: service.OfferMatch) -> list[str]:
    return [o.job_label, o.company, date_fr(o.start), ", ".join(o.reasons), ", ".join(o.warnings)]


def offers_table(offers: list[service.OfferMatch]) -> SmallTable:
    """The matching open offers, best first, with the reasons of the match."""
    table = SmallTable(HEADERS)
    table.setObjectName("matching_offers")
    table.set_rows([offer_row(o) for o in offers], [o.offer_uuid for o in offers])
    table.resizeColumnsToContents()
    return table


def propose_selected(ctx: UiContext, owner: QWidget, table: SmallTable, person_uuid: str,
                     done: Any, note: QLabel) -> None:  # fmt: skip
    """Propose the person on the offer chosen in `table` (the recruitment's first step), then call `done`."""
    offer = table.current_key()
    if offer is None:
        note.setText("Choisissez d'abord une offre dans la liste.")
        return
    today = date.today()
    ctx.ops.write(owner, lambda s: service.propose(s, offer, person_uuid, today), lambda _a: done(),
                  changes="application")  # fmt: skip
