"""The weekly list of open job offers for partners (prescribers): one row per open offer, no personal data."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from clausedesk.core.reference.geo import commune_label
from clausedesk.core.reference.rome import job_label
from clausedesk.core.services.recruitment_vocab import OfferStatus
from clausedesk.core.vocab import Modality
from clausedesk.db.models import ContractType
from clausedesk.db.repositories import recruitment as rq
from clausedesk.reports.xlsx_style import Column, Sheet

COLUMNS = [
    Column("Métier", "text", 30), Column("Métier ROME", "text", 36), Column("Entreprise", "text", 30),
    Column("Postes", "int", 8), Column("Candidatures", "int", 12), Column("Retenus", "int", 9),
    Column("Type de contrat", "text", 22), Column("Modalité", "text", 22), Column("Début", "date"),
    Column("Durée (mois)", "int", 10), Column("Heures / semaine", "hours", 12), Column("Lieu", "text", 30),
    Column("Commune", "text", 26), Column("Compétences requises", "long_text"),
    Column("Formation proposée", "long_text"), Column("Ouverte le", "date"), Column("Lots", "text", 24),
    Column("Identifiant", "code", 38),
]  # fmt: skip


def open_offers_sheet(session: Session, options: Any = None) -> Sheet:
    """The sheet of open offers, oldest first (registered as the "offers" kind of `export-xlsx`)."""
    ctypes = {c.id: c.label for c in session.query(ContractType)}
    rows = sorted(rq.offer_rows(session, status=OfferStatus.OUVERTE.value), key=lambda r: r.offer.opened_on)
    data = [
        (
            r.offer.job_label, job_label(r.offer.rome), r.company_name, r.offer.posts, r.applications,
            r.retained,
            ctypes.get(r.offer.contract_type_id or 0, ""), Modality.label_of(r.offer.modality) or "",
            r.offer.start_date, r.offer.duration_months, r.offer.weekly_hours, r.offer.place,
            commune_label(r.offer.commune_code), r.offer.requirements, r.offer.training, r.offer.opened_on,
            ", ".join(lot.ref for lot in r.offer.lots), r.offer.uuid,
        )
        for r in rows
    ]  # fmt: skip
    return Sheet("Offres ouvertes", COLUMNS, data, len(data))
