"""The hours screen driven like a person: typing and pasting hours, totals, validation, import wizard."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from clausedesk.core.services.hours import grid
from clausedesk.db.models import HourEntry, Lot
from clausedesk.db.repositories import details
from clausedesk.db.store import Store
from clausedesk.ui.app import make_application
from clausedesk.ui.context import UiContext
from clausedesk.ui.hours import create_screen
from clausedesk.ui.hours.import_dialog import ImportDialog, PastImportsDialog
from clausedesk.ui.hours.models import GridModel, fmt_hours
from clausedesk.ui.hours.screen import HoursScreen
from clausedesk.ui.tasks import wait_idle

RELEVES = Path(__file__).parents[1] / "fixtures" / "releves"
MONTH = "2026-10"


def open_screen(qtbot: QtBot, store: Store) -> HoursScreen:
    make_application()
    screen = create_screen(UiContext(store=store, paths=store.paths))
    assert isinstance(screen, HoursScreen)
    qtbot.addWidget(screen)
    screen.resize(1200, 700)
    screen.show()
    screen.set_month(MONTH)
    company = screen.filters["company"]
    qtbot.waitUntil(lambda: company.findText("Concept Énergie") > 0)
    company.setCurrentIndex(company.findText("Concept Énergie"))
    qtbot.waitUntil(lambda: not screen.loading and len(screen.model.rows) == 5)
    return screen


def type_in_cell(qtbot: QtBot, screen: HoursScreen, row: int, col: int, text: str) -> None:
    """F2 on the cell, the text typed over its value, Return: as a person does."""
    screen.select_cell(row, col)
    screen.view.setFocus()
    qtbot.keyClick(screen.view, Qt.Key.Key_F2)
    editor = screen.view.findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def stored(store: Store) -> dict[str, tuple[Decimal, Decimal, str]]:
    with store.session() as s:
        return {
            r.person: (r.worked or Decimal(0), r.training or Decimal(0), r.status or "")
            for r in grid(s, MONTH)
        }


def sum_worked(model: GridModel) -> Decimal:
    return sum((r.worked or Decimal(0) for r in model.rows), Decimal(0))


def test_type_paste_totals_and_validate(qtbot: QtBot, demo_store: Store, monkeypatch: MonkeyPatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.warning", lambda parent, title, text: warnings.append(text)
    )
    screen = open_screen(qtbot, demo_store)
    model = screen.model
    assert [r.company for r in model.rows] == ["Concept Énergie"] * 5
    resets: list[str] = []  # a typed cell redraws its lot's and company's totals, never the whole tables
    screen.lot_model.modelReset.connect(lambda: resets.append("lots"))
    screen.company_model.modelReset.connect(lambda: resets.append("companies"))
    # type "35,5" in the first person's hours worked, as a person does
    type_in_cell(qtbot, screen, 0, GridModel.WORKED, "35,5")
    qtbot.waitUntil(lambda: model.rows[0].worked == Decimal("35.5"))  # shown, saved in the background
    qtbot.waitUntil(lambda: screen.saving == 0)
    first = model.rows[0].person
    assert stored(demo_store)[first][0] == Decimal("35.5")
    assert screen.company_model.rows[0][1] == f"{fmt_hours(sum_worked(model))}\u00a0h"  # updated as typed
    assert screen.lot_model.rows[0][1] == f"{fmt_hours(sum_worked(model))}\u00a0h"
    assert resets == []
    # paste a 2 × 2 block copied from a spreadsheet: hours worked and training of rows 2 and 3
    QGuiApplication.clipboard().setText("100\t7,5\r\n  80,25 \t0\r\n")
    screen.select_cell(1, GridModel.WORKED)
    qtbot.keyClick(screen.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: model.rows[2].worked == Decimal("80.25"))
    values = stored(demo_store)
    assert values[model.rows[1].person][:2] == (Decimal(100), Decimal("7.5"))
    assert values[model.rows[2].person][:2] == (Decimal("80.25"), Decimal(0))
    assert screen.company_model.rows[0][1] == f"{fmt_hours(sum_worked(model))}\u00a0h"
    assert (
        screen.lot_model.rowCount() == 1 and screen.lot_model.rows[0][3] != "–"
    )  # objective beside the total
    # a bad paste is refused whole: nothing written
    before = stored(demo_store)
    QGuiApplication.clipboard().setText("12\nbeaucoup\n")
    screen.select_cell(3, GridModel.WORKED)
    qtbot.keyClick(screen.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    # refused in place, in red above the grid (issue 18: no box for a cell error)
    qtbot.waitUntil(lambda: "« beaucoup » n'est pas un nombre" in screen.status.text())
    assert stored(demo_store) == before
    assert warnings == [] and screen.status.text().startswith("Heures non enregistrées pour le bloc collé")
    # validate the company's relevé: every line becomes "Validé" and is no longer editable
    qtbot.mouseClick(screen.validate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: all(r.status == "valide" for r in model.rows if r.entry_uuid))
    values = stored(demo_store)
    assert all(values[r.person][2] == "valide" for r in model.rows)
    assert not model.flags(model.index(0, GridModel.WORKED)) & Qt.ItemFlag.ItemIsEditable
    assert "validé" in screen.status.text()


def test_import_wizard_preview_import_and_undo(
    qtbot: QtBot, demo_store: Store, monkeypatch: MonkeyPatch
) -> None:
    screen = open_screen(qtbot, demo_store)
    with demo_store.session() as s:
        before = {e.uuid: (e.hours_worked, e.deleted_at) for e in s.scalars(select(HourEntry))}
    dialog = ImportDialog(screen.ctx, screen)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.path_edit, str(RELEVES / "texte_au_lieu_de_nombre.xlsx"))
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 5)
    assert dialog.model.rows[0][1] == "Erreur" and "trente-cinq" in dialog.model.rows[0][7]
    assert not dialog.import_button.isEnabled()
    dialog.path_edit.clear()
    qtbot.keyClicks(dialog.path_edit, str(RELEVES / "releve_ok.xlsx"))
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.import_button.isEnabled)
    assert [r[1] for r in dialog.model.rows].count("Modifié") == 4
    with qtbot.waitSignal(dialog.imported, timeout=10000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_idle()
    qtbot.waitUntil(lambda: any(r.worked == Decimal("151.67") for r in screen.model.rows))
    # the import from the window backed the store up first, in the rotating backups of the data folder
    assert [p.name for p in demo_store.paths.backups.glob("avant-import_*.sqlite")]
    assert any(r.source.startswith("Import releve_ok.xlsx") for r in screen.model.rows)
    history = PastImportsDialog(screen.ctx, screen)
    qtbot.addWidget(history)
    assert history.model.rows[0][1] == "releve_ok.xlsx" and history.model.rows[0][5] == "Importé"
    history.table.selectRow(0)
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.information", lambda *a: None)
    assert history.undo_selected(confirm=False)
    assert history.model.rows[0][5].startswith("Annulé le")
    with demo_store.session() as s:
        after = {e.uuid: (e.hours_worked, e.deleted_at) for e in s.scalars(select(HourEntry))}
    assert after == before


def test_tutoring_hours_are_typed_and_pasted_in_their_column(qtbot: QtBot, demo_store: Store) -> None:
    """The « Heures de tutorat » column (issue 13's debt): typed, pasted beside the other hours, stored."""
    screen = open_screen(qtbot, demo_store)
    model = screen.model
    assert model.headerData(GridModel.TUTORING, Qt.Orientation.Horizontal) == "Heures de tutorat"
    type_in_cell(qtbot, screen, 0, GridModel.TUTORING, "6,5")
    qtbot.waitUntil(lambda: screen.saving == 0 and model.rows[0].tutoring == Decimal("6.5"))
    worked_before = model.rows[0].worked
    # a block of three columns copied from a spreadsheet: worked, training, tutoring
    QGuiApplication.clipboard().setText("100\t7,5\t3\r\n")
    screen.select_cell(1, GridModel.WORKED)
    qtbot.keyClick(screen.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: model.rows[1].tutoring == Decimal(3))
    with demo_store.session() as s:
        tutoring = {r.person: (r.worked, r.tutoring) for r in grid(s, MONTH)}
    assert tutoring[model.rows[0].person] == (worked_before, Decimal("6.5"))
    assert tutoring[model.rows[1].person] == (Decimal(100), Decimal(3))
    assert model.index(1, GridModel.TUTORING).data() == "3"
    screen.grab().save(str(Path("/tmp/issue16") / "grille_tutorat.png"))


def set_lot_options(store: Store, lot_uuid: str, **options: bool) -> None:
    with store.session() as s:
        s.execute(update(Lot).where(Lot.uuid == lot_uuid).values(**options))


def test_the_lot_total_counts_tutoring_by_the_lots_option(qtbot: QtBot, demo_store: Store) -> None:
    """« Totaux par lot »: the month's hours are the lot's counted hours (the one counting rule, as in the
    figures), so typed tutoring counts when the lot counts tutoring and not otherwise (issue 16)."""
    screen = open_screen(qtbot, demo_store)
    model = screen.model
    lot_uuid = model.rows[0].lot_uuid
    assert {r.lot_uuid for r in model.rows} == {lot_uuid}
    set_lot_options(demo_store, lot_uuid, count_tutoring=True, count_training=False)
    screen.reload()
    qtbot.waitUntil(lambda: not screen.loading)
    type_in_cell(qtbot, screen, 0, GridModel.TUTORING, "6,5")
    qtbot.waitUntil(lambda: screen.saving == 0 and model.rows[0].tutoring == Decimal("6.5"))
    worked = sum_worked(model)
    tutoring = sum((r.tutoring or Decimal(0) for r in model.rows), Decimal(0))
    assert tutoring >= Decimal("6.5")
    qtbot.waitUntil(lambda: screen.lot_model.rows[0][1] == f"{fmt_hours(worked + tutoring)}\u00a0h")
    # the same figure as the lot's page (details.lot_months: hours_sql.counted) for this month
    with demo_store.session() as s:
        lot_id = s.scalar(select(Lot.id).where(Lot.uuid == lot_uuid))
        assert lot_id is not None
        figure = {m.month: m for m in details.lot_months(s, lot_id)}[MONTH]
    assert figure.counted == worked + tutoring
    # the lot stops counting tutoring: the total shows the worked hours only once the grid is read again
    set_lot_options(demo_store, lot_uuid, count_tutoring=False)
    screen.reload()
    qtbot.waitUntil(lambda: screen.lot_model.rows[0][1] == f"{fmt_hours(worked)}\u00a0h")
