"""The monthly dashboard PDF of a company (all its lots across buyers) or of an insertion structure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph

from clausedesk.core.formatting import month_label
from clausedesk.core.services.recipient_dashboard import RecipientDashboard
from clausedesk.reports.dashboard import dashboard_story, h, signed_hours
from clausedesk.reports.forecast_block import forecast_block
from clausedesk.reports.pdf_base import (
    DocumentInfo,
    build_pdf,
    content_width,
    data_table,
    escape,
    key_figures,
    styles,
)


def _lot_cell(buyer: str, market: str, lot_number: str, lot_title: str, st: dict[str, Any]) -> Paragraph:
    return Paragraph(f"<b>{escape(market)}</b> – lot {escape(lot_number)} {escape(lot_title)}<br/>"
                     f"<font size=7>{escape(buyer)}</font>", st["cell"])  # fmt: skip


def recipient_story(d: RecipientDashboard, width: float) -> list[Flowable]:
    st = styles()
    n = len(d.lots)
    who = "Structure d'insertion" if d.is_structure else "Entreprise"
    lots = f"{n} lot{'s' if n > 1 else ''} chez {d.buyers} donneur{'s' if d.buyers > 1 else ''} d'ordre"
    story: list[Flowable] = [
        Paragraph(f"Tableau de bord – {month_label(d.month)}", st["title"]),
        Paragraph(f"{who} : <b>{escape(d.name)}</b> · SIRET {escape(d.siret)} · {escape(d.kind)}<br/>{lots}",
                  st["subtitle"]),
        key_figures([
            ("Lots suivis", str(n)),
            (f"Heures en {month_label(d.month)}", h(d.month_hours)),
            ("Heures depuis le début", h(d.cumulated)),
            ("Personnes ce mois", d.people_month.text),
            ("Personnes depuis le début", d.people_total.text),
        ], width),
    ]  # fmt: skip
    mine = "de ses salariés placés" if d.is_structure else "de l'entreprise"
    conv = d.any_allocation  # a column of hours allocated by conventions de globalisation, when there are any
    rows: list[list[Any]] = [["Marché et lot", "Rôle", "Engagement", "Ce mois", "Cumul",
                              *(["Convention"] if conv else []), "Personnes"]]  # fmt: skip
    for lot in d.lots:
        moved = [signed_hours(lot.allocated) if lot.allocated else "–"] if conv else []
        rows.append([_lot_cell(lot.buyer, lot.market_ref, lot.lot_number, lot.lot_title, st), lot.role or "–",
                     h(lot.commitment), h(lot.month), h(lot.cumulated), *moved,
                     lot.people_total.text])  # fmt: skip
    total_moved = [signed_hours(d.allocated) if d.allocated else "0 h"] if conv else []
    rows.append(["Total", "", "", h(d.month_hours), h(d.cumulated), *total_moved, d.people_total.text])
    fixed = [2.2 * cm, 2.2 * cm, 1.9 * cm, 2.0 * cm, *([1.9 * cm] if conv else []), 1.9 * cm]
    story += [
        Paragraph(f"Heures {mine} par lot", st["h2"]),
        data_table(rows, [width - sum(fixed), *fixed], numeric=list(range(2, len(fixed) + 1)),
                   bold_rows=[len(rows) - 1]),  # fmt: skip
    ]
    if conv:
        story.append(Paragraph(
            "Convention : heures affectées d'un lot à un autre par une convention de globalisation "
            "(« + » reçues, « − » cédées) ; le cumul reste celui des heures faites sur le lot lui-même.",
            st["small"],
        ))  # fmt: skip
    if d.is_structure:
        split: list[list[Any]] = [["Lot", "Modalité", "Ce mois", "Cumul"]]
        for lot in d.lots:
            for s in lot.by_modality:
                split.append(
                    [f"{lot.market_ref} – lot {lot.lot_number}", s.label, h(s.month), h(s.cumulated)]
                )
        fixed = [6.5 * cm, 2.2 * cm, 2.2 * cm]
        table = data_table(split, [width - sum(fixed), *fixed], numeric=[2, 3])
        story.append(KeepTogether([Paragraph("Mise à disposition et sous-traitance", st["h2"]), table]))
    forecasts = [lot.forecast for lot in d.lots if lot.forecast is not None]
    story += forecast_block(forecasts, width, with_market=True)
    story.append(Paragraph(
        f"Document destiné à : {escape(d.reader.label)}. Engagement : part de l'objectif d'heures du lot "
        "confiée à l'entreprise (l'objectif entier pour un titulaire sans part précisée). Personnes : "
        f"effectifs distincts, ceux de moins de {d.people_total.threshold} masqués (« < "
        f"{d.people_total.threshold} ») ; aucune personne n'est nommée.", st["small"],
    ))  # fmt: skip
    for market in d.markets:
        story.append(PageBreak())
        story += dashboard_story(market, width)
    return story


def write_recipient_dashboard(path: Path, d: RecipientDashboard) -> Path:
    """Write the company's (or structure's) dashboard to `path` (atomic)."""
    title = f"Tableau de bord {d.name} – {month_label(d.month)}"
    subject = f"Clauses sociales : {d.name} (SIRET {d.siret})"
    info = DocumentInfo(title=title, organisation=d.organisation, subject=subject)
    return build_pdf(path, recipient_story(d, content_width(info)), info)


__all__ = ["write_recipient_dashboard"]
