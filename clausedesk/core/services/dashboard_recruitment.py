"""The « Recrutement » section of a marché's dashboard: offers of its lots, applications, retained rates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from clausedesk.core.services.dashboard_publics import Count
from clausedesk.core.services.recruitment_vocab import Step
from clausedesk.db.repositories import dashboard as repo

_HUNDRED = Decimal(100)

UNKNOWN_PRESCRIBER = "Prescripteur non renseigné"
NO_VALIDATION = "Sans validation d'éligibilité en cours"


@dataclass(frozen=True)
class RecruitmentPeriod:
    """Recruitment on the marché's offers over a period (the month, or since the first offer)."""

    offers_opened: int
    offers_filled: int
    offers_cancelled: int
    posts: int  # posts of the offers opened in the period
    applications: int  # applications proposed in the period
    retained: int  # people retained in the period
    mean_days_to_fill: Decimal | None  # over the offers filled in the period, None without one


@dataclass(frozen=True)
class RetainedRate:
    """Applications and people retained for one prescriber or public category (counts of people)."""

    label: str
    applications: Count
    retained: Count

    @property
    def masked(self) -> bool:
        return self.applications.masked or self.retained.masked

    @property
    def rate(self) -> Decimal | None:
        """Retained per 100 applications; None without application or when a count is masked (the rate
        would give it away)."""
        if self.masked or not self.applications.value:
            return None
        return Decimal(self.retained.value) * _HUNDRED / Decimal(self.applications.value)


@dataclass(frozen=True)
class Recruitment:
    """The "Recrutement" section: the job offers linked to the marché's lots, opened by the month's end."""

    month: RecruitmentPeriod
    total: RecruitmentPeriod
    open_offers: int  # still open at the month's end
    open_posts: int
    oldest_open_days: int | None  # days since the oldest still open offer was opened
    by_prescriber: list[RetainedRate]
    by_category: list[RetainedRate]

    @property
    def applications_per_post(self) -> Decimal | None:
        """Applications since the start per post offered, None without a post."""
        return None if not self.total.posts else Decimal(self.total.applications) / Decimal(self.total.posts)


def recruitment_section(session: Session, lot_ids: list[int], first: date, last: date, threshold: int
                 ) -> Recruitment | None:  # fmt: skip
    """The recruitment section over the offers linked to the lots (one query); None without an offer."""
    offers: dict[int, tuple[int, date, date | None, date | None]] = {}
    apps: dict[int, tuple[date, str, bool, date]] = {}  # id → (proposed on, prescriber, retained, step on)
    cats: dict[int, set[str]] = {}
    for oid, posts, opened, filled, cancelled, aid, proposed, by, step, step_on, vid, cat in repo.recruitment(
        session, lot_ids, last
    ):
        offers[oid] = (posts, opened, filled, cancelled)
        if aid is None:
            continue
        retained = step == Step.RETENUE.value and step_on <= last
        apps[aid] = (proposed, (by or "").strip() or UNKNOWN_PRESCRIBER, retained, step_on)
        labels = cats.setdefault(aid, set())
        if vid is None:
            labels.add(NO_VALIDATION)
        elif cat is not None:
            labels.add(cat)
    if not offers:
        return None

    def until(day: date | None) -> bool:
        return day is not None and day <= last

    def period(since: date | None) -> RecruitmentPeriod:
        def within(day: date | None) -> bool:
            return until(day) and (since is None or day >= since)  # type: ignore[operator]

        filled = [(f - o).days for _, o, f, _ in offers.values() if f is not None and within(f)]
        mean = (Decimal(sum(filled)) / len(filled)).quantize(Decimal("0.1")) if filled else None
        return RecruitmentPeriod(
            offers_opened=sum(1 for _, o, _, _ in offers.values() if within(o)),
            offers_filled=len(filled),
            offers_cancelled=sum(1 for *_, c in offers.values() if within(c)),
            posts=sum(p for p, o, _, _ in offers.values() if within(o)),
            applications=sum(1 for a in apps.values() if within(a[0])),
            retained=sum(1 for a in apps.values() if a[2] and within(a[3])),
            mean_days_to_fill=mean,
        )

    still_open = [(p, o) for p, o, f, c in offers.values() if not until(f) and not until(c)]

    def rates(groups: dict[str, list[bool]]) -> list[RetainedRate]:
        lines = [RetainedRate(k, Count(len(v), threshold), Count(sum(v), threshold))
                 for k, v in groups.items()]  # fmt: skip
        # masked lines last, so that the order of the lines says nothing about their counts
        return sorted(lines, key=lambda r: (r.masked, -r.applications.value if not r.masked else 0, r.label))

    by_prescriber: dict[str, list[bool]] = {}
    by_category: dict[str, list[bool]] = {}
    for aid, (_, prescriber, retained, _) in apps.items():
        by_prescriber.setdefault(prescriber, []).append(retained)
        for label in cats.get(aid, ()):
            by_category.setdefault(label, []).append(retained)
    return Recruitment(
        month=period(first),
        total=period(None),
        open_offers=len(still_open),
        open_posts=sum(p for p, _ in still_open),
        oldest_open_days=max(((last - o).days for _, o in still_open), default=None),
        by_prescriber=rates(by_prescriber),
        by_category=rates(by_category),
    )
