"""Importing a company's relevé: preview of every row's outcome, all-or-nothing write, source, undo.

Importing a company's relevé for a month sets that company's hours for that month to the file's
values: rows are matched to contracts (by the hidden identifier, else by name and lot), compared to
the store (new / changed / unchanged / error), and entries of the company's month absent from the
file are removed. Nothing is written when any row is in error; re-importing the same file changes
nothing. Each import records its source (file name, SHA-256, time) and the previous state of every
entry it touched, so it can be undone exactly (`hours_undo`). Before it writes, an import started
with its store leaves a rotating "avant-import" backup of the store.

Speed (benchmarks/bench_import_hours.py): the file is read once (reports.releve_reader); the
company's contracts and entries of the month come in one joined query; a row of ClauseDesk's
template that is sound takes a fast path of tuple and dict operations (any other row goes through
`check_row`, which gives the French reason); hours stay integer hundredths from the file to the store
(Decimal only for what the preview shows); the write is a few executemany statements; the cyclic
garbage collector is paused while the import runs.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from clausedesk.core.errors import ConflictError
from clausedesk.core.files import MAX_RELEVE, check_input
from clausedesk.core.rules.identifiers import check_siret
from clausedesk.core.rules.progress import max_hours_in_month, month_bounds
from clausedesk.core.services.hours_outcomes import (
    OUTCOME_LABELS,
    ZERO,
    ContractsByName,
    ImportResult,
    RowOutcome,
    check_row,
    lines_fr,
    validated_absent_message,
    validated_message,
)
from clausedesk.core.services.hours_undo import past_imports, undo_import
from clausedesk.core.vocab import HourStatus
from clausedesk.db.engine import SessionFactory
from clausedesk.db.models.base import utcnow
from clausedesk.db.repositories import hours_import as repo
from clausedesk.db.repositories.lookup import company_by_siret
from clausedesk.db.types import hundredths_of
from clausedesk.reports.releve_files import FORMAT_LABELS
from clausedesk.reports.releve_reader import (
    ReadOptions,
    Releve,
    ReleveFileError,
    SheetPeek,
    peek,
    read_releve,
    row_of,
)
from clausedesk.reports.releve_sheets import SheetChoiceError

if TYPE_CHECKING:
    from clausedesk.db.store import Store

__all__ = [
    "OUTCOME_LABELS",
    "ImportResult",
    "ReadOptions",
    "ReleveFileError",
    "SheetChoiceError",
    "SheetPeek",
    "peek",
    "ProgressFn",
    "RowOutcome",
    "import_file",
    "lines_fr",
    "past_imports",
    "preview",
    "undo_import",
    "write",
]

ProgressFn = Callable[[int, int, str], None]
_THIS_IMPORT = repo.THIS_IMPORT  # in the plan: the entry's source becomes the import being written
BACKUP_REASON = "avant-import"


def _company(session: Session, releve: Releve, company: str | None = None) -> tuple[int, str, str]:
    if releve.siret and company and releve.siret != company:
        raise ReleveFileError(
            f"Fichier « {releve.file_name} », feuille « {releve.sheet} » : ce relevé est celui "
            "de l'entreprise "
            f"de SIRET {releve.siret}, pas de {company} ; vérifiez que vous importez le bon fichier."
        )
    if releve.siret or company:
        siret = check_siret(
            releve.siret or company or "", f"Feuille « {releve.sheet} », SIRET de l'entreprise"
        )
        found = company_by_siret(session, siret)
        return found.id, found.name, found.siret
    companies = repo.company_of_contracts(session, [v[1] for v in releve.data if v[1]])
    if len(companies) != 1:
        raise ReleveFileError(
            f"Fichier « {releve.file_name} », feuille « {releve.sheet} » : le SIRET de "
            "l'entreprise est absent "
            "(cellule « SIRET : » au-dessus du tableau). Ajoutez-le, indiquez l'entreprise (--company "
            "SIRET, ou choix de l'entreprise dans la fenêtre), ou utilisez le modèle de relevé de ClauseDesk."
        )
    return companies.pop()


def preview(
    session: Session, releve: Releve, progress: ProgressFn | None = None, company: str | None = None
) -> ImportResult:
    """Every row's outcome against the store, and the plan of the write (nothing is written)."""
    if releve.month is None:
        raise ReleveFileError(
            f"Fichier « {releve.file_name} » ({FORMAT_LABELS[releve.format]}), feuille « {releve.sheet} » : "
            "le mois du relevé est absent "
            "(cellule « Mois : » au-dessus du tableau, par exemple 2026-03). Indiquez-le (--month AAAA-MM, "
            "ou le mois dans la fenêtre), ou utilisez le modèle de relevé de ClauseDesk."
        )
    month, sheet = releve.month, releve.sheet
    company_id, company_name, siret = _company(session, releve, company)
    first, last = month_bounds(month)
    cap = max_hours_in_month(month)
    cap_h = hundredths_of(cap)
    contracts, existing = repo.company_month(session, company_id, month, first, last)
    by_uuid = {c[1]: c for c in contracts}
    by_name = ContractsByName(contracts)
    data = releve.data
    unknown_uuids = [v[1] for v in data if v[1] and v[1] not in by_uuid]
    elsewhere = repo.contracts_by_uuid(session, unknown_uuids) if unknown_uuids else {}
    result = ImportResult(releve.file_name, releve.sha256, sheet, company_name, siret, month, [])
    result.format, result.mapping, result.warnings = releve.format, releve.mapping, releve.warnings
    outcomes = result.outcomes
    append = outcomes.append
    declared, validated = HourStatus.DECLARE.value, HourStatus.VALIDE.value
    dec = repo.DecimalHours()  # hundredths -> Decimal, each value once (the outcomes show Decimal hours)
    # hours are integer hundredths from the file (Releve.data) to the store: compared and written as such
    inserts: list[tuple[int, int, int, int, int, str]] = []
    changes: list[tuple[int, int, int, str, int]] = []  # live entries given the file's hours
    updates: list[tuple[int, int, int, int, str, int | None, Any]] = []  # tombstones brought back, removals
    with_tutoring = releve.has_tutoring  # without the column, an entry's tutoring stays as it is
    seen: dict[int, int] = {}
    total = len(data)
    for index, values in enumerate(data):  # the fields of a ReleveRow, as a plain tuple
        if progress is not None and index % 2000 == 0:
            progress(index, total, f"Vérification des lignes ({index}/{total})…")
        number, uuid, last_name, _first, _lot, typed_worked, typed_training, typed_tutoring, errors = values
        worked, training, tutoring = typed_worked or 0, typed_training or 0, typed_tutoring or 0
        contract = by_uuid.get(uuid) if uuid else None
        if (
            contract is not None
            and not errors
            and (not last_name or last_name == contract[3])
            and contract[0] not in seen
            and worked + training <= cap_h
            and tutoring <= cap_h
        ):  # a sound row of the template: what check_row would find, without its detours
            seen[contract[0]] = number
            outcome = RowOutcome(
                number, "ok", f"{contract[3]} {contract[4]}", contract[5], uuid,
                dec[typed_worked], dec[typed_training], hours_tutoring=dec[typed_tutoring],
            )  # fmt: skip
        else:
            outcome = check_row(row_of(values), sheet, month, cap, by_uuid, by_name, elsewhere, seen)
            contract = by_uuid.get(outcome.contract_uuid or "")
        append(outcome)
        if contract is None:
            continue
        entry = existing.pop((contract[0], contract[2]), None)  # listed in the file, even in error
        if outcome.outcome == "error":
            continue
        if entry is None or entry[7]:  # none, or tombstoned
            if worked == 0 and training == 0 and tutoring == 0:
                outcome.outcome = "unchanged"
                continue
            outcome.outcome = "new"
            if entry is None:
                inserts.append((contract[0], contract[2], worked, training, tutoring, declared))
            else:
                updates.append((entry[0], worked, training, tutoring, declared, _THIS_IMPORT, None))
            continue
        if not with_tutoring:
            tutoring = entry[8]
        if entry[3] == worked and entry[4] == training and entry[8] == tutoring:
            outcome.outcome = "unchanged"  # the previous values are the file's own
            outcome.previous_hours_worked, outcome.previous_hours_training = outcome.hours_worked or ZERO, (
                outcome.hours_training or ZERO
            )
            if with_tutoring:
                outcome.previous_hours_tutoring = outcome.hours_tutoring or ZERO
            continue
        outcome.previous_hours_worked, outcome.previous_hours_training = dec[entry[3]], dec[entry[4]]
        if with_tutoring:
            outcome.previous_hours_tutoring = dec[entry[8]]
        if entry[5] == validated:
            outcome.outcome = "error"
            outcome.message = validated_message(sheet, number, month, outcome.person, dec[entry[3]] or ZERO)
            continue
        outcome.outcome = "changed"
        changes.append((worked, training, tutoring, entry[5], entry[0]))
    _absent_entries(result, contracts, existing, updates, dec)
    result._plan = {"inserts": inserts, "updates": updates, "changes": changes, "company_id": company_id}
    return result


def _absent_entries(
    result: ImportResult,
    contracts: list[Any],
    existing: dict[tuple[int, int], Any],
    updates: list[Any],
    dec: repo.DecimalHours,
) -> None:
    """Entries of the company's month that the file does not list: removed (tombstoned), or refused."""
    live = sorted((e for e in existing.values() if not e[7]), key=lambda e: e[0])
    if not live:
        return
    names = {(c[0], c[2]): (f"{c[3]} {c[4]}", c[5], c[1]) for c in contracts}
    now = utcnow()
    for entry in live:
        person, lot, cuuid = names.get((entry[1], entry[2]), ("(contrat hors période)", "", None))
        removed = RowOutcome(
            None,
            "removed",
            person,
            lot,
            cuuid,
            ZERO,
            ZERO,
            dec[entry[3]],
            dec[entry[4]],
            "absent du fichier : ses heures du mois sont retirées",
        )
        if entry[5] == HourStatus.VALIDE.value:
            removed.outcome = "error"
            removed.message = validated_absent_message(person, result.month)
        else:  # tombstoned with its values and source kept: undo brings it back as it was
            updates.append((entry[0], entry[3], entry[4], entry[8], entry[5], entry[6], now))
        result.outcomes.append(removed)


def write(session: Session, result: ImportResult) -> int:
    """Apply a previewed import in the caller's transaction; returns the source id. Refused with errors."""
    if result.errors:
        raise ConflictError(
            f"{lines_fr(len(result.errors))} en erreur dans « {result.file_name} » : rien n'a été importé. "
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
    repo.write_import(session, source_id, result.month, plan["inserts"], plan["updates"], plan["changes"])
    result.written, result.source_id = True, source_id
    return source_id


def import_file(
    sessions: SessionFactory,
    path: Path,
    *,
    dry_run: bool = False,
    progress: ProgressFn | None = None,
    store: Store | None = None,
    options: ReadOptions | None = None,
) -> ImportResult:
    """Read, check and write in one transaction (not on dry_run, nor when nothing changes or a row errs).

    `store`, the store the sessions come from (the command line and the window pass it): an import
    that is about to write first takes a rotating "avant-import" backup of it (result.backup); when
    the backup fails, nothing is imported.
    """
    options = options or ReadOptions()
    with contextlib.suppress(OSError):  # a missing or unreadable file: the reader says so itself
        check_input(path, MAX_RELEVE, "Le relevé")
    with _no_cycle_collection():
        return _import_file(sessions, path, dry_run, progress, store, options)


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cyclic garbage collector paused for the import (and set back as it was after, error or not).

    Reading 10,000 rows makes some 100,000 containers (the sheet's cells, the rows, the outcomes):
    enough to start several collections, each walking every object of the process, for no garbage (what
    the import drops is freed by reference counting). Measured at 10,000 rows: 20 to 25 % of the import's
    CPU time. It pauses the whole process (the window's thread too) for the second the import takes.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import_file(
    sessions: SessionFactory,
    path: Path,
    dry_run: bool,
    progress: ProgressFn | None,
    store: Store | None,
    options: ReadOptions,
) -> ImportResult:

    def remembered(siret: str) -> dict[str, str] | None:
        with sessions() as session:
            return repo.column_mapping(session, siret)

    releve = read_releve(path, options, remembered)
    with sessions() as session, session.begin():
        result = preview(session, releve, progress, options.company)
        if dry_run or result.errors:
            return result
        if result.has_changes:
            if store is not None:
                if progress is not None:
                    total = len(releve.data)
                    progress(total, total, "Sauvegarde de la base avant l'import…")
                result.backup = store.backup(reason=BACKUP_REASON)
            write(session, result)
        if releve.mapping_given:  # the columns the user named: kept for the company's next relevé
            repo.save_column_mapping(session, result.siret, releve.mapping)
    return result
