"""The « Formations préalables à l'embauche » section of the dashboards and the bilan (sessions, outcomes)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, Paragraph

from clausedesk.core.formatting import date_fr, hours
from clausedesk.core.services.trainings import TrainingLine
from clausedesk.reports.pdf_base import data_table, escape, styles


def training_block(lines: Sequence[TrainingLine], width: float) -> list[Flowable]:
    """A table of the sessions with their trainees and outcomes (small counts masked); nothing without one."""
    if not lines:
        return []
    st = styles()
    rows: list[list[Any]] = [["Formation", "Dates", "Durée", "Stagiaires", "Terminée", "Embauche", "Abandon"]]
    for t in lines:
        label = f"<b>{escape(t.title)}</b><br/><font size=7>{escape(t.organisation)}"
        label += f" · financée par {escape(t.funder)}" if t.funder else ""
        rows.append([Paragraph(label + "</font>", st["cell"]), f"{date_fr(t.start)} – {date_fr(t.end)}",
                     hours(t.hours, 0), t.trainees.text, t.completed.text, t.hired.text,
                     t.left.text])  # fmt: skip
    fixed = [3.7 * cm, 1.4 * cm, 1.8 * cm, 1.8 * cm, 1.9 * cm, 1.7 * cm]
    table = data_table(rows, [width - sum(fixed), *fixed], numeric=[2, 3, 4, 5, 6])
    threshold = lines[0].trainees.threshold
    note = Paragraph(
        "Stagiaires : personnes distinctes inscrites ; issues à ce jour (embauche : contrat signé après le "
        "début de la formation, sur un lot ou une offre qu'elle prépare). Effectifs de moins de "
        f"{threshold} masqués (« < {threshold} »).",
        st["small"],
    )
    return [KeepTogether([Paragraph("Formations préalables à l'embauche", st["h2"]), table]), note]
