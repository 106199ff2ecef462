"""Funders' targets: set a year's hours and shares by public, and follow them against the year's prorata.

The same rules serve the facilitator (their funded operation, hours from their store) and the coordinator
(the department, hours from the consolidation): the caller gives the realised hours of a year.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy.orm import Session

from clausedesk.core.errors import ValidationError
from clausedesk.core.services.publics import count_publics
from clausedesk.db.repositories import publics as publics_repo
from clausedesk.db.repositories import reference
from clausedesk.db.repositories import targets as repo

HUNDRED = Decimal(100)
#: Realised hours of a year: (total hours, hours by public at entry).
Realised = Callable[[Session, int], tuple[Decimal, dict[str, Decimal]]]


def parse_hours(raw: str) -> Decimal:
    try:
        value = Decimal(raw.replace(",", ".").replace("\u202f", "").replace(" ", ""))
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or value <= 0 or value >= Decimal(10) ** 8:
        raise ValidationError(
            "Heures de l'objectif", f"« {raw} » n'est pas un nombre d'heures positif (ex. 7000)"
        )
    return value.quantize(Decimal("0.01"))


def parse_shares(session: Session, items: Sequence[str]) -> dict[str, Decimal]:
    """`CODE=PCT` items (e.g. BRSA=30) checked against the public categories (health data refused)."""
    codes = {c.code for c in reference.categories(session, include_inactive=True)}
    sensitive = publics_repo.sensitive_codes(session)
    shares: dict[str, Decimal] = {}
    for item in items:
        code, sep, raw = item.partition("=")
        code = code.strip()
        if not sep or not code:
            raise ValidationError(
                "Part par public", f"« {item} » : écrivez CODE=POURCENTAGE, par exemple BRSA=30"
            )
        if code not in codes:
            raise ValidationError(
                "Part par public", f"le public « {code} » n'existe pas dans la table des publics"
            )
        if code in sensitive:
            raise ValidationError("Part par public", f"le public « {code} » est une donnée de santé : "
                                  "aucun objectif ne peut le suivre")  # fmt: skip
        try:
            pct = Decimal(raw.strip().rstrip("%").replace(",", "."))
        except InvalidOperation:
            pct = Decimal(-1)
        if not pct.is_finite() or not Decimal(0) < pct <= HUNDRED:
            raise ValidationError(
                "Part par public", f"« {raw} » pour {code} : donnez un pourcentage entre 0 et 100"
            )
        if code in shares:
            raise ValidationError("Part par public", f"le public « {code} » est donné deux fois")
        shares[code] = pct
    return shares


def set_target(session: Session, year: int, hours: str, public_items: Sequence[str]) -> repo.TargetRow:
    """Create or replace the target of `year` (the whole input checked before anything is written)."""
    value = parse_hours(hours)
    shares = parse_shares(session, public_items)
    repo.save_target(session, year, value, shares)
    return repo.TargetRow(year, value, shares)


def prorata(year: int, today: date) -> Decimal:
    """The share of the year elapsed at `today` (days, today included): 0 before, 1 after."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    if today < first:
        return Decimal(0)
    if today >= last:
        return Decimal(1)
    return (Decimal((today - first).days + 1) / Decimal((last - first).days + 1)).quantize(Decimal("0.0001"))


def facilitator_realised(session: Session, year: int) -> tuple[Decimal, dict[str, Decimal]]:
    """The facilitator's hours worked in `year`, total and by public at entry."""
    first, last = f"{year:04d}-01", f"{year:04d}-12"
    hours = repo.hours_by_participant(session, first, last)
    by_public: dict[str, Decimal] = {}
    for pid, codes in count_publics(session, first, last).publics.items():
        for code in codes:
            by_public[code] = by_public.get(code, Decimal(0)) + hours.get(pid, Decimal(0))
    return sum(hours.values(), Decimal(0)), by_public


def _pct(part: Decimal, whole: Decimal) -> float | None:
    return None if whole == 0 else float((part * HUNDRED / whole).quantize(Decimal("0.1")))


def progress(session: Session, today: date, realised: Realised) -> list[dict[str, Any]]:
    """Every target with what is done: hours and the share of each public, against the year's prorata."""
    out = []
    for target in repo.targets(session):
        done, by_public = realised(session, target.year)
        share = prorata(target.year, today)
        expected = (target.hours * share).quantize(Decimal("0.01"))
        out.append({
            "year": target.year,
            "hours": float(target.hours),
            "prorata": float(share),
            "expected_hours": float(expected),
            "hours_done": float(done),
            "progress_pct": _pct(done, target.hours),
            "on_track": done >= expected,
            "publics": {
                code: {"target_pct": float(pct), "hours_done": float(by_public.get(code, Decimal(0))),
                       "done_pct": _pct(by_public.get(code, Decimal(0)), done)}
                for code, pct in target.shares.items()
            },
        })  # fmt: skip
    return out
