"""What the coordinator's comité screens show, as plain values: the year compared with the one before,
the year broken down by facilitator, territory (EPCI) or buyer, the directory and the coverage.

Each function takes a session (the screens call them through the operations layer); nothing here knows Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from clausedesk.core.reference import geo
from clausedesk.db.repositories import coordinator as coord_repo
from clausedesk.db.repositories import reference
from clausedesk.sync import directory
from clausedesk.sync.comite_figures import (
    NO_TERRITORY,
    ComparisonRow,
    Period,
    comparison_rows,
    figures,
    year_on_year,
)
from clausedesk.sync.coverage import Coverage, coverage

#: Breakdowns offered on the screen (the keys of `coordinator stats --by`), with their French label.
BREAKDOWN_LABELS = {"facilitator": "Par facilitateur", "territory": "Par territoire (EPCI)",
                    "buyer": "Par donneur d'ordre"}  # fmt: skip


@dataclass(frozen=True)
class BreakdownRow:
    key: str
    label: str
    hours_total: float
    people: int | None  # None: a small count, masked
    markets_followed: int
    contracts: int
    sorties: int  # durable + transition + positive
    buyers_met: int
    comite_meetings: int


@dataclass(frozen=True)
class YearView:
    year: int
    threshold: int
    comparison: list[ComparisonRow]
    by: str | None
    breakdown: list[BreakdownRow]


def _threshold(session: Session) -> int:
    return int(reference.get_setting(session, "small_count_threshold"))


def _labels(session: Session, by: str) -> dict[str, str]:
    if by == "facilitator":
        return {row["key_id"]: row["name"] for row in directory.directory(session)}
    if by == "buyer":
        buyers = coord_repo.payloads(session, "buyer")
        return {str(b.get("siret") or ""): str(b.get("name") or "") for b in buyers}
    return {NO_TERRITORY: "Sans territoire (marché sans commune)"}


def _label(labels: dict[str, str], by: str, key: str) -> str:
    if key in labels:
        return labels[key]
    found = geo.epci(key) if by == "territory" else None
    return found.name if found else key


def year_view(session: Session, year: int, by: str | None = None) -> YearView:
    """The year N against N-1 (comité's indicators), and, with `by`, the year broken down."""
    threshold = _threshold(session)
    comparison = comparison_rows(session, year_on_year(session, Period.year(year)), threshold)
    rows: list[BreakdownRow] = []
    if by is not None:
        labels = _labels(session, by)
        for key, f in figures(session, Period.year(year), by).items():
            people = int(f["people"])
            sorties: dict[str, int] = f["sorties"]
            rows.append(BreakdownRow(
                key=key, label=_label(labels, by, key), hours_total=float(f["hours_total"]),
                people=None if 0 < people < threshold else people,
                markets_followed=int(f["markets_followed"]), contracts=sum(f["contracts_by_type"].values()),
                sorties=sorties["durable"] + sorties["transition"] + sorties["positive"],
                buyers_met=int(f["buyers_met"]), comite_meetings=int(f["comite_meetings"]),
            ))  # fmt: skip
        rows.sort(key=lambda r: (r.key == NO_TERRITORY, -r.hours_total, r.label.lower()))
    return YearView(year, threshold, comparison, by, rows)


@dataclass(frozen=True)
class DirectoryView:
    entries: list[dict[str, Any]]  # as `coordinator directory --json`
    coverage: Coverage


def directory_view(session: Session, today: date, year: int) -> DirectoryView:
    """The directory of facilitators and the department's coverage over `year`."""
    return DirectoryView(directory.directory(session), coverage(session, today, Period.year(year)))
