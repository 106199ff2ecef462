"""The totals under the hours grid: per lot (with objective and prorata) and per company, as text rows.

`Totals` sums the grid once when it is read, then follows each typed cell: only the lot and the
company of the changed line are summed again and re-formatted (a month at tenfold has thousands of
lines and lots: summing everything at each keystroke stalled the window for a second).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from clausedesk.core.formatting import hours, percent
from clausedesk.core.services.hours import GridRow, LotTotal
from clausedesk.core.vocab import HourStatus
from clausedesk.ui.hours.models import fmt_hours


def _h(value: Decimal) -> str:
    return f"{fmt_hours(value)}\u00a0h"


def _status_label(statuses: Counter[str]) -> str:
    present = {s for s, n in statuses.items() if n > 0}
    if present == {HourStatus.VALIDE.value}:
        return "Validé"
    if HourStatus.VALIDE.value in present:
        return "Partiellement validé"
    return "Déclaré" if present else "Aucune heure"


class Totals:
    """Per lot and per company sums of the grid's lines, kept up to date line by line."""

    def __init__(self, rows: Sequence[GridRow], lots: dict[str, LotTotal], today: date) -> None:
        self.lots, self.today = lots, today
        self.lot_hours: dict[str, Decimal] = defaultdict(Decimal)
        self.company_sums: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 3)
        self.company_statuses: dict[str, Counter[str]] = defaultdict(Counter)
        for r in rows:
            self._add(r, 1)
        # the lots shown, in the order of the grid
        self.lot_order = [uuid for uuid in dict.fromkeys(r.lot_uuid for r in rows) if uuid in lots]
        self.company_order = list(self.company_sums)

    def _add(self, r: GridRow, sign: int) -> None:
        info = self.lots.get(r.lot_uuid)
        if info is not None:  # the lot's counting rule: training and tutoring by its options
            self.lot_hours[r.lot_uuid] += sign * info.row_hours(r)
        sums = self.company_sums[r.company]
        sums[0] += sign * (r.worked or 0)
        sums[1] += sign * (r.training or 0)
        sums[2] += sign
        if r.status:
            self.company_statuses[r.company][r.status] += sign

    def lot_row(self, uuid: str) -> tuple[list[str], str | None]:
        """The lot's text row and its colour (late lots in red)."""
        info = self.lots[uuid]
        done = info.converted + self.lot_hours[uuid]  # plus the amounts converted this month
        cumulative, achieved, late = info.progress_with(done, self.today)
        return [
            info.lot_ref,
            _h(done),
            _h(cumulative),
            hours(info.objective, 0) if info.objective else "–",
            percent(achieved),
            percent(info.prorata) if info.prorata is not None else "–",
        ], ("#f8d7d7" if late else None)  # fmt: skip

    def company_row(self, name: str) -> list[str]:
        worked, training, people = self.company_sums[name]
        return [name, _h(worked), _h(training), str(int(people)), _status_label(self.company_statuses[name])]

    def lot_rows(self) -> tuple[list[list[str]], list[str | None]]:
        made = [self.lot_row(uuid) for uuid in self.lot_order]
        return [texts for texts, _ in made], [colour for _, colour in made]

    def company_rows(self) -> list[list[str]]:
        return [self.company_row(name) for name in self.company_order]

    def replace(self, old: GridRow, new: GridRow) -> tuple[int | None, int | None]:
        """One line changed (same contract): the positions of its lot's and company's rows to redraw."""
        self._add(old, -1)
        self._add(new, 1)
        lot = self.lot_order.index(new.lot_uuid) if new.lot_uuid in self.lots else None
        company = self.company_order.index(new.company) if new.company in self.company_sums else None
        return lot, company

