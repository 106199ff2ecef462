"""Documents as sent: archive each dashboard, bilan or attestation written for a recipient (file SHA-256,
recipient, date, key figures as printed), and say which figures changed since the last version sent."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from clausedesk.core.formatting import date_fr, hours, money
from clausedesk.core.rules.masking import OUTPUT_READERS
from clausedesk.db.models import SentReport
from clausedesk.db.repositories import sent as repo

KIND_LABELS = {"tableau_de_bord": "Tableau de bord", "bilan": "Bilan final", "attestation": "Attestation"}


@dataclass(frozen=True)
class Change:
    label: str
    before: str | None  # None: the figure was not in the sent version
    after: str | None  # None: no longer in the new version


@dataclass(frozen=True)
class Revision:
    """What a new version changes against the version sent before it (None: first version)."""

    kind: str
    subject: str
    previous_sent_at: datetime | None
    changes: list[Change]

    def text(self) -> str:
        what = f"{KIND_LABELS[self.kind]} {self.subject}"
        if self.previous_sent_at is None:
            return f"{what} : première version, archivée."
        when = date_fr(self.previous_sent_at.date())
        if not self.changes:
            return f"{what} : mêmes chiffres que la version envoyée le {when}."
        lines = [f"{what} : chiffres modifiés depuis la version envoyée le {when} :"]
        for c in self.changes:
            lines.append(f"  • {c.label} : {c.before or 'absent'} → {c.after or 'absent'}")
        return "\n".join(lines)


def dashboard_figures(d: Any) -> dict[str, str]:
    """The key figures of a marché dashboard (core.services.dashboard.Dashboard), as printed."""
    out = {
        "Objectif d'heures": hours(d.objective),
        "Réalisé dans le mois": hours(d.month_hours),
        "Réalisé depuis le début": hours(d.cumulated),
        "Personnes (distinctes)": d.publics_total["people"].text,
    }
    for lot in d.lots:
        out[f"Lot {lot.number} : objectif"] = hours(lot.objective)
        out[f"Lot {lot.number} : réalisé depuis le début"] = hours(lot.cumulated)
        if lot.allocated:  # only when there is one: versions sent before conventions keep their figures
            out[f"Lot {lot.number} : affecté par convention"] = hours(lot.allocated)
    for f in d.forecasts:
        out[f"Lot {f.lot_number} : prévu à la fin"] = hours(f.figures.forecast_at_end, 0)
        if f.figures.penalty_at_stake is not None:
            out[f"Lot {f.lot_number} : pénalités en jeu"] = money(f.figures.penalty_at_stake)
    return out


def recipient_figures(d: Any) -> dict[str, str]:
    """The key figures of a company's or structure's dashboard, as printed."""
    out = {"Heures dans le mois": hours(d.month_hours), "Heures depuis le début": hours(d.cumulated)}
    for lot in d.lots:
        out[f"{lot.lot_ref} : heures depuis le début"] = hours(lot.cumulated)
        if lot.allocated:
            out[f"{lot.lot_ref} : affecté par convention"] = hours(lot.allocated)
    return out


def attestation_figures(a: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for x in a.lines:
        out[f"{x.lot_ref} : dû"] = hours(x.expected)
        out[f"{x.lot_ref} : réalisé"] = hours(x.realised)
        if x.allocated:
            out[f"{x.lot_ref} : affecté par convention"] = hours(x.allocated)
    return out


def recipients_of(kind: str) -> str:
    """The readers of a document kind, from the masking policy (`core.rules.masking.OUTPUT_READERS`)."""
    output = {"attestation": "tableau_de_bord"}.get(kind, kind)
    return " ; ".join(r.label for r in OUTPUT_READERS[output])


def archive(session: Session, kind: str, subject: str, period: str, recipient: str, path: Path,
            figures: dict[str, str]) -> Revision:  # fmt: skip
    """Record the written file (SHA-256 of its bytes) and its figures; compare with the last version sent."""
    previous = repo.last_sent(session, kind, subject, period)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    changes: list[Change] = []
    if previous is not None:
        before: dict[str, str] = json.loads(previous.figures)
        for label in dict.fromkeys([*before, *figures]):
            if before.get(label) != figures.get(label):
                changes.append(Change(label, before.get(label), figures.get(label)))
    repo.add_sent(session, SentReport(kind=kind, subject=subject, period=period, recipient=recipient,
                                      file_name=str(path), sha256=digest,
                                      figures=json.dumps(figures, ensure_ascii=False)))  # fmt: skip
    return Revision(kind, subject, None if previous is None else previous.sent_at, changes)


def sent_list(session: Session) -> list[dict[str, Any]]:
    """Every archived document, oldest first (the public JSON of `clausedesk sent --json`)."""
    return [
        {"kind": r.kind, "subject": r.subject, "period": r.period, "recipient": r.recipient,
         "file": r.file_name, "sha256": r.sha256, "sent_at": r.sent_at.isoformat(timespec="seconds")}
        for r in repo.all_sent(session)
    ]  # fmt: skip
