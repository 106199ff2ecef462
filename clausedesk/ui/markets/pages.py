"""The right-hand pages of the marchés screen: buyer, operation, marché and lot (calculator, progress)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from clausedesk.core.formatting import date_fr, hours, money, number, percent
from clausedesk.core.reference.geo import commune_label
from clausedesk.core.rules.progress import CountingOptions, compute_progress, counting_rule
from clausedesk.core.services import browsing
from clausedesk.core.vocab import AttributionRole, BuyerKind, MarketKind, Mechanism
from clausedesk.ui.context import UiContext
from clausedesk.ui.markets.chart import ProgressChart
from clausedesk.ui.widgets.page_parts import buttons, info, title
from clausedesk.ui.widgets.tables import SmallTable, section

__all__ = ["READERS", "buttons", "info", "title"]


class Page(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.box = QVBoxLayout(self)


def buyer_page(ctx: UiContext, uuid: str, actions: Any, b: Any) -> Page:
    page = Page()
    page.box.addWidget(title(b.name, BuyerKind.label_of(b.kind)))
    page.box.addLayout(buttons(
        ("Modifier", "edit", lambda: actions.edit("buyer", uuid)),
        ("Nouvelle opération", "new_operation", lambda: actions.new_operation(uuid)),
        ("Nouveau marché", "new_market", lambda: actions.new_market(uuid, None)),
        ("Supprimer", "delete", lambda: actions.delete("buyer", uuid, f"le donneur d'ordre {b.name}")),
    ))  # fmt: skip
    page.box.addWidget(info([
        ("SIRET", b.siret or ""), ("Adresse", b.address or ""), ("Commune", commune_label(b.commune_code)),
        ("Contact", " · ".join(x for x in (b.contact_name, b.contact_email, b.contact_phone) if x)),
        ("Notes", b.notes or ""),
    ]))  # fmt: skip
    page.box.addStretch(1)
    return page


def operation_page(ctx: UiContext, uuid: str, actions: Any, data: Any) -> Page:
    page = Page()
    op, buyer_uuid = data
    page.box.addWidget(title(op.name, "Opération" + (" ANRU" if op.anru else "")))
    page.box.addLayout(buttons(
        ("Modifier", "edit", lambda: actions.edit_operation(buyer_uuid, uuid)),
        ("Nouveau marché", "new_market", lambda: actions.new_market(buyer_uuid, uuid)),
        ("Supprimer", "delete", lambda: actions.delete("operation", uuid, f"l'opération {op.name}")),
    ))  # fmt: skip
    page.box.addWidget(info([("Commune", commune_label(op.commune_code)),
                             ("Description", op.description or "")]))
    page.box.addStretch(1)
    return page


def market_page(ctx: UiContext, uuid: str, actions: Any, p: Any) -> Page:
    page = Page()
    m = p.market
    page.box.addWidget(title(f"{m.ref} – {m.title}", f"{p.buyer_name} · {MarketKind.label_of(m.kind)}"))
    page.box.addLayout(buttons(
        ("Modifier", "edit", lambda: actions.edit_market(p.buyer_uuid, uuid)),
        ("Nouveau lot", "new_lot", lambda: actions.new_lot(uuid)),
        ("Supprimer", "delete", lambda: actions.delete("market", uuid, f"le marché {m.ref}")),
    ))  # fmt: skip
    page.box.addWidget(info([
        ("Opération", p.operation_name or ""), ("Code CPV", m.cpv or ""),
        ("Notification", date_fr(m.notification_date)),
        ("Période", f"{date_fr(m.start_date)} → {date_fr(m.end_date)}"),
        ("Notes", m.notes or ""),
    ]))  # fmt: skip
    page.box.addWidget(section("Lots"))
    table = SmallTable(["Lot", "Intitulé", "Objectif", "Réalisé", "Avancement"])
    table.setObjectName("market_lots")
    table.set_rows(
        [[n, t, hours(o, 0), hours(r, 0), percent(r / o) if o else "–"] for _u, n, t, o, r in p.lots],
        [u for u, *_ in p.lots],
    )
    table.opened.connect(lambda key: ctx.navigate("lot", key))
    page.box.addWidget(table)
    page.box.addStretch(1)
    return page


def read_lot(session: Any, uuid: str) -> tuple[Any, Decimal, Any]:
    """The lot's page, the late tolerance and its trade (read on the worker thread)."""
    p = browsing.lot_page(session, uuid)
    tolerance = Decimal(browsing.get_setting(session, "late_tolerance_pct")) / 100
    trade = browsing.trade_by_code(session, p.lot.trade_code) if p.lot.trade_code else None
    return p, tolerance, trade


def lot_page(ctx: UiContext, uuid: str, actions: Any, data: Any, today: date | None = None) -> Page:
    page = Page()
    today = today or date.today()
    p, tolerance, trade = data
    lot = p.lot
    page.box.addWidget(
        title(f"Lot {lot.number} – {lot.title}", f"{lot.ref} · marché {p.market.ref} · {p.buyer_name}")
    )
    page.box.addLayout(buttons(
        ("Modifier", "edit", lambda: actions.edit_lot(p.market.uuid, uuid)),
        ("Attribuer à une entreprise", "new_attribution", lambda: actions.new_attribution(uuid)),
        ("Ajouter un avenant", "new_amendment", lambda: actions.new_amendment(uuid)),
        ("Nouvelle offre d'emploi…", "new_offer", lambda: actions.new_offer(uuid)),
        ("Supprimer", "delete", lambda: actions.delete("lot", uuid, f"le lot {lot.ref}")),
    ))  # fmt: skip
    page.box.addWidget(info([
        ("Période", f"{date_fr(lot.start_date)} → {date_fr(lot.end_date)}"),
        ("Mécanismes", " ; ".join(Mechanism.label_of(m) for m in p.mechanisms)),
        ("Corps d'état", trade.label if trade else ""),
        ("Heures qui comptent", counting_rule(
            CountingOptions.of_lot(lot), sum((m.tutoring for m in p.by_month), Decimal(0)),
            sum((m.converted for m in p.by_month), Decimal(0)),
        ).removeprefix("Heures comptées : ")),
    ]))  # fmt: skip
    page.box.addWidget(section("Objectif d'heures d'insertion"))
    calc = (
        f"{money(p.current_amount)} HT × {number(lot.labour_share_pct, 2)} % main-d'œuvre × "
        f"{number(lot.insertion_rate_pct, 2)} % ÷ {number(lot.hourly_cost, 2)} €/h = "
        f"<b>{hours(lot.objective_hours, 0)}</b>"
    )
    if p.current_amount != lot.amount_ht:
        calc += f"<br>(montant initial {money(lot.amount_ht)}, modifié par avenant)"
    if lot.forced_hours is not None:
        calc += f"<br><b>Objectif forcé par le marché : {hours(lot.forced_hours, 0)}</b>"
    calc_label = QLabel(calc)
    calc_label.setObjectName("lot_calculator")
    calc_label.setWordWrap(True)
    page.box.addWidget(calc_label)
    page.box.addWidget(section("Avancement"))
    target = lot.target_hours
    if lot.start_date and lot.end_date:
        prog = compute_progress(target, p.realised, lot.start_date, lot.end_date, today, tolerance)
        state = "en retard sur le prorata" if prog.late else "dans les temps"
        summary = (
            f"Réalisé {hours(p.realised, 0)} sur {hours(target, 0)} "
            f"({percent(p.realised / target) if target else '–'}) ; temps écoulé {percent(prog.prorata)} ; "
            f"reste {hours(prog.remaining, 0)} : <b>{state}</b>"
        )
        page.box.addWidget(QLabel(summary))
        page.box.addWidget(ProgressChart(target, prog.expected, p.realised, prog.late))
    else:
        page.box.addWidget(
            QLabel(f"Réalisé {hours(p.realised, 0)} sur {hours(target, 0)} (dates du lot à saisir).")
        )
    page.box.addWidget(section("Attributions"))
    attr = SmallTable(["Entreprise", "Rôle", "Part de l'objectif", "Heures correspondantes",
                       "Montant sous-traité"])  # fmt: skip
    attr.setObjectName("lot_attributions")
    attr.set_rows(
        [[n, AttributionRole.label_of(r), percent(sh / 100) if sh is not None else "—",
          hours(target * sh / 100, 0) if sh is not None else "—",
          f"{money(amount)} en {month}" if amount is not None else "—"]
         for _a, _c, n, r, sh, amount, month in p.attributions],
        [c for _a, c, *_ in p.attributions],
    )  # fmt: skip
    attr.opened.connect(lambda key: ctx.navigate("company", key))
    page.box.addWidget(attr)
    page.box.addLayout(buttons((
        "Retirer l'attribution sélectionnée", "delete_attribution",
        lambda: _delete_attribution(actions, attr, p.attributions),
    )))  # fmt: skip
    page.box.addWidget(section("Avenants"))
    am = SmallTable(["N°", "Signé le", "Variation du montant", "Nouvelle fin", "Objet"])
    am.setObjectName("lot_amendments")
    am.set_rows(
        [
            [str(n), date_fr(d), money(delta), date_fr(end), desc or ""]
            for _u, n, d, delta, end, desc in p.amendments
        ],
        [u for u, *_ in p.amendments],
    )
    page.box.addWidget(am)
    page.box.addWidget(section("Heures par mois"))
    months = SmallTable(["Mois", "Heures travaillées", "Tutorat compté", "Sous-traitance convertie",
                         "Heures comptées"])  # fmt: skip
    months.setObjectName("lot_months")
    months.set_rows([[m.month, *(hours(x, 2) for x in (m.worked, m.tutoring, m.converted, m.counted))]
                     for m in reversed(p.by_month)])  # fmt: skip
    page.box.addWidget(months)
    page.box.addStretch(1)
    return page


def _delete_attribution(actions: Any, table: SmallTable, rows: list[Any]) -> None:
    company_uuid = table.current_key()
    for a_uuid, c_uuid, name, *_ in rows:
        if c_uuid == company_uuid:
            actions.delete("attribution", a_uuid, f"l'attribution à {name}")
            return


# what each page reads, run on the worker thread through the operations layer
READERS: dict[str, Any] = {
    "buyer": browsing.buyer, "operation": browsing.operation,
    "market": browsing.market_page, "lot": read_lot,
}  # fmt: skip
BUILDERS: dict[str, Any] = {
    "buyer": buyer_page, "operation": operation_page, "market": market_page, "lot": lot_page,
}  # fmt: skip
