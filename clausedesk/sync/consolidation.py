"""The department's indicators for the comité: labelled tables with small people counts masked.

People counts (and contracts, which describe people) below `small_count_threshold` are replaced by
None and shown as "< N": in a small territory, a count of 2 can identify someone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from clausedesk.core.rules.masking import hide_included, hide_partition
from clausedesk.core.rules.outcomes import SORTIE_CATEGORIES
from clausedesk.core.rules.people import AGE_BANDS
from clausedesk.core.rules.progress import month_of
from clausedesk.core.rules.publics import AGE_PUBLIC_LABELS
from clausedesk.core.vocab import BuyerKind, MarketKind, Mechanism, Modality, Sex
from clausedesk.db.repositories import consolidation as sql
from clausedesk.db.repositories import coordinator as repo
from clausedesk.db.repositories import reference

HUNDRED = Decimal(100)
#: Age bands in age order (SQL sorts them alphabetically); an unknown age comes last.
_AGE_ORDER = {label: index for index, (_first, _last, label) in enumerate(AGE_BANDS)}


@dataclass(frozen=True)
class Indicator:
    key: str
    title: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]  # label, then Decimal hours or int counts (None = masked)
    masked: bool = False


@dataclass(frozen=True)
class Late:
    name: str
    key_id: str
    last_period: str | None
    expected: str


# key → (title, value columns, kind: "hours" | "count" | "people", label function name)
_SPECS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "hours_by_mechanism": ("Heures par mécanisme de clause", ("Heures prévues", "Heures réalisées"), "hours"),
    "hours_by_modality": ("Heures réalisées par modalité", ("Heures réalisées",), "hours"),
    "markets_by_kind": ("Marchés par nature", ("Marchés",), "count"),
    "markets_by_buyer_kind": ("Marchés par type de donneur d'ordre", ("Marchés",), "count"),
    "people_by_age_band": ("Personnes par tranche d'âge à l'entrée", ("Personnes",), "people"),
    "people_by_sex": ("Personnes par sexe", ("Personnes",), "people"),
    "people_by_category": (
        "Personnes par public à l'entrée (hors données de santé)", ("Personnes",), "people"
    ),
    "people_by_territory": ("Personnes par commune de résidence", ("Personnes",), "people"),
    "contracts_by_type": ("Contrats par type", ("Contrats",), "people"),
    "sorties": ("Sorties dynamiques (situation à la sortie)", ("Personnes",), "people"),
    "hours_by_buyer": ("Heures réalisées par donneur d'ordre", ("Heures réalisées",), "hours"),
    "hours_by_company": ("Heures réalisées par entreprise", ("Heures réalisées",), "hours"),
    "hours_by_sector": ("Heures réalisées par secteur (division NAF)", ("Heures réalisées",), "hours"),
}


def labeller(session: Session, key: str) -> Any:
    if key == "hours_by_mechanism":
        return Mechanism.label_of
    if key == "hours_by_modality":
        return Modality.label_of
    if key == "markets_by_kind":
        return MarketKind.label_of
    if key == "markets_by_buyer_kind":
        return BuyerKind.label_of
    if key == "people_by_sex":
        return Sex.label_of
    if key == "people_by_category":
        labels = {c.code: c.label for c in reference.categories(session, include_inactive=True)}
        labels.update(AGE_PUBLIC_LABELS)
        return lambda code: labels.get(code, code)
    if key == "contracts_by_type":
        types = {t.code: t.label for t in reference.contract_types(session, include_inactive=True)}
        return lambda code: types.get(code, code)
    if key == "sorties":
        return lambda code: SORTIE_CATEGORIES.get(code, code)
    if key == "hours_by_sector":
        return lambda code: f"NAF {code}"
    if key == "people_by_age_band":
        return lambda band: "Âge inconnu" if band == "inconnu" else band
    return lambda value: value


def indicators(
    session: Session, threshold: int, first: str | None = None, last: str | None = None
) -> list[Indicator]:
    """Every indicator table, labelled in French, people counts hidden (None) by the masking policy
    (`core.rules.masking`): small counts and, complementarily, any count that would give one away."""
    out = []
    people_total = sql.totals(session, first, last)["participants"]
    for key, (title, columns, kind) in _SPECS.items():
        label = labeller(session, key)
        raw_rows = sql.table(session, key, first, last)
        if key == "people_by_age_band":
            raw_rows.sort(key=lambda row: _AGE_ORDER.get(row[0], len(_AGE_ORDER)))
        hidden = _hidden(key, kind, [int(values[0] or 0) for _, *values in raw_rows], people_total, threshold)
        rows: list[tuple[Any, ...]] = []
        for (raw_label, *values), hide in zip(raw_rows, hidden, strict=True):
            shown: list[Any] = []
            for value in values:
                if kind == "hours":
                    shown.append(Decimal(int(value or 0)) / HUNDRED)
                else:
                    shown.append(None if hide else int(value or 0))
            rows.append((str(label(raw_label) if raw_label is not None else "Non renseigné"), *shown))
        out.append(Indicator(key, title, ("", *columns), rows, any(hidden)))
    return out


def _hidden(key: str, kind: str, values: list[int], people_total: int, threshold: int) -> list[bool]:
    """Which rows of a table to hide: publics are « dont » lines of the people; other tables of people
    are partitions (sex, age band, commune...)."""
    if kind != "people":
        return [False] * len(values)
    if key == "people_by_category":
        hide = hide_included(people_total, {str(i): v for i, v in enumerate(values)}, threshold)
        return [hide[str(i)] for i in range(len(values))]
    return hide_partition(values, threshold)


def stats(session: Session, first: str | None = None, last: str | None = None) -> dict[str, Any]:
    """The figures of `coordinator stats --json`."""
    counts = repo.counts(session)
    totals = sql.totals(session, first, last)
    return {
        "facilitators": counts["facilitators"],
        "packages": counts["packages_merged"],
        "packages_held": counts["packages_held"],
        "markets": totals["markets"],
        "participants": totals["participants"],
        "companies": totals["companies"],
        "buyers": totals["buyers"],
        "committee_meetings": totals["committee_meetings"],
        "hours_planned": float(Decimal(totals["planned_cents"]) / HUNDRED),
        "hours_total": float(Decimal(totals["hours_cents"]) / HUNDRED),
    }


def previous_month(today: date) -> str:
    first = today.replace(day=1)
    return month_of(date(first.year - 1, 12, 1) if first.month == 1 else first.replace(month=first.month - 1))


def late_facilitators(session: Session, today: date) -> list[Late]:
    """Unrevoked facilitators whose last merged package is for a month before the previous month."""
    expected = previous_month(today)
    return [
        Late(f.name, f.key_id, f.last_period, expected)
        for f in repo.facilitators(session)
        if f.revoked_at is None and (f.last_period is None or f.last_period < expected)
    ]
