"""The yearly attestation PDF of a company that met its social-clause commitments (figures: core.services)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, Paragraph, Spacer

from clausedesk.core.formatting import date_fr
from clausedesk.core.services.attestation import Attestation
from clausedesk.reports.dashboard import h, pct, signed_hours
from clausedesk.reports.pdf_base import DocumentInfo, build_pdf, content_width, data_table, escape, styles

_NOTE = (
    "Engagement : part de l'objectif d'heures d'insertion du lot confiée à l'entreprise (l'objectif "
    "entier pour un titulaire sans part précisée). Dû : cette part au prorata de la durée du lot écoulée "
    "au jour de l'attestation (31 décembre pour une année écoulée). Réalisé : heures d'insertion "
    "comptées depuis le début du lot (heures des salariés en insertion de l'entreprise et, quand elle est "
    "seule attributaire, celles des structures d'insertion qui travaillent pour elle)."
)


def attestation_story(a: Attestation, width: float, today: date) -> list[Flowable]:
    st = styles()
    org = a.organisation
    names = (org.get("facilitator_name", ""), org.get("organisation_name", ""))
    signer = ", ".join(escape(x) for x in names if x)
    territory = f" sur le territoire {escape(org['territory'])}" if org.get("territory") else ""
    which = (
        "des clauses sociales des marchés publics suivants"
        if len(a.lines) > 1
        else "de la clause sociale du marché public suivant"
    )
    story: list[Flowable] = [
        Paragraph(f"Attestation de réalisation des clauses sociales – {a.year}", st["title"]),
        Paragraph(f"Entreprise : <b>{escape(a.name)}</b> · SIRET {escape(a.siret)}", st["subtitle"]),
        Spacer(1, 8),
        Paragraph(
            f"{signer or 'Le facilitateur des clauses sociales'}, chargé du suivi des clauses sociales "
            f"d'insertion{territory}, atteste que l'entreprise <b>{escape(a.name)}</b> a atteint ou dépassé, "
            f"au {date_fr(a.on)}, les engagements d'heures d'insertion qui lui revenaient au titre {which} :",
            st["body"],
        ),
        Spacer(1, 6),
    ]
    rows: list[list[Any]] = [["Donneur d'ordre, marché et lot", "Engagement", f"Dû au {date_fr(a.on)[:5]}",
                              "Réalisé", f"dont {a.year}", "Taux"]]  # fmt: skip
    for x in a.lines:
        label = (f"<b>{escape(x.market_ref)}</b> – lot {escape(x.lot_number)} {escape(x.lot_title)}"
                 f"<br/><font size=7>{escape(x.buyer)} · {escape(x.role)}</font>")  # fmt: skip
        if x.allocated:
            moved = "reçues" if x.allocated > 0 else "cédées"
            label += (f"<br/><font size=7>Convention de globalisation : {signed_hours(x.allocated)} {moved} "
                      "(comptées dans le taux)</font>")  # fmt: skip
        rows.append([Paragraph(label, st["cell"]), h(x.commitment), h(x.expected), h(x.realised),
                     h(x.in_year), pct(x.rate)])  # fmt: skip
    expected = sum((x.expected for x in a.lines), Decimal(0))
    realised = sum((x.realised for x in a.lines), Decimal(0))
    counted = sum((x.counted for x in a.lines), Decimal(0))
    rows.append(["Total", h(sum((x.commitment for x in a.lines), Decimal(0))), h(expected), h(realised),
                 h(sum((x.in_year for x in a.lines), Decimal(0))),
                 pct(counted * 100 / expected if expected else None)])  # fmt: skip
    fixed = [2.2 * cm, 2.2 * cm, 2.0 * cm, 1.9 * cm, 1.5 * cm]
    widths = [width - sum(fixed), *fixed]
    story.append(data_table(rows, widths, numeric=[1, 2, 3, 4, 5], bold_rows=[len(rows) - 1]))
    story += [
        Spacer(1, 6),
        Paragraph(_NOTE, st["small"]),
        Spacer(1, 14),
        Paragraph("Attestation établie pour servir et valoir ce que de droit.", st["body"]),
        Paragraph(f"Le {date_fr(today)}", st["body"]),
        Spacer(1, 30),
        Paragraph(signer or "Signature", st["body"]),
    ]
    return story


def write_attestation(path: Path, a: Attestation, today: date | None = None) -> Path:
    title = f"Attestation clauses sociales {a.name} – {a.year}"
    subject = f"Clauses sociales : {a.name} (SIRET {a.siret})"
    info = DocumentInfo(title=title, organisation=a.organisation, subject=subject)
    return build_pdf(path, attestation_story(a, content_width(info), today or date.today()), info)
