"""What the regional bilan shows, gathered once: figures by department and for the region, N and N-1.

`region_report` reads the regional store (through `sync/region_figures.py`) and returns plain values for
`reports/region_bilan.py`, which never queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clausedesk.db.engine import SessionFactory
from clausedesk.db.repositories import reference
from clausedesk.db.repositories import region as repo
from clausedesk.db.repositories import sync as sync_repo
from clausedesk.sync import region_figures
from clausedesk.sync.comite_figures import ComparisonRow, Period, comparison_rows


@dataclass(frozen=True)
class Received:
    """A department's packages as the region received them."""

    name: str
    key_id: str
    last_sequence: int
    last_year: int | None


@dataclass(frozen=True)
class RegionReport:
    region: str
    year: int
    threshold: int
    current: dict[str, dict[str, Any]]  # department name → figures of N
    previous: dict[str, dict[str, Any]]  # department name → figures of N-1
    total: dict[str, Any]  # the region's figures of N (people counted once across departments)
    total_previous: dict[str, Any]
    comparison: list[ComparisonRow]  # the region's N, N-1 and difference, with definitions
    definitions: dict[str, tuple[str, str]]
    received: list[Received]


def region_report(sessions: SessionFactory, year: int) -> RegionReport:
    period = Period.year(year)
    with sessions() as session:
        threshold = int(reference.get_setting(session, "small_count_threshold"))
        loaded, names = region_figures.load(session), repo.department_names(session)
        current = region_figures.by_department(loaded, names, period)
        previous = region_figures.by_department(loaded, names, period.previous_year())
        yoy = region_figures.year_on_year(loaded, period)
        total, total_previous = yoy.current, yoy.previous
        rows = comparison_rows(session, yoy, threshold, region_figures.REGION_DEFINITIONS)
        received = [
            Received(d.name, d.key_id, d.last_sequence, d.last_year) for d in repo.departments(session)
        ]
        region = sync_repo.peek_state(session).region_name or ""
    return RegionReport(region, year, threshold, current, previous, total, total_previous, rows,
                        region_figures.REGION_DEFINITIONS, received)  # fmt: skip
