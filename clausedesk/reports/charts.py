"""Charts of the dashboards (reportlab graphics): axes from zero, grey levels, dashes and value labels.

Readable in black and white: the lines differ by thickness and dash pattern, the bars by grey level,
and every bar carries its value.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from clausedesk.core.formatting import number
from clausedesk.reports.pdf_base import FONT, FONT_BOLD, GREY, GREY_DARK, INK, register_fonts

BAR_GREYS = [colors.HexColor(c) for c in ("#3F4A5A", "#7B8794", "#A7B1BC", "#CBD2D9", "#52606D", "#E4E7EB")]


def _nice_max(value: float) -> float:
    """A round axis maximum above `value` (1, 2, 2.5, 5 × 10^n)."""
    if value <= 5:
        return 5.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = step * magnitude
        if top >= value * 1.08:
            return float(top)
    return float(10 * magnitude)


def _axis_label(value: float) -> str:
    return number(Decimal(str(value)), 0)


def _short_month(month: str) -> str:
    return f"{month[5:7]}/{month[2:4]}"


def cumulative_chart(
    months: Sequence[str],
    realised: Sequence[Decimal],
    expected: Sequence[Decimal],
    objective: Decimal,
    width: float,
    height: float = 180,
) -> Drawing:
    """Cumulated hours realised against the objective and the prorata temporis, month by month."""
    register_fonts()
    drawing = Drawing(width, height)
    chart = HorizontalLineChart()
    chart.x, chart.y = 48, 42
    chart.width, chart.height = width - 60, height - 62
    data_realised = [float(v) for v in realised]
    data_expected = [float(v) for v in expected]
    data_objective = [float(objective)] * len(months)
    chart.data = [data_objective, data_expected, data_realised]
    top = _nice_max(max([*data_realised, *data_expected, float(objective), 1.0]))
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = top
    chart.valueAxis.valueStep = top / 5
    chart.valueAxis.labelTextFormat = _axis_label
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.gridStrokeColor = colors.HexColor("#E4E7EB")
    chart.valueAxis.visibleGrid = True
    step = max(1, (len(months) + 11) // 12)
    last = len(months) - 1  # always labelled; the regular label just before it would touch it
    chart.categoryAxis.categoryNames = [_short_month(m) if i == last or (i % step == 0 and last - i >= step)
                                        else "" for i, m in enumerate(months)]  # fmt: skip
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 0
    styles = [  # objective: thin dashed; prorata: medium dotted; realised: thick solid, with markers
        (GREY_DARK, 0.8, [5, 3]),
        (GREY, 1.4, [1.5, 2]),
        (INK, 2.2, None),
    ]
    for i, (colour, w, dash) in enumerate(styles):
        chart.lines[i].strokeColor = colour
        chart.lines[i].strokeWidth = w
        chart.lines[i].strokeDashArray = dash
    drawing.add(chart)
    legend = [
        (styles[2], "Heures réalisées (cumul)"),
        (styles[1], "Attendu au prorata temporis"),
        (styles[0], f"Objectif : {number(objective, 0)} h"),
    ]
    x = 48.0
    for (colour, w, dash), text in legend:  # drawn by hand so the dash patterns show in the legend
        drawing.add(Line(x, 14, x + 22, 14, strokeColor=colour, strokeWidth=w, strokeDashArray=dash))
        drawing.add(String(x + 27, 11.5, text, fontName=FONT, fontSize=7.5, fillColor=INK))
        x += 27 + stringWidth(text, FONT, 7.5) + 18
    drawing.add(String(4, height - 10, "Heures", fontName=FONT, fontSize=7, fillColor=GREY_DARK))
    return drawing


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    width: float,
    *,
    value_labels: Sequence[str] | None = None,
    unit: str = "",
    title: str = "",
) -> Drawing:
    """Horizontal bars (one per label) in grey levels, each with its value written beside it.

    `value_labels` replaces the printed values (e.g. "< 5" for a masked count drawn at zero).
    """
    register_fonts()
    if not labels:  # nothing to draw yet: one empty bar keeps the axes (and reportlab) happy
        labels, values, value_labels = [""], [0.0], ["aucune heure"]
    n = len(labels)
    bar_space = 17
    height = 30 + n * bar_space + (14 if title else 0)
    drawing = Drawing(width, height)
    label_width = min(190, width * 0.45)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 18
    chart.width, chart.height = width - label_width - 50, n * bar_space
    chart.data = [[float(v) for v in values] or [0.0]]
    top = _nice_max(max([*(float(v) for v in values), 1.0]))
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = top
    chart.valueAxis.valueStep = top / 4
    chart.valueAxis.labelTextFormat = _axis_label
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#E4E7EB")
    chart.categoryAxis.categoryNames = list(reversed(labels)) if labels else [""]
    chart.data = [list(reversed(chart.data[0]))]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.bars.strokeColor = INK
    chart.bars.strokeWidth = 0.3
    chart.barWidth = 10
    chart.groupSpacing = 7
    for i in range(n):
        chart.bars[(0, i)].fillColor = BAR_GREYS[(n - 1 - i) % len(BAR_GREYS)]
    texts = list(value_labels) if value_labels is not None else [
        f"{number(Decimal(str(v)), 0)}{unit}" for v in values
    ]  # fmt: skip
    chart.barLabelArray = [list(reversed(texts))]
    chart.barLabelFormat = "values"
    chart.barLabels.fontName = FONT_BOLD
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    if title:
        drawing.add(String(0, height - 10, title, fontName=FONT_BOLD, fontSize=8, fillColor=INK))
    return drawing
