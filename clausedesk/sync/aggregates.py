"""The month's aggregates of a package: hours, people at work, people by public at entry (counts only),
and the facilitator's funders' target for the month's year.

Hours are raw, as declared (worked, training and, since issue 16, tutoring): whether training or
tutoring count for a lot is the lot's option, applied where figures are computed (`hours_sql`), never
here. `hours_tutoring` and `funding_target` are optional for the reader: older packages still merge.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from clausedesk.core.services.publics import count_publics
from clausedesk.db.repositories import hours as hours_repo
from clausedesk.db.repositories import publics as publics_repo
from clausedesk.db.repositories import sync as repo
from clausedesk.db.repositories import targets as targets_repo
from clausedesk.db.repositories.reference import get_setting


def _num(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


def month_aggregates(session: Session, month: str) -> dict[str, Any]:
    """The month's totals for the coordinator.

    People count once whatever their contracts; their publics are those at entry (`core.rules.publics`)
    of their earliest contract with hours worked in the month. Sensitive categories appear only as
    counts, and a small one (below `small_count_threshold`) is masked (None): it could single someone out.
    """
    worked, training = repo.month_hours(session, month)
    figures = count_publics(session, month, month)
    threshold = int(get_setting(session, "small_count_threshold"))
    sensitive = publics_repo.sensitive_codes(session)
    by_category: dict[str, int | None] = {
        code: None if code in sensitive and n < threshold else n for code, n in figures.by_code().items()
    }
    target = next((t for t in targets_repo.targets(session) if t.year == int(month[:4])), None)
    return {
        "period": month,
        "hours_worked": _num(worked),
        "hours_training": _num(training),
        "hours_tutoring": _num(hours_repo.month_tutoring(session, month)),
        "participants_with_hours": figures.people_at_work,
        "participants_by_category": by_category,
        # the facilitator's funded operation's target for the month's year (optional: older packages lack it)
        "funding_target": None if target is None else {
            "year": target.year, "hours": _num(target.hours),
            "shares": {code: _num(pct) for code, pct in sorted(target.shares.items())},
        },
    }  # fmt: skip
