"""The bilan final PDF of a marché: whole-life figures, publics, exits and follow-ups, hires, commentary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.units import cm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from clausedesk.core.formatting import date_fr, money
from clausedesk.core.rules.outcomes import SORTIE_CATEGORIES
from clausedesk.core.services.bilan import Bilan, SituationLine
from clausedesk.reports.charts import bar_chart, cumulative_chart
from clausedesk.reports.dashboard import (
    MASK_NOTE,
    h,
    lots_table,
    market_heading,
    pct,
    publics_table,
    signed_hours,
    splits_table,
)
from clausedesk.reports.pdf_base import (
    DocumentInfo,
    build_pdf,
    content_width,
    data_table,
    escape,
    key_figures,
    styles,
)
from clausedesk.reports.training_block import training_block


def _outcomes_table(b: Bilan, width: float) -> Flowable:
    rows: list[list[Any]] = [["Catégorie de sortie", "À la sortie", "Au suivi"]]
    for code, label in SORTIE_CATEGORIES.items():
        rows.append([label, str(b.exits_by_category[code]), str(b.follow_ups_by_category[code])])
    rows.append(["Total renseigné", str(sum(b.exits_by_category.values())),
                 str(sum(b.follow_ups_by_category.values()))])  # fmt: skip
    fixed = [3 * cm, 3 * cm]
    return data_table(rows, [width - sum(fixed), *fixed], numeric=[1, 2], bold_rows=[len(rows) - 1])


def _situation(s: SituationLine | None) -> str:
    if s is None:
        return "–"
    return f"{escape(s.label)}<br/><font color='#52606D'>{escape(s.category)}</font>"


def _participants_table(b: Bilan, width: float) -> Flowable:
    st = styles()
    cell = st["cell"]
    head = ["Participant", "Entreprise · contrat", "Période", "Heures", "À la sortie", "Au suivi"]
    rows: list[list[Any]] = [head]
    for p in b.participants:
        period = f"du {date_fr(p.start)}<br/>{('au ' + date_fr(p.end)) if p.end else 'en cours'}"
        exit_text = _situation(p.exit)
        follow = _situation(p.follow_up)
        rows.append([
            Paragraph(f"<b>{escape(p.display_name)}</b>" + (f"<br/>{escape(p.details)}" if p.details else ""),
                      cell),
            Paragraph(f"{escape(p.companies)}<br/>{escape(p.contract_types)}", cell),
            Paragraph(period, cell), h(p.hours), Paragraph(exit_text, cell), Paragraph(follow, cell),
        ])  # fmt: skip
    if not b.participants:
        rows.append(["Aucun participant sur ce marché", "", "", "", "", ""])
    fixed = [4.3 * cm, 2.5 * cm, 1.7 * cm, 3.4 * cm, 3.4 * cm]
    widths = [width - sum(fixed), *fixed]
    return data_table(rows, widths, numeric=[3])


def _penalties_block(b: Bilan, width: float) -> Flowable:
    """Penalties applied or waived for the social clause, with their reason (DOMAIN: bilan final)."""
    st = styles()
    p = b.penalties
    parts: list[Flowable] = [Paragraph("Pénalités au titre de la clause sociale", st["h2"])]
    if not p.stated:
        parts.append(Paragraph("Aucune pénalité renseignée pour ce marché.", st["body"]))
        return KeepTogether(parts)
    rows: list[list[Any]] = [
        ["Pénalités", "Montant"],
        ["Pénalités appliquées", money(p.applied) if p.applied is not None else "non renseigné"],
        ["Pénalités remises (non appliquées)", money(p.waived) if p.waived is not None else "non renseigné"],
    ]
    bold: list[int] = []
    if p.applied is not None and p.waived is not None:
        rows.append(["Total des pénalités encourues", money(p.applied + p.waived)])
        bold.append(len(rows) - 1)
    parts.append(data_table(rows, [width - 4 * cm, 4 * cm], numeric=[1], bold_rows=bold))
    if p.note:
        parts += [Spacer(1, 4), Paragraph(f"<b>Motif :</b> {escape(p.note).replace(chr(10), '<br/>')}",
                                          st["body"])]  # fmt: skip
    return KeepTogether(parts)


def bilan_story(b: Bilan, width: float) -> list[Flowable]:
    st = styles()
    d = b.dashboard
    title = "Bilan final de la clause sociale" if b.closed else "Bilan de la clause sociale (marché en cours)"
    story: list[Flowable] = market_heading(d, title)
    people = d.publics_total["people"].value
    story.append(key_figures([
        ("Objectif d'heures", h(d.objective)),
        ("Heures réalisées", h(d.cumulated)),
        *([("Affecté par convention", signed_hours(d.allocated))] if d.allocated else []),
        *([("Formation préalable", "+" + h(d.training))] if d.training else []),
        ("Taux de réalisation", pct(d.achieved_pct)),
        ("Personnes en parcours", str(people)),
        ("Embauches par les entreprises", str(len(b.hires))),
    ], width))  # fmt: skip
    story += [
        Paragraph("Réalisation par lot et par entreprise", st["h2"]),
        lots_table(d, width, with_month=False, closed=b.closed),
    ]
    if d.alerts:
        story += [Paragraph("Points d'attention", st["h3"])]
        story += [Paragraph(f"• {escape(a.text)}", st["alert"]) for a in d.alerts]
    story.append(CondPageBreak(7 * cm))
    story += [Paragraph("Heures cumulées sur la durée du marché", st["h2"]),
              cumulative_chart(d.series.months, d.series.cumulated, d.series.expected, d.series.objective,
                               width)]  # fmt: skip
    story.append(KeepTogether([Paragraph("Personnes en parcours", st["h2"]),
                               publics_table(d, width, with_month=False)]))  # fmt: skip
    story.append(Paragraph(MASK_NOTE.format(n=d.publics_total["women"].threshold), st["small"]))
    story.append(KeepTogether([Paragraph("Heures par modalité", st["h2"]),
                               splits_table("Modalité", d.by_modality, width, with_month=False), Spacer(1, 4),
                               bar_chart([s.label for s in d.by_modality],
                                         [float(s.cumulated) for s in d.by_modality], width,
                                         unit=" h")]))  # fmt: skip
    story.append(KeepTogether([Paragraph("Heures par type de contrat", st["h2"]),
                               splits_table("Type de contrat", d.by_contract_type, width, with_month=False)]))
    outcomes = _outcomes_table(b, width)
    story.append(KeepTogether([Paragraph("Sorties et suivi des participants", st["h2"]), outcomes]))
    story += training_block(d.trainings, width)
    story += [Paragraph("Situation de chaque participant", st["h2"]), _participants_table(b, width)]
    story.append(Paragraph(
        f"{escape(b.naming)} Situation « à la sortie » : "
        "la dernière observée à la fin du parcours ; « au suivi » : la plus récente observée ensuite.",
        st["small"]))  # fmt: skip
    hires: list[Flowable] = [Paragraph("Embauches par les entreprises", st["h2"])]
    if b.hires:
        rows: list[list[Any]] = [["Entreprise", "Participant", "Situation à la sortie", "Date"]]
        rows += [[x.company, x.display_name, x.outcome, date_fr(x.observed_on)] for x in b.hires]
        fixed = [3.5 * cm, 5 * cm, 2.2 * cm]
        hires.append(data_table(rows, [width - sum(fixed), *fixed]))
    else:
        hires.append(Paragraph("Aucune embauche en CDI ou en CDD de 6 mois et plus enregistrée à la sortie.",
                               st["body"]))  # fmt: skip
    story.append(KeepTogether(hires))
    story.append(_penalties_block(b, width))
    comment = b.comment.strip()
    story.append(KeepTogether([
        Paragraph("Commentaire du facilitateur", st["h2"]),
        Paragraph(escape(comment).replace("\n", "<br/>") if comment else "Aucun commentaire saisi.",
                  st["body"]),  # fmt: skip
    ]))  # fmt: skip
    return story


def write_bilan(path: Path, b: Bilan) -> Path:
    ref = b.dashboard.market_ref
    info = DocumentInfo(title=f"Bilan du marché {ref}", organisation=b.dashboard.organisation,
                        subject=f"Bilan de la clause sociale du marché {ref}")  # fmt: skip
    return build_pdf(path, bilan_story(b, content_width(info)), info)
