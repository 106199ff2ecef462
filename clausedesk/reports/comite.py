"""The comité départemental document (PDF): key figures, coverage by EPCI, late facilitators, every table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from clausedesk.core.formatting import date_fr, hours, month_label, number
from clausedesk.reports.atomic import atomic_path
from clausedesk.sync.comite_figures import ComparisonRow
from clausedesk.sync.consolidation import Indicator, Late
from clausedesk.sync.coverage import Coverage

FONTS = Path(__file__).resolve().parent.parent / "resources" / "fonts"
REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"


def _register_fonts() -> None:
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))


def _styles() -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=BOLD, fontSize=16, leading=20, spaceAfter=4 * mm),
        "h2": ParagraphStyle(
            "h2", fontName=BOLD, fontSize=11.5, leading=14, spaceBefore=4 * mm, spaceAfter=2 * mm
        ),
        "body": ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=12),
        "small": ParagraphStyle("small", fontName=REGULAR, fontSize=7.5, leading=10, textColor=colors.grey),
    }


def _cell(value: Any, threshold: int) -> str:
    if value is None:
        return f"< {threshold}"
    if isinstance(value, Decimal):
        return hours(value)
    if isinstance(value, int):
        return number(value)
    return str(value)


def _table(rows: list[list[str]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 8.5),
                ("FONT", (0, 0), (-1, 0), BOLD, 8.5),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde6f0")),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f4f6f8")]),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#4a6785")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )  # fmt: skip
    )
    return table


def _signed(value: Decimal | int, kind: str) -> str:
    magnitude: Decimal | int = -value if value < 0 else value
    text = hours(magnitude) if kind == "hours" else number(int(magnitude))
    return ("+" if value > 0 else "\u2212" if value < 0 else "") + text


def _comparison(rows: Sequence[ComparisonRow], year: int, threshold: int, width: float,
                st: dict[str, ParagraphStyle], title: str = "Indicateurs du comité",
                ) -> list[Any]:  # fmt: skip
    """The year-on-year table: each indicator with N, N-1, the difference and its definition."""
    detail = ParagraphStyle("detail", parent=st["body"], leftIndent=4 * mm, fontSize=8.5)
    small = ParagraphStyle("definition", parent=st["small"], fontSize=7, leading=8.6, textColor=colors.black)
    table: list[list[Any]] = [["Indicateur", f"{year}", f"{year - 1}", "Écart", "Définition"]]
    for row in rows:
        label = Paragraph(("dont " if row.detail else "") + row.label, detail if row.detail else st["body"])
        if row.kind == "title":
            cells = ["", "", ""]
        else:
            cells = [_cell(row.current, threshold), _cell(row.previous, threshold),
                     "" if row.diff is None else _signed(row.diff, row.kind)]  # fmt: skip
        table.append([label, *cells, Paragraph(row.definition, small) if row.definition else ""])
    widths = [width * 0.3, width * 0.11, width * 0.11, width * 0.1, width * 0.38]
    grid = _table(table, widths)
    grid.setStyle(TableStyle([("ALIGN", (4, 0), (4, -1), "LEFT")]))
    return [
        Paragraph(f"{title} : {year} comparé à {year - 1}", st["h2"]),
        grid,
        Paragraph(
            f"Écart : {year} moins {year - 1}. Un effectif de personnes inférieur à {threshold} est masqué "
            "(« < "
            f"{threshold} ») et son écart n'est pas donné.",
            st["small"],
        ),  # fmt: skip
    ]


def _target(target: dict[str, Any], width: float, st: dict[str, ParagraphStyle]) -> list[Any]:
    """The year's funders' target: hours against the prorata of the year elapsed, and each public's share."""
    pct = target["progress_pct"]
    rows = [
        ["Objectif", "Visé", "Attendu au prorata", "Réalisé", "Avancement"],
        ["Heures d'insertion", hours(target["hours"]), hours(target["expected_hours"]),
         hours(target["hours_done"]), "—" if pct is None else f"{number(pct, 1)} %"],
    ]  # fmt: skip
    for code, share in target["publics"].items():
        goal = f"{number(share['target_pct'], 1)} %"
        done = "—" if share["done_pct"] is None else f"{number(share['done_pct'], 1)} %"
        rows.append([f"Part des heures : {code}", goal, "", hours(share["hours_done"]), done])
    elapsed = number(target["prorata"] * 100, 1)
    return [
        Paragraph(f"Objectif des financeurs {target['year']}", st["h2"]),
        _table(rows, [width * 0.28, width * 0.14, width * 0.24, width * 0.17, width * 0.17]),
        Paragraph(
            f"Part de l'année écoulée : {elapsed} % ; attendu au prorata = objectif × part écoulée. "
            "La part d'un public est celle des heures réalisées par les personnes de ce public à l'entrée "
            f"({'en avance ou à jour' if target['on_track'] else 'en retard'} sur le prorata).",
            st["small"],
        ),
    ]


def _coverage(found: Coverage, width: float, st: dict[str, ParagraphStyle]) -> list[Any]:
    """The department's EPCIs: facilitators, marchés, the period's hours, last package, zones blanches."""
    departments = ", ".join(f"{name} ({code})" for code, name in found.departments)
    cell = ParagraphStyle("coverage", parent=st["body"], fontSize=8, leading=10)
    head = ParagraphStyle("coverage_head", parent=cell, fontName=BOLD)
    rows: list[list[Any]] = [[Paragraph(text, head) for text in (
        "EPCI", "Facilitateurs", "Marchés (suivis)", "Heures", "Dernier paquet", "Couverture")]]  # fmt: skip
    for e in found.epcis:
        state = f"Zone blanche : {e.reason}" if e.zone_blanche else "Couvert"
        who = ", ".join(e.facilitators) or "—"
        rows.append([Paragraph(f"{e.name} ({e.code})", cell), Paragraph(who, cell),
                     f"{number(e.markets)} ({number(e.markets_followed)})", hours(e.hours_total),
                     month_label(e.last_package_month) if e.last_package_month else "—",
                     Paragraph(state, cell)])  # fmt: skip
    grid = _table(rows, [width * 0.25, width * 0.14, width * 0.12, width * 0.1, width * 0.14, width * 0.25])
    style = [("ALIGN", (5, 0), (5, -1), "LEFT"), ("ALIGN", (1, 0), (1, -1), "LEFT")]
    style += [("TEXTCOLOR", (5, i), (5, i), colors.HexColor("#b71c1c"))
              for i, e in enumerate(found.epcis, start=1) if e.zone_blanche]  # fmt: skip
    grid.setStyle(TableStyle(style))
    blanks = len(found.zones_blanches)
    return [
        Paragraph("Couverture du département par EPCI et zones blanches", st["h2"]),
        Paragraph(
            f"{departments} : {number(len(found.epcis))} EPCI, dont {number(blanks)} "
            f"{'zone blanche' if blanks < 2 else 'zones blanches'}. Zone blanche : EPCI sans facilitateur, "
            "ou "
            f"avec des marchés mais sans paquet depuis {found.months} mois ou plus (mois attendu : "
            f"{month_label(found.expected_month)}). Heures de la période par lieu du marché (commune de "
            f"son opération) ; heures sans lieu : {hours(found.hours_without_place)}.",
            st["small"],
        ),
        grid,
    ]


def write_comite_pdf(
    path: Path,
    month: str,
    figures: dict[str, Any],
    tables: Sequence[Indicator],
    late: Sequence[Late],
    threshold: int,
    department: str = "",
    first: str | None = None,
    comparison: Sequence[ComparisonRow] = (),
    targets: Sequence[dict[str, Any]] = (),
    coverage: Coverage | None = None,
) -> Path:
    """Write the comité PDF atomically: figures cumulated up to `month`, or, with `first`, those of the
    months `first`..`month` compared with the same months a year before (`comparison`)."""
    _register_fonts()
    st = _styles()
    width = A4[0] - 36 * mm
    scope = f"cumul jusqu'à {month_label(month)}"
    if first is not None:
        scope = f"de {month_label(first)} à {month_label(month)}, comparé à l'année précédente"
    story: list[Any] = [
        Paragraph("Comité départemental des clauses sociales", st["title"]),
        Paragraph(
            f"{department + ' — ' if department else ''}Consolidation des facilitateurs, {scope}. "
            f"Document établi le {date_fr(date.today())}.",
            st["body"],
        ),  # fmt: skip
    ]
    if comparison and first is not None:
        story += _comparison(comparison, int(first[:4]), threshold, width, st)
    for target in targets:
        story += _target(target, width, st)
    if coverage is not None and coverage.epcis:
        story += _coverage(coverage, width, st)
    story.append(Paragraph("Chiffres clés" if first is None else "Autres chiffres", st["h2"]))
    key_rows = [
        ["Indicateur", "Valeur"],
        ["Heures d'insertion réalisées", hours(figures["hours_total"])],
        ["Heures d'insertion prévues (lots suivis)", hours(figures["hours_planned"])],
        ["Personnes en emploi (comptées une fois)", number(figures["participants"])],
        ["Marchés suivis", number(figures["markets"])],
        ["Entreprises ayant déclaré des heures", number(figures["companies"])],
        ["Donneurs d'ordre", number(figures["buyers"])],
        ["Comités départementaux tenus", number(figures["committee_meetings"])],
        [
            "Facilitateurs inscrits / paquets intégrés",
            f"{number(figures['facilitators'])} / {number(figures['packages'])}",
        ],
    ]
    story.append(_table(key_rows, [width * 0.7, width * 0.3]))
    if late:
        story.append(Paragraph("Facilitateurs en retard", st["h2"]))
        rows = [["Facilitateur", "Dernier mois reçu", "Mois attendu"]]
        rows += [
            [x.name, month_label(x.last_period) if x.last_period else "aucun", month_label(x.expected)]
            for x in late
        ]
        story.append(_table(rows, [width * 0.5, width * 0.25, width * 0.25]))
    for table in tables:
        n = len(table.columns)
        label_width = width * (0.6 if n == 2 else 0.5)
        rest = (width - label_width) / max(n - 1, 1)
        rows = [[c or "" for c in table.columns]]
        rows += [[_cell(v, threshold) for v in row] for row in table.rows] or [
            ["Aucune donnée"] + [""] * (n - 1)
        ]
        rows = [[Paragraph(r[0], st["body"]) if i else r[0], *r[1:]] for i, r in enumerate(rows)]
        story.append(
            KeepTogether([Paragraph(table.title, st["h2"]), _table(rows, [label_width] + [rest] * (n - 1))])
        )
    story += [
        Spacer(1, 4 * mm),
        Paragraph(
            f"Les effectifs de personnes inférieurs à {threshold} sont masqués (« < {threshold} ») pour "
            "qu'aucune personne ne puisse être reconnue. Les personnes suivies par plusieurs facilitateurs "
            "sont comptées une seule fois (pseudonyme départemental). Les données de santé (RQTH, AAH, "
            "invalidité) ne sont jamais transmises par personne.",
            st["small"],
        ),  # fmt: skip
    ]

    def _footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(REGULAR, 7.5)
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"Page {doc.page}")
        when = month_label(month) if first is None else f"{month_label(first)} – {month_label(month)}"
        canvas.drawString(18 * mm, 10 * mm, f"ClauseDesk — comité départemental — {when}")
        canvas.restoreState()

    with atomic_path(Path(path)) as tmp:
        doc = SimpleDocTemplate(
            str(tmp), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
            bottomMargin=18 * mm, title="Comité départemental des clauses sociales", author="ClauseDesk",
        )  # fmt: skip
        doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return Path(path)
