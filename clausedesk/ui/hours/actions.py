"""Actions of the "Heures du mois" screen: company templates (one, or all of the month) and relevé import."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog

from clausedesk.core.formatting import number
from clausedesk.core.services import hours as service
from clausedesk.ui.style import file_dialog

if TYPE_CHECKING:
    from clausedesk.ui.hours.screen import HoursScreen


def ask_company_template(screen: HoursScreen) -> None:
    """Ask where to write the template of the selected company (filter or grid row), then write it."""
    company = screen._current_company()
    if company is None:
        return
    siret = next(r.siret for r in screen.model.rows if r.company_uuid == company[0])
    from clausedesk.reports.releve_template import template_file_name

    suggested = str(Path.home() / template_file_name(company[1], siret, screen.month))
    target, _ = file_dialog(QFileDialog.getSaveFileName, screen, "Enregistrer le modèle de relevé", suggested,
                            "Classeur Excel (*.xlsx)")  # fmt: skip
    if target:
        make_templates(screen, Path(target).parent, [company[0]], single=Path(target))


def ask_month_templates(screen: HoursScreen) -> None:
    """Ask for a folder, then write there the template of every company of the month."""
    folder = file_dialog(
        QFileDialog.getExistingDirectory, screen, "Dossier où écrire les modèles de relevé", str(Path.home())
    )
    if folder:
        make_templates(screen, Path(folder))


def make_templates(
    screen: HoursScreen, folder: Path, company_uuids: list[str] | None = None, single: Path | None = None
) -> None:
    """Write templates in the background (one company to `single`, else every company into `folder`)."""
    month = screen.month
    siret = (
        next(r.siret for r in screen.model.rows if r.company_uuid == company_uuids[0])
        if single is not None and company_uuids
        else None
    )

    def work(sessions: Any, progress: Any) -> list[Path]:
        if single is not None and siret is not None:
            return [service.write_company_template(sessions, siret, month, single)[0]]
        return service.write_month_templates(sessions, month, folder, company_uuids, progress=progress)

    def done(paths: list[Path]) -> None:
        where = paths[0] if len(paths) == 1 else folder
        written = "modèle de relevé écrit" if len(paths) < 2 else "modèles de relevé écrits"
        screen.status.setText(f"{number(len(paths))} {written} dans {where}")

    screen.ctx.ops.task(screen, "Écriture des modèles de relevé…", work, on_done=done)


def open_import(screen: HoursScreen) -> None:
    """The import wizard (file, preview, import); the grid reloads after an import."""
    from clausedesk.ui.hours.import_dialog import ImportDialog

    dialog = ImportDialog(screen.ctx, screen)
    dialog.imported.connect(lambda _: screen.reload())
    dialog.open()


def open_history(screen: HoursScreen) -> None:
    """The past imports, one of which can be undone; the grid reloads after an undo."""
    from clausedesk.ui.hours.import_dialog import PastImportsDialog

    dialog = PastImportsDialog(screen.ctx, screen)
    dialog.undone.connect(lambda *_args: screen.reload())
    dialog.open()
