"""Excel exports of the lists (marchés, entreprises, participants, heures, liste annuelle du financeur).

`export_xlsx(sessions, kind, path)` is what the command line and every window's "Exporter" button call.
EXPORTERS maps a kind to a function `(session, options) -> Sheet`; another feature adds its own kind
by registering a function there. Per-person exports never carry a sensitive category (RQTH, AAH,
invalidité: `PublicCategory.sensitive`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from clausedesk.core.errors import ClauseDeskError, ValidationError
from clausedesk.core.reference.geo import commune_label
from clausedesk.core.rules.people import age_at
from clausedesk.core.rules.progress import month_bounds
from clausedesk.core.rules.publics import AGE_PUBLIC_LABELS, publics_at_entry
from clausedesk.core.vocab import CompanyKind, HourStatus, MarketKind, Modality, QualificationLevel, Sex
from clausedesk.db.repositories import exports as repo
from clausedesk.db.repositories import publics as publics_repo
from clausedesk.reports.offers_xlsx import open_offers_sheet
from clausedesk.reports.xlsx_style import Column, ProgressFn, Sheet, save_workbook

SessionFactory = sessionmaker[Session]


@dataclass(frozen=True)
class ExportOptions:
    year: int | None = None


Exporter = Callable[[Session, ExportOptions], Sheet]


def _markets(session: Session, options: ExportOptions) -> Sheet:
    rows = [
        (ref, title, buyer, op, MarketKind.label_of(kind), cpv, notif, start, end, n_lots, amount,
         objective, hours, (hours / objective) if objective else None)
        for ref, title, buyer, op, kind, cpv, notif, start, end, n_lots, amount, objective, hours
        in repo.markets(session)
    ]  # fmt: skip
    columns = [
        Column("Référence", "code", 18), Column("Objet", "long_text"), Column("Donneur d'ordre", "text", 32),
        Column("Opération", "text", 32), Column("Nature", "text", 12), Column("Code CPV", "code", 12),
        Column("Notification", "date"), Column("Début", "date"), Column("Fin", "date"),
        Column("Lots", "int", 7), Column("Montant HT (avenants compris)", "money", 18),
        Column("Objectif (heures)", "hours", 14), Column("Heures réalisées", "hours", 14),
        Column("Taux de réalisation", "percent", 12),
    ]  # fmt: skip
    return Sheet("Marchés", columns, rows, len(rows))


def _companies(session: Session, options: ExportOptions) -> Sheet:
    rows = [
        (siret, name, CompanyKind.label_of(kind), naf, commune_label(commune), lots, people, hours, contact,
         email, phone)
        for siret, name, kind, naf, commune, lots, people, hours, contact, email, phone
        in repo.companies(session)
    ]  # fmt: skip
    columns = [
        Column("SIRET", "code", 17), Column("Raison sociale", "text", 32), Column("Type", "text", 30),
        Column("Code NAF", "code", 10), Column("Commune", "text", 26),
        Column("Lots attribués", "int", 10), Column("Participants", "int", 12),
        Column("Heures réalisées", "hours", 14), Column("Contact", "text", 24),
        Column("Courriel", "text", 28), Column("Téléphone", "code", 16),
    ]  # fmt: skip
    return Sheet("Entreprises", columns, rows, len(rows))


def _participants(session: Session, options: ExportOptions) -> Sheet:
    categories = repo.public_category_labels(session)
    rows = [
        (last, first, Sex.label_of(sex), birth, commune_label(commune), bool(qpv),
         QualificationLevel.label_of(level), categories.get(pid, ""), referent, first_contract, n_contracts,
         hours)
        for pid, last, first, sex, birth, commune, qpv, level, referent, first_contract, n_contracts, hours
        in repo.participants(session)
    ]  # fmt: skip
    columns = [
        Column("Nom", "text", 20), Column("Prénom", "text", 18), Column("Sexe", "text", 8),
        Column("Date de naissance", "date", 14), Column("Commune", "text", 26),
        Column("QPV", "bool", 7), Column("Niveau de qualification", "text", 26),
        Column("Publics (hors données de santé)", "long_text", 50), Column("Référent", "text", 20),
        Column("Premier contrat", "date", 14), Column("Contrats", "int", 9),
        Column("Heures réalisées", "hours", 14),
    ]  # fmt: skip
    notes = [
        "Document interne au facilitateur : il contient des données personnelles (RGPD).",
        "Les catégories relevant de la santé (RQTH, AAH, invalidité) ne figurent jamais dans cet export.",
    ]
    return Sheet("Participants", columns, rows, len(rows), notes)


_SOURCES = {"saisie": "Saisie", "import": "Import", "demo": "Démonstration"}


def _hours(session: Session, options: ExportOptions) -> Sheet:
    def rows() -> Iterator[tuple[Any, ...]]:
        for (month, mref, lot_no, lot_title, company, siret, last, first, modality, ctype,
             worked, training, tutoring, counted, status, source, file_name
             ) in repo.hour_entries(session):  # fmt: skip
            origin = _SOURCES.get(source or "", source or "")
            if source == "converti":  # a sub-contracted amount converted into hours: no person, no status
                origin = "Montant sous-traité ÷ coût horaire du lot"
            if file_name:
                origin = f"{origin} : {file_name}"
            yield (month, mref, f"{lot_no} – {lot_title}", company, siret, f"{last} {first}".strip(),
                   Modality.label_of(modality), ctype, worked, training, tutoring, counted,
                   HourStatus.label_of(status) if status else "", origin)  # fmt: skip

    columns = [
        Column("Mois", "month"), Column("Marché", "code", 18), Column("Lot", "text", 30),
        Column("Entreprise", "text", 28), Column("SIRET", "code", 17), Column("Participant", "text", 26),
        Column("Modalité", "text", 30), Column("Type de contrat", "text", 22),
        Column("Heures travaillées", "hours", 13), Column("Heures de formation", "hours", 13),
        Column("Heures de tutorat", "hours", 13), Column("Heures comptées", "hours", 13),
        Column("Statut", "text", 10), Column("Origine", "text", 30),
    ]  # fmt: skip
    return Sheet("Heures", columns, rows(), repo.count_hour_entries(session))


def _annual(session: Session, options: ExportOptions) -> Sheet:
    year = options.year
    if year is None:
        raise ValidationError("Année", "précisez l'année de la liste annuelle (option --year AAAA).")
    if not 1900 <= year <= 2199:
        raise ValidationError("Année", f"{year} n'est pas une année plausible (format AAAA).")
    data = repo.annual(session, year)
    if not data:
        raise ClauseDeskError(
            f"Aucune heure d'insertion enregistrée en {year} : la liste annuelle serait vide. "
            "Vérifiez l'année demandée."
        )
    entry_labels = _entry_labels(session, [(row[6], row[10], row[13]) for row in data])
    rows = []
    for (mref, buyer, lot_no, lot_title, company, siret, pid, last, first, sex, birth, ctype, modality,
         c_start, c_end, m_first, m_last, hours) in data:  # fmt: skip
        start = max(c_start, month_bounds(m_first)[0])
        end_month = month_bounds(m_last)[1]
        end = min(c_end, end_month) if c_end is not None else end_month
        age = age_at(birth, c_start) if birth is not None and birth <= c_start else None
        rows.append((mref, buyer, f"{lot_no} – {lot_title}", company, siret, last, first,
                     Sex.label_of(sex), age, entry_labels[pid, c_start], ctype, Modality.label_of(modality),
                     start, end, hours))  # fmt: skip
    columns = [
        Column("Marché", "code", 18), Column("Donneur d'ordre", "text", 30), Column("Lot", "text", 30),
        Column("Entreprise", "text", 28), Column("SIRET", "code", 17), Column("Nom", "text", 18),
        Column("Prénom", "text", 16), Column("Sexe", "text", 8), Column("Âge à l'entrée", "int", 9),
        Column("Publics à l'entrée (hors données de santé)", "long_text", 44),
        Column("Type de contrat", "text", 22),
        Column("Modalité", "text", 28), Column("Début de période", "date", 13),
        Column("Fin de période", "date", 13), Column(f"Heures {year}", "hours", 12),
    ]  # fmt: skip
    notes = [
        f"Liste annuelle {year} des salariés en clause sociale, par marché et période de travail.",
        "Une ligne par contrat et par lot ; la période va du premier au dernier mois travaillé dans l'année.",
        "Publics à l'entrée : catégories des validations en vigueur au début du contrat ; l'âge (moins de "
        "26 ans, 50 ans et plus) est calculé à partir de la date de naissance à cette date.",
        "Les catégories relevant de la santé (RQTH, AAH, invalidité) ne figurent jamais dans cette liste.",
    ]
    return Sheet(f"Liste annuelle {year}", columns, rows, len(rows), notes)


def _entry_labels(session: Session, contracts: list[tuple[int, date | None, date]]
                  ) -> dict[tuple[int, date], str]:  # fmt: skip
    """(participant id, contract start) → French labels of the publics at entry, health data left out."""
    spans = publics_repo.validation_spans(session, {pid for pid, _, _ in contracts})
    hidden = publics_repo.sensitive_codes(session)
    labels = {**publics_repo.category_labels(session), **AGE_PUBLIC_LABELS}
    out: dict[tuple[int, date], str] = {}
    for pid, birth, start in contracts:
        codes = publics_at_entry(spans.get(pid, ()), birth, start) - hidden
        out[pid, start] = " ; ".join(sorted(labels.get(code, code) for code in codes))
    return out


EXPORTERS: dict[str, Exporter] = {
    "markets": _markets,
    "companies": _companies,
    "participants": _participants,
    "hours": _hours,
    "annual": _annual,
    "offers": open_offers_sheet,
}
"""kind → function building the sheet; register a new kind here (e.g. "offers")."""

LABELS: dict[str, str] = {
    "markets": "Marchés",
    "companies": "Entreprises",
    "participants": "Participants",
    "hours": "Heures (toutes les lignes mensuelles)",
    "annual": "Liste annuelle du financeur",
    "offers": "Offres d'emploi ouvertes",
}
"""kind → French label shown in menus (a kind without label shows its code)."""


def export_xlsx(
    sessions: SessionFactory,
    kind: str,
    path: Path,
    *,
    year: int | None = None,
    progress: ProgressFn | None = None,
) -> Path:
    """Write the export `kind` to `path` (.xlsx) atomically and return the path.

    Raises ValidationError for an unknown kind or a missing year, ClauseDeskError when the file cannot
    be written (nothing is left behind). Reads only: the store is never changed.
    """
    exporter = EXPORTERS.get(kind)
    if exporter is None:
        known = ", ".join(sorted(EXPORTERS))
        raise ValidationError("Type d'export", f"« {kind} » est inconnu ; choisissez parmi : {known}.")
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise ValidationError("Fichier", f"« {target.name} » doit se terminer par .xlsx (classeur Excel).")
    with sessions() as session:
        sheet = exporter(session, ExportOptions(year=year))
        if progress is not None:
            progress(0, sheet.total or 0, "Écriture du classeur…")
        count = save_workbook(target, [sheet], progress)
    if progress is not None:
        progress(count, count, f"{count} lignes exportées.")
    return target


def default_file_name(kind: str, today: date | None = None, year: int | None = None) -> str:
    """A French file name for the export: `export-marches_2026-03-31.xlsx`, `liste-annuelle-2025.xlsx`."""
    names = {"markets": "marches", "companies": "entreprises", "participants": "participants",
             "hours": "heures", "annual": "liste-annuelle"}  # fmt: skip
    base = names.get(kind, kind)
    if kind == "annual" and year is not None:
        return f"{base}-{year}.xlsx"
    return f"export-{base}_{(today or date.today()).isoformat()}.xlsx"
