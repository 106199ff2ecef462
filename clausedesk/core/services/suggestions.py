"""Who to propose for an open offer (best first, with reasons), and the home screen's recruitment lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.orm import Session

from clausedesk.core.errors import ValidationError
from clausedesk.core.formatting import date_fr
from clausedesk.core.reference.rome import job_label, job_with_code
from clausedesk.core.services.recruitment import get_offer
from clausedesk.core.services.recruitment_candidates import busy_reason
from clausedesk.core.services.recruitment_vocab import Mobility, OfferStatus
from clausedesk.db.models import Participant
from clausedesk.db.repositories import recruitment as rq
from clausedesk.db.repositories import reference

OFFER_OPEN_SETTING = "offer_open_alert_days"
CANDIDATE_WAITING_SETTING = "candidate_waiting_alert_days"


def alert_days(session: Session, key: str) -> int:
    """A home-screen threshold (days) from the settings table, or its declared default.

    A value stored unreadable (hand-edited, older version) falls back to the default rather than
    breaking the home screen.
    """
    from clausedesk.core.settings import SETTINGS_BY_KEY

    default = int(SETTINGS_BY_KEY[key].default)
    try:
        value = reference.get_setting(session, key)
    except ValidationError:
        return default
    return value if isinstance(value, int) else default


@dataclass
class Suggestion:
    participant_uuid: str
    name: str
    score: int
    reasons: list[str] = field(default_factory=list)  # French, shown to the facilitator
    warnings: list[str] = field(default_factory=list)
    unavailable: str | None = None  # why the person cannot take the post (a running contract), shown



def _department(code: str | None) -> str | None:
    if not code:
        return None
    return code[:3] if code.startswith("97") else code[:2]


def suggest(
    session: Session, offer_uuid: str, today: date | None = None, limit: int = 30,
    among: set[str] | None = None,
) -> list[Suggestion]:
    """Candidates matching an open offer: jobs sought, eligibility, availability and territory, best first.

    Candidates already proposed on the offer are left out; a candidate shows only when at least the
    job or the territory matches. Someone under contract when the post starts is listed after the
    others with the true reason (`unavailable`: employer, contract, until when), never silently left out.
    `among` (participant uuids) scores only those people, with the same rules.
    """
    offer = get_offer(session, offer_uuid)
    if offer.status != OfferStatus.OUVERTE.value:
        return []
    day = today or date.today()
    start = max(offer.start_date or day, day)
    people = rq.candidates(session, among)
    proposed = {p.id for _, p in rq.offer_applications(session, offer.id)}
    people = [p for p in people if p.id not in proposed]
    ids = [p.id for p in people]
    busy = rq.running_contracts(session, start, ids)
    jobs = rq.jobs_sought(session, ids)
    valid = rq.valid_validations(session, ids, start)
    offer_dep = _department(offer.commune_code)
    out: list[Suggestion] = []
    for p in people:
        s = Suggestion(p.uuid, f"{p.last_name} {p.first_name}", 0)
        sought = jobs.get(p.id, [])
        job_match = False
        if offer.rome in sought:
            s.score += 40
            job_match = True
            s.reasons.append(f"recherche ce métier ({job_label(offer.rome)})")
        elif any(r[:3] == offer.rome[:3] for r in sought):
            s.score += 15
            job_match = True
            s.reasons.append(f"recherche un métier proche ({', '.join(sought)})")
        territory = False
        if offer.commune_code and p.commune_code == offer.commune_code:
            s.score += 20
            territory = True
            s.reasons.append("habite la commune du poste")
        elif offer_dep and _department(p.commune_code) == offer_dep:
            if p.mobility != Mobility.COMMUNE.value or p.has_vehicle:
                s.score += 10
                territory = True
                s.reasons.append("habite le département du poste")
        elif p.mobility == Mobility.LARGE.value and p.driving_licence and p.has_vehicle:
            s.score += 5
            territory = True
            s.reasons.append("mobile au-delà du département (permis et véhicule)")
        if not (job_match or territory):
            continue
        val = valid.get(p.id)
        if val is not None:
            s.score += 25
            until = f" jusqu'au {date_fr(val.expires_on)}" if val.expires_on else ""
            s.reasons.append(f"éligibilité validée{until}")
        else:
            s.warnings.append("pas de validation d'éligibilité en cours")
        if p.id in busy:
            s.unavailable = busy_reason(busy[p.id])
        elif p.available_from is None or p.available_from <= start:
            s.score += 10
            s.reasons.append(
                "disponible" if p.available_from is None else f"disponible dès le {date_fr(p.available_from)}"
            )
        else:
            s.warnings.append(f"disponible seulement le {date_fr(p.available_from)}")
        if p.driving_licence:
            s.score += 2
            s.reasons.append("permis B" + (" et véhicule" if p.has_vehicle else ""))
        out.append(s)
    out.sort(key=lambda x: (x.unavailable is not None, -x.score, x.name))
    return out[:limit]


@dataclass(frozen=True)
class OfferAlert:
    offer_uuid: str
    label: str  # "Maçon VRD (F1703) – Bâtiments du Val"
    opened_on: date
    days_open: int
    applications: int
    posts: int


def offers_open_too_long(
    session: Session, today: date | None = None, days: int | None = None
) -> list[OfferAlert]:
    """Open offers opened `days` days ago or more, the oldest first (for the home screen).

    Without `days`, the threshold is the "offer_open_alert_days" setting (45 by default).
    """
    if days is None:
        days = alert_days(session, OFFER_OPEN_SETTING)
    day = today or date.today()
    limit = day - timedelta(days=days)
    rows = [r for r in rq.offer_rows(session, status=OfferStatus.OUVERTE.value) if r.offer.opened_on <= limit]
    rows.sort(key=lambda r: r.offer.opened_on)
    return [
        OfferAlert(
            r.offer.uuid,
            f"{job_with_code(r.offer.job_label, r.offer.rome)} – {r.company_name}",
            r.offer.opened_on,
            (day - r.offer.opened_on).days,
            r.applications,
            r.offer.posts,
        )
        for r in rows
    ]


@dataclass(frozen=True)
class WaitingCandidate:
    participant_uuid: str
    name: str
    waiting_since: date
    days_waiting: int
    prescriber: str | None


def candidates_waiting(
    session: Session, today: date | None = None, days: int | None = None
) -> list[WaitingCandidate]:
    """Candidates with no application in progress and no running contract for `days` days or more.

    Waiting starts at the candidate date, or at the last step of their latest application. Without
    `days`, the threshold is the "candidate_waiting_alert_days" setting (30 by default).
    """
    if days is None:
        days = alert_days(session, CANDIDATE_WAITING_SETTING)
    day = today or date.today()
    busy = rq.participants_with_open_application(session) | rq.participants_in_contract(session, day)
    last = rq.last_application_dates(session)
    out: list[WaitingCandidate] = []
    for p in rq.candidates(session):
        if p.id in busy:
            continue
        assert p.candidate_since is not None
        since = max(p.candidate_since, last.get(p.id, p.candidate_since))
        waited = (day - since).days
        if waited >= days:
            out.append(WaitingCandidate(p.uuid, _name(p), since, waited, p.prescriber))
    out.sort(key=lambda w: (w.waiting_since, w.name))
    return out


def _name(p: Participant) -> str:
    return f"{p.last_name} {p.first_name}"
