"""The « Prévision à la fin des lots » section of the dashboards: pace, forecast, gap, penalty at stake."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, Paragraph

from clausedesk.core.formatting import date_fr, hours, money
from clausedesk.core.services.forecast import PACE_MONTHS, LotForecast
from clausedesk.reports.pdf_base import data_table, escape, styles


def _h(value: Decimal) -> str:
    return hours(value.quantize(Decimal("1")), 0)


def forecast_block(forecasts: Sequence[LotForecast], width: float, *, with_market: bool = False
                   ) -> list[Flowable]:  # fmt: skip
    """A table of the running lots' forecasts; the lots forecast short are flagged. Nothing without a lot."""
    if not forecasts:
        return []
    st = styles()
    rows: list[list[Any]] = [["Lot", "Fin", "Objectif", "Réalisé", "Par mois", "Prévu à la fin",
                              "Manque", "Pénalités"]]  # fmt: skip
    alerts = []
    for f in forecasts:
        x = f.figures
        label = f"{escape(f.market_ref)} – lot " if with_market else "Lot "
        rows.append([Paragraph(label + escape(f.lot_number), st["cell"]), date_fr(f.end), _h(x.objective),
                     _h(x.realised + x.allocated),
                     _h(x.pace), _h(x.forecast_at_end), _h(x.gap) if x.short else "–",
                     "–" if x.penalty_at_stake is None else money(x.penalty_at_stake)])  # fmt: skip
        if x.short:
            alerts.append((6, len(rows) - 1))
    stakes = [f.figures.penalty_at_stake for f in forecasts if f.figures.penalty_at_stake is not None]
    bold = []
    if stakes:
        rows.append(["Total", "", "", "", "", "", "", money(sum(stakes, Decimal(0)))])
        bold.append(len(rows) - 1)
    fixed = [1.9 * cm, 1.8 * cm, 1.8 * cm, 1.7 * cm, 2.4 * cm, 1.8 * cm, 2.5 * cm]
    table = data_table(rows, [width - sum(fixed), *fixed], numeric=[2, 3, 4, 5, 6, 7], bold_rows=bold,
                       alert_cells=alerts)  # fmt: skip
    note = Paragraph(
        f"Prévision : heures réalisées, plus le rythme moyen des {PACE_MONTHS} derniers mois (ou des mois "
        "écoulés depuis le début du lot) prolongé jusqu'à sa fin ; un lot sans heure récente garde ses "
        "heures réalisées. Pénalités en jeu : heures manquantes × pénalité par heure fixée par le marché, "
        "quand il en fixe une.",
        st["small"],
    )
    return [KeepTogether([Paragraph("Prévision à la fin des lots", st["h2"]), table]), note]
