"""The regional bilan (PDF): figures by department, each department's year on year, the region's indicators.

Landscape A4. Built from a `sync.region_report.RegionReport` (plain values; this module never queries),
with the comité's table helpers (`reports/comite.py`) and the shared definitions beside the figures.
Small counts of people are masked (« < N »); the region's people count each person once.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from clausedesk.core.formatting import date_fr, number
from clausedesk.reports.atomic import atomic_path
from clausedesk.reports.comite import (
    BOLD,
    REGULAR,
    _cell,
    _comparison,
    _register_fonts,
    _signed,
    _styles,
    _table,
)
from clausedesk.sync.comite_figures import SORTIE_KEYS
from clausedesk.sync.region_report import RegionReport

PAGE = landscape(A4)
_SORTIES = {"durable": "Sorties en emploi durable", "transition": "Sorties en emploi de transition",
            "positive": "Sorties positives", "autre": "Autres sorties"}  # fmt: skip


def _rows(report: RegionReport) -> list[tuple[str, str, str, Any]]:
    """(label, definition key, kind, figure picker) of the by-department table, in order."""

    def pick(name: str) -> Any:
        return lambda figures: figures[name]

    def sortie(key: str) -> Any:
        return lambda figures: figures["sorties"][key]

    rows: list[tuple[str, str, str, Any]] = [
        (report.definitions["hours_total"][0], "hours_total", "hours", pick("hours_total")),
        (report.definitions["people"][0], "people", "people", pick("people")),
        (report.definitions["contracts_by_type"][0], "contracts_by_type", "people",
         lambda figures: sum(figures["contracts_by_type"].values())),
    ]  # fmt: skip
    rows += [(_SORTIES[key], "sorties" if key == "durable" else "", "people", sortie(key))
             for key in SORTIE_KEYS.values()]  # fmt: skip
    counts = ("markets_followed", "buyers_met", "federations_met", "comite_meetings")
    rows += [(report.definitions[name][0], name, "count", pick(name)) for name in counts]
    return rows


def _value(kind: str, value: Any, threshold: int) -> Decimal | int | None:
    if kind == "hours":
        return Decimal(str(value)).quantize(Decimal("0.01"))
    count = int(value)
    return None if kind == "people" and 0 < count < threshold else count


def _by_department(report: RegionReport, width: float, st: dict[str, ParagraphStyle]) -> list[Any]:
    names = sorted(report.current)
    small = ParagraphStyle("definition", parent=st["small"], fontSize=7, leading=8.6)
    bold = ParagraphStyle("head", parent=st["body"], fontName=BOLD, fontSize=8.5, leading=10.5)
    right = ParagraphStyle("head-right", parent=bold, alignment=TA_RIGHT)
    header = [Paragraph(name, right) for name in (*names, "Région")]  # a long name wraps in its column
    table: list[list[Any]] = [["Indicateur", *header, Paragraph("Définition", bold)]]
    for label, key, kind, pick in _rows(report):
        cells = [
            _cell(_value(kind, pick(report.current[n]), report.threshold), report.threshold) for n in names
        ]
        total = _cell(_value(kind, pick(report.total), report.threshold), report.threshold)
        definition = Paragraph(report.definitions[key][1], small) if key else ""
        table.append([Paragraph(label, st["body"]), *cells, total, definition])
    label_w, def_w = width * 0.22, width * 0.36
    column = (width - label_w - def_w) / (len(names) + 1)
    grid = _table(table, [label_w, *[column] * (len(names) + 1), def_w])
    grid.setStyle(TableStyle([("ALIGN", (-1, 0), (-1, -1), "LEFT")]))
    return [
        Paragraph(f"Chiffres {report.year} par département", st["h2"]),
        grid,
        Paragraph(
            "Région : une personne qui a travaillé dans deux départements compte une fois (pseudonyme "
            "régional) ; les autres colonnes s'additionnent.",
            st["small"],
        ),
    ]


def _evolution(report: RegionReport, width: float, st: dict[str, ParagraphStyle]) -> list[Any]:
    y, threshold = report.year, report.threshold
    header = ["Département", f"Heures {y}", f"Heures {y - 1}", "Écart", f"Personnes {y}",
              f"Personnes {y - 1}", "Écart"]  # fmt: skip
    table: list[list[Any]] = [header]
    lines = [(n, report.current[n], report.previous.get(n)) for n in sorted(report.current)]
    lines.append(("Région (personnes comptées une fois)", report.total, report.total_previous))
    for name, now, before in lines:
        cells: list[str] = [name]
        for key, kind in (("hours_total", "hours"), ("people", "people")):
            current = _value(kind, now[key], threshold)
            previous = _value(kind, before[key] if before else 0, threshold)
            diff = None if current is None or previous is None else current - previous
            cells += [_cell(current, threshold), _cell(previous, threshold),
                      "" if diff is None else _signed(diff, kind)]  # fmt: skip
        table.append([Paragraph(cells[0], st["body"]), *cells[1:]])
    widths = [width * 0.28] + [width * 0.12] * 6
    return [Paragraph(f"Évolution par département : {y} comparé à {y - 1}", st["h2"]), _table(table, widths)]


def _received(report: RegionReport, width: float, st: dict[str, ParagraphStyle]) -> list[Any]:
    rows = [["Département", "Clé du coordinateur", "Dernier paquet intégré", "Année de ce paquet"]]
    rows += [[r.name, r.key_id, "aucun" if not r.last_sequence else f"n° {r.last_sequence}",
              "" if r.last_year is None else str(r.last_year)] for r in report.received]  # fmt: skip
    grid = _table(rows, [width * 0.34, width * 0.24, width * 0.22, width * 0.2])
    return [KeepTogether([Paragraph("Paquets reçus des départements", st["h2"]), grid])]


def write_region_bilan(path: Path, report: RegionReport) -> Path:
    """Write the regional bilan of `report.year` atomically."""
    _register_fonts()
    st = _styles()
    width = PAGE[0] - 36 * mm
    year = report.year
    departments = len(report.current)
    story: list[Any] = [
        Paragraph("Bilan régional des clauses sociales", st["title"]),
        Paragraph(
            f"{report.region + ' — ' if report.region else ''}Consolidation de {number(departments)} "
            f"département{'s' if departments > 1 else ''}, année {year} comparée à {year - 1}. "
            f"Document établi le {date_fr(date.today())}.",
            st["body"],
        ),
    ]
    story += _by_department(report, width, st)
    story += _evolution(report, width, st)
    story += _comparison(report.comparison, year, report.threshold, width, st, "Indicateurs de la région")
    story += _received(report, width, st)
    story += [
        Spacer(1, 4 * mm),
        Paragraph(
            f"Les effectifs de personnes inférieurs à {report.threshold} sont masqués "
            f"(« < {report.threshold} ») pour qu'aucune personne ne puisse être reconnue. La région "
            "ne reçoit que des enregistrements pseudonymes : ni nom, ni date de naissance, ni numéro "
            "de sécurité sociale ; les données de santé (RQTH, AAH, invalidité) ne sont jamais "
            "transmises par personne.",
            st["small"],
        ),
    ]

    def _footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(REGULAR, 7.5)
        canvas.drawRightString(PAGE[0] - 18 * mm, 10 * mm, f"Page {doc.page}")
        canvas.drawString(18 * mm, 10 * mm, f"ClauseDesk — bilan régional {year}")
        canvas.restoreState()

    with atomic_path(Path(path)) as tmp:
        doc = SimpleDocTemplate(
            str(tmp), pagesize=PAGE, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=14 * mm,
            bottomMargin=18 * mm, title="Bilan régional des clauses sociales", author="ClauseDesk",
        )  # fmt: skip
        doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return Path(path)
