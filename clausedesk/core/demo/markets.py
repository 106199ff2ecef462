"""Demonstration buyers, marchés and lots (real-looking CPV codes, amounts, objectives, mechanisms)."""

from __future__ import annotations

import zlib
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from clausedesk.core.demo import names as N
from clausedesk.core.rules.objective import hours_objective

if TYPE_CHECKING:
    from clausedesk.core.demo.generator import Generator, Row


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    first = date(d.year + y, m + 1, 1)
    return first + timedelta(days=min(d.day, 28) - 1)


def add_buyers(g: Generator) -> None:
    kinds = (
        ["commune"] * 5
        + ["epci"] * 2
        + ["bailleur"] * 3
        + ["departement", "hopital", "sem", "etat", "region"]
    )
    used: set[str] = set()
    for i in range(g.s.buyers):
        kind = kinds[i % len(kinds)] if i < len(kinds) else g.rng.choice(kinds)
        code, commune, _ = g.rng.choice(N.COMMUNES)
        name = g.rng.choice(N.BUYER_NAMES[kind]).format(c=commune)
        if name.startswith("Ville de ") and commune[0] in "AEIOUÉH":
            name = f"Ville d'{commune}"
        if name in used:
            name = f"{name} ({commune})" if kind != "commune" else f"{name} – site {i}"
        used.add(name)
        g.data.add(
            "buyer",
            {
                **g.sync(),
                "name": name,
                "kind": kind,
                "siret": g.siret() if kind != "prive" else None,
                "address": f"{g.rng.randint(1, 120)} rue {g.rng.choice(N.PLACE_NAMES)}, {commune}",
                "commune_code": code,
                "contact_name": f"{g.rng.choice(N.REFERENTS)} (service commande publique)",
                "contact_email": None,
                "contact_phone": None,
                "notes": None,
            },
        )


def add_markets_and_lots(g: Generator) -> None:
    buyers = g.data.tables["buyer"]
    lots_left = g.s.lots
    n = 0
    total_days = (g.until_last - g.start).days
    first_day = add_months(g.start, -min(18, 6 * g.s.years))
    span_days = (g.until_last - first_day).days - 30
    while lots_left > 0:
        n += 1
        buyer = g.rng.choice(buyers)
        place = g.rng.choice(N.PLACE_NAMES)
        op = None
        if g.rng.random() < 0.7:
            op = g.data.add(
                "operation",
                {
                    **g.sync(),
                    "buyer_id": buyer["id"],
                    "commune_code": buyer["commune_code"],
                    "name": g.rng.choice(N.OPERATION_KINDS).format(
                        n=place, k=g.rng.choice((24, 48, 86, 120))
                    ),
                    "anru": "NPNRU" in place or g.rng.random() < 0.15,
                    "description": None,
                },
            )
        if g.s.steady:
            # starts spread evenly from a lead-in before the period (lots already run in its first month) to
            # its last month: the number of lots running stays steady, as for a real facilitator
            start = first_day + timedelta(days=g.rng.randint(0, span_days))
            months = g.rng.randint(8, 30)
        else:
            # the last markets of the period are the active ones: bias start dates toward the end
            offset = int(total_days * (1 - g.rng.random() ** 1.6))
            start = g.start + timedelta(days=min(offset, total_days - 30))
            months = g.rng.randint(8, 36)
        end = add_months(start, months)
        kind = "travaux" if g.rng.random() < 0.8 else "services"
        year = start.year
        ref = f"{year}-{buyer['id']:03d}-{n:04d}"
        title = op["name"] if op else f"Travaux {place}"
        market = g.data.add(
            "market",
            {
                **g.sync(),
                "ref": ref,
                "title": title,
                "buyer_id": buyer["id"],
                "operation_id": op["id"] if op else None,
                "kind": kind,
                "cpv": "45000000" if kind == "travaux" else "90900000",
                "notification_date": start - timedelta(days=g.rng.randint(15, 60)),
                "start_date": start,
                "end_date": end,
                "bilan_comment": None,
                "notes": None,
            },
        )
        n_lots = min(lots_left, g.rng.choice((1, 2, 2, 3, 3, 4, 5)))
        trades = g.rng.sample(N.TRADES, n_lots)
        for i, trade in enumerate(trades, start=1):
            _lot(g, market, i, trade, start, end)
        lots_left -= n_lots


def _penalty_rate(lot_ref: str) -> Decimal | None:
    """About one lot in three sets a penalty per missing hour (10 to 45 €), chosen from its reference so the
    generator's random sequence, and every other figure of the demo, stays as it was."""
    mark = zlib.crc32(lot_ref.encode())
    return Decimal((10, 15, 20, 30, 45)[mark // 3 % 5]) if mark % 3 == 0 else None


def _lot(g: Generator, market: Row, number: int, trade: tuple[Any, ...], start: date, end: date) -> None:
    code, title, cpv, _, _ = trade
    amount = Decimal(g.rng.randrange(60_000, 2_500_000, 500))
    share = {"PEINTURE": 70, "GROS_OEUVRE": 50, "CHARPENTE_METAL": 20, "NETTOYAGE": 80}.get(code, 45)
    rate = Decimal(g.rng.choice((5, 5, 7, 10, 10, 15)))
    cost = Decimal(g.rng.choice((25, 28, 30, 30)))
    lot_start = start + timedelta(days=g.rng.randint(0, 30))
    lot_end = max(lot_start + timedelta(days=90), end - timedelta(days=g.rng.randint(0, 60)))
    lot = g.data.add(
        "lot",
        {
            **g.sync(),
            "market_id": market["id"],
            "ref": f"{market['ref']}-L{number:02d}",
            "number": str(number),
            "title": title,
            "cpv": cpv,
            "trade_code": code,
            "amount_ht": amount,
            "labour_share_pct": Decimal(share),
            "insertion_rate_pct": rate,
            "hourly_cost": cost,
            "objective_hours": hours_objective(amount, Decimal(share), rate, cost),
            "forced_hours": Decimal(g.rng.choice((350, 500, 700))) if g.rng.random() < 0.05 else None,
            "start_date": lot_start,
            "end_date": lot_end,
            "count_training": g.rng.random() < 0.3,
            "count_tutoring": False,
            "count_subcontracting": True,
            "subcontract_hourly_cost": None,
            "penalty_per_hour": _penalty_rate(f"{market['ref']}-L{number:02d}"),
            "notes": None,
        },
    )
    mechanisms = ["condition_execution"]
    if g.rng.random() < 0.12:
        mechanisms.append("critere_attribution")
    if code in ("ESPACES_VERTS", "NETTOYAGE") and g.rng.random() < 0.3:
        mechanisms = ["reserve_siae"]
    for m in mechanisms:
        g.data.tables.setdefault("lot_mechanism", []).append({"lot_id": lot["id"], "mechanism": m})
    if g.rng.random() < 0.1:
        g.data.add(
            "amendment",
            {
                **g.sync(),
                "lot_id": lot["id"],
                "number": 1,
                "signed_on": g.day_between(lot_start, lot_end),
                "amount_delta": Decimal(g.rng.randrange(5_000, 150_000, 500)),
                "new_end_date": None,
                "description": "Travaux supplémentaires",
            },
        )
        lot["objective_hours"] = hours_objective(
            amount + g.data.tables["amendment"][-1]["amount_delta"], Decimal(share), rate, cost
        )
