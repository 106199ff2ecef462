"""What the "Synchronisation" screen shows, as plain values: this folder's identity and trust, the preview
of the next package, the history of sent packages, the coordinator's facilitators and indicators.

Every function opens its own unit of work through the session factory; nothing here knows Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from clausedesk.core.rules.publics import AGE_PUBLIC_LABELS
from clausedesk.core.services import targets
from clausedesk.db.engine import SessionFactory
from clausedesk.db.repositories import coordinator as coord_repo
from clausedesk.db.repositories import reference
from clausedesk.db.repositories import sync as repo
from clausedesk.paths import Paths
from clausedesk.sync import consolidation, keys, minisign, package, setup
from clausedesk.sync.aggregates import month_aggregates
from clausedesk.sync.comite_figures import (
    ALL_TIME,
    AnnualLine,
    ComparisonRow,
    Period,
    annual_list,
    comparison_rows,
    department_realised,
    year_on_year,
)
from clausedesk.sync.consolidation import Indicator, Late
from clausedesk.sync.coverage import Coverage, coverage

#: French label of each record type a package carries (plural, for the preview table).
RECORD_LABELS: dict[str, str] = {
    "buyer": "Donneurs d'ordre",
    "company": "Entreprises",
    "market": "Marchés",
    "lot": "Lots",
    "attribution": "Attributions",
    "participant": "Participants (pseudonymisés)",
    "validation": "Validations d'éligibilité",
    "contract": "Contrats",
    "hour_entry": "Heures mensuelles",
    "situation": "Situations (entrée, sortie)",
    "meeting": "Réunions et comités",
}


@dataclass(frozen=True)
class FacilitatorStatus:
    """This facilitator folder: own key, trusted coordinator, imported referential."""

    key_id: str | None
    fingerprint: str | None
    coordinator_key_id: str | None
    coordinator_fingerprint: str | None
    trusted_at: datetime | None
    referential_version: int
    department: str
    referential_at: datetime | None

    @property
    def has_key(self) -> bool:
        return self.key_id is not None

    @property
    def ready(self) -> bool:
        """Everything a package needs: a key, a trusted coordinator and the department secret."""
        return self.has_key and self.coordinator_key_id is not None and self.referential_version > 0


@dataclass(frozen=True)
class SentRow:
    sequence: int
    period: str
    created_at: datetime  # UTC, naive (as stored)
    record_count: int
    file_name: str
    manifest_sha256: str
    recipient_key_id: str


@dataclass(frozen=True)
class PreviewRow:
    label: str
    new: int
    changed: int
    deleted: int


@dataclass(frozen=True)
class Preview:
    """What the next package will carry: counts per record type and the month's aggregates (no names)."""

    period: str
    sequence: int
    rows: list[PreviewRow]
    total: int
    hours_worked: Decimal
    hours_training: Decimal
    participants_with_hours: int
    categories: list[tuple[str, int | None]]  # French label, count (None = masked small count)
    threshold: int
    hours_tutoring: Decimal = Decimal(0)  # the employers' staff's declared tutoring hours (raw, not counted)


def facilitator_status(paths: Paths, sessions: SessionFactory) -> FacilitatorStatus:
    bundle = setup.public_bundle(paths)
    with sessions() as session, session.begin():
        state = repo.peek_state(session)
        coordinator = keys.parse_public_bundle(state.coordinator_bundle) if state.coordinator_bundle else None
        return FacilitatorStatus(
            key_id=None if bundle is None else bundle.signing.key_id_hex,
            fingerprint=None if bundle is None else bundle.fingerprint,
            coordinator_key_id=None if coordinator is None else coordinator.signing.key_id_hex,
            coordinator_fingerprint=None if coordinator is None else coordinator.fingerprint,
            trusted_at=state.trusted_at,
            referential_version=state.referential_version or 0,
            department=state.department_name or "",
            referential_at=state.referential_at,
        )


def sent_history(sessions: SessionFactory) -> list[SentRow]:
    """The packages built by this facilitator, most recent first."""
    with sessions() as session:
        return [
            SentRow(
                p.sequence,
                p.period,
                p.created_at,
                p.record_count,
                p.file_name,
                p.manifest_sha256,
                p.recipient_key_id,
            )  # fmt: skip
            for p in repo.history(session)
        ]


def _cents(value: Any) -> Decimal:
    return Decimal(str(value or "0"))


def preview(sessions: SessionFactory, period: str, today: datetime | None = None) -> Preview:
    """The next package of `period`, without writing anything (ValidationError/ConflictError as French)."""
    with sessions() as session, session.begin():
        period = package.check_period(session, period, today)
        todo = package.pending(session, period)
        aggregates = month_aggregates(session, period)
        last = repo.last_sent(session)
        labels = {c.code: c.label for c in reference.categories(session, include_inactive=True)}
        labels.update(AGE_PUBLIC_LABELS)
        threshold = int(reference.get_setting(session, "small_count_threshold"))
    rows = [
        PreviewRow(label, todo.new[kind], todo.changed[kind], todo.deleted[kind])
        for kind, label in RECORD_LABELS.items()
        if todo.new[kind] or todo.changed[kind] or todo.deleted[kind]
    ]
    categories = sorted(
        ((labels.get(code, code), n) for code, n in aggregates["participants_by_category"].items()),
        key=lambda item: (-(item[1] or 0), item[0]),
    )
    return Preview(
        period=period,
        sequence=1 if last is None else last.sequence + 1,
        rows=rows,
        total=todo.total,
        hours_worked=_cents(aggregates["hours_worked"]),
        hours_training=_cents(aggregates["hours_training"]),
        hours_tutoring=_cents(aggregates.get("hours_tutoring")),
        participants_with_hours=int(aggregates["participants_with_hours"]),
        categories=categories,
        threshold=threshold,
    )


# --- coordinator ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FacilitatorRow:
    name: str
    key_id: str
    fingerprint: str
    enrolled_at: datetime
    revoked_at: datetime | None
    last_sequence: int
    last_period: str | None
    held: int
    late: bool


@dataclass(frozen=True)
class CoordinatorStatus:
    key_id: str | None
    fingerprint: str | None
    department: str
    referential_version: int
    expected: str  # the month every facilitator should have sent by now
    facilitators: list[FacilitatorRow]


def coordinator_status(paths: Paths, sessions: SessionFactory, today: date) -> CoordinatorStatus:
    bundle = setup.public_bundle(paths)
    with sessions() as session, session.begin():
        state = repo.peek_state(session)
        late = {x.key_id for x in consolidation.late_facilitators(session, today)}
        held: dict[int, int] = {}
        for p in coord_repo.packages(session):
            if p.status == coord_repo.HELD:
                held[p.facilitator_id] = held.get(p.facilitator_id, 0) + 1
        rows = [
            FacilitatorRow(
                f.name,
                f.key_id,
                f.fingerprint,
                f.enrolled_at,
                f.revoked_at,
                f.last_sequence,
                f.last_period,
                held.get(f.id, 0),
                f.key_id in late,
            )  # fmt: skip
            for f in coord_repo.facilitators(session)
        ]
        return CoordinatorStatus(
            key_id=None if bundle is None else bundle.signing.key_id_hex,
            fingerprint=None if bundle is None else bundle.fingerprint,
            department=state.department_name or "",
            referential_version=state.referential_version or 0,
            expected=consolidation.previous_month(today),
            facilitators=rows,
        )


def revoke(sessions: SessionFactory, key_id: str) -> str:
    """Revoke an enrolled facilitator's key; returns their name (NotFoundError when unknown)."""
    key_id = minisign.key_id_hex(minisign.key_id_from_hex(key_id))
    with sessions() as session, session.begin():
        return coord_repo.revoke(session, key_id).name


@dataclass(frozen=True)
class DepartmentReport:
    """Everything the comité document, the workbook and the screen show, cumulated up to `last`."""

    last: str | None
    department: str
    threshold: int
    figures: dict[str, Any]
    tables: list[Indicator]
    late: list[Late]
    first: str | None = None
    comparison: list[ComparisonRow] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)  # the year's funders' target, with progress
    coverage: Coverage | None = None  # the department's EPCIs over the same period, zones blanches
    annual: list[AnnualLine] = field(default_factory=list)  # with `year`: the pseudonymous annual list


def department_report(
    sessions: SessionFactory, last: str | None, today: date, year: int | None = None
) -> DepartmentReport:
    """Cumulated up to `last`; or, with `year`, the year's figures, compared with the year before."""
    period = Period.year(year) if year is not None else None
    first = period.first if period else None
    last = period.last if period else last
    with sessions() as session, session.begin():
        threshold = int(reference.get_setting(session, "small_count_threshold"))
        comparison = (
            [] if period is None else comparison_rows(session, year_on_year(session, period), threshold)
        )
        return DepartmentReport(
            last=last,
            department=repo.peek_state(session).department_name or "",
            threshold=threshold,
            figures=consolidation.stats(session, first, last),
            tables=consolidation.indicators(session, threshold, first, last),
            late=consolidation.late_facilitators(session, today),
            first=first,
            comparison=comparison,
            targets=[t for t in targets.progress(session, today, department_realised) if t["year"] == year],
            coverage=coverage(session, today, period or Period(ALL_TIME.first, last or ALL_TIME.last)),
            annual=[] if year is None else annual_list(session, year),
        )
