"""The monthly dashboard PDF of a marché, or of all a buyer's marchés (figures: core.services.dashboard)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.lib.units import cm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table

from clausedesk.core.formatting import date_fr, month_label
from clausedesk.core.services.dashboard import (
    PUBLICS,
    Dashboard,
    LotLine,
    Split,
)
from clausedesk.reports.charts import bar_chart, cumulative_chart
from clausedesk.reports.dashboard_text import (
    MASK_NOTE,
    RECRUITMENT_NOTE,
    allocated_label,
    h,
    lot_state,
    open_offers_text,
    pct,
    rate_rows,
    recruitment_rows,
    signed_hours,
)
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
from clausedesk.reports.training_block import training_block


def market_heading(d: Dashboard, title: str) -> list[Flowable]:
    st = styles()
    lines = [f"<b>{escape(d.market_ref)}</b> – {escape(d.market_title)}"]
    who = f"Donneur d'ordre : {escape(d.buyer)}"
    if d.operation and d.operation != d.market_title:
        who += f" · Opération : {escape(d.operation)}"
    lines.append(who)
    lines.append(f"{escape(d.market_kind)} · du {date_fr(d.start)} au {date_fr(d.end)}")
    return [Paragraph(title, st["title"]), Paragraph("<br/>".join(lines), st["subtitle"])]


def lots_table(d: Dashboard, width: float, *, with_month: bool = True, closed: bool = False) -> Table:
    """Per lot, then per company: objective, month, cumulated, % achieved, remaining, prorata, state.

    `closed` (bilan of a finished marché): the state says whether the objective was reached.
    """
    st = styles()
    head = ["Lot / entreprise", "Objectif", *(["Ce mois"] if with_month else []), "Cumul", "Réalisé",
            "Reste", "Prorata", "Situation"]  # fmt: skip
    fixed = [1.75 * cm] * (len(head) - 2) + [2.0 * cm]
    widths = [width - sum(fixed), *fixed]
    rows: list[list[Any]] = [head]
    bold, shaded, alerts = [], [], []
    for lot in d.lots:
        row, warn = _lot_row(lot, with_month, closed, st)
        rows.append(row)
        bold.append(len(rows) - 1)
        shaded.append(len(rows) - 1)
        if warn:
            alerts.append((len(head) - 1, len(rows) - 1))
        for label, value in _apart(lot.allocated, lot.training):
            rows.append([Paragraph(label, st["cell_indent"]), "", *([""] if with_month else []), value,
                         "", "", "", ""])  # fmt: skip
        for c in lot.companies:
            name = escape(c.name)
            if c.role:
                name += f" <font color='#52606D'>({escape(c.role.lower())})</font>"
            rows.append([
                Paragraph(name, st["cell_indent"]), h(c.objective),
                *([h(c.month)] if with_month else []), h(c.cumulated), "", "", "", "",
            ])  # fmt: skip
    rows.append([
        "Total du marché", h(d.objective), *([h(d.month_hours)] if with_month else []), h(d.cumulated),
        pct(d.achieved_pct), h(d.remaining), pct(None if d.prorata is None else d.prorata * 100), "",
    ])  # fmt: skip
    bold.append(len(rows) - 1)
    numeric = list(range(1, len(head) - 1))
    return data_table(rows, widths, numeric=numeric, bold_rows=bold, shaded_rows=shaded, alert_cells=alerts)


def _apart(allocated: Decimal, training: Decimal) -> list[tuple[str, str]]:
    """The lines of hours counted apart from those realised on the lot: allocated, pre-hiring training."""
    out = [(allocated_label(allocated), signed_hours(allocated))] if allocated else []
    if training:
        out.append(("Formation préalable à l'embauche (heures des stagiaires)", "+" + h(training)))
    return out


def _lot_row(lot: LotLine, with_month: bool, closed: bool, st: dict[str, Any]) -> tuple[list[Any], bool]:
    """The lot's row and whether its state is a warning (printed in red)."""
    state, warn = lot_state(lot, closed)
    label = f"Lot {escape(lot.number)} – {escape(lot.title)}"
    if lot.counting:
        label += f"<br/><font size='6.5' color='#52606D'>{escape(lot.counting)}</font>"
    return [
        Paragraph(label, st["cell_bold"]), h(lot.objective), *([h(lot.month)] if with_month else []),
        h(lot.cumulated), pct(lot.achieved_pct), h(lot.remaining),
        pct(None if lot.prorata is None else lot.prorata * 100), state,
    ], warn  # fmt: skip


def splits_table(title: str, splits: Sequence[Split], width: float, *, with_month: bool = True) -> Table:
    head = [title, *(["Ce mois"] if with_month else []), "Cumul", "Part"]
    total = sum((s.cumulated for s in splits), Decimal(0))
    rows: list[list[Any]] = [head]
    for s in splits:
        share = None if not total else s.cumulated * 100 / total
        rows.append([s.label, *([h(s.month)] if with_month else []), h(s.cumulated), pct(share)])
    if not splits:
        rows.append(["Aucune heure enregistrée", *([""] if with_month else []), "", ""])
    fixed = [2.0 * cm] * (len(head) - 1)
    return data_table(rows, [width - sum(fixed), *fixed], numeric=list(range(1, len(head))))


def publics_table(d: Dashboard, width: float, *, with_month: bool = True) -> Table:
    head = ["Publics", *(["Ce mois"] if with_month else []), "Depuis le début"]
    rows: list[list[Any]] = [head]
    for key, label in PUBLICS:
        rows.append([label, *([d.publics_month[key].text] if with_month else []), d.publics_total[key].text])
    fixed = [2.9 * cm] * (len(head) - 1)
    return data_table(rows, [width - sum(fixed), *fixed], numeric=list(range(1, len(head))), bold_rows=[1])


def publics_chart(d: Dashboard, width: float) -> Flowable | None:
    """Bars of the publics; None when every count is masked or zero (the chart would say nothing)."""
    keys = [(k, label) for k, label in PUBLICS if k != "people"]
    counts = [d.publics_total[k] for k, _ in keys]
    labels = [label.removeprefix("dont ") for _, label in keys]
    labels = [label[0].upper() + label[1:] for label in labels]
    values = [0 if c.masked else c.value for c in counts]
    if not any(values):
        return None
    title = "Publics depuis le début (personnes)"
    return bar_chart(labels, values, width, value_labels=[c.text for c in counts], title=title)


def recruitment_block(d: Dashboard, width: float) -> list[Flowable]:
    """The "Recrutement" section; nothing when no job offer is linked to the marché's lots."""
    r = d.recruitment
    if r is None:
        return []
    st = styles()
    on = date_fr(d.on)
    head = ["Offres d'emploi", "Ce mois", "Depuis la 1re offre"]
    fixed = [3.2 * cm, 3.2 * cm]
    table = data_table([head, *recruitment_rows(r)], [width - sum(fixed), *fixed], numeric=[1, 2])
    note = Paragraph(RECRUITMENT_NOTE.format(on=on, n=d.publics_total["women"].threshold), st["small"])
    block: list[Flowable] = [Paragraph("Recrutement", st["h2"]), table, Spacer(1, 3),
                             Paragraph(escape(open_offers_text(r, on)), st["body"])]  # fmt: skip
    if not r.total.applications:  # no rate to give
        return [KeepTogether([*block, Spacer(1, 3), note])]
    rates = [["Taux de candidats retenus", "Candidatures", "Retenues", "Taux"]]
    shaded = [1]
    rates += rate_rows("Par prescripteur", r.by_prescriber)
    shaded.append(len(rates))
    rates += rate_rows("Par public", r.by_category)
    rate_fixed = [2.4 * cm] * 3
    rate_table = data_table(rates, [width - sum(rate_fixed), *rate_fixed], numeric=[1, 2, 3],
                            bold_rows=shaded, shaded_rows=shaded)  # fmt: skip
    return [KeepTogether(block), Spacer(1, 6), rate_table, Spacer(1, 3), note]


def alerts_block(d: Dashboard) -> list[Flowable]:
    st = styles()
    if not d.alerts:
        return [Paragraph("Aucune alerte ce mois-ci : relevés reçus, lots dans les temps.", st["body"])]
    return [Paragraph(f"• {escape(a.text)}", st["alert"]) for a in d.alerts]


def dashboard_story(d: Dashboard, width: float) -> list[Flowable]:
    """The flowables of one marché's monthly dashboard."""
    st = styles()
    story: list[Flowable] = market_heading(d, f"Tableau de bord – {month_label(d.month)}")
    story.append(key_figures([
        ("Objectif d'heures", h(d.objective)),
        (f"Réalisé en {month_label(d.month)}", h(d.month_hours)),
        ("Réalisé depuis le début", h(d.cumulated)),
        *([("Affecté par convention", signed_hours(d.allocated))] if d.allocated else []),
        *([("Formation préalable", "+" + h(d.training))] if d.training else []),
        ("Taux de réalisation", pct(d.achieved_pct)),
        ("Prorata temporis", pct(None if d.prorata is None else d.prorata * 100)),
    ], width))  # fmt: skip
    story += [Paragraph("Alertes", st["h2"]), *alerts_block(d)]
    story += [Paragraph("Avancement par lot et par entreprise", st["h2"]), lots_table(d, width)]
    story += forecast_block(d.forecasts, width)
    story += training_block(d.trainings, width)
    story.append(CondPageBreak(8 * cm))
    story += [Paragraph("Heures cumulées, objectif et prorata temporis", st["h2"]),
              cumulative_chart(d.series.months, d.series.cumulated, d.series.expected, d.series.objective,
                               width)]  # fmt: skip
    chart = publics_chart(d, width)
    story.append(KeepTogether([Paragraph("Personnes en parcours", st["h2"]), publics_table(d, width),
                               *([Spacer(1, 4), chart] if chart is not None else [])]))  # fmt: skip
    story.append(Paragraph(MASK_NOTE.format(n=d.publics_total["women"].threshold), st["small"]))
    story.append(KeepTogether([Paragraph("Heures par modalité", st["h2"]),
                               splits_table("Modalité", d.by_modality, width), Spacer(1, 4),
                               bar_chart([s.label for s in d.by_modality],
                                         [float(s.cumulated) for s in d.by_modality], width,
                                         unit=" h", title="Heures cumulées par modalité")]))  # fmt: skip
    story.append(KeepTogether([Paragraph("Heures par type de contrat", st["h2"]),
                               splits_table("Type de contrat", d.by_contract_type, width)]))  # fmt: skip
    story.append(Spacer(1, 6))
    story.append(Paragraph(
        "Heures comptées : heures travaillées sur le lot, plus les heures de formation et de tutorat quand "
        "le lot les admet ; la sous-traitance compte si le lot le prévoit, aux heures déclarées ou en "
        "montant converti en heures (règle indiquée sous chaque lot). "
        f"Prorata temporis : part de la durée du lot écoulée au {date_fr(d.on)}.", st["small"],
    ))  # fmt: skip
    story += recruitment_block(d, width)
    return story


def write_dashboard(path: Path, d: Dashboard) -> Path:
    """Write one marché's dashboard to `path` (atomic)."""
    info = DocumentInfo(
        title=f"Tableau de bord {d.market_ref} – {month_label(d.month)}",
        organisation=d.organisation,
        subject=f"Clause sociale du marché {d.market_ref}",
    )
    return build_pdf(path, dashboard_story(d, content_width(info)), info)


def write_buyer_dashboard(path: Path, buyer: str, month: str, dashboards: Sequence[Dashboard]) -> Path:
    """One document for a buyer: a summary of its marchés, then each marché's dashboard."""
    st = styles()
    organisation = dashboards[0].organisation if dashboards else {}
    info = DocumentInfo(title=f"Tableau de bord {buyer} – {month_label(month)}", organisation=organisation)
    width = content_width(info)
    plural = "s" if len(dashboards) > 1 else ""
    subtitle = f"Donneur d'ordre : {escape(buyer)} · {len(dashboards)} marché{plural} actif{plural}"
    story: list[Flowable] = [
        Paragraph(f"Tableau de bord – {month_label(month)}", st["title"]),
        Paragraph(subtitle, st["subtitle"]),
    ]
    rows: list[list[Any]] = [["Marché", "Objectif", "Ce mois", "Cumul", "Réalisé", "Prorata", "Alertes"]]
    for d in dashboards:
        rows.append([Paragraph(f"<b>{escape(d.market_ref)}</b> – {escape(d.market_title)}", st["cell"]),
                     h(d.objective), h(d.month_hours), h(d.cumulated), pct(d.achieved_pct),
                     pct(None if d.prorata is None else d.prorata * 100), str(len(d.alerts))])  # fmt: skip
    objective = sum((d.objective for d in dashboards), Decimal(0))
    cumulated = sum((d.cumulated for d in dashboards), Decimal(0))
    rows.append(["Total des marchés", h(objective), h(sum((d.month_hours for d in dashboards), Decimal(0))),
                 h(cumulated), pct(cumulated * 100 / objective if objective else None), "",
                 str(sum(len(d.alerts) for d in dashboards))])  # fmt: skip
    fixed = [1.9 * cm] * 6
    story.append(data_table(rows, [width - sum(fixed), *fixed], numeric=[1, 2, 3, 4, 5, 6],
                            bold_rows=[len(rows) - 1]))  # fmt: skip
    story += buyer_recruitment(dashboards, width)
    for d in dashboards:
        story.append(PageBreak())
        story += dashboard_story(d, width)
    return build_pdf(path, story, info)


def buyer_recruitment(dashboards: Sequence[Dashboard], width: float) -> list[Flowable]:
    """One line per marché with job offers (an offer may serve several marchés: no total); nothing without."""
    with_offers = [(d, d.recruitment) for d in dashboards if d.recruitment is not None]
    if not with_offers:
        return []
    st = styles()
    rows: list[list[Any]] = [["Marché", "Offres", "Ouvertes", "Postes ouverts", "Candidatures", "Retenues"]]
    for d, r in with_offers:
        rows.append([Paragraph(f"<b>{escape(d.market_ref)}</b> – {escape(d.market_title)}", st["cell"]),
                     str(r.total.offers_opened), str(r.open_offers), str(r.open_posts),
                     str(r.month.applications), str(r.month.retained)])  # fmt: skip
    fixed = [1.7 * cm, 1.9 * cm, 2.5 * cm, 2.5 * cm, 2.0 * cm]
    return [
        KeepTogether([Paragraph("Recrutement", st["h2"]),
                      data_table(rows, [width - sum(fixed), *fixed], numeric=[1, 2, 3, 4, 5])]),
        Paragraph(
            "Offres d'emploi publiées depuis la première ; offres et postes encore ouverts en fin de mois ; "
            "candidatures proposées et personnes retenues dans le mois. Détail à la page de chaque marché.",
            st["small"],
        ),
    ]  # fmt: skip
