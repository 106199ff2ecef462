"""Forms of the marchés screen: buyer, operation, marché, lot (with the objective calculator), attribution,
amendment."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from clausedesk.core import validate
from clausedesk.core.formatting import hours, number
from clausedesk.core.rules.identifiers import check_cpv, check_siret
from clausedesk.core.rules.objective import hours_objective
from clausedesk.core.services import browsing, catalog, records
from clausedesk.core.validate import date_order
from clausedesk.core.vocab import AttributionRole, BuyerKind, MarketKind, Mechanism
from clausedesk.ui.context import UiContext
from clausedesk.ui.widgets.form import Field, FormDialog, open_form
from clausedesk.ui.widgets.lookup import attach_lookup
from clausedesk.ui.widgets.reference_lookup import COMMUNE


def _fields_of(obj: Any, keys: list[str]) -> dict[str, Any]:
    return {k: getattr(obj, k) for k in keys}


def _dates(values: dict[str, Any]) -> None:
    date_order(values.get("start_date"), values.get("end_date"))


def buyer_form(ctx: UiContext, parent: QWidget, uuid: str | None = None, on_saved: Any = None) -> FormDialog:
    fields = [
        Field("name", "Nom", required=True, max_len=200),
        Field("kind", "Type", "choice", required=True, choices=BuyerKind.choices()),
        Field("siret", "SIRET", check=lambda s: check_siret(s), placeholder="14 chiffres"),
        Field("address", "Adresse", "multiline", max_len=500),
        Field("commune_code", "Commune", "lookup", reference=COMMUNE),
        Field("contact_name", "Contact", max_len=200),
        Field("contact_email", "Courriel", max_len=200),
        Field("contact_phone", "Téléphone", max_len=40),
        Field("notes", "Notes", "multiline", max_len=5000),
    ]
    values = None
    if uuid:
        keys = [f.key for f in fields]
        values = ctx.ops.call(lambda s: records.values_of(s, "buyer", uuid, keys))

    def save(v: dict[str, Any]) -> str:
        return ctx.ops.call(lambda s: catalog.save_buyer(s, catalog.BuyerData(**v), uuid).uuid)

    return open_form(
        ctx, parent, "Donneur d'ordre", fields, save, kind="buyer", values=values, on_saved=on_saved
    )


def operation_form(
    ctx: UiContext, parent: QWidget, buyer_uuid: str, uuid: str | None = None, on_saved: Any = None
) -> FormDialog:
    fields = [
        Field("name", "Nom de l'opération", required=True, max_len=200),
        Field("commune_code", "Commune", "lookup", reference=COMMUNE),
        Field("anru", "Opération ANRU", "bool"),
        Field("description", "Description", "multiline", max_len=5000),
    ]
    values = None
    if uuid:
        keys = [f.key for f in fields]
        values = ctx.ops.call(lambda s: records.values_of(s, "operation", uuid, keys))

    def save(v: dict[str, Any]) -> str:
        data = catalog.OperationData(buyer_uuid=buyer_uuid, **v)
        return ctx.ops.call(lambda s: catalog.save_operation(s, data, uuid).uuid)

    return open_form(
        ctx, parent, "Opération", fields, save, kind="operation", values=values, on_saved=on_saved
    )


def market_form(
    ctx: UiContext,
    parent: QWidget,
    buyer_uuid: str,
    uuid: str | None = None,
    operation_uuid: str | None = None,
    on_saved: Any = None,
) -> FormDialog:
    def read(s: Any) -> tuple[list[tuple[str, str]], dict[str, Any]]:
        ops = browsing.operations_of(s, buyer_uuid)
        values: dict[str, Any] = {"operation_uuid": operation_uuid}
        if uuid:
            page = browsing.market_page(s, uuid)
            values = _fields_of(
                page.market,
                ["ref", "title", "kind", "cpv", "notification_date", "start_date", "end_date", "notes"],
            )
            values["operation_uuid"] = next((u for u, n in ops if n == page.operation_name), None)
        return ops, values

    ops, values = ctx.ops.call(read)
    fields = [
        Field("ref", "Référence", required=True, max_len=60, placeholder="ex. 2026-TRX-014"),
        Field("title", "Objet", required=True),
        Field("kind", "Nature", "choice", required=True, choices=MarketKind.choices()),
        Field("operation_uuid", "Opération", "choice", choices=ops),
        Field("cpv", "Code CPV", check=lambda c: check_cpv(c), placeholder="8 chiffres"),
        Field("notification_date", "Date de notification", "date"),
        Field("start_date", "Début", "date"),
        Field("end_date", "Fin", "date"),
        Field("notes", "Notes", "multiline", max_len=5000),
    ]

    def save(v: dict[str, Any]) -> str:
        data = catalog.MarketData(buyer_uuid=buyer_uuid, **v)
        return ctx.ops.call(lambda s: catalog.save_market(s, data, uuid).uuid)

    return open_form(
        ctx,
        parent,
        "Marché",
        fields,
        save,
        kind="market",
        values=values,
        on_saved=on_saved,
        cross_check=_dates,
    )


def _objective_preview(v: dict[str, Any]) -> str:
    if (v.get("forced_hours") or "").strip():
        return f"Objectif forcé : {hours(validate.required_decimal(v['forced_hours'], 'Objectif'), 0)}"
    amount = validate.required_decimal(v["amount_ht"], "Montant")
    share = validate.required_decimal(v["labour_share_pct"], "Part")
    rate = validate.required_decimal(v["insertion_rate_pct"], "Taux")
    cost = validate.required_decimal(v["hourly_cost"], "Coût")
    objective = hours_objective(amount, share, rate, cost)
    return (
        f"Objectif calculé : {number(amount)} € × {number(share, 2)} % × {number(rate, 2)} % "
        f"÷ {number(cost, 2)} €/h = {hours(objective, 0)}"
    )


def lot_form(
    ctx: UiContext, parent: QWidget, market_uuid: str, uuid: str | None = None, on_saved: Any = None
) -> FormDialog:
    keys = [
        "ref", "number", "title", "trade_code", "amount_ht", "labour_share_pct", "insertion_rate_pct",
        "hourly_cost", "forced_hours", "start_date", "end_date", "cpv", "count_training", "count_tutoring",
        "count_subcontracting", "subcontract_hourly_cost", "penalty_per_hour", "notes",
    ]  # fmt: skip
    def read(s: Any) -> tuple[list[Any], dict[str, Any], dict[str, Any] | None]:
        all_trades = [(t.code, t.label, t.labour_share_pct) for t in browsing.trades(s)]
        if not uuid:
            return all_trades, browsing.all_settings(s), None
        lot = records.get(s, "lot", uuid)
        values = _fields_of(lot, keys)
        values["mechanisms"] = [m.mechanism for m in lot.mechanisms]  # type: ignore[attr-defined]
        return all_trades, {}, values

    all_trades, settings, read_values = ctx.ops.call(read)
    trades = [(code, f"{label} ({number(share)} %)") for code, label, share in all_trades]
    shares = {code: share for code, _label, share in all_trades}
    if read_values is not None:
        values = read_values
    else:
            values = {
                "insertion_rate_pct": settings["default_insertion_rate"],
                "hourly_cost": settings["default_hourly_cost"],
                "labour_share_pct": Decimal(50),
                "amount_ht": Decimal(0),
                "count_subcontracting": True,
                "mechanisms": [Mechanism.CONDITION_EXECUTION.value],
            }
    fields = [
        Field("ref", "Référence du lot", required=True, max_len=80, placeholder="ex. 2026-TRX-014-L02"),
        Field("number", "Numéro", required=True, max_len=20),
        Field("title", "Intitulé", required=True),
        Field("trade_code", "Corps d'état", "choice", choices=trades,
              tip="Choisir le corps d'état propose sa part de main-d'œuvre"),
        Field("amount_ht", "Montant HT (€)", "decimal", required=True),
        Field("labour_share_pct", "Part main-d'œuvre (%)", "decimal", required=True, maximum=Decimal(100)),
        Field("insertion_rate_pct", "Taux d'insertion (%)", "decimal", required=True, maximum=Decimal(100)),
        Field("hourly_cost", "Coût horaire (€/h)", "decimal", required=True, minimum=Decimal("0.01")),
        Field("forced_hours", "Objectif forcé (h)", "decimal", tip="Laisser vide pour l'objectif calculé"),
        Field("start_date", "Début", "date"),
        Field("end_date", "Fin", "date"),
        Field("mechanisms", "Mécanismes de la clause", "checks", required=True, choices=Mechanism.choices()),
        Field("cpv", "Code CPV", check=lambda c: check_cpv(c)),
        Field("count_training", "Les heures de formation comptent", "bool"),
        Field("count_tutoring", "Les heures de tutorat comptent", "bool"),
        Field("count_subcontracting", "La sous-traitance compte", "bool"),
        Field("subcontract_hourly_cost", "Conversion de la sous-traitance (€/h)", "decimal",
              tip="Vide : les heures déclarées par le sous-traitant comptent. Rempli : le montant "
                  "sous-traité ÷ ce coût compte, au mois déclaré sur l'attribution, au lieu de ces heures"),
        Field("penalty_per_hour", "Pénalité par heure manquante (€)", "decimal",
              tip="Montant fixé par le marché par heure d'insertion manquante à la fin ; vide si aucun"),
        Field("notes", "Notes", "multiline", max_len=5000),
    ]  # fmt: skip

    def save(v: dict[str, Any]) -> str:
        data = catalog.LotData(market_uuid=market_uuid, **v)
        return ctx.ops.call(lambda s: catalog.save_lot(s, data, uuid).uuid)

    dialog = open_form(
        ctx, parent, "Lot", fields, save, kind="lot", values=values, on_saved=on_saved,
        cross_check=_dates, preview=_objective_preview,
    )  # fmt: skip
    trade, share = dialog.widgets["trade_code"], dialog.widgets["labour_share_pct"]
    assert isinstance(trade, QComboBox) and isinstance(share, QLineEdit)

    def _trade_changed(_i: int) -> None:
        code = trade.currentData()
        if code in shares:
            share.setText(number(shares[code]))

    trade.currentIndexChanged.connect(_trade_changed)
    return dialog


def attribution_form(ctx: UiContext, parent: QWidget, lot_uuid: str, on_saved: Any = None) -> FormDialog:
    fields = [
        Field("company_uuid", "Entreprise", "choice", required=True, choices=[]),
        Field("role", "Rôle", "choice", required=True, choices=AttributionRole.choices()),
        Field("share_pct", "Part de l'objectif d'heures (%)", "decimal", maximum=Decimal(100)),
        Field("subcontract_amount", "Montant sous-traité (€ HT)", "decimal",
              tip="SIAE ou entreprise adaptée sous-traitante : converti en heures si le lot le prévoit"),
        Field("subcontract_month", "Mois de prise en compte", placeholder="AAAA-MM",
              tip="Le mois où le montant converti compte dans les heures réalisées du lot"),
    ]

    def save(v: dict[str, Any]) -> str:
        data = catalog.AttributionData(lot_uuid=lot_uuid, **v)
        return ctx.ops.call(lambda s: catalog.save_attribution(s, data).uuid)

    dialog = open_form(ctx, parent, "Attribution", fields, save, kind="attribution", on_saved=on_saved)
    combo = dialog.widgets["company_uuid"]
    assert isinstance(combo, QComboBox)
    attach_lookup(ctx.ops, combo, browsing.company_choices)  # asks as one types: never every company
    return dialog


def amendment_form(ctx: UiContext, parent: QWidget, lot_uuid: str, on_saved: Any = None) -> FormDialog:
    fields = [
        Field("signed_on", "Date de l'avenant", "date", required=True),
        Field("amount_delta", "Variation du montant HT (€)", "decimal", required=True, minimum=None,
              tip="Négatif pour une diminution"),
        Field("new_end_date", "Nouvelle date de fin", "date"),
        Field("description", "Objet", "multiline", max_len=2000),
    ]  # fmt: skip

    def save(v: dict[str, Any]) -> str:
        data = catalog.AmendmentData(lot_uuid=lot_uuid, **v)
        return ctx.ops.call(lambda s: catalog.add_amendment(s, data).uuid)

    return open_form(ctx, parent, "Avenant", fields, save, kind="amendment", on_saved=on_saved)
