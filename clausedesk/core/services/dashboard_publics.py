"""The publics section of a dashboard: distinct people by public at entry, small counts masked."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from clausedesk.core.rules.masking import hide_included, is_small
from clausedesk.core.rules.publics import MOINS_26, PLUS_50, publics_at_entry
from clausedesk.db.repositories import dashboard as repo
from clausedesk.db.repositories.publics import validation_spans

PUBLICS: tuple[tuple[str, str], ...] = (
    ("people", "Personnes (distinctes)"),
    ("women", "dont femmes"),
    ("brsa", "dont bénéficiaires du RSA"),
    ("under_26", "dont moins de 26 ans à l'entrée"),
    ("deld", "dont demandeurs d'emploi de longue durée"),
    ("senior_50", "dont 50 ans et plus à l'entrée"),
    ("qpv", "dont résidents d'un QPV"),
)
"""Public key → French label, in report order. Age is taken at the start of the first contract."""


@dataclass(frozen=True)
class Count:
    """A number of people; `masked` when it could identify someone (shown "< 5").

    `hidden` is set by the masking policy (`core.rules.masking`, complementary masking); without it a
    count is masked when it is small.
    """

    value: int
    threshold: int
    hidden: bool | None = None

    @property
    def masked(self) -> bool:
        return self.hidden if self.hidden is not None else is_small(self.value, self.threshold)

    @property
    def text(self) -> str:
        return f"< {self.threshold}" if self.masked else str(self.value)


def people_by_public(session: Session, lot_ids: list[int], month: str, threshold: int
             ) -> tuple[dict[str, Count], dict[str, Count]]:  # fmt: skip
    """People by public at entry (`core.rules.publics`), over the month and since the start."""
    rows = repo.people(session, lot_ids, month)
    spans = validation_spans(session, (row[0] for row in rows))
    month_n = dict.fromkeys((k for k, _ in PUBLICS), 0)
    total_n = dict.fromkeys((k for k, _ in PUBLICS), 0)
    for pid, sex, birth, qpv, first_start, in_month in rows:
        entry = publics_at_entry(spans.get(pid, ()), birth, first_start)
        flags = {
            "people": True,
            "women": sex == "F",
            "brsa": "BRSA" in entry,
            "under_26": MOINS_26 in entry,
            "deld": "DELD" in entry,
            "senior_50": PLUS_50 in entry,
            "qpv": bool(qpv) or "QPV" in entry,
        }
        for key, flag in flags.items():
            if flag:
                total_n[key] += 1
                if in_month:
                    month_n[key] += 1
    return _masked(month_n, threshold), _masked(total_n, threshold)


def _masked(counts: dict[str, int], threshold: int) -> dict[str, Count]:
    """The total of people shown as is (it says nothing about anyone); the « dont » lines hidden by the
    masking policy, complementary masking included (« Personnes 1 » never sits beside « RSA 1 »)."""
    total = counts["people"]
    parts = {k: v for k, v in counts.items() if k != "people"}
    hide = hide_included(total, parts, threshold)
    shown = {k: Count(v, threshold, hide[k]) for k, v in parts.items()}
    return {"people": Count(total, threshold, False), **shown}
