"""The dashboard's figures as HTML for the on-screen preview and quick printing (French formatting)."""

from __future__ import annotations

from html import escape

from clausedesk.core.formatting import date_fr, month_label
from clausedesk.core.services.dashboard import PUBLICS, Dashboard, LotLine
from clausedesk.reports.dashboard_text import (
    RECRUITMENT_NOTE,
    h,
    lot_state,
    open_offers_text,
    pct,
    rate_rows,
    recruitment_rows,
)


def dashboard_html(d: Dashboard) -> str:
    rows = "".join(
        f"<tr><td><b>Lot {escape(x.number)}</b> – {escape(x.title)}</td><td align=right>{h(x.objective)}</td>"
        f"<td align=right>{h(x.month)}</td><td align=right>{h(x.cumulated)}</td>"
        f"<td align=right>{pct(x.achieved_pct)}</td><td align=right>"
        f"{pct(None if x.prorata is None else x.prorata * 100)}</td>"
        f"<td>{_state(x)}</td></tr>"
        for x in d.lots
    )
    publics = "".join(
        f"<tr><td>{escape(label)}</td><td align=right>{escape(d.publics_month[k].text)}</td>"
        f"<td align=right>{escape(d.publics_total[k].text)}</td></tr>"
        for k, label in PUBLICS
    )
    alerts = "".join(f"<li><font color=#B42318>{escape(a.text)}</font></li>" for a in d.alerts) or (
        "<li>Aucune alerte ce mois-ci.</li>"
    )
    return (
        f"<h2>Tableau de bord – {month_label(d.month)}</h2>"
        f"<p><b>{escape(d.market_ref)}</b> – {escape(d.market_title)}<br/>Donneur d'ordre : {escape(d.buyer)}"
        f"<br/>Du {date_fr(d.start)} au {date_fr(d.end)}</p>"
        f"<p>Objectif : <b>{h(d.objective)}</b> · ce mois : <b>{h(d.month_hours)}</b> · cumul : "
        f"<b>{h(d.cumulated)}</b> ({pct(d.achieved_pct)}) · prorata temporis : "
        f"{pct(None if d.prorata is None else d.prorata * 100)}</p>"
        f"<h3>Alertes</h3><ul>{alerts}</ul>"
        "<h3>Lots</h3><table cellspacing=0 cellpadding=3 border=1 width=100%>"
        "<tr><th>Lot</th><th>Objectif</th><th>Ce mois</th><th>Cumul</th><th>Réalisé</th><th>Prorata</th>"
        f"<th>Situation</th></tr>{rows}</table>"
        "<h3>Personnes</h3><table cellspacing=0 cellpadding=3 border=1>"
        f"<tr><th>Publics</th><th>Ce mois</th><th>Depuis le début</th></tr>{publics}</table>"
        f"{_recruitment(d)}"
    )


def _recruitment(d: Dashboard) -> str:
    """The "Recrutement" section as in the PDF; nothing when no job offer is linked to the marché."""
    r = d.recruitment
    if r is None:
        return ""
    figures = "".join(
        f"<tr><td>{escape(label)}</td><td align=right>{escape(m)}</td><td align=right>{escape(t)}</td></tr>"
        for label, m, t in recruitment_rows(r)
    )
    rates = "".join(
        f"<tr><td colspan=4><b>{escape(row[0])}</b></td></tr>"
        if i == 0
        else "<tr>" + "".join(
            f"<td{' align=right' if j else ''}>{escape(c)}</td>" for j, c in enumerate(row)
        ) + "</tr>"
        for group in (rate_rows("Par prescripteur", r.by_prescriber), rate_rows("Par public", r.by_category))
        for i, row in enumerate(group)
    )  # fmt: skip
    note = RECRUITMENT_NOTE.format(on=date_fr(d.on), n=d.publics_total["women"].threshold)
    return (
        "<h3>Recrutement</h3><table cellspacing=0 cellpadding=3 border=1>"
        f"<tr><th>Offres d'emploi</th><th>Ce mois</th><th>Depuis la 1re offre</th></tr>{figures}</table>"
        f"<p>{escape(open_offers_text(r, date_fr(d.on)))}</p>"
        + (
            "<table cellspacing=0 cellpadding=3 border=1><tr><th>Taux de candidats retenus</th>"
            f"<th>Candidatures</th><th>Retenues</th><th>Taux</th></tr>{rates}</table>"
            if r.total.applications
            else ""
        )
        + f"<p><small>{escape(note)}</small></p>"
    )


def _state(lot: LotLine) -> str:
    """The lot's situation as in the PDF; warnings in bold red."""
    text, warn = lot_state(lot)
    return f"<font color=#B42318><b>{escape(text)}</b></font>" if warn else escape(text)
