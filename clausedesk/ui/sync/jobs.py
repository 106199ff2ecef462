"""Background jobs of the synchronisation screen: plain values in, plain results out (run with run_task).

Each job opens its own sessions through the factory it receives; none touches a widget.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from clausedesk.core.errors import ClauseDeskError
from clausedesk.sync import importer, keys, overview, package, referential
from clausedesk.sync.errors import os_reason

Progress = Callable[[int, int, str], None]
Sessions = Any  # the store's session factory, handed over by the operations layer (ops.task)


def preview(sessions: Sessions, period: str, progress: Progress) -> overview.Preview:
    return overview.preview(sessions, period)


def build_package(
    sessions: Sessions, identity: keys.Identity, period: str, path: Path, progress: Progress
) -> package.BuiltPackage:
    try:
        return package.write_package(sessions, identity, period, path, progress=progress)
    except OSError as exc:
        raise ClauseDeskError(
            f"Impossible d'écrire le paquet {path} : {os_reason(exc)}. Choisissez un autre dossier ; "
            "aucun paquet n'a été enregistré."
        ) from exc


def import_packages(
    sessions: Sessions, identity: keys.Identity, files: list[Path], progress: Progress
) -> list[importer.ImportResult]:
    return importer.import_files(sessions, identity, files, progress)


def report(sessions: Sessions, last: str | None, progress: Progress) -> overview.DepartmentReport:
    return overview.department_report(sessions, last, date.today())


def workbook(sessions: Sessions, path: Path, progress: Progress, year: int | None = None) -> Path:
    from clausedesk.reports.comite_xlsx import write_workbook

    progress(0, 2, "Calcul des indicateurs du département…")
    data = overview.department_report(sessions, None, date.today(), year)
    progress(1, 2, "Écriture du classeur…")
    return write_workbook(
        path, data.figures, data.tables, data.threshold, data.comparison, year, data.coverage, data.annual
    )


def comite_pdf(
    sessions: Sessions, month: str | None, path: Path, progress: Progress, year: int | None = None
) -> Path:
    """The comité PDF cumulated up to `month`, or (with `year`) the year compared with the one before."""
    from clausedesk.reports.comite import write_comite_pdf

    progress(0, 2, "Calcul des indicateurs du département…")
    data = overview.department_report(sessions, month, date.today(), year)
    progress(1, 2, "Mise en page du document du comité…")
    assert data.last is not None
    return write_comite_pdf(
        path, data.last, data.figures, data.tables, data.late, data.threshold, data.department, data.first,
        data.comparison, data.targets, data.coverage,
    )  # fmt: skip


def publish_referential(
    sessions: Sessions, identity: keys.Identity, path: Path, department: str, progress: Progress
) -> int:
    try:
        return referential.publish(sessions, identity, path, department)
    except OSError as exc:
        raise ClauseDeskError(
            f"Impossible d'écrire le référentiel {path} : {os_reason(exc)}. Choisissez un autre dossier."
        ) from exc


def comite_year_pdf(sessions: Sessions, year: int, path: Path, progress: Progress) -> Path:
    """The comité PDF of `year`, compared with the year before."""
    return comite_pdf(sessions, None, path, progress, year)


def workbook_year(sessions: Sessions, year: int, path: Path, progress: Progress) -> Path:
    return workbook(sessions, path, progress, year)
