"""Producing the dashboard and bilan documents: one marché, a buyer's marchés, the whole month's batch."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from clausedesk.core.errors import ClauseDeskError, NotFoundError
from clausedesk.core.formatting import month_label
from clausedesk.core.services import sent
from clausedesk.core.services.bilan import market_bilan
from clausedesk.core.services.dashboard import Dashboard, active_market_refs, market_dashboard
from clausedesk.core.services.sent import Revision
from clausedesk.db.repositories import dashboard as repo
from clausedesk.reports.atomic import ensure_output_dir

SessionFactory = sessionmaker[Session]
ProgressFn = Callable[[int, int, str], None]
ReportFn = Callable[[Revision], None]
"""Told what a document changes against the version sent before it (`core.services.sent`)."""


def _archive(sessions: SessionFactory, kind: str, subject: str, period: str, path: Path,
             figures: dict[str, str], report: ReportFn | None, recipient: str = "") -> Path:  # fmt: skip
    """Archive the written document as sent, tell `report` what changed since the last version sent."""
    with sessions.begin() as session:  # committed on leaving the block
        revision = sent.archive(session, kind, subject, period, recipient or sent.recipients_of(kind), path,
                                figures)  # fmt: skip
    if report is not None:
        report(revision)
    return path


def safe_name(text: str) -> str:
    """A file-name-safe version of a reference: `2026/003 Lot 1` → `2026-003_Lot_1`."""
    cleaned = re.sub(r"[\\/:*?\"<>|]+", "-", text.strip())
    return re.sub(r"\s+", "_", cleaned) or "document"


def dashboard_file_name(ref: str, month: str) -> str:
    return f"tableau-de-bord_{safe_name(ref)}_{month}.pdf"


def market_dashboard_pdf(sessions: SessionFactory, ref: str, month: str, path: Path,
                         report: ReportFn | None = None) -> Path:  # fmt: skip
    from clausedesk.reports.dashboard import write_dashboard  # reportlab imported when a PDF is written

    with sessions() as session:
        figures = market_dashboard(session, ref, month)
    written = write_dashboard(path, figures)
    return _archive(sessions, "tableau_de_bord", ref, month, written, sent.dashboard_figures(figures), report)


def company_dashboard_pdf(sessions: SessionFactory, siret: str, month: str, path: Path,
                          report: ReportFn | None = None) -> Path:  # fmt: skip
    """The month's dashboard of a company (all its lots across buyers) or of an insertion structure."""
    from clausedesk.core.services.recipient_dashboard import recipient_dashboard
    from clausedesk.reports.recipient_dashboard import write_recipient_dashboard

    with sessions() as session:
        figures = recipient_dashboard(session, siret, month)
    written = write_recipient_dashboard(path, figures)
    numbers = sent.recipient_figures(figures)
    recipient = f"{figures.reader.label} : {figures.name}"
    return _archive(sessions, "tableau_de_bord", figures.siret, month, written, numbers, report, recipient)


def attestation_pdf(sessions: SessionFactory, siret: str, year: int, path: Path,
                    report: ReportFn | None = None) -> Path:  # fmt: skip
    """The yearly attestation of a company that met its commitments (refused in French otherwise)."""
    from clausedesk.core.services.attestation import company_attestation
    from clausedesk.reports.attestation import write_attestation

    with sessions() as session:
        figures = company_attestation(session, siret, year)
    written = write_attestation(path, figures)
    numbers = sent.attestation_figures(figures)
    recipient = f"Entreprise attributaire : {figures.name}"
    return _archive(sessions, "attestation", figures.siret, str(year), written, numbers, report, recipient)


def bilan_pdf(sessions: SessionFactory, ref: str, path: Path, report: ReportFn | None = None) -> Path:
    from clausedesk.reports.bilan import write_bilan

    with sessions() as session:
        bilan = market_bilan(session, ref)
    written = write_bilan(path, bilan)
    return _archive(sessions, "bilan", ref, "", written, sent.dashboard_figures(bilan.dashboard), report)


def buyer_dashboard_pdf(sessions: SessionFactory, buyer: str, month: str, path: Path,
                        report: ReportFn | None = None) -> tuple[Path, int]:  # fmt: skip
    """All the marchés of a buyer active in `month` in one PDF; returns (path, number of marchés)."""
    from clausedesk.reports.dashboard import write_buyer_dashboard

    with sessions() as session:
        found = repo.find_buyers(session, buyer)
        if not found:
            raise NotFoundError(
                f"Aucun donneur d'ordre ne correspond à « {buyer} ». Indiquez son nom, son SIRET "
                "(commande « list buyers »)."
            )
        if len(found) > 1:
            names = " ; ".join(b.name for b in found[:6])
            raise ClauseDeskError(
                f"Plusieurs donneurs d'ordre correspondent à « {buyer} » : {names}. Précisez le nom complet "
                "ou le SIRET."
            )
        target = found[0]
        refs = active_market_refs(session, month, target.id)
        if not refs:
            raise ClauseDeskError(
                f"{target.name} n'a aucun marché actif en {month_label(month)} : aucun tableau de bord "
                "à éditer."
            )
        figures: list[Dashboard] = []
        for ref in refs:
            try:
                figures.append(market_dashboard(session, ref, month))
            except ClauseDeskError:
                continue  # a marché without lots has no dashboard; the others still go out
        name = target.name
    if not figures:
        raise ClauseDeskError(f"Aucun marché de {name} n'a de chiffres pour {month_label(month)}.")
    written = write_buyer_dashboard(path, name, month, figures)
    numbers: dict[str, str] = {}
    for d in figures:
        numbers.update({f"{d.market_ref} – {k}": v for k, v in sent.dashboard_figures(d).items()})
    recipient = f"Maître d'ouvrage / donneur d'ordre : {name}"
    return _archive(sessions, "tableau_de_bord", name, month, written, numbers, report, recipient), len(
        figures
    )


@dataclass
class BatchResult:
    written: list[Path]
    skipped: list[str]  # French explanations for marchés without a dashboard


def month_batch(
    sessions: SessionFactory, month: str, folder: Path, *, progress: ProgressFn | None = None
) -> BatchResult:
    """Clôture du mois: one dashboard PDF per marché active in `month`, written into `folder`.

    One read-only session for the whole batch: every dashboard of the month is computed from the same
    snapshot of the store, and the connection (with its page cache) is opened once.
    """
    from clausedesk.reports.dashboard import write_dashboard

    with sessions() as session:
        refs = active_market_refs(session, month)
        if not refs:
            raise ClauseDeskError(
                f"Aucun marché actif en {month_label(month)} : aucun tableau de bord à éditer."
            )
        ensure_output_dir(folder)
        result = BatchResult([], [])
        for i, ref in enumerate(refs):
            if progress is not None:
                progress(i, len(refs), f"Marché {ref} ({i + 1} sur {len(refs)})…")
            try:
                figures = market_dashboard(session, ref, month)
            except ClauseDeskError as exc:
                result.skipped.append(f"{ref} : {exc.message}")
                continue
            result.written.append(write_dashboard(folder / dashboard_file_name(ref, month), figures))
    if progress is not None:
        progress(len(refs), len(refs), f"{len(result.written)} tableaux de bord écrits.")
    return result
