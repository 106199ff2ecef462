"""Demonstration meetings and follow-up actions (some overdue, most done).

Meetings are held up to the demo's last month, never later; each action's owner is a person of the story
(the facilitator, the site manager of the holder, the buyer's contact, a prescriber's referent). The
comité départemental meets twice a year, the federations once.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from clausedesk.core.demo import names as N

if TYPE_CHECKING:
    from clausedesk.core.demo.generator import Generator

Row = dict[str, Any]


FACILITATOR = "Camille Durand (facilitatrice)"


def _holders(g: Generator) -> dict[int, Row]:
    """marché id → the company holding its first lot."""
    out: dict[int, Row] = {}
    for lot in g.data.tables["lot"]:
        for cid, role in g.holders.get(lot["id"], ()):
            if role == "titulaire":
                out.setdefault(lot["market_id"], g.data.tables["company"][cid - 1])
    return out


def _owner(g: Generator, market: Row, holders: dict[int, Row]) -> str:
    """Who must do the next action: a person of the story, named (one draw among five, as ever)."""
    buyer = g.data.tables["buyer"][market["buyer_id"] - 1]
    holder = holders.get(market["id"])
    referent = N.REFERENTS[market["id"] % len(N.REFERENTS)]
    prescriber = N.PRESCRIBERS[market["id"] % len(N.PRESCRIBERS)]
    choices = (
        FACILITATOR,
        f"Conducteur de travaux, {holder['name']}" if holder is not None else FACILITATOR,
        str(buyer["contact_name"] or buyer["name"]),
        f"{referent}, {prescriber}",
        FACILITATOR,
    )
    return g.rng.choice(choices)


def add_journal(g: Generator) -> None:
    markets = [m for m in g.data.tables["market"] if m["end_date"] >= g.until_first - timedelta(days=365)]
    markets = markets or g.data.tables["market"]
    n_meetings = max(6, len(g.data.tables["lot"]) // 4)
    today = g.until_first  # the demo's "now": nothing is held after it
    drawn = today + timedelta(days=14)  # the bound of the draws (kept: a seed gives the same data)
    holders = _holders(g)
    for i in range(n_meetings):
        market = g.rng.choice(markets)
        held = min(g.day_between(max(market["start_date"], drawn - timedelta(days=400)), drawn), today)
        kind = g.rng.choice(("chantier", "chantier", "chantier", "visite", "comite", "donneur_ordre"))
        meeting = g.data.add(
            "meeting",
            {
                **g.sync(),
                "held_on": held,
                "kind": kind,
                "title": f"Point clause sociale – {market['title']}"[:300],
                "market_id": market["id"],
                "lot_id": None,
                "company_id": None,
                "attendees": "Conducteur de travaux, maître d'œuvre, facilitateur",
                "notes": "Point sur les heures réalisées et les recrutements en cours.",
                "decisions": "Transmettre le relevé du mois ; proposer deux candidats."
                if i % 2 == 0
                else None,
            },
        )
        if i % 2 == 0:
            due = held + timedelta(days=g.rng.randint(7, 45))
            g.data.add(
                "action",
                {
                    **g.sync(),
                    "title": g.rng.choice(
                        (
                            "Relancer l'entreprise pour le relevé d'heures",
                            "Envoyer la fiche de poste aux prescripteurs",
                            "Organiser l'entretien des candidats",
                            "Transmettre le tableau de bord au donneur d'ordre",
                        )
                    ),
                    "owner": _owner(g, market, holders),
                    "due_on": due,
                    "done_on": due if due < drawn - timedelta(days=20) and g.rng.random() < 0.8 else None,
                    "meeting_id": meeting["id"],
                    "market_id": market["id"],
                    "lot_id": None,
                    "company_id": None,
                    "participant_id": None,
                    "notes": None,
                },
            )


def add_territory_meetings(g: Generator) -> None:
    """Comités départementaux (June and December) and a yearly meeting of the federations, none ahead.

    Added last, after the recruitment data, so that a seed gives the same data as before they existed."""
    today = g.until_first
    for year in range(g.start.year, today.year + 1):
        for held, kind, title in (
            (date(year, 6, 20), "comite_departemental", "Comité départemental des clauses sociales"),
            (date(year, 12, 12), "comite_departemental", "Comité départemental des clauses sociales"),
            (date(year, 3, 15), "federation", "Rencontre avec la fédération du BTP"),
        ):
            if not g.start <= held <= today:
                continue
            g.data.add("meeting", {
                **g.sync(), "held_on": held, "kind": kind, "title": f"{title} {year}", "market_id": None,
                "lot_id": None, "company_id": None, "attendees": "État, Département, Région, France Travail, "
                "fédérations, réseau IAE, facilitateurs", "notes": None, "decisions": None,
            })  # fmt: skip
