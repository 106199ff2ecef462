"""The monthly hours grid: its rows and totals, typed and pasted hours, validation, company templates."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from clausedesk.core.errors import ValidationError
from clausedesk.core.formatting import date_fr
from clausedesk.core.rules.identifiers import check_siret
from clausedesk.core.rules.progress import (
    CountingOptions,
    check_month,
    compute_progress,
    max_hours_in_month,
    month_bounds,
)
from clausedesk.core.services.people import set_hours
from clausedesk.core.vocab import HourStatus, Modality
from clausedesk.db.engine import SessionFactory
from clausedesk.db.models import Company, Contract
from clausedesk.db.repositories import base as base_repo
from clausedesk.db.repositories import hours as repo
from clausedesk.db.repositories.hours import GridFilter
from clausedesk.db.repositories.lookup import company_by_siret
from clausedesk.db.repositories.work import hour_entry_for
from clausedesk.reports.atomic import ensure_output_dir
from clausedesk.reports.releve_template import TemplateData, TemplateLine, template_file_name, write_template

__all__ = ["GridFilter", "GridRow", "HourChange", "LotTotal"]

ProgressFn = Callable[[int, int, str], None]


@dataclass
class GridRow:
    contract_uuid: str
    modality: str
    start: date
    end: date | None
    last_name: str
    first_name: str
    company_uuid: str
    company: str
    siret: str
    lot_uuid: str
    lot_ref: str
    lot_title: str
    market_ref: str
    entry_uuid: str | None
    worked: Decimal | None
    training: Decimal | None
    status: str | None
    source: str
    tutoring: Decimal | None = None  # the employer's staff's tutoring hours for the person

    @property
    def person(self) -> str:
        return f"{self.last_name} {self.first_name}"

    @property
    def modality_label(self) -> str:
        return Modality.label_of(self.modality)

    @property
    def status_label(self) -> str:
        return HourStatus.label_of(self.status) if self.status else ""


def _source_label(kind: str | None, file_name: str | None, created: datetime | None) -> str:
    if kind is None or kind == "saisie":
        return "Saisie" if kind else ""
    if kind == "import":
        return f"Import {file_name or ''} du {date_fr(created)}".strip()
    if kind == "demo":
        return "Démonstration"
    return kind


def grid(session: Session, month: str, filt: GridFilter | None = None) -> list[GridRow]:
    """One row per contract active in `month` (with the optional buyer/marché/lot/company filter)."""
    month = check_month(month)
    first, last = month_bounds(month)
    out = []
    for r in repo.grid_rows(session, month, first, last, filt or GridFilter()):
        # the first 17 columns are GridRow's fields in order; three describe the source, then tutoring
        entry_uuid, (s_kind, s_file, s_created) = r[13], r[17:20]
        source = (_source_label(s_kind, s_file, s_created) or "Saisie") if entry_uuid else ""
        fields: list[Any] = [*r[:17], source, r[20]]
        out.append(GridRow(*fields))
    return out


def filter_choices(session: Session, month: str) -> dict[str, list[tuple[str, str]]]:
    first, last = month_bounds(check_month(month))
    return repo.filter_choices(session, first, last)


@dataclass
class LotTotal:
    lot_uuid: str
    lot_ref: str
    lot_title: str
    objective: Decimal | None
    before: Decimal  # hours realised in the months before this one
    prorata: Decimal | None  # share of the lot's duration elapsed at the end of the month
    late_tolerance: Decimal = Decimal("0.10")
    # the lot's counting options (None: worked hours only) and its sub-contracted amounts converted this month
    options: CountingOptions | None = None
    converted: Decimal = Decimal(0)

    def row_hours(self, r: GridRow) -> Decimal:
        """One grid row's hours counting for the lot: its one counting rule (training, tutoring,
        sub-contracting by its options)."""
        options = self.options or CountingOptions(False, False, True, None)
        return options.counted(r.modality, r.worked, r.training, r.tutoring)

    def month_hours(self, rows: Iterable[GridRow]) -> Decimal:
        """This month's hours counting for the lot from the grid's rows as typed, plus the amounts
        converted this month."""
        return self.converted + sum((self.row_hours(r) for r in rows), Decimal(0))

    def progress_with(self, month_hours: Decimal, on: date) -> tuple[Decimal, Decimal | None, bool]:
        """(cumulative, achieved fraction, late) once this month's hours are added."""
        cumulative = self.before + month_hours
        if self.objective is None or self.objective == 0:
            return cumulative, None, False
        late = self.prorata is not None and cumulative < self.objective * self.prorata * (
            1 - self.late_tolerance
        )
        return cumulative, cumulative / self.objective, late


def lot_totals(session: Session, lot_uuids: list[str], month: str) -> dict[str, LotTotal]:
    """Objective, hours before the month and prorata at the month's end, for each lot of the grid."""
    _, last = month_bounds(check_month(month))
    out = {}
    for (
        uuid, ref, title, objective, forced, l_start, l_end, m_start, m_end, done, converted, *options
    ) in repo.lots_summary(session, lot_uuids, month):  # fmt: skip
        target = forced if forced is not None else objective
        start, end = l_start or m_start, l_end or m_end
        prorata = None
        if start is not None and end is not None and end >= start:
            prorata = compute_progress(target, done or Decimal(0), start, end, last).prorata
        out[uuid] = LotTotal(
            uuid, ref, title, target, done or Decimal(0), prorata,
            options=CountingOptions(*options), converted=converted or Decimal(0),
        )  # fmt: skip
    return out


@dataclass
class HourChange:
    """A cell typed or pasted in the grid: the contract's hours of the month (None keeps the other value)."""

    contract_uuid: str
    worked: Decimal | str | None = None
    training: Decimal | str | None = None
    tutoring: Decimal | str | None = None  # tutoring hours the employer declared for the person


def save_changes(session: Session, month: str, changes: list[HourChange]) -> int:
    """Write typed or pasted hours (all or nothing: the caller's transaction rolls back on any error).

    Returns the number of entries actually changed; a cell left at its value changes nothing.
    """
    month = check_month(month)
    changed = 0
    for change in changes:
        contract = base_repo.get(session, Contract, change.contract_uuid, "Le contrat")
        entry = hour_entry_for(session, contract.id, contract.lot_id, month)
        live = entry is not None and entry.deleted_at is None
        old_worked = entry.hours_worked if live and entry else Decimal(0)
        old_training = entry.hours_training if live and entry else Decimal(0)
        old_tutoring = entry.hours_tutoring if live and entry else Decimal(0)
        worked = old_worked if change.worked is None else change.worked
        training = old_training if change.training is None else change.training
        if isinstance(worked, str) and not worked.strip():
            worked = Decimal(0)
        if isinstance(training, str) and not training.strip():
            training = Decimal(0)
        tutoring = old_tutoring if change.tutoring is None else change.tutoring
        if isinstance(tutoring, str) and not tutoring.strip():
            tutoring = Decimal(0)
        validated = live and entry is not None and entry.status == HourStatus.VALIDE.value
        # set_hours refuses to change a validated entry's hours; unchanged values keep the validation
        saved = set_hours(session, change.contract_uuid, month, worked, training, hours_tutoring=tutoring)
        if validated:
            saved.status = HourStatus.VALIDE.value
        if (saved.hours_worked, saved.hours_training, saved.hours_tutoring) != (
            old_worked, old_training, old_tutoring
        ) or not live:
            saved.source_id = None  # typed in the window
            changed += 1
    session.flush()
    return changed


def grid_for_contract(session: Session, month: str, contract_uuid: str) -> list[GridRow]:
    """The grid row of one contract (to refresh a line after a cell was typed)."""
    contract = base_repo.get(session, Contract, contract_uuid, "Le contrat")
    company = session.get(Company, contract.company_id)
    assert company is not None
    rows = grid(session, month, GridFilter(company_uuid=company.uuid))
    return [r for r in rows if r.contract_uuid == contract_uuid]


def set_releve_status(session: Session, company_uuid: str, month: str, validated: bool) -> int:
    """Mark a company's relevé of the month validated (or back to declared); returns the entries changed."""
    month = check_month(month)
    company = base_repo.get(session, Company, company_uuid, "L'entreprise")
    _, count = repo.company_month_hours(session, company.id, month)
    if validated and count == 0:
        raise ValidationError(
            "Relevé", f"{company.name} n'a aucune heure saisie pour ce mois : rien à valider."
        )
    if validated:
        return repo.set_status(session, company.id, month, HourStatus.VALIDE.value, HourStatus.DECLARE.value)
    return repo.set_status(session, company.id, month, HourStatus.DECLARE.value, HourStatus.VALIDE.value)


def template_data(session: Session, siret: str, month: str) -> TemplateData:
    """The lines of a company's template: its contracts active in the month, with current hours."""
    month = check_month(month)
    company = company_by_siret(session, check_siret(siret, "SIRET"))
    rows = grid(session, month, GridFilter(company_uuid=company.uuid))
    data = TemplateData(company.name, company.siret, month, max_hours_in_month(month))
    for r in rows:
        data.lines.append(
            TemplateLine(
                r.contract_uuid,
                r.last_name,
                r.first_name,
                r.lot_ref,
                r.lot_title,
                r.start,
                r.end,
                r.modality_label,
                r.worked,
                r.training,
                r.tutoring,
            )
        )
    return data


def write_company_template(
    sessions: SessionFactory, siret: str, month: str, target: Path
) -> tuple[Path, int]:
    with sessions() as session:
        data = template_data(session, siret, month)
    write_template(data, target)
    return target, len(data.lines)


def write_month_templates(
    sessions: SessionFactory,
    month: str,
    folder: Path,
    company_uuids: list[str] | None = None,
    *,
    progress: ProgressFn | None = None,
) -> list[Path]:
    """One template per company with contracts active in the month (or the given ones), into `folder`."""
    month = check_month(month)
    ensure_output_dir(folder)
    first, last = month_bounds(month)
    with sessions() as session:
        companies = [
            c
            for c in repo.companies_with_contracts(session, first, last)
            if company_uuids is None or c[0] in company_uuids
        ]
        datas = [template_data(session, siret, month) for _, _, siret in companies]
    written = []
    for i, data in enumerate(datas):
        if progress is not None:
            progress(i, len(datas), f"Modèle de {data.company_name}…")
        written.append(
            write_template(data, folder / template_file_name(data.company_name, data.siret, month))
        )
    return written
