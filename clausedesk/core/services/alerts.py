"""The alerts of the home screen, each pointing at the object to open, worded in French."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from clausedesk.core.formatting import date_fr, hours, month_label, percent, plural
from clausedesk.core.rules.progress import compute_progress, month_bounds, month_of
from clausedesk.db.repositories import alerts as q
from clausedesk.db.repositories import reference
from clausedesk.db.repositories.publics import contracts_without_eligibility

KIND_LABELS = {
    "releve": "Relevé manquant",
    "retard": "Lot en retard",
    "prevision": "Objectif d'heures menacé",
    "fin_lot": "Lot bientôt terminé",
    "fin_marche": "Marché bientôt terminé",
    "eligibilite": "Éligibilité à renouveler",
    "sans_eligibilite": "Contrat sans éligibilité au démarrage",
    "action": "Action en retard",
    "offre": "Offre ouverte depuis longtemps",
    "candidat": "Candidat en attente",
}


@dataclass(frozen=True)
class Alert:
    kind: str  # a key of KIND_LABELS
    message: str
    target_kind: str  # kind of object to open (records.KINDS) or a screen key, when clicked
    target_uuid: str | None  # None: open the screen `target_kind`


@dataclass
class Alerts:
    items: list[Alert]
    totals: dict[str, int]  # kind → number of alerts of that kind (items may show fewer)


def releve_month(today: date) -> str:
    """The month whose relevés are expected now: the previous calendar month."""
    return month_of(today.replace(day=1) - timedelta(days=1))


def compute_alerts(
    session: Session,
    today: date | None = None,
    per_kind: int = 50,
    step: Callable[[], None] = lambda: None,
) -> Alerts:
    """Every alert of the home screen; `step()` is called between kinds (a background load may stop there)."""
    today = today or date.today()
    month = releve_month(today)
    first, last = month_bounds(month)
    soon_days = int(reference.get_setting(session, "ending_soon_days"))
    tolerance = Decimal(reference.get_setting(session, "late_tolerance_pct")) / 100
    until = today + timedelta(days=soon_days)
    items: list[Alert] = []
    totals: dict[str, int] = {}

    total, rows = q.missing_releves(session, month, first, last, per_kind)
    totals["releve"] = total
    for uuid, name, n in rows:
        what = f"{n} contrat{'s' if n > 1 else ''} sans heures"
        items.append(
            Alert("releve", f"Relevé de {month_label(month)} manquant : {name} ({what})", "company", uuid)
        )

    step()
    late = []
    for uuid, ref, _title, start, end, objective, realised in q.running_lots(session, today):
        if not objective:
            continue
        p = compute_progress(objective, realised, start, end, today, tolerance)
        if p.late:
            late.append((uuid, ref, p))
    totals["retard"] = len(late)
    late.sort(key=lambda x: x[2].realised - (x[2].expected or 0))
    for uuid, ref, p in late[:per_kind]:
        achieved = p.realised / p.objective if p.objective else None
        items.append(
            Alert(
                "retard",
                f"Lot {ref} en retard : {hours(p.realised, 0)} réalisées sur {hours(p.objective, 0)} "
                f"({percent(achieved)}), pour {percent(p.prorata)} du temps écoulé",
                "lot",
                uuid,
            )
        )

    step()
    items += forecast_alerts(session, today, month, per_kind, totals)

    step()
    total, ending = q.lots_ending(session, today, until, per_kind)
    totals["fin_lot"] = total
    items += [Alert("fin_lot", f"Le lot {ref} se termine le {date_fr(d)}", "lot", u) for u, ref, d in ending]
    total, mending = q.markets_ending(session, today, until, per_kind)
    totals["fin_marche"] = total
    items += [
        Alert("fin_marche", f"Le marché {ref} se termine le {date_fr(d)}", "market", u)
        for u, ref, d in mending
    ]
    step()
    total, expiring = q.eligibility_expiring(session, today, until, per_kind)
    totals["eligibilite"] = total
    items += [
        Alert("eligibilite", f"Éligibilité de {name} valable jusqu'au {date_fr(d)} : à renouveler",
              "participant", u)
        for u, name, d in expiring
    ]  # fmt: skip
    total, unchecked = contracts_without_eligibility(session, today - timedelta(days=365), per_kind)
    totals["sans_eligibilite"] = total
    items += [
        Alert("sans_eligibilite",
              f"Contrat de {name} commencé le {date_fr(d)} sans validation d'éligibilité en vigueur ce "
              "jour-là (ni avis motivé) : enregistrez la validation ou corrigez la date de début",
              "participant", u)
        for u, name, d in unchecked
    ]  # fmt: skip
    total, actions = q.overdue_actions(session, today, per_kind)
    totals["action"] = total
    items += [
        Alert("action", f"{title} : échéance du {date_fr(d)} dépassée ({owner})", "action", u)
        for u, title, owner, d in actions
    ]
    step()
    items += recruitment_alerts(session, today, per_kind, totals)
    return Alerts(items, totals)


def forecast_alerts(session: Session, today: date, month: str, per_kind: int, totals: dict[str, int]
                    ) -> list[Alert]:  # fmt: skip
    """Lots forecast short of their objective at their end (pace of the last months) while they still run."""
    from clausedesk.core.services.forecast import lot_forecasts

    short = [(f, text) for f in lot_forecasts(session, month) if (text := f.warning(today)) is not None]
    totals["prevision"] = len(short)
    short.sort(key=lambda x: (-(x[0].figures.penalty_at_stake or 0), -x[0].figures.gap))
    return [Alert("prevision", text, "lot", f.lot_uuid) for f, text in short[:per_kind]]


def recruitment_alerts(session: Session, today: date, per_kind: int, totals: dict[str, int]) -> list[Alert]:
    """Offers open for too long and candidates waiting for too long (thresholds from the settings)."""
    from clausedesk.core.services import suggestions

    offers = suggestions.offers_open_too_long(session, today)
    waiting = suggestions.candidates_waiting(session, today)
    totals["offre"], totals["candidat"] = len(offers), len(waiting)
    items = []
    for o in offers[:per_kind]:
        got = f"{o.applications} candidature{'s' if o.applications > 1 else ''}"
        posts = f"{o.posts} poste{'s' if o.posts > 1 else ''}"
        items.append(
            Alert("offre", f"{o.label} : ouverte depuis {_days(o.days_open)} ({got} pour {posts})",
                  "job_offer", o.offer_uuid)
        )  # fmt: skip
    for w in waiting[:per_kind]:
        who = f", candidature transmise par {w.prescriber}" if w.prescriber else ""
        items.append(
            Alert("candidat", f"{w.name} attend une proposition depuis {_days(w.days_waiting)}{who}",
                  "recruitment", None)
        )  # fmt: skip
    return items


def _days(n: int) -> str:
    return plural(n, "jour", "jours")
