"""The department's coverage by EPCI and its zones blanches, for the comité (PDF, workbook, window, CLI).

The department is the one of the facilitators' territories and of the merged marchés' places (several
when they straddle a border). For each of its EPCIs: the facilitators whose territory covers it (the EPCI
itself or one of its communes), the marchés placed there, the period's hours, and the months since the
last package of the facilitators who send those marchés. A zone blanche is an EPCI with no facilitator,
or with marchés but no package for `months` months or more (3 by default).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from clausedesk.core.reference import geo
from clausedesk.db.repositories import directory as repo
from clausedesk.sync.comite_figures import NO_TERRITORY, Period, figures
from clausedesk.sync.consolidation import previous_month

#: Months without a package after which an EPCI with marchés is a zone blanche.
DEFAULT_MONTHS = 3


@dataclass(frozen=True)
class EpciCoverage:
    code: str
    name: str
    kind: str  # « communauté d'agglomération »...
    facilitators: list[str]  # names
    facilitator_keys: list[str]
    markets: int  # merged marchés placed in the EPCI
    markets_followed: int  # of which with hours in the period
    hours_total: float  # in the period
    last_package_month: str | None  # the latest among the facilitators sending its marchés
    months_without_package: int | None  # months from that package to the expected one (None: never)
    zone_blanche: bool
    reason: str  # French, "" when covered


@dataclass(frozen=True)
class Coverage:
    departments: list[tuple[str, str]]  # (code, name)
    period: Period
    months: int
    expected_month: str  # the month every facilitator should have sent by today
    epcis: list[EpciCoverage] = field(default_factory=list)
    hours_without_place: float = 0.0

    @property
    def zones_blanches(self) -> list[EpciCoverage]:
        return [e for e in self.epcis if e.zone_blanche]

    def to_json(self) -> dict[str, Any]:
        return {
            "departments": [code for code, _ in self.departments], "period": self.period.to_json(),
            "months_threshold": self.months, "expected_month": self.expected_month,
            "hours_without_place": self.hours_without_place, "epcis": [asdict(e) for e in self.epcis],
        }  # fmt: skip


def _month_gap(last: str, expected: str) -> int:
    return (int(expected[:4]) - int(last[:4])) * 12 + int(expected[5:7]) - int(last[5:7])


def _epci_of_code(code: str) -> str | None:
    return code if len(code) == 9 else geo.epci_of_commune(code)


def _department_of_code(code: str) -> list[str]:
    if len(code) == 9:
        found = geo.epci(code)
        return list(found.departments) if found else []
    commune = geo.commune(code)
    return [commune.department] if commune else []


def coverage(session: Session, today: date, period: Period, months: int = DEFAULT_MONTHS) -> Coverage:
    """The coverage of the department's EPCIs over `period` (hours) as of `today` (packages)."""
    expected = previous_month(today)
    territories = repo.territory_codes(session)
    names = {row.key_id: row.name for row in repo.rows(session)}
    places = repo.market_places(session)
    departments: set[str] = set()
    covering: dict[str, set[str]] = {}
    for key_id, codes in territories.items():
        for code in codes:
            departments.update(_department_of_code(code))
            if (epci := _epci_of_code(code)) is not None:
                covering.setdefault(epci, set()).add(key_id)
    markets: dict[str, int] = {}
    senders_last: dict[str, list[str | None]] = {}
    for place in places:
        if not place.commune or (epci := geo.epci_of_commune(place.commune)) is None:
            continue
        departments.update(_department_of_code(place.commune))
        markets[epci] = markets.get(epci, 0) + 1
        senders_last.setdefault(epci, []).append(place.last_package_month)
    by_epci = figures(session, period, "territory")
    epci_codes = {e.code for d in departments for e in geo.epcis_of_department(d)}
    epci_codes |= set(markets) | set(covering)
    rows: list[EpciCoverage] = []
    for code in epci_codes:
        found = geo.epci(code)
        if found is None:
            continue
        keys = sorted(covering.get(code, set()), key=lambda k: (names.get(k) or k).lower())
        sent = [m for m in senders_last.get(code, []) if m]
        last = max(sent) if sent else None
        gap = None if last is None else max(0, _month_gap(last, expected))
        reason = ""
        if not keys:
            reason = "aucun facilitateur"
        if markets.get(code) and (gap is None or gap >= months):
            late = "aucun paquet reçu" if gap is None else f"aucun paquet depuis {gap} mois"
            reason = f"{reason} ; {late}" if reason else late
        figures_here = by_epci.get(code, {})
        rows.append(EpciCoverage(
            code=code, name=found.name, kind=found.kind_label, facilitators=[names.get(k, k) for k in keys],
            facilitator_keys=keys, markets=markets.get(code, 0),
            markets_followed=int(figures_here.get("markets_followed", 0)),
            hours_total=float(figures_here.get("hours_total", 0.0)), last_package_month=last,
            months_without_package=gap, zone_blanche=bool(reason), reason=reason,
        ))  # fmt: skip
    rows.sort(key=lambda r: (not r.zone_blanche, geo.fold(r.name)))
    return Coverage(
        departments=[(d, geo.department_name(d) or d) for d in sorted(departments)], period=period,
        months=months, expected_month=expected, epcis=rows,
        hours_without_place=float(by_epci.get(NO_TERRITORY, {}).get("hours_total", 0.0)),
    )  # fmt: skip
