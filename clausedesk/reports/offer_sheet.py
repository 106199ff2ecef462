"""The fiche de poste (PDF) sent to prescribers: job, conditions, company; DejaVu Sans embedded."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from clausedesk.core.formatting import date_fr, hours, number
from clausedesk.core.reference.geo import commune_label
from clausedesk.core.reference.rome import job_with_code
from clausedesk.core.services.recruitment import get_offer
from clausedesk.core.services.recruitment_vocab import OfferStatus
from clausedesk.core.vocab import Modality
from clausedesk.db.models import Company, ContractType
from clausedesk.reports.atomic import atomic_path

FONTS = Path(__file__).resolve().parent.parent / "resources" / "fonts"
REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"


def _register_fonts() -> None:
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "DejaVuSans.ttf")))
    if BOLD not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))


@dataclass
class OfferSheet:
    """Everything printed on the fiche de poste, already formatted in French."""

    title: str
    company: str
    status: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    sections: list[tuple[str, str]] = field(default_factory=list)
    printed_on: str = ""


def offer_sheet_data(session: Session, offer_uuid: str, today: date | None = None) -> OfferSheet:
    offer = get_offer(session, offer_uuid)
    company = session.get(Company, offer.company_id)
    assert company is not None
    ctype = session.get(ContractType, offer.contract_type_id) if offer.contract_type_id else None
    place = ", ".join(p for p in (offer.place or "", commune_label(offer.commune_code)) if p)
    facts = [
        ("Métier (code ROME)", job_with_code(offer.job_label, offer.rome)),
        ("Nombre de postes", number(offer.posts)),
        ("Type de contrat prévu", ctype.label if ctype else "à préciser"),
        ("Modalité", Modality.label_of(offer.modality) or "à préciser"),
        ("Date de début", date_fr(offer.start_date) or "dès que possible"),
        ("Durée", f"{number(offer.duration_months)} mois" if offer.duration_months else "à préciser"),
        ("Durée hebdomadaire", hours(offer.weekly_hours) if offer.weekly_hours is not None else "à préciser"),
        ("Lieu de travail", place or "à préciser"),
        ("Chantier / lot", ", ".join(f"{lot.ref} – {lot.title}" for lot in offer.lots) or "–"),
        ("Offre ouverte le", date_fr(offer.opened_on)),
    ]
    contact = " – ".join(x for x in (company.contact_name, company.contact_phone, company.contact_email) if x)
    return OfferSheet(
        title=offer.job_label,
        company=f"{company.name} (SIRET {company.siret})" + (f" – contact : {contact}" if contact else ""),
        status=OfferStatus.label_of(offer.status),
        facts=facts,
        sections=[
            ("Compétences et conditions requises", offer.requirements or "Aucun prérequis indiqué."),
            ("Formation proposée", offer.training or "Aucune formation prévue à ce jour."),
        ],
        printed_on=date_fr(today or date.today()),
    )


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def write_offer_sheet(sheet: OfferSheet, path: Path) -> Path:
    """Write the PDF atomically (nothing is left behind on failure) and return its path."""
    _register_fonts()
    title = ParagraphStyle("title", fontName=BOLD, fontSize=17, leading=21, spaceAfter=2 * mm)
    sub = ParagraphStyle(
        "sub", fontName=REGULAR, fontSize=10, leading=13, textColor=colors.HexColor("#3f4a5a")
    )
    h2 = ParagraphStyle("h2", fontName=BOLD, fontSize=11.5, leading=14, spaceBefore=5 * mm, spaceAfter=2 * mm)
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=13.5)
    label = ParagraphStyle("label", parent=body, fontName=BOLD)
    small = ParagraphStyle("small", fontName=REGULAR, fontSize=8, leading=10, textColor=colors.grey)
    table = Table([[_p(k, label), _p(v, body)] for k, v in sheet.facts], colWidths=[55 * mm, 115 * mm])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ROWBACKGROUNDS", (0, 0), (-1, -1), [colors.white, colors.HexColor("#f4f6f8")]),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#c8d0da")),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))  # fmt: skip
    story = [
        _p("Fiche de poste – clause sociale d'insertion", sub),
        Spacer(1, 2 * mm),
        _p(sheet.title, title),
        _p(sheet.company, sub),
        _p(f"Statut de l'offre : {sheet.status}", sub),
        Spacer(1, 5 * mm),
        table,
    ]
    for heading, text in sheet.sections:
        story += [_p(heading, h2), _p(text, body)]
    story += [
        Spacer(1, 8 * mm),
        _p(
            "Pour proposer un candidat, adressez-vous au facilitateur de la clause sociale en précisant la "
            "validation d'éligibilité de la personne (public, date, prescripteur). Aucun numéro de sécurité "
            "sociale ne doit être transmis.",
            body,
        ),
        Spacer(1, 4 * mm),
        _p(f"Fiche éditée le {sheet.printed_on} avec ClauseDesk.", small),
    ]
    target = Path(path)
    with atomic_path(target) as tmp:
        doc = SimpleDocTemplate(
            str(tmp), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
            bottomMargin=18 * mm, title=f"Fiche de poste – {sheet.title}", author="ClauseDesk",
        )  # fmt: skip
        doc.build(story)
    return target
