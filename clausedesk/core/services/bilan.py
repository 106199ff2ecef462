"""The bilan final of a marché: whole-life figures, each participant's exit and follow-up, hires, comment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from clausedesk.core import validate as v
from clausedesk.core.formatting import hours, number
from clausedesk.core.rules.masking import person_label, strictest
from clausedesk.core.rules.outcomes import SORTIE_CATEGORIES, sortie_category
from clausedesk.core.rules.people import age_at, age_band
from clausedesk.core.rules.progress import month_of
from clausedesk.core.services.dashboard import Alert, Dashboard, _market_and_lots, build_dashboard, lot_dates
from clausedesk.core.vocab import Modality, Sex
from clausedesk.db.models import Market
from clausedesk.db.repositories import dashboard as repo
from clausedesk.db.repositories.lookup import market_by_ref
from clausedesk.db.repositories.reference import outcome_mapping

HIRE_OUTCOMES = frozenset({"CDI", "CDD_6M"})
"""Outcome codes that, at exit from a clause contract, mean the company kept the person.

CDI or CDD of 6 months or more, observed at exit and linked to a contract of this marché: the
employer of that contract is the company that hired.
"""


@dataclass(frozen=True)
class SituationLine:
    label: str
    category: str  # French label of the sortie category
    observed_on: date


@dataclass(frozen=True)
class ParticipantLine:
    display_name: str  # as the masking policy lets the bilan's readers see a person (« Personne n° 3 »)
    details: str  # sex and age band at entry when the readers may see them, else ""
    companies: str
    contract_types: str
    modality: str
    start: date
    end: date | None
    hours: Decimal
    exit: SituationLine | None
    follow_up: SituationLine | None


@dataclass(frozen=True)
class Hire:
    company: str
    display_name: str
    outcome: str
    observed_on: date


@dataclass(frozen=True)
class Penalties:
    """Penalties of the social clause at the bilan: amounts in euros (None when not stated) and a note."""

    applied: Decimal | None = None
    waived: Decimal | None = None
    note: str = ""

    @property
    def stated(self) -> bool:
        return self.applied is not None or self.waived is not None or bool(self.note)


@dataclass
class Bilan:
    dashboard: Dashboard
    participants: list[ParticipantLine]
    hires: list[Hire]
    exits_by_category: dict[str, int]
    follow_ups_by_category: dict[str, int]
    comment: str
    closed: bool
    extra: dict[str, str] = field(default_factory=dict)
    penalties: Penalties = field(default_factory=Penalties)
    naming: str = ""  # how people are designated, per the masking policy of the bilan's readers


def market_bilan(session: Session, ref: str, today: date | None = None) -> Bilan:
    """The bilan of marché `ref` over its whole life (up to today for a marché still running)."""
    today = today or date.today()
    market, lots = _market_and_lots(session, ref)
    lot_ids = [lot.id for lot in lots]
    ends = [e for _, e in (lot_dates(lot, market) for lot in lots) if e is not None]
    last_hours = repo.last_hours_month(session, lot_ids)
    planned_end = max(ends) if ends else None
    candidates = [m for m in (last_hours, month_of(min(planned_end, today)) if planned_end else None) if m]
    month = max(candidates) if candidates else month_of(today)
    dashboard = build_dashboard(session, market, lots, month)
    closed = planned_end is not None and planned_end < today
    if closed:  # the marché is over: what matters is whether each lot reached its objective
        dashboard.alerts = [
            Alert("objectif_non_atteint",
                  f"Lot {x.number} : objectif non atteint, {hours(x.counted)} réalisées sur "
                  f"{hours(x.objective)} ({number(x.achieved_pct, 0)}\u00a0%).")
            for x in dashboard.lots if x.achieved_pct is not None and x.achieved_pct < 100
        ]  # fmt: skip
    else:
        dashboard.alerts = [a for a in dashboard.alerts if a.kind != "releve_manquant"]
    mapping = outcome_mapping(session)
    contracts = repo.bilan_contracts(session, lot_ids)
    contract_ids = {row[5] for row in contracts}
    by_person: dict[int, list[tuple[Any, ...]]] = {}
    for row in contracts:
        by_person.setdefault(row[0], []).append(row)
    situations = repo.situations(session, list(by_person))
    participants: list[ParticipantLine] = []
    hires: list[Hire] = []
    exits = dict.fromkeys(SORTIE_CATEGORIES, 0)
    follows = dict.fromkeys(SORTIE_CATEGORIES, 0)
    company_of = {row[5]: row[7] for row in contracts}
    reader = strictest("bilan")
    ordered = sorted(by_person.items(), key=lambda item: (min(r[10] for r in item[1]), item[0]))
    for index, (pid, rows) in enumerate(ordered, start=1):
        _, last, first, sex, birth = rows[0][:5]
        starts = [r[10] for r in rows]
        ends_p = [r[11] for r in rows]
        start = min(starts)
        end = None if any(e is None for e in ends_p) else max(ends_p)
        mine = [s for s in situations if s[0] == pid and s[1] >= start]
        exit_row = next((s for s in reversed(mine) if s[2] == "sortie" and s[5] in contract_ids), None)
        exit_row = exit_row or next((s for s in reversed(mine) if s[2] == "sortie"), None)
        after = [s for s in mine if s[2] != "sortie" and (exit_row is None or s[1] >= exit_row[1])]
        follow_row = after[-1] if after else None
        name = person_label(index, str(first), str(last), reader)
        exit_line = follow_line = None
        if exit_row is not None:
            cat = sortie_category(str(exit_row[3]), mapping)
            exits[cat] += 1
            exit_line = SituationLine(str(exit_row[4]), SORTIE_CATEGORIES[cat], exit_row[1])
            if exit_row[3] in HIRE_OUTCOMES and exit_row[5] in company_of:
                company = str(company_of[exit_row[5]])
                hires.append(Hire(company, name, str(exit_row[4]), exit_row[1]))
        if follow_row is not None:
            cat = sortie_category(str(follow_row[3]), mapping)
            follows[cat] += 1
            follow_line = SituationLine(str(follow_row[4]), SORTIE_CATEGORIES[cat], follow_row[1])
        known = birth is not None and birth <= start
        band = age_band(age_at(birth, start)) if known else "âge inconnu"
        participants.append(ParticipantLine(
            display_name=name, details=f"{Sex.label_of(sex)}, {band}" if reader.per_person_details else "",
            companies=", ".join(sorted({str(r[7]) for r in rows})),
            contract_types=", ".join(sorted({str(r[8]) for r in rows})),
            modality=", ".join(sorted({Modality.label_of(str(r[9])) for r in rows})),
            start=start,
            end=end,
            hours=sum((r[12] or Decimal(0) for r in rows), Decimal(0)),
            exit=exit_line, follow_up=follow_line,
        ))  # fmt: skip
    naming = (
        "Les participants sont désignés par leur prénom et l'initiale de leur nom." if reader.nominative else
        "Les participants sont désignés par un numéro, dans l'ordre de leur entrée : ni nom, ni sexe, ni âge "
        "par personne dans ce document destiné au donneur d'ordre, à l'entreprise et à la SIAE."
    )  # fmt: skip
    return Bilan(dashboard, participants, hires, exits, follows, market.bilan_comment or "", closed,
                 penalties=_penalties_of(market), naming=naming)  # fmt: skip


def _penalties_of(market: Market) -> Penalties:
    return Penalties(market.penalty_applied, market.penalty_waived, market.penalty_note or "")


def bilan_inputs(session: Session, ref: str) -> tuple[str, Penalties]:
    """What the facilitator typed for the bilan of marché `ref`: the commentary and the penalties."""
    market = market_by_ref(session, ref)
    return market.bilan_comment or "", _penalties_of(market)


def save_bilan_comment(session: Session, ref: str, text: str) -> str:
    """Store the bilan's free commentary on the marché (NIR-shaped text refused); returns it cleaned."""
    market = market_by_ref(session, ref)
    cleaned = v.text(text, "Commentaire du bilan", max_len=10000)
    market.bilan_comment = cleaned
    session.flush()
    return cleaned or ""


_amount = v.euros


def save_bilan_penalties(
    session: Session, ref: str, applied: Decimal | str | None, waived: Decimal | str | None, note: str | None
) -> Penalties:
    """Store the penalties of the bilan on the marché: amount applied, amount waived (euros), note.

    Empty amounts mean "not stated"; amounts are refused when negative, not numbers or with more than
    two decimals (ValidationError, French message); the note is refused when it holds an NIR.
    """
    market = market_by_ref(session, ref)
    penalties = Penalties(
        _amount(applied, "Pénalités appliquées"),
        _amount(waived, "Pénalités remises"),
        v.text(note, "Motif des pénalités", max_len=2000) or "",
    )
    market.penalty_applied = penalties.applied
    market.penalty_waived = penalties.waived
    market.penalty_note = penalties.note or None
    session.flush()
    return penalties
