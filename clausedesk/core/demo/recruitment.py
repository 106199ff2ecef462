"""Demonstration recruitment: candidates, offers (open, filled, cancelled), applications at every step."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Protocol

from clausedesk.core.demo import names as N

Row = dict[str, Any]

CANDIDATE_KEYS: dict[str, Any] = {
    "candidate_since": None,
    "prescriber": None,
    "prescriber_referent": None,
    "available_from": None,
    "driving_licence": False,
    "has_vehicle": False,
    "mobility": None,
}

# the step path of each demo application (its last step is where it stands)
PATHS: tuple[tuple[str, ...], ...] = (
    ("proposee",),
    ("proposee", "eligibilite_verifiee"),
    ("proposee", "eligibilite_verifiee", "presentee"),
    ("proposee", "eligibilite_verifiee", "presentee", "entretien"),
    ("proposee", "eligibilite_verifiee", "presentee", "entretien", "non_retenue"),
    ("proposee", "desistement"),
    ("proposee", "eligibilite_verifiee", "presentee", "non_retenue"),
)
REASONS = {
    "non_retenue": (
        "Profil ne correspondant pas aux attentes du chef de chantier",
        "Absence à l'entretien",
        "Pas de permis B alors que le poste l'exige",
    ),
    "desistement": ("A trouvé un emploi par ailleurs", "Problème de garde d'enfant", "Déménagement"),
}


class _Gen(Protocol):
    rng: Any
    until_first: date
    data: Any
    ref: Any

    def sync(self) -> Row: ...


def _trade_romes() -> list[str]:
    return [r for t in N.TRADES for r in t[3]]


def add_recruitment(gen: _Gen) -> None:
    """Add candidates, offers and applications to the generator's data (ids follow the existing rows)."""
    rng, data, today = gen.rng, gen.data, gen.until_first
    people: list[Row] = data.tables["participant"]
    contracts: list[Row] = data.tables.get("contract", [])
    for p in people:
        for key, value in CANDIDATE_KEYS.items():
            p.setdefault(key, value)
    running = {
        c["participant_id"]
        for c in contracts
        if c["end_date"] is None or c["end_date"] >= today + timedelta(days=90)
    }
    romes = _trade_romes()
    candidates = [p for p in people if p["id"] not in running]
    for p in candidates:
        p["candidate_since"] = today - timedelta(days=rng.randint(10, 200))
        p["prescriber"] = rng.choice(N.PRESCRIBERS)
        p["prescriber_referent"] = rng.choice(N.REFERENTS)
        p["available_from"] = today + timedelta(days=rng.choice((-30, -5, 0, 0, 15, 45)))
        p["driving_licence"] = rng.random() < 0.55
        p["has_vehicle"] = p["driving_licence"] and rng.random() < 0.6
        p["mobility"] = rng.choice(("commune", "departement", "departement", "large"))
        for rome in sorted(set(rng.sample(romes, rng.choice((1, 1, 2, 3))))):
            data.tables.setdefault("candidate_job", []).append({"participant_id": p["id"], "rome": rome})
    # filled offers: built around real contracts (the retained application links to it)
    recent = sorted(
        (c for c in contracts if c["start_date"] >= today - timedelta(days=300)),
        key=lambda c: c["start_date"],
    )
    n_filled = max(2, len(people) // 12)
    for contract in recent[-n_filled:]:
        start = contract["start_date"]
        offer = _offer(
            gen,
            contract["company_id"],
            [contract["lot_id"]],
            contract["rome"],
            start - timedelta(days=rng.randint(20, 70)),
            contract,
            start=start,
        )
        offer["status"], offer["filled_on"] = "pourvue", start - timedelta(days=rng.randint(2, 8))
        path: tuple[str, ...] = ("proposee", "eligibilite_verifiee", "presentee", "entretien", "retenue")
        app = _application(gen, offer, contract["participant_id"], path, offer["filled_on"])
        app["contract_id"] = contract["id"]
        others = [p for p in candidates if p["id"] != contract["participant_id"]]
        for p in rng.sample(others, min(len(others), rng.randint(0, 2))):
            _application(gen, offer, p["id"], PATHS[4], offer["filled_on"])
    # open offers on running lots, some opened long ago; one cancelled
    lots = [lot for lot in data.tables["lot"] if lot["end_date"] > today + timedelta(days=60)] or data.tables[
        "lot"
    ]
    holders: dict[int, int] = {a["lot_id"]: a["company_id"] for a in data.tables["attribution"]}
    n_open = max(3, len(people) // 8)
    for i in range(n_open):
        lot = rng.choice(lots)
        trade = next((t for t in N.TRADES if t[0] == lot["trade_code"]), N.TRADES[0])
        opened = today - timedelta(days=rng.choice((5, 12, 20, 35, 60, 95)))
        offer = _offer(
            gen,
            holders.get(lot["id"], 1),
            [lot["id"]],
            rng.choice(trade[3]),
            opened,
            None,
            start=today + timedelta(days=rng.randint(10, 60)),
            posts=rng.choice((1, 1, 2)),
        )
        if i == n_open - 1:
            offer["status"], offer["cancelled_on"] = "annulee", today - timedelta(days=2)
            continue
        wanted = rng.randint(1, 4) if i else len(PATHS)
        for j, person in enumerate(rng.sample(candidates, min(wanted, len(candidates)))):
            path = PATHS[j % len(PATHS)] if i == 0 else rng.choice(PATHS[:4])
            _application(gen, offer, person["id"], path, today - timedelta(days=1))


def _offer(
    gen: _Gen,
    company_id: int,
    lot_ids: list[int],
    rome: str | None,
    opened: date,
    contract: Row | None,
    *,
    start: date,
    posts: int = 1,
) -> Row:
    rng = gen.rng
    rome = rome or "F1703"
    ctype = (
        contract["contract_type_id"]
        if contract
        else gen.ref.contract_types[rng.choice(("CDD", "CDD", "MISSION"))]
    )
    offer: Row = gen.data.add(
        "job_offer",
        {
            **gen.sync(),
            "company_id": company_id,
            "rome": rome,
            "job_label": N.JOB_LABELS.get(rome, "Ouvrier polyvalent"),
            "posts": posts,
            "contract_type_id": ctype,
            "modality": contract["modality"] if contract else "embauche_directe",
            "start_date": start,
            "duration_months": rng.choice((3, 6, 6, 12)),
            "weekly_hours": contract["weekly_hours"] if contract else 35,
            "place": f"Chantier {rng.choice(N.PLACE_NAMES)}",
            "commune_code": rng.choice(N.COMMUNES)[0],
            "requirements": rng.choice(
                (
                    "Première expérience sur chantier appréciée ; port des EPI.",
                    "Savoir lire un plan simple ; travail en équipe.",
                    "Aucun diplôme exigé ; motivation et ponctualité.",
                )
            ),
            "training": rng.choice(
                (None, "Formation sécurité (2 jours) avant l'embauche", "Tutorat par un compagnon")
            ),
            "status": "ouverte",
            "opened_on": opened,
            "filled_on": None,
            "cancelled_on": None,
            "notes": None,
        },
    )
    for lot_id in lot_ids:
        gen.data.tables.setdefault("job_offer_lot", []).append({"offer_id": offer["id"], "lot_id": lot_id})
    return offer


def _application(gen: _Gen, offer: Row, participant_id: int, path: tuple[str, ...], last_day: date) -> Row:
    rng = gen.rng
    people = gen.data.tables["participant"]
    person = people[participant_id - 1]
    first = offer["opened_on"] + timedelta(days=rng.randint(1, 5))
    span = max(0, (last_day - first).days)
    days = sorted(first + timedelta(days=rng.randint(0, span)) for _ in path)
    last = path[-1]
    app: Row = gen.data.add(
        "application",
        {
            **gen.sync(),
            "offer_id": offer["id"],
            "participant_id": participant_id,
            "step": last,
            "step_on": days[-1],
            "proposed_on": days[0],
            "proposed_by": person.get("prescriber") or rng.choice(N.PRESCRIBERS),
            "proposed_by_referent": person.get("prescriber_referent"),
            "reason": rng.choice(REASONS[last]) if last in REASONS else None,
            "avis_motive": False,
            "avis_motive_reason": None,
            "contract_id": None,
            "notes": None,
        },
    )
    for step, day in zip(path, days, strict=True):
        gen.data.add(
            "application_step",
            {
                **gen.sync(),
                "application_id": app["id"],
                "step": step,
                "on": day,
                "note": app["reason"] if step == last and app["reason"] else None,
            },
        )
    return app
