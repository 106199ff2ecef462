"""Recruitment figures: time to fill, applications per post, retained rate by prescriber and by public."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from clausedesk.core.services.recruitment import get_offer
from clausedesk.core.services.recruitment_vocab import OfferStatus, Step
from clausedesk.db.repositories import recruitment as rq

UNKNOWN_PRESCRIBER = "Prescripteur non renseigné"


@dataclass(frozen=True)
class Rate:
    label: str
    applications: int
    retained: int

    @property
    def rate(self) -> Decimal | None:
        return None if not self.applications else Decimal(self.retained) / Decimal(self.applications)


@dataclass
class OfferFigures:
    posts: int
    applications: int
    by_step: dict[str, int]
    retained: int
    days_open: int
    days_to_fill: int | None  # None while the offer is not filled

    @property
    def applications_per_post(self) -> Decimal:
        return Decimal(self.applications) / Decimal(self.posts or 1)


def offer_figures(session: Session, offer_uuid: str, today: date | None = None) -> OfferFigures:
    offer = get_offer(session, offer_uuid)
    apps = [a for a, _ in rq.offer_applications(session, offer.id)]
    steps = Counter(a.step for a in apps)
    day = today or date.today()
    end = offer.filled_on or offer.cancelled_on or day
    return OfferFigures(
        posts=offer.posts,
        applications=len(apps),
        by_step={s.value: steps.get(s.value, 0) for s in Step},
        retained=steps.get(Step.RETENUE.value, 0),
        days_open=(end - offer.opened_on).days,
        days_to_fill=(offer.filled_on - offer.opened_on).days if offer.filled_on else None,
    )


@dataclass
class RecruitmentFigures:
    offers: int
    offers_open: int
    offers_filled: int
    posts: int
    applications: int
    retained: int
    mean_days_to_fill: Decimal | None
    applications_per_post: Decimal | None
    by_prescriber: list[Rate] = field(default_factory=list)
    by_category: list[Rate] = field(default_factory=list)


def recruitment_figures(
    session: Session, since: date | None = None, until: date | None = None
) -> RecruitmentFigures:
    """Figures over the offers opened and applications proposed in [since, until] (both optional).

    Categories are those of each person's eligibility validation in force when proposed; these are
    aggregates (a count per category), never a per-person list.
    """
    offers = [
        o
        for o in rq.offers(session)
        if (since is None or o.opened_on >= since) and (until is None or o.opened_on <= until)
    ]
    filled = [o for o in offers if o.filled_on is not None]
    apps = rq.applications_with_context(session, since, until)
    posts = sum(o.posts for o in offers)
    retained = sum(1 for a, _ in apps if a.step == Step.RETENUE.value)
    pres_total: Counter[str] = Counter()
    pres_ret: Counter[str] = Counter()
    cat_total: Counter[str] = Counter()
    cat_ret: Counter[str] = Counter()
    by_day: dict[date, list[int]] = {}
    for a, _ in apps:
        by_day.setdefault(a.proposed_on, []).append(a.participant_id)
    cats_of: dict[tuple[int, date], list[str]] = {}
    for day, ids in by_day.items():
        for pid, cats in rq.categories_on(session, ids, day).items():
            cats_of[(pid, day)] = [c.label for c in cats]
    for a, _ in apps:
        key = a.proposed_by or UNKNOWN_PRESCRIBER
        won = a.step == Step.RETENUE.value
        pres_total[key] += 1
        pres_ret[key] += won
        for label in cats_of.get((a.participant_id, a.proposed_on), []):
            cat_total[label] += 1
            cat_ret[label] += won
    mean = (
        (
            Decimal(sum((o.filled_on - o.opened_on).days for o in filled if o.filled_on)) / len(filled)
        ).quantize(Decimal("0.1"))
        if filled
        else None
    )
    return RecruitmentFigures(
        offers=len(offers),
        offers_open=sum(1 for o in offers if o.status == OfferStatus.OUVERTE.value),
        offers_filled=len(filled),
        posts=posts,
        applications=len(apps),
        retained=retained,
        mean_days_to_fill=mean,
        applications_per_post=(Decimal(len(apps)) / posts).quantize(Decimal("0.1")) if posts else None,
        by_prescriber=sorted(
            (Rate(k, n, pres_ret[k]) for k, n in pres_total.items()), key=lambda r: (-r.applications, r.label)
        ),
        by_category=sorted(
            (Rate(k, n, cat_ret[k]) for k, n in cat_total.items()), key=lambda r: (-r.applications, r.label)
        ),
    )
