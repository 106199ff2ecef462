"""Shared PDF layout: embedded DejaVu Sans, organisation header and logo, "Page 1 / 3" footer, tables.

Every ClauseDesk PDF (dashboards, bilans, offer sheets, comité) is built with `build_pdf`, which
writes atomically (temporary file, then rename): an error never leaves half a document behind.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table, TableStyle

from clausedesk.core.files import MAX_LOGO, check_input
from clausedesk.core.formatting import date_fr
from clausedesk.reports.atomic import atomic_path

log = logging.getLogger("clausedesk.reports")

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONTS_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"

INK = colors.HexColor("#1F2933")
GREY_DARK = colors.HexColor("#3F4A5A")
GREY = colors.HexColor("#9AA5B1")
GREY_LIGHT = colors.HexColor("#E4E7EB")
GREY_PALE = colors.HexColor("#F5F7FA")
ALERT = colors.HexColor("#B42318")

_registered = False


def register_fonts() -> None:
    """Register DejaVu Sans (regular, bold) once per process; it draws U+202F and every French letter."""
    global _registered
    if _registered:
        return
    pdfmetrics.registerFont(TTFont(FONT, str(FONTS_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONTS_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
    _registered = True


@cache
def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles of every document (DejaVu Sans, dark ink); built once, never to be modified
    (derive a new ParagraphStyle with `parent=` instead)."""
    register_fonts()
    base = ParagraphStyle("corps", fontName=FONT, fontSize=9, leading=12, textColor=INK)
    return {
        "body": base,
        "small": ParagraphStyle("petit", parent=base, fontSize=7.5, leading=9.5, textColor=GREY_DARK),
        "title": ParagraphStyle("titre", parent=base, fontName=FONT_BOLD, fontSize=16, leading=20,
                                spaceAfter=2),  # fmt: skip
        "subtitle": ParagraphStyle("sous-titre", parent=base, fontSize=10.5, leading=14, textColor=GREY_DARK,
                                   spaceAfter=8),  # fmt: skip
        "h2": ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=11.5, leading=15, spaceBefore=10,
                             spaceAfter=5),  # fmt: skip
        "h3": ParagraphStyle("h3", parent=base, fontName=FONT_BOLD, fontSize=9.5, leading=12, spaceBefore=6,
                             spaceAfter=3),  # fmt: skip
        "cell": ParagraphStyle("cellule", parent=base, fontSize=8, leading=10),
        "cell_bold": ParagraphStyle("cellule-gras", parent=base, fontName=FONT_BOLD, fontSize=8, leading=10),
        "cell_indent": ParagraphStyle("cellule-retrait", parent=base, fontSize=8, leading=10, leftIndent=9),
        "cell_right": ParagraphStyle("cellule-droite", parent=base, fontSize=8, leading=10,
                                     alignment=TA_RIGHT),  # fmt: skip
        "alert": ParagraphStyle("alerte", parent=base, fontSize=8.5, leading=11, textColor=ALERT),
    }


@dataclass
class DocumentInfo:
    """What the page template prints around the content."""

    title: str  # PDF metadata and running header
    organisation: dict[str, str] = field(default_factory=dict)
    subject: str = ""
    landscape: bool = False
    printed_on: date = field(default_factory=date.today)


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """A canvas that knows the page count at the end, for "Page 1 / 3"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab API)
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved)
        for state in self._saved:
            self.__dict__.update(state)
            self._draw_page_number(total)
            super().showPage()
        super().save()

    def _draw_page_number(self, total: int) -> None:
        width = self._pagesize[0]
        self.setFont(FONT, 7.5)
        self.setFillColor(GREY_DARK)
        self.drawRightString(width - 1.5 * cm, 1.0 * cm, f"Page {self._pageNumber} / {total}")


def _draw_frame(info: DocumentInfo) -> Any:
    def draw(canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = doc.pagesize
        org = info.organisation
        canvas.saveState()
        x = 1.5 * cm
        top = height - 1.2 * cm
        logo = (org.get("organisation_logo") or "").strip()
        if logo:
            try:
                check_input(Path(logo), MAX_LOGO, "Le logo")  # never an endless or huge file
                canvas.drawImage(logo, x, top - 1.3 * cm, width=3 * cm, height=1.3 * cm,
                                 preserveAspectRatio=True, anchor="sw", mask="auto")  # fmt: skip
                x += 3.3 * cm
            except Exception:  # a missing or unreadable logo must not stop the document
                log.warning("logo not drawn: %s", logo)
        canvas.setFillColor(INK)
        canvas.setFont(FONT_BOLD, 9.5)
        name = org.get("organisation_name") or "Facilitation des clauses sociales"
        canvas.drawString(x, top - 0.35 * cm, name)
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(GREY_DARK)
        lines = [line for line in (org.get("organisation_address") or "").splitlines() if line.strip()][:2]
        facilitator = org.get("facilitator_name")
        if facilitator:
            lines.append(f"Facilitateur : {facilitator}")
        for i, line in enumerate(lines[:3]):
            canvas.drawString(x, top - (0.75 + 0.33 * i) * cm, line)
        canvas.drawRightString(width - 1.5 * cm, top - 0.35 * cm, info.title)
        canvas.drawRightString(width - 1.5 * cm, top - 0.75 * cm, f"Édité le {date_fr(info.printed_on)}")
        canvas.setStrokeColor(GREY)
        canvas.setLineWidth(0.6)
        canvas.line(1.5 * cm, top - 1.55 * cm, width - 1.5 * cm, top - 1.55 * cm)
        canvas.line(1.5 * cm, 1.45 * cm, width - 1.5 * cm, 1.45 * cm)
        canvas.setFont(FONT, 7.5)
        canvas.drawString(1.5 * cm, 1.0 * cm, "ClauseDesk – clauses sociales d'insertion")
        canvas.restoreState()

    return draw


def page_size(info: DocumentInfo) -> tuple[float, float]:
    size = landscape(A4) if info.landscape else A4
    return float(size[0]), float(size[1])


def content_width(info: DocumentInfo) -> float:
    return float(page_size(info)[0] - 3 * cm)


def build_pdf(path: Path, story: Sequence[Flowable], info: DocumentInfo) -> Path:
    """Lay `story` out on A4 pages with the organisation header and page numbers, written atomically."""
    register_fonts()
    size = page_size(info)
    with atomic_path(path) as tmp:
        doc = BaseDocTemplate(
            str(tmp), pagesize=size, title=info.title, subject=info.subject,
            author=info.organisation.get("organisation_name") or "ClauseDesk", creator="ClauseDesk",
            leftMargin=1.5 * cm, rightMargin=1.5 * cm, topMargin=3.0 * cm, bottomMargin=1.9 * cm,
        )  # fmt: skip
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="corps",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)  # fmt: skip
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_draw_frame(info))])
        doc.build(list(story), canvasmaker=_NumberedCanvas)
    return Path(path)


def data_table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    numeric: Sequence[int] = (),
    header_rows: int = 1,
    bold_rows: Sequence[int] = (),
    shaded_rows: Sequence[int] = (),
    alert_cells: Sequence[tuple[int, int]] = (),
) -> Table:
    """A ruled table: grey header, numbers right-aligned, light rules, optional bold/total rows.

    Cells may be strings or Paragraphs (wrapped text). Repeats its header on each page.
    """
    register_fonts()
    table = Table([list(r) for r in rows], colWidths=list(widths), repeatRows=header_rows)
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, 8),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONT", (0, 0), (-1, header_rows - 1), FONT_BOLD, 7.5),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), GREY_LIGHT),
        ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, GREY_DARK),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.25, GREY),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for col in numeric:
        style.append(("ALIGN", (col, 0), (col, -1), "RIGHT"))
    for row in bold_rows:
        style.append(("FONT", (0, row), (-1, row), FONT_BOLD, 8))
    for row in shaded_rows:
        style.append(("BACKGROUND", (0, row), (-1, row), GREY_PALE))
    for col, row in alert_cells:
        style.append(("TEXTCOLOR", (col, row), (col, row), ALERT))
        style.append(("FONT", (col, row), (col, row), FONT_BOLD, 8))
    table.setStyle(TableStyle(style))
    return table


def key_figures(items: Sequence[tuple[str, str]], width: float) -> Table:
    """A row of boxed key figures: (label, value) pairs, value large and bold."""
    register_fonts()
    st = styles()
    value_style = ParagraphStyle("chiffre", parent=st["body"], fontName=FONT_BOLD, fontSize=13, leading=16)
    label_style = ParagraphStyle("libelle", parent=st["small"])
    cells = [
        [Paragraph(value, value_style) for _, value in items],
        [Paragraph(label, label_style) for label, _ in items],
    ]
    table = Table(cells, colWidths=[width / len(items)] * len(items))
    table.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 0.6, GREY),
        ("INNERGRID", (0, 0), (-1, -1), 0, colors.white),
        ("LINEAFTER", (0, 0), (-2, -1), 0.6, GREY),
        ("BACKGROUND", (0, 0), (-1, -1), GREY_PALE),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 1), (-1, 1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
    ]))  # fmt: skip
    return table


def escape(text: str | None) -> str:
    """Text safe inside a Paragraph (reportlab reads a small XML dialect)."""
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
