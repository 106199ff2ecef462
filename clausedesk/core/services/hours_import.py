"""Importing a company's relevé: preview of every row's outcome, all-or-nothing write, source, undo.

Importing a company's relevé for a month sets that company's hours for that month to the file's
values: rows are matched to contracts (by the hidden identifier, else by name and lot), compared to
the store (new / changed / unchanged / error), and entries of the company's month absent from the
file are removed. Nothing is written when any row is in error; re-importing the same file changes
nothing. Each import records its source (file name, SHA-256, time) and the previous state of every
entry it touched, so it can be undone exactly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from clausedesk.core.errors import ConflictError, NotFoundError
from clausedesk.core.formatting import date_fr, hours, month_label
from clausedesk.core.rules.identifiers import check_siret
from clausedesk.core.rules.people import normalise_name
from clausedesk.core.rules.progress import max_hours_in_month, month_bounds
from clausedesk.core.vocab import HourStatus
from clausedesk.db.engine import SessionFactory
from clausedesk.db.models.base import utcnow
from clausedesk.db.repositories import hours as repo
from clausedesk.db.repositories.lookup import company_by_siret
from clausedesk.reports.releve_reader import Releve, ReleveFileError, ReleveRow, read_releve, where

ProgressFn = Callable[[int, int, str], None]
_ZERO = Decimal("0.00")

OUTCOME_LABELS = {
    "new": "Nouveau",
    "changed": "Modifié",
    "unchanged": "Inchangé",
    "removed": "Supprimé",
    "error": "Erreur",
}


@dataclass
class RowOutcome:
    """What the import does (or refuses) for one row of the file (row None: an entry absent from the file)."""

    row: int | None
    outcome: str  # new | changed | unchanged | removed | error
    person: str
    lot: str
    contract_uuid: str | None
    hours_worked: Decimal | None
    hours_training: Decimal | None
    previous_hours_worked: Decimal | None = None
    previous_hours_training: Decimal | None = None
    message: str = ""

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key, value in data.items():
            if isinstance(value, Decimal):
                data[key] = float(value)
        return data


@dataclass
class ImportResult:
    file_name: str
    sha256: str
    sheet: str
    company_name: str
    siret: str
    month: str
    outcomes: list[RowOutcome]
    written: bool = False
    source_id: int | None = None
    # internal plan of the write, built with the preview
    _plan: dict[str, Any] = field(default_factory=dict, repr=False)

    def count(self, outcome: str) -> int:
        return sum(1 for o in self.outcomes if o.outcome == outcome)

    @property
    def errors(self) -> list[RowOutcome]:
        return [o for o in self.outcomes if o.outcome == "error"]

    @property
    def has_changes(self) -> bool:
        return any(o.outcome in ("new", "changed", "removed") for o in self.outcomes)

    def summary(self) -> str:
        parts = [f"{self.count(k)} {OUTCOME_LABELS[k].lower()}(s)" for k in OUTCOME_LABELS if self.count(k)]
        return f"Relevé de {self.company_name} ({self.siret}), {month_label(self.month)} : " + ", ".join(
            parts or ["aucune ligne"]
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file_name,
            "sha256": self.sha256,
            "company_siret": self.siret,
            "company": self.company_name,
            "month": self.month,
            "written": self.written,
            "source_id": self.source_id,
            "counts": {k: self.count(k) for k in OUTCOME_LABELS},
            "rows": [o.as_json() for o in self.outcomes],
        }


def _company(session: Session, releve: Releve) -> tuple[int, str, str]:
    if releve.siret:
        siret = check_siret(releve.siret, f"Feuille « {releve.sheet} », SIRET de l'entreprise")
        company = company_by_siret(session, siret)
        return company.id, company.name, company.siret
    uuids = [r.uuid for r in releve.rows if r.uuid]
    found = repo.contracts_by_uuid(session, uuids)
    companies = {(r[1], r[2]) for r in found.values()}
    if len(companies) != 1:
        raise ReleveFileError(
            f"Feuille « {releve.sheet} » : le SIRET de l'entreprise est absent "
            "(cellule « SIRET : » au-dessus du "
            "tableau). Ajoutez-le, ou utilisez le modèle de relevé de ClauseDesk."
        )
    from clausedesk.db.models import Company

    cid, _ = companies.pop()
    found_company = session.get(Company, cid)
    assert found_company is not None
    return found_company.id, found_company.name, found_company.siret


def _lot_matches(text: str, ref: str, number: str, title: str) -> bool:
    key = normalise_name(text)
    if not key:
        return True
    return key in {
        normalise_name(ref),
        normalise_name(number),
        normalise_name(f"lot {number}"),
        normalise_name(title),
    }


def preview(session: Session, releve: Releve, progress: ProgressFn | None = None) -> ImportResult:
    """Every row's outcome against the store, and the plan of the write (nothing is written)."""
    if releve.month is None:
        raise ReleveFileError(
            f"Feuille « {releve.sheet} » : le mois du relevé est absent (cellule « Mois : » au-dessus du "
            "tableau, par exemple 2026-03). Ajoutez-le, ou utilisez le modèle de relevé de ClauseDesk."
        )
    month = releve.month
    company_id, company_name, siret = _company(session, releve)
    first, last = month_bounds(month)
    cap = max_hours_in_month(month)
    contracts = repo.company_contracts(session, company_id, first, last)
    by_uuid = {c[1]: c for c in contracts}
    by_name: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for c in contracts:
        by_name[(normalise_name(c[3]), normalise_name(c[4]))].append(c)
    unknown_uuids = [r.uuid for r in releve.rows if r.uuid and r.uuid not in by_uuid]
    elsewhere = repo.contracts_by_uuid(session, unknown_uuids) if unknown_uuids else {}
    existing = repo.company_month_entries(session, company_id, month)
    result = ImportResult(releve.file_name, releve.sha256, releve.sheet, company_name, siret, month, [])
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []  # journal rows, entry_id filled at write time for inserts
    seen: dict[int, int] = {}
    total = len(releve.rows)
    for index, row in enumerate(releve.rows):
        if progress is not None and index % 2000 == 0:
            progress(index, total, f"Vérification des lignes ({index}/{total})…")
        outcome = _row_outcome(row, releve.sheet, month, cap, by_uuid, by_name, elsewhere, seen)
        result.outcomes.append(outcome)
        contract = by_uuid.get(outcome.contract_uuid or "")
        if contract is None:
            continue
        key = (contract[0], contract[2])
        entry = existing.pop(key, None)  # listed in the file, even in error: not "absent"
        if outcome.outcome == "error":
            continue
        worked, training = outcome.hours_worked or _ZERO, outcome.hours_training or _ZERO
        if entry is None or entry[7] is not None:
            if worked == 0 and training == 0:
                outcome.outcome = "unchanged"
                continue
            outcome.outcome = "new"
            if entry is None:
                inserts.append(
                    {
                        "contract_id": key[0],
                        "lot_id": key[1],
                        "month": month,
                        "hours_worked": worked,
                        "hours_training": training,
                        "status": HourStatus.DECLARE.value,
                    }
                )
            else:
                updates.append(_update_row(entry[0], worked, training, HourStatus.DECLARE.value, None))
                changes.append(_change_row(entry))
            continue
        outcome.previous_hours_worked, outcome.previous_hours_training = entry[3], entry[4]
        if entry[3] == worked and entry[4] == training:
            outcome.outcome = "unchanged"
            continue
        if entry[5] == HourStatus.VALIDE.value:
            outcome.outcome = "error"
            outcome.message = (
                f"{where(releve.sheet, row.row)} : le relevé de {month_label(month)} est déjà validé pour "
                f"{outcome.person} ({hours(entry[3])}) ; annulez la validation dans la fenêtre avant de "
                "réimporter."
            )
            continue
        outcome.outcome = "changed"
        updates.append(_update_row(entry[0], worked, training, entry[5], None))
        changes.append(_change_row(entry))
    names = {(c[0], c[2]): (f"{c[3]} {c[4]}", c[5], c[1]) for c in contracts}
    for key, entry in existing.items():  # entries of the company's month that the file does not list
        if entry[7] is not None:
            continue
        person, lot, cuuid = names.get(key, ("(contrat hors période)", "", None))
        removed = RowOutcome(
            None,
            "removed",
            person,
            lot,
            cuuid,
            _ZERO,
            _ZERO,
            entry[3],
            entry[4],
            "absent du fichier : ses heures du mois sont retirées",
        )
        if entry[5] == HourStatus.VALIDE.value:
            removed.outcome = "error"
            removed.message = (
                f"{person} a des heures validées en {month_label(month)} mais n'apparaît pas "
                "dans le fichier ; "
                "annulez la validation ou ajoutez la ligne avant de réimporter."
            )
        else:
            updates.append(
                _update_row(entry[0], entry[3], entry[4], entry[5], utcnow(), keep_source=entry[6])
            )
            changes.append(_change_row(entry))
        result.outcomes.append(removed)
    result._plan = {"inserts": inserts, "updates": updates, "changes": changes, "company_id": company_id}
    return result


def _update_row(
    entry_id: int,
    worked: Decimal,
    training: Decimal,
    status: str,
    deleted: datetime | None,
    keep_source: int | None = -1,
) -> dict[str, Any]:
    return {
        "e_id": entry_id,
        "e_worked": worked,
        "e_training": training,
        "e_status": status,
        "e_source": keep_source,
        "e_deleted": deleted,
    }


def _change_row(entry: Any) -> dict[str, Any]:
    return {
        "entry_id": entry[0],
        "created": False,
        "prev_hours_worked": entry[3],
        "prev_hours_training": entry[4],
        "prev_status": entry[5],
        "prev_source_id": entry[6],
        "prev_deleted_at": entry[7],
        "rev_after": entry[8] + 1,
    }


def _row_outcome(
    row: ReleveRow,
    sheet: str,
    month: str,
    cap: Decimal,
    by_uuid: dict[str, Any],
    by_name: dict[tuple[str, str], list[Any]],
    elsewhere: dict[str, Any],
    seen: dict[int, int],
) -> RowOutcome:
    out = RowOutcome(row.row, "error", row.person, row.lot, row.uuid, row.worked, row.training)
    place = where(sheet, row.row)
    contract = by_uuid.get(row.uuid) if row.uuid else None
    if row.uuid and contract is None:
        other = elsewhere.get(row.uuid)
        if other is None or other[5] is not None:
            out.message = (
                f"{place} : personne inconnue (identifiant de contrat « {row.uuid} » introuvable). "
                "Ne modifiez pas la colonne « Identifiant » ; pour une nouvelle personne, créez "
                "d'abord son contrat puis générez un nouveau modèle."
            )
        elif other[3] > month_bounds(month)[1] or (
            other[4] is not None and other[4] < month_bounds(month)[0]
        ):
            out.message = (
                f"{place} : le contrat de {row.person or 'cette personne'} n'est pas actif en "
                f"{month_label(month)} (du {date_fr(other[3])} au {date_fr(other[4]) or '…'}) ; "
                "vérifiez le mois du relevé ou les dates du contrat."
            )
        else:
            out.message = (
                f"{place} : ce contrat appartient à une autre entreprise ({other[2]}) ; "
                "importez ce relevé avec celui de la bonne entreprise."
            )
        return out
    if contract is None:
        if not row.last_name:
            out.message = (
                f"{place} : ni identifiant de contrat ni nom : impossible de savoir à qui sont ces heures."
            )
            return out
        candidates = [
            c
            for c in by_name.get((normalise_name(row.last_name), normalise_name(row.first_name)), [])
            if _lot_matches(row.lot, c[5], c[6], c[7])
        ]
        if not candidates:
            out.message = (
                f"{place} : personne inconnue : {row.person or '(sans nom)'}"
                f"{f' (lot {row.lot})' if row.lot else ''} n'a pas de contrat actif en "
                f"{month_label(month)} dans cette entreprise. Vérifiez l'orthographe du nom, ou créez "
                "d'abord son contrat."
            )
            return out
        if len(candidates) > 1:
            out.message = (
                f"{place} : {row.person} a {len(candidates)} contrats actifs en {month_label(month)} "
                "dans cette entreprise ; précisez le lot, ou utilisez le modèle de ClauseDesk "
                "(colonne « Identifiant »)."
            )
            return out
        contract = candidates[0]
    elif (
        row.last_name
        and row.last_name != contract[3]
        and normalise_name(row.last_name) != normalise_name(contract[3])
    ):
        out.message = (
            f"{place} : le nom « {row.last_name} » ne correspond pas au contrat identifié "
            f"({contract[3]} {contract[4]}) ; des lignes ont peut-être été déplacées ou recopiées. "
            "Corrigez le nom ou reprenez le modèle."
        )
        return out
    out.contract_uuid = contract[1]
    out.person, out.lot = f"{contract[3]} {contract[4]}", contract[5]
    if row.errors:
        out.message = " ; ".join(row.errors)
        return out
    if contract[0] in seen:
        out.message = (
            f"{place} : ligne en double : {out.person} (lot {contract[5]}) figure déjà à la ligne "
            f"{seen[contract[0]]} ; gardez une seule ligne par personne et par lot."
        )
        return out
    seen[contract[0]] = row.row
    worked, training = row.worked or _ZERO, row.training or _ZERO
    if worked + training > cap:
        out.message = (
            f"{place} : {hours(worked + training)} pour {out.person} dépassent ce qu'un mois peut "
            f"contenir ({hours(cap)} en {month_label(month)}) ; vérifiez la saisie "
            "(une erreur de virgule ?)."
        )
        return out
    out.outcome = "ok"
    return out


def write(session: Session, result: ImportResult) -> int:
    """Apply a previewed import in the caller's transaction; returns the source id. Refused with errors."""
    if result.errors:
        raise ConflictError(
            f"{len(result.errors)} ligne(s) en erreur dans « {result.file_name} » : rien n'a été importé. "
            "Corrigez le fichier puis importez-le à nouveau."
        )
    plan = result._plan
    source_id = repo.add_source(
        session,
        kind="import",
        file_name=result.file_name,
        sha256=result.sha256,
        company_id=plan["company_id"],
        month=result.month,
    )
    for r in plan["updates"]:
        if r["e_source"] == -1:
            r["e_source"] = source_id
    repo.update_entries(session, plan["updates"])
    for r in plan["inserts"]:
        r["source_id"] = source_id
    ids = repo.insert_entries(session, plan["inserts"])
    journal = [dict(c, source_id=source_id) for c in plan["changes"]]
    journal += [
        {"source_id": source_id, "entry_id": i, "created": True, "rev_after": 1} for i in ids.values()
    ]
    repo.insert_changes(session, journal)
    result.written, result.source_id = True, source_id
    return source_id


def import_file(
    sessions: SessionFactory, path: Path, *, dry_run: bool = False, progress: ProgressFn | None = None
) -> ImportResult:
    """Read, check and write in one transaction (not on dry_run, nor when nothing changes or a row errs)."""
    releve = read_releve(path)
    with sessions() as session, session.begin():
        result = preview(session, releve, progress)
        if not dry_run and not result.errors and result.has_changes:
            write(session, result)
    return result


def undo_import(session: Session, source_id: int) -> int:
    """Put back every entry an import touched as it was before; refused when one was changed since."""
    source = repo.source_by_id(session, source_id)
    if source is None or source.kind != "import":
        raise NotFoundError(f"L'import n° {source_id} est introuvable.")
    if source.undone_at is not None:
        raise ConflictError(
            f"L'import de « {source.file_name} » a déjà été annulé le {date_fr(source.undone_at)}."
        )
    changes = repo.changes_with_current(session, source_id)
    moved = [c for c in changes if c[8] != c[7]]
    if moved:
        raise ConflictError(
            f"{len(moved)} ligne(s) importées depuis « {source.file_name} » ont été modifiées "
            "depuis (saisie ou import plus récent) : annulez d'abord l'import le plus récent, ou corrigez "
            "les heures à la main. "
            "Rien n'a été annulé."
        )
    now = utcnow()
    created_ids = [c[0] for c in changes if c[1]]
    rows = [
        _update_row(entry_id, worked, training, status, prev_deleted, keep_source=prev_source)
        for entry_id, created, worked, training, status, prev_source, prev_deleted, _after, _rev in changes
        if not created
    ]
    repo.update_entries(session, rows)
    repo.tombstone_entries(session, created_ids, now)
    repo.mark_undone(session, source_id, now)
    return len(changes)


def past_imports(session: Session) -> list[dict[str, Any]]:
    """Past imports, newest first, as plain dicts for the window and the command line."""
    return [
        {
            "id": r[0],
            "file_name": r[1],
            "sha256": r[2],
            "month": r[3],
            "imported_at": r[4],
            "undone_at": r[5],
            "company": r[6],
            "rows": int(r[7] or 0),
        }
        for r in repo.import_sources(session)
    ]
