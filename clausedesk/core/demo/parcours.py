"""Demonstration conventions de globalisation (with allocations of hours) and pre-hiring training sessions.

Added last, from random generators of their own, so that every other demonstration row stays as it was:
a company holding running lots of two marchés gets a convention over them, and a share of some months'
hours worked on one lot (never more than its own employees worked there) is allocated to the other; a few
job offers get a pre-hiring session before they open, whose trainees are their candidates and a few others
(their hours count on no lot: the demonstration's lots keep their figures).
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from clausedesk.core.rules.progress import month_bounds, month_of

if TYPE_CHECKING:
    from clausedesk.core.demo.generator import Generator

Row = dict[str, Any]

REASONS = (
    "Parcours qualifiant : poursuite du contrat sur l'autre chantier de l'entreprise",
    "Lot achevé en avance : heures reportées sur le lot en retard, accord des deux donneurs d'ordre",
    "Salarié affecté aux deux chantiers : heures comptées sur le lot de son contrat de départ",
)
CONVENTIONS_PER_SCALE = 4  # at most, among the companies that qualify
_HALF = Decimal("0.5")


def _sync(rng: random.Random, now: datetime) -> Row:
    uuid = f"{rng.getrandbits(32):08x}-{rng.getrandbits(16):04x}-4{rng.getrandbits(12):03x}-" \
           f"{8 + rng.getrandbits(2):x}{rng.getrandbits(12):03x}-{rng.getrandbits(48):012x}"  # fmt: skip
    return {"uuid": uuid, "rev": 1, "created_at": now, "updated_at": now, "deleted_at": None}


def add_conventions(g: Generator, seed: int) -> None:
    rng = random.Random(f"conventions-{seed}")
    lots = {lot["id"]: lot for lot in g.data.tables["lot"]}
    worked: dict[tuple[int, int, str], Decimal] = defaultdict(Decimal)  # (company, lot, month) → hours
    contracts = {c["id"]: c for c in g.data.tables.get("contract", [])}
    for h in g.data.tables.get("hour_entry", []):
        c = contracts[h["contract_id"]]
        if c["modality"] != "sous_traitance":  # hours a lot always counts (see db.repositories.hours_sql)
            worked[(c["company_id"], h["lot_id"], h["month"])] += h["hours_worked"]
    by_company: dict[int, list[Row]] = defaultdict(list)
    for lot_id, holders in sorted(g.holders.items()):
        for company_id, role in holders:
            if role == "titulaire":
                by_company[company_id].append(lots[lot_id])
    made = 0
    with_hours = {(c, lot_id) for c, lot_id, _ in worked}
    for company_id, held in sorted(by_company.items()):
        pair = _pair(held, with_hours, company_id)
        if pair is None:
            continue
        giving, receiving = pair
        start = max(giving["start_date"], receiving["start_date"])
        end = min(giving["end_date"], receiving["end_date"])
        made += 1
        convention = g.data.add("convention", {
            **_sync(rng, g.now), "company_id": company_id, "ref": f"CONV-{start.year}-{made:02d}",
            "title": f"Convention de globalisation – {g.data.tables['company'][company_id - 1]['name']}",
            "signed_on": start - timedelta(days=rng.randint(5, 30)), "start_date": start, "end_date": end,
            "notes": None,
        })  # fmt: skip
        for lot in (giving, receiving):
            g.data.add("convention_lot", {"convention_id": convention["id"], "lot_id": lot["id"]})
        months = sorted(m for (c, lot_id, m), h in worked.items()
                        if c == company_id and lot_id == giving["id"] and h >= 10
                        and month_of(start) <= m <= min(month_of(end), g.until))  # fmt: skip
        for month in rng.sample(months, min(len(months), rng.randint(1, 3))):
            share = Decimal(rng.choice((20, 25, 30, 40))) / 100
            own = worked[(company_id, giving["id"], month)]
            hours = max(_HALF, (own * share / _HALF).to_integral() * _HALF)
            g.data.add("hour_allocation", {
                **_sync(rng, g.now), "convention_id": convention["id"], "from_lot_id": giving["id"],
                "to_lot_id": receiving["id"], "month": month, "hours": hours, "reason": rng.choice(REASONS),
                "allocated_on": min(g.until_last, _next_day(month)),
            })  # fmt: skip
        if made >= CONVENTIONS_PER_SCALE:
            return


def _pair(held: list[Row], with_hours: set[tuple[int, int]], company_id: int
          ) -> tuple[Row, Row] | None:  # fmt: skip
    """Two lots of different marchés the company holds, overlapping in time, the first with its hours."""
    for a in held:
        if (company_id, a["id"]) not in with_hours:
            continue
        for b in held:
            if b["market_id"] != a["market_id"] and max(a["start_date"], b["start_date"]) < min(
                a["end_date"], b["end_date"]
            ):
                return a, b
    return None


def _next_day(month: str) -> date:
    return month_bounds(month)[1] + timedelta(days=1)


ORGANISATIONS = (("AFPA Cergy", "Région Île-de-France"), ("GRETA Val-d'Oise", "France Travail"),
                 ("BTP CFA Île-de-France", "OPCO Constructys"))  # fmt: skip
SESSIONS_PER_SCALE = 3


def add_trainings(g: Generator, seed: int) -> None:
    rng = random.Random(f"trainings-{seed}")
    offers = [o for o in g.data.tables.get("job_offer", []) if o["opened_on"] - timedelta(days=30) >= g.start]
    if not offers:
        return
    lots_of: dict[int, list[int]] = defaultdict(list)
    for link in g.data.tables.get("job_offer_lot", []):
        lots_of[link["offer_id"]].append(link["lot_id"])
    candidates: dict[int, list[int]] = defaultdict(list)
    for app in g.data.tables.get("application", []):
        candidates[app["offer_id"]].append(app["participant_id"])
    people = [p["id"] for p in g.data.tables["participant"]]
    for offer in rng.sample(offers, min(SESSIONS_PER_SCALE, len(offers))):
        organisation, funder = rng.choice(ORGANISATIONS)
        end = offer["opened_on"] - timedelta(days=rng.randint(3, 10))
        start = end - timedelta(days=rng.randint(14, 28))
        total = Decimal(rng.choice((70, 105, 140, 210)))
        row = g.data.add("training_session", {
            **_sync(rng, g.now), "title": f"Préparation à l'emploi : {offer['job_label']}",
            "organisation": organisation, "funder": funder, "start_date": start, "end_date": end,
            "hours": total, "place": offer.get("place"), "counted_lot_id": None,
        })  # fmt: skip
        g.data.add("training_session_offer", {"session_id": row["id"], "offer_id": offer["id"]})
        for lot_id in lots_of.get(offer["id"], []):
            g.data.add("training_session_lot", {"session_id": row["id"], "lot_id": lot_id})
        others = rng.sample(people, min(len(people), rng.randint(2, 5)))
        for person in dict.fromkeys([*candidates.get(offer["id"], []), *others]):
            outcome = rng.choice(("termine", "termine", "termine", "abandon"))
            share = Decimal(100 if outcome == "termine" else rng.randint(10, 60)) / 100
            attended = (total * share).quantize(_HALF)
            g.data.add("trainee", {
                **_sync(rng, g.now), "session_id": row["id"], "participant_id": person,
                "attended_hours": attended, "outcome": outcome,
            })  # fmt: skip
