"""Demonstration meetings and follow-up actions (some overdue, most done)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clausedesk.core.demo.generator import Generator


def add_journal(g: Generator) -> None:
    markets = [m for m in g.data.tables["market"] if m["end_date"] >= g.until_first - timedelta(days=365)]
    markets = markets or g.data.tables["market"]
    owners = (
        "Facilitateur",
        "Entreprise titulaire",
        "Donneur d'ordre",
        "Mission locale",
        "France Travail",
    )
    n_meetings = max(6, len(g.data.tables["lot"]) // 4)
    today = g.until_first + timedelta(days=14)
    for i in range(n_meetings):
        market = g.rng.choice(markets)
        held = g.day_between(max(market["start_date"], today - timedelta(days=400)), today)
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
                    "owner": g.rng.choice(owners),
                    "due_on": due,
                    "done_on": due if due < today - timedelta(days=20) and g.rng.random() < 0.8 else None,
                    "meeting_id": meeting["id"],
                    "market_id": market["id"],
                    "lot_id": None,
                    "company_id": None,
                    "participant_id": None,
                    "notes": None,
                },
            )
