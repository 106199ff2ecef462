"""The alerts of the home screen, each pointing at the object to open, worded in French."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from clausedesk.core.formatting import date_fr, hours, month_label, percent, plural
from clausedesk.core.rules.progress import Progress, compute_progress, month_bounds, month_of
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


@dataclass(frozen=True)
class Frame:
    """What every kind of alert is judged against: today, the relevé month and the settings' thresholds."""

    today: date
    month: str  # the relevé month, "AAAA-MM"
    first: date
    last: date
    until: date  # « bientôt » ends on this day (ending_soon_days)
    tolerance: Decimal  # a lot is late below its prorata minus this share (late_tolerance_pct)


def frame(session: Session, today: date | None = None) -> Frame:
    today = today or date.today()
    month = releve_month(today)
    first, last = month_bounds(month)
    soon_days = int(reference.get_setting(session, "ending_soon_days"))
    tolerance = Decimal(reference.get_setting(session, "late_tolerance_pct")) / 100
    return Frame(today, month, first, last, today + timedelta(days=soon_days), tolerance)


def count_alerts(session: Session, kind: str, today: date | None = None) -> int:
    """How many alerts of `kind` there are (the home's group line), without building their lines."""
    return _KINDS[kind][0](session, frame(session, today))


def alert_lines(session: Session, kind: str, today: date | None = None, limit: int = 50) -> list[Alert]:
    """The `limit` most urgent alerts of `kind`, worded (built when the home's group is opened)."""
    return _KINDS[kind][1](session, frame(session, today), limit)


def compute_alerts(
    session: Session,
    today: date | None = None,
    per_kind: int = 50,
    step: Callable[[], None] = lambda: None,
) -> Alerts:
    """Every kind's count and first lines; `step()` is called between kinds (a load may stop there)."""
    f = frame(session, today)
    items: list[Alert] = []
    totals: dict[str, int] = {}
    for kind, (count, lines) in _KINDS.items():
        totals[kind] = count(session, f)
        items += lines(session, f, per_kind)
        step()
    return Alerts(items, totals)


# -- each kind: its count (one SQL query where the rule allows it) and its lines -------------------------
def _releve_count(session: Session, f: Frame) -> int:
    return q.missing_releves(session, f.month, f.first, f.last, 0)[0]


def _releve_lines(session: Session, f: Frame, limit: int) -> list[Alert]:
    _total, rows = q.missing_releves(session, f.month, f.first, f.last, limit)
    return [
        Alert("releve", f"Relevé de {month_label(f.month)} manquant : {name} "
              f"({n} contrat{'s' if n > 1 else ''} sans heures)", "company", uuid)
        for uuid, name, n in rows
    ]  # fmt: skip


def _late_lots(session: Session, f: Frame) -> list[tuple[str, str, Progress]]:
    late = []
    for uuid, ref, _title, start, end, objective, realised in q.running_lots(session, f.today):
        if not objective:
            continue
        p = compute_progress(objective, realised, start, end, f.today, f.tolerance)
        if p.late:
            late.append((uuid, ref, p))
    late.sort(key=lambda x: x[2].realised - (x[2].expected or 0))
    return late


def _late_lines(session: Session, f: Frame, limit: int) -> list[Alert]:
    out = []
    for uuid, ref, p in _late_lots(session, f)[:limit]:
        achieved = p.realised / p.objective if p.objective else None
        out.append(Alert(
            "retard",
            f"Lot {ref} en retard : {hours(p.realised, 0)} réalisées sur {hours(p.objective, 0)} "
            f"({percent(achieved)}), pour {percent(p.prorata)} du temps écoulé",
            "lot", uuid,
        ))  # fmt: skip
    return out


def _lot_ending_lines(session: Session, f: Frame, limit: int) -> list[Alert]:
    _total, rows = q.lots_ending(session, f.today, f.until, limit)
    return [Alert("fin_lot", f"Le lot {ref} se termine le {date_fr(d)}", "lot", u) for u, ref, d in rows]


def _market_ending_lines(session: Session, f: Frame, limit: int) -> list[Alert]:
    _total, rows = q.markets_ending(session, f.today, f.until, limit)
    return [
        Alert("fin_marche", f"Le marché {ref} se termine le {date_fr(d)}", "market", u) for u, ref, d in rows
    ]


def _eligibility_lines(session: Session, f: Frame, limit: int) -> list[Alert]:
    _total, rows = q.eligibility_expiring(session, f.today, f.until, limit)
    return [
        Alert("eligibilite", f"Éligibilité de {name} valable jusqu'au {date_fr(d)} : à renouveler",
              "participant", u)
        for u, name, d in rows
    ]  # fmt: skip


def _unchecked_lines(session: Session, f: Frame, limit: int) -> list[Alert]:
    _total, rows = contracts_without_eligibility(session, f.today - timedelta(days=365), limit)
    return [
        Alert("sans_eligibilite",
              f"Contrat de {name} commencé le {date_fr(d)} sans validation d'éligibilité en vigueur ce "
              "jour-là (ni avis motivé) : enregistrez la validation ou corrigez la date de début",
              "participant", u)
        for u, name, d in rows
    ]  # fmt: skip


def _action_lines(session: Session, f: Frame, limit: int) -> list[Alert]:
    _total, rows = q.overdue_actions(session, f.today, limit)
    return [
        Alert("action", f"{title} : échéance du {date_fr(d)} dépassée ({owner})", "action", u)
        for u, title, owner, d in rows
    ]


def _short_lots(session: Session, f: Frame) -> list[tuple[Any, str]]:
    """Lots forecast short of their objective at their end (pace of the last months) while they still run."""
    from clausedesk.core.services.forecast import lot_forecasts

    forecasts = lot_forecasts(session, f.month)
    short = [(lf, text) for lf in forecasts if (text := lf.warning(f.today)) is not None]
    short.sort(key=lambda x: (-(x[0].figures.penalty_at_stake or 0), -x[0].figures.gap))
    return short


def _forecast_lines(session: Session, f: Frame, limit: int) -> list[Alert]:
    return [Alert("prevision", text, "lot", lf.lot_uuid) for lf, text in _short_lots(session, f)[:limit]]


def _offer_lines(session: Session, f: Frame, limit: int) -> list[Alert]:
    """Offers open for too long (threshold from the settings)."""
    from clausedesk.core.services import suggestions

    out = []
    for o in suggestions.offers_open_too_long(session, f.today)[:limit]:
        got = f"{o.applications} candidature{'s' if o.applications > 1 else ''}"
        posts = f"{o.posts} poste{'s' if o.posts > 1 else ''}"
        out.append(Alert("offre", f"{o.label} : ouverte depuis {_days(o.days_open)} ({got} pour {posts})",
                         "job_offer", o.offer_uuid))  # fmt: skip
    return out


def _waiting_since(session: Session, f: Frame) -> date:
    """Candidates waiting since this day or before raise the alert (candidate_waiting_alert_days)."""
    from clausedesk.core.services import suggestions

    return f.today - timedelta(days=suggestions.alert_days(session, suggestions.CANDIDATE_WAITING_SETTING))


def _waiting_count(session: Session, f: Frame) -> int:
    return q.waiting_candidates(session, f.today, _waiting_since(session, f), 0)[0]


def _waiting_lines(session: Session, f: Frame, limit: int) -> list[Alert]:
    """Candidates waiting for too long, the longest waiting first (suggestions.candidates_waiting's rule)."""
    _total, rows = q.waiting_candidates(session, f.today, _waiting_since(session, f), limit)
    out = []
    for _uuid, name, since, prescriber in rows:
        who = f", candidature transmise par {prescriber}" if prescriber else ""
        waited = _days((f.today - since).days)
        out.append(
            Alert("candidat", f"{name} attend une proposition depuis {waited}{who}", "recruitment", None)
        )
    return out


def _offer_count(session: Session, f: Frame) -> int:
    from clausedesk.core.services import suggestions

    days = suggestions.alert_days(session, suggestions.OFFER_OPEN_SETTING)
    return q.offers_open_since(session, f.today - timedelta(days=days))


def _days(n: int) -> str:
    return plural(n, "jour", "jours")


_Count = Callable[[Session, Frame], int]
_Lines = Callable[[Session, Frame, int], list[Alert]]
# every kind: (count, lines), in the order of KIND_LABELS
_KINDS: dict[str, tuple[_Count, _Lines]] = {
    "releve": (_releve_count, _releve_lines),
    "retard": (lambda s, f: len(_late_lots(s, f)), _late_lines),
    "prevision": (lambda s, f: len(_short_lots(s, f)), _forecast_lines),
    "fin_lot": (lambda s, f: q.lots_ending(s, f.today, f.until, 0)[0], _lot_ending_lines),
    "fin_marche": (lambda s, f: q.markets_ending(s, f.today, f.until, 0)[0], _market_ending_lines),
    "eligibilite": (lambda s, f: q.eligibility_expiring(s, f.today, f.until, 0)[0], _eligibility_lines),
    "sans_eligibilite": (
        lambda s, f: contracts_without_eligibility(s, f.today - timedelta(days=365), 0)[0],
        _unchecked_lines,
    ),
    "action": (lambda s, f: q.overdue_actions(s, f.today, 0)[0], _action_lines),
    "offre": (_offer_count, _offer_lines),
    "candidat": (_waiting_count, _waiting_lines),
}
