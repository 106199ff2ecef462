"""The totals under the hours grid: per lot (with objective and prorata) and per company, as text rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from clausedesk.core.formatting import hours, percent
from clausedesk.core.services.hours import GridRow, LotTotal
from clausedesk.core.vocab import HourStatus
from clausedesk.ui.hours.models import fmt_hours


def _h(value: Decimal) -> str:
    return f"{fmt_hours(value)}\u00a0h"


def lot_rows(
    rows: Sequence[GridRow], lots: dict[str, LotTotal], today: date
) -> tuple[list[list[str]], list[str | None]]:
    """One text row per lot of the grid, and its colour (late lots in red)."""
    by_lot: dict[str, list[GridRow]] = defaultdict(list)
    for r in rows:
        by_lot[r.lot_uuid].append(r)
    out, colours = [], []
    for uuid, lot_rows_ in by_lot.items():
        info = lots.get(uuid)
        if info is None:
            continue
        done = info.month_hours(lot_rows_)  # the lot's counting rule: training and tutoring by its options
        cumulative, achieved, late = info.progress_with(done, today)
        out.append([
            info.lot_ref,
            _h(done),
            _h(cumulative),
            hours(info.objective, 0) if info.objective else "–",
            percent(achieved),
            percent(info.prorata) if info.prorata is not None else "–",
        ])  # fmt: skip
        colours.append("#f8d7d7" if late else None)
    return out, colours


def _status_label(statuses: set[str]) -> str:
    if statuses == {HourStatus.VALIDE.value}:
        return "Validé"
    if HourStatus.VALIDE.value in statuses:
        return "Partiellement validé"
    return "Déclaré" if statuses else "Aucune heure"


def company_rows(rows: Sequence[GridRow]) -> list[list[str]]:
    """One text row per company of the grid: hours worked, training, people, state of the relevé."""
    totals: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0), Decimal(0)])
    statuses: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        c = totals[r.company]
        c[0] += r.worked or 0
        c[1] += r.training or 0
        c[2] += 1
        if r.status:
            statuses[r.company].add(r.status)
    return [
        [name, _h(worked), _h(training), str(int(people)), _status_label(statuses[name])]
        for name, (worked, training, people) in totals.items()
    ]
