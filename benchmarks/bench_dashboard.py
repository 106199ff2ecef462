"""Benchmark: one marché's monthly dashboard at decade scale vs reportlab alone, and a month's batch.

Build the store once: `CLAUSEDESK_PASSPHRASE=x uv run clausedesk --data-dir /tmp/bench-decade demo --scale
decade`, then `CLAUSEDESK_PASSPHRASE=x uv run python benchmarks/bench_dashboard.py /tmp/bench-decade`.

The baseline is bare reportlab laying out the SAME document: the same paragraphs, key figures, lots
table, publics and splits tables, cumulative line chart and bar charts, recruitment tables (when the
marché has job offers), in DejaVu Sans, with a page header and numbered footer, from numbers and strings
computed once before timing. The ratio
(ClauseDesk / baseline) therefore measures what ClauseDesk adds: opening a session, the queries, the
figures and the assembly of the story (target ≤ 1.5). The month's batch is timed once.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from clausedesk.core.formatting import date_fr, hours, month_label, number
from clausedesk.core.services import documents
from clausedesk.core.services.dashboard import PUBLICS, Dashboard, active_market_refs, market_dashboard
from clausedesk.db.store import Store
from clausedesk.paths import Paths
from clausedesk.reports.pdf_base import register_fonts

MONTH = "2026-09"
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
GRID = colors.HexColor("#E4E7EB")


# -- the baseline: numbers and strings prepared once, then bare reportlab ---------------------------


@dataclass
class Precomputed:
    title: str
    heading: str
    figures: list[tuple[str, str]]
    alerts: list[str]
    lots: list[list[str]]
    lot_rows: list[int]
    months: list[str]
    realised: list[float]
    expected: list[float]
    objective: float
    publics: list[list[str]]
    publics_bars: tuple[list[str], list[float], list[str]]
    modality: list[list[str]]
    modality_bars: tuple[list[str], list[float], list[str]]
    contracts: list[list[str]]
    notes: list[str]
    recruitment: list[list[str]]  # empty when the marché has no job offer (no section)
    recruitment_text: str
    rates: list[list[str]]
    rate_groups: list[int]


def _h(value: Decimal | None) -> str:
    return "–" if value is None else hours(value.quantize(Decimal("0.1")))


def _pct(value: Decimal | None) -> str:
    return "–" if value is None else f"{number(value, 0)}\u00a0%"


def _row(label: str, month: object, total: object) -> list[str]:
    return [label, str(month), str(total)]


def precompute(d: Dashboard) -> Precomputed:
    lots = [["Lot / entreprise", "Objectif", "Ce mois", "Cumul", "Réalisé", "Reste", "Prorata", "Situation"]]
    lot_rows = []
    for lot in d.lots:
        lot_rows.append(len(lots))
        prorata = None if lot.prorata is None else lot.prorata * 100
        lots.append(
            [
                f"Lot {lot.number} – {lot.title}",
                _h(lot.objective),
                _h(lot.month),
                _h(lot.cumulated),
                _pct(lot.achieved_pct),
                _h(lot.remaining),
                _pct(prorata),
                "Conforme",
            ]
        )
        lots += [
            [f"&nbsp;&nbsp;&nbsp;{c.name}", _h(c.objective), _h(c.month), _h(c.cumulated), *[""] * 4]
            for c in lot.companies
        ]
    lots.append(
        [
            "Total du marché",
            _h(d.objective),
            _h(d.month_hours),
            _h(d.cumulated),
            _pct(d.achieved_pct),
            _h(d.remaining),
            "",
            "",
        ]
    )
    keys = [k for k, _ in PUBLICS if k != "people"]
    recruitment: list[list[str]] = []
    rates: list[list[str]] = []
    rate_groups: list[int] = []
    r = d.recruitment
    if r is not None:
        days = [f"{number(p.mean_days_to_fill, 1)} j" if p.mean_days_to_fill is not None else "–"
                for p in (r.month, r.total)]  # fmt: skip
        recruitment = [
            ["Offres d'emploi", "Ce mois", "Depuis la 1re offre"],
            _row("Offres publiées", r.month.offers_opened, r.total.offers_opened),
            _row("Postes proposés par ces offres", r.month.posts, r.total.posts),
            _row("Offres pourvues", r.month.offers_filled, r.total.offers_filled),
            _row("Offres annulées", r.month.offers_cancelled, r.total.offers_cancelled),
            _row("Candidatures proposées", r.month.applications, r.total.applications),
            _row("Personnes retenues", r.month.retained, r.total.retained),
            _row("Candidatures par poste", "", number(r.applications_per_post or 0, 1)),
            _row("Délai moyen pour pourvoir une offre", *days),
        ]
        groups = (("Par prescripteur", r.by_prescriber), ("Par public", r.by_category))
        if r.total.applications:  # no rate table without application
            rates = [["Taux de candidats retenus", "Candidatures", "Retenues", "Taux"]]
        for title, lines in groups if rates else ():
            rate_groups.append(len(rates))
            rates.append([title, "", "", ""])
            rates += [[x.label, x.applications.text, x.retained.text, _pct(x.rate)] for x in lines]
            if not lines:
                rates.append(["Aucune candidature", "", "", ""])
    total = sum((s.cumulated for s in d.by_modality), Decimal(0)) or Decimal(1)
    return Precomputed(
        title=f"Tableau de bord {d.market_ref} – {month_label(d.month)}",
        heading=f"<b>{d.market_ref}</b> – {d.market_title}<br/>Donneur d'ordre : {d.buyer}<br/>"
        f"{d.market_kind} · du {date_fr(d.start)} au {date_fr(d.end)}",
        figures=[
            ("Objectif d'heures", _h(d.objective)),
            ("Réalisé ce mois", _h(d.month_hours)),
            ("Réalisé depuis le début", _h(d.cumulated)),
            ("Taux de réalisation", _pct(d.achieved_pct)),
            ("Prorata temporis", _pct(None if d.prorata is None else d.prorata * 100)),
        ],
        alerts=[f"• {a.text}" for a in d.alerts] or ["Aucune alerte ce mois-ci."],
        lots=lots,
        lot_rows=lot_rows,
        months=[f"{m[5:7]}/{m[2:4]}" for m in d.series.months],
        realised=[float(v) for v in d.series.cumulated],
        expected=[float(v) for v in d.series.expected],
        objective=float(d.series.objective),
        publics=[["Publics", "Ce mois", "Depuis le début"]]
        + [[label, d.publics_month[k].text, d.publics_total[k].text] for k, label in PUBLICS],
        publics_bars=(
            [label for k, label in PUBLICS if k != "people"],
            [0.0 if d.publics_total[k].masked else float(d.publics_total[k].value) for k in keys],
            [d.publics_total[k].text for k in keys],
        ),
        modality=[["Modalité", "Ce mois", "Cumul", "Part"]]
        + [[s.label, _h(s.month), _h(s.cumulated), _pct(s.cumulated * 100 / total)] for s in d.by_modality],
        modality_bars=(
            [s.label for s in d.by_modality],
            [float(s.cumulated) for s in d.by_modality],
            [f"{number(s.cumulated, 0)} h" for s in d.by_modality],
        ),
        contracts=[["Type de contrat", "Ce mois", "Cumul", "Part"]]
        + [[s.label, _h(s.month), _h(s.cumulated), ""] for s in d.by_contract_type],
        notes=["Les effectifs inférieurs à 5 personnes sont masqués.", "Heures comptées : travaillées."],
        recruitment=recruitment,
        recruitment_text=f"Au {date_fr(d.on)} : offres ouvertes." if r is not None else "",
        rates=rates,
        rate_groups=rate_groups,
    )


def _table(rows: list[list[Any]], widths: list[float], bold: list[int] = ()) -> Table:  # type: ignore[assignment]
    table = Table(rows, colWidths=widths, repeatRows=1)
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, 8),
        ("FONT", (0, 0), (-1, 0), BOLD, 7.5),
        ("BACKGROUND", (0, 0), (-1, 0), GRID),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    style += [("FONT", (0, r), (-1, r), BOLD, 8) for r in bold]
    table.setStyle(TableStyle(style))
    return table


def _bars(labels: list[str], values: list[float], texts: list[str], width: float) -> Drawing:
    n = max(len(labels), 1)
    drawing = Drawing(width, 44 + n * 17)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 190, 18, width - 240, n * 17
    chart.data = [list(reversed(values)) or [0.0]]
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, max([*values, 1.0]) * 1.2
    chart.valueAxis.labels.fontName = chart.categoryAxis.labels.fontName = FONT
    chart.valueAxis.visibleGrid, chart.valueAxis.gridStrokeColor = True, GRID
    chart.categoryAxis.categoryNames = list(reversed(labels)) or [""]
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.barLabelArray, chart.barLabelFormat = [list(reversed(texts)) or [""]], "values"
    chart.barLabels.fontName, chart.barLabels.boxAnchor = BOLD, "w"
    for i in range(n):
        chart.bars[(0, i)].fillColor = colors.HexColor(("#3F4A5A", "#7B8794", "#A7B1BC")[i % 3])
    drawing.add(chart)
    drawing.add(String(0, 34 + n * 17, "Titre", fontName=BOLD, fontSize=8))
    return drawing


def _lines(p: Precomputed, width: float) -> Drawing:
    drawing = Drawing(width, 180)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 48, 42, width - 60, 118
    chart.data = [[p.objective] * len(p.months), p.expected, p.realised]
    top = max([*p.realised, *p.expected, p.objective, 1.0]) * 1.1
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, top
    chart.valueAxis.labels.fontName = chart.categoryAxis.labels.fontName = FONT
    chart.valueAxis.visibleGrid, chart.valueAxis.gridStrokeColor = True, GRID
    step = max(1, (len(p.months) + 11) // 12)
    chart.categoryAxis.categoryNames = [m if i % step == 0 else "" for i, m in enumerate(p.months)]
    for i, (w, dash) in enumerate(((0.8, [5, 3]), (1.4, [1.5, 2]), (2.2, None))):
        chart.lines[i].strokeWidth, chart.lines[i].strokeDashArray = w, dash
    drawing.add(chart)
    for i, text in enumerate(("Heures réalisées (cumul)", "Attendu au prorata", "Objectif")):
        drawing.add(Line(48 + 150 * i, 14, 70 + 150 * i, 14, strokeWidth=1.4))
        drawing.add(String(75 + 150 * i, 11.5, text, fontName=FONT, fontSize=7.5))
    return drawing


def baseline(path: Path, p: Precomputed) -> None:
    """Bare reportlab: the same content as the dashboard, from the precomputed strings and numbers."""
    body = ParagraphStyle("b", fontName=FONT, fontSize=9, leading=12)
    cell = ParagraphStyle("c", fontName=FONT, fontSize=8, leading=10)
    h2 = ParagraphStyle("h2", fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=10, spaceAfter=5)
    title = ParagraphStyle("t", fontName=BOLD, fontSize=16, leading=20)
    width = A4[0] - 3 * cm

    def page(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(BOLD, 9.5)
        canvas.drawString(1.5 * cm, A4[1] - 1.5 * cm, "Organisation")
        canvas.setFont(FONT, 7.5)
        canvas.drawRightString(A4[0] - 1.5 * cm, A4[1] - 1.5 * cm, p.title)
        canvas.line(1.5 * cm, A4[1] - 2.8 * cm, A4[0] - 1.5 * cm, A4[1] - 2.8 * cm)
        canvas.drawRightString(A4[0] - 1.5 * cm, 1.0 * cm, f"Page {doc.page}")
        canvas.restoreState()

    lots = [[Paragraph(r[0], cell), *r[1:]] if i else r for i, r in enumerate(p.lots)]
    fixed = [1.75 * cm] * 6 + [2.0 * cm]
    figures = Table(
        [[Paragraph(v, title) for _, v in p.figures], [Paragraph(k, cell) for k, _ in p.figures]],
        colWidths=[width / 5] * 5,
    )
    figures.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, colors.grey)]))
    story = [
        Paragraph("Tableau de bord", title),
        Paragraph(p.heading, body),
        figures,
        Paragraph("Alertes", h2),
        *(Paragraph(a, body) for a in p.alerts),
        Paragraph("Avancement par lot et par entreprise", h2),
        _table(lots, [width - sum(fixed), *fixed], [*p.lot_rows, len(lots) - 1]),
        Paragraph("Heures cumulées", h2),
        _lines(p, width),
        Paragraph("Personnes en parcours", h2),
        _table(p.publics, [width - 5.8 * cm, 2.9 * cm, 2.9 * cm], [1]),
        Spacer(1, 4),
        _bars(*p.publics_bars, width),
        Paragraph("Heures par modalité", h2),
        _table(p.modality, [width - 6 * cm] + [2 * cm] * 3),
        Spacer(1, 4),
        _bars(*p.modality_bars, width),
        Paragraph("Heures par type de contrat", h2),
        _table(p.contracts, [width - 6 * cm] + [2 * cm] * 3),
        *(Paragraph(n, cell) for n in p.notes),
    ]
    if p.recruitment:
        story += [
            Paragraph("Recrutement", h2),
            _table(p.recruitment, [width - 6.4 * cm, 3.2 * cm, 3.2 * cm]),
            Spacer(1, 3),
            Paragraph(p.recruitment_text, body),
        ]
        if p.rates:
            story += [Spacer(1, 6), _table(p.rates, [width - 7.2 * cm] + [2.4 * cm] * 3, p.rate_groups)]
        story.append(Paragraph(p.notes[0], cell))
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=3.0 * cm,
        bottomMargin=1.9 * cm,
    )
    doc.build(story, onFirstPage=page, onLaterPages=page)


# -- measurement ------------------------------------------------------------------------------------


def best_of(fns: dict[str, Callable[[], object]], n: int = 9) -> dict[str, float]:
    """Best time of each function over `n` interleaved rounds (interleaving cancels machine drift)."""
    times: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(n):
        for name, fn in fns.items():
            t = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t)
    return {k: min(v) for k, v in times.items()}


def pick_market(store: Store) -> str:
    """The active marché of MONTH with the most lot and company lines: the heaviest ordinary page."""
    with store.session() as s:
        refs = active_market_refs(s, MONTH)
        sizes = []
        for ref in refs[:60]:
            try:
                d = market_dashboard(s, ref, MONTH)
            except Exception:
                continue
            sizes.append((len(d.lots) + sum(len(x.companies) for x in d.lots), ref))
    return max(sizes)[1]


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.gettempdir()) / "bench-decade"
    store = Store.open(Paths(root))
    register_fonts()
    ref = pick_market(store)
    with store.session() as s:
        figures = market_dashboard(s, ref, MONTH)
    pre = precompute(figures)
    out = Path(tempfile.mkdtemp())
    t = best_of(
        {
            "base": lambda: baseline(out / "base.pdf", pre),
            "ours": lambda: documents.market_dashboard_pdf(store.sessions, ref, MONTH, out / "tdb.pdf"),
        }
    )
    lines = len(figures.lots) + sum(len(x.companies) for x in figures.lots)
    print(
        f"marché {ref} ({len(figures.lots)} lot(s), {lines} lignes, {len(figures.series.months)} mois) : "
        f"ClauseDesk {t['ours'] * 1000:.1f} ms, reportlab seul {t['base'] * 1000:.1f} ms, "
        f"ratio {t['ours'] / t['base']:.2f}"
    )
    start = time.perf_counter()
    result = documents.month_batch(store.sessions, MONTH, out / "lot")
    elapsed = time.perf_counter() - start
    print(
        f"clôture de {MONTH} : {len(result.written)} tableaux de bord en {elapsed:.1f} s "
        f"({elapsed / max(len(result.written), 1) * 1000:.0f} ms chacun), {len(result.skipped)} non édités"
    )
    store.close()


if __name__ == "__main__":
    main()
