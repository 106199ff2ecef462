"""The "Synchronisation" screen driven like a person would: clicks, typed passphrases, real packages.

File dialogs are answered through the panels' FileChooser.preset (the button path still runs);
passphrase dialogs and confirmations are real dialogs, filled in by a timer while they are open.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget
from sqlalchemy import select

from clausedesk.core.rules.people import AGE_BANDS
from clausedesk.db.models import Participant
from clausedesk.db.store import Store
from clausedesk.paths import Paths
from clausedesk.sync import keys, package, setup
from clausedesk.ui.app import make_application
from clausedesk.ui.context import UiContext
from clausedesk.ui.sync import create_screen
from clausedesk.ui.sync.enroll import EnrollDialog
from clausedesk.ui.sync.passphrase import PassphraseDialog
from clausedesk.ui.sync.screen import SyncScreen
from clausedesk.ui.tasks import wait_idle

from .conftest import PASS, Coordinator, Facilitator, make_facilitator

LEFT = Qt.MouseButton.LeftButton


def _screen(qtbot: Any, store: Store, paths: Paths) -> SyncScreen:
    make_application()
    screen = create_screen(UiContext(store=store, paths=paths))
    qtbot.addWidget(screen)
    assert isinstance(screen, SyncScreen)
    if screen.facilitator is not None:  # its key, trust and history are read in the background
        panel = screen.facilitator
        qtbot.waitUntil(lambda: not panel.state_loading)
    return screen


def when_open(qtbot: Any, kind: type[QWidget], act: Callable[[Any], None], tries: int = 200) -> None:
    """Once a dialog of `kind` is open (modal, so the click that opens it blocks), run `act` on it."""

    def attempt(left: int) -> None:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
        if found:
            act(found[0])
        elif left:
            QTimer.singleShot(10, lambda: attempt(left - 1))

    QTimer.singleShot(0, lambda: attempt(tries))


def type_passphrase(qtbot: Any, *phrases: bytes, confirm: bool = False) -> None:
    """Answer the passphrase dialog with each phrase in turn (a wrong one keeps the dialog open)."""

    def act(dialog: PassphraseDialog) -> None:
        for phrase in phrases:
            dialog.phrase.clear()
            qtbot.keyClicks(dialog.phrase, phrase.decode("utf-8"))
            if confirm:
                assert dialog.confirmation is not None
                dialog.confirmation.clear()
                qtbot.keyClicks(dialog.confirmation, phrase.decode("utf-8"))
            qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), LEFT)
            if phrase != phrases[-1]:
                assert dialog.isVisible() and dialog.error.text()

    when_open(qtbot, PassphraseDialog, act)


def answer_yes(qtbot: Any) -> None:
    when_open(
        qtbot, QMessageBox, lambda box: qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), LEFT)
    )


def test_facilitator_builds_the_package_and_the_coordinator_merges_it(
    qtbot: Any, fac1: Facilitator, fac2: Facilitator, coord: Coordinator, tmp_path: Path
) -> None:
    screen = _screen(qtbot, fac1.store, fac1.paths)
    panel = screen.facilitator
    assert panel is not None and not screen.is_coordinator
    assert panel.identity.fingerprint.text() == fac1.identity.fingerprint
    assert coord.identity.public.key_id_hex in panel.identity.coordinator_info.text()
    assert "version 1 (Département de test)" in panel.identity.referential_info.text()

    # what will be sent for October 2026: counts per record type and the month's aggregates
    panel.month.set_month("2026-10")
    qtbot.mouseClick(panel.refresh_button, LEFT)
    qtbot.waitUntil(lambda: panel.preview.records_model.rowCount() > 0)
    assert panel.month.text() == "10/2026"  # the month field of every screen
    assert panel.preview.summary.text().startswith("Paquet n° 1 d'octobre 2026 : ")
    labels = [panel.preview.records_model.text(r, 0) for r in range(panel.preview.records_model.rowCount())]
    assert "Participants (pseudonymisés)" in labels and "Heures mensuelles" in labels
    aggregates = panel.preview.aggregates_model
    assert aggregates.text(0, 0) == "Heures travaillées" and aggregates.text(0, 1).endswith("h")
    with fac1.store.session() as s:
        names = set(s.scalars(select(Participant.last_name)))
    shown = " ".join(
        m.text(r, c) for m in (panel.preview.records_model, aggregates) for r in range(m.rowCount())
        for c in range(m.columnCount())
    )  # fmt: skip
    assert names and not any(name in shown for name in names)

    # build it: the save dialog is answered by the preset, the passphrase typed (a wrong one first)
    target = tmp_path / "octobre.cdpkg"
    panel.files.preset(target)
    type_passphrase(qtbot, b"mauvaise phrase", PASS)
    qtbot.mouseClick(panel.package_button, LEFT)
    qtbot.waitUntil(lambda: panel.history_model.rowCount() == 1)
    assert target.exists()
    assert panel.history_model.text(0, 0) == "1"
    assert panel.history_model.text(0, 1) == "octobre 2026"
    assert panel.last_built is not None
    assert panel.history_model.text(0, 5) == panel.last_built.manifest_sha256[:16] + "…"
    assert "Paquet n° 1 (octobre 2026) enregistré" in panel.result.text()
    qtbot.waitUntil(lambda: "Paquet n° 2" in panel.preview.summary.text())
    wait_idle()

    # the coordinator imports it (with a damaged file) and sees "intégré" and the indicators
    junk = tmp_path / "abime.cdpkg"
    junk.write_bytes(target.read_bytes()[:-40])
    cscreen = _screen(qtbot, coord.store, coord.paths)
    cpanel, indicators = cscreen.coordinator, cscreen.indicators
    assert cpanel is not None and indicators is not None and cscreen.is_coordinator
    assert cpanel.fingerprint.text() == coord.identity.fingerprint
    states = {cpanel.facilitators_model.text(r, 0): cpanel.facilitators_model.text(r, 7) for r in range(2)}
    assert states == {"Alice Martin": "EN RETARD", "Bruno Petit": "EN RETARD"}
    cpanel.files.preset([target, junk])
    type_passphrase(qtbot, PASS)
    qtbot.mouseClick(cpanel.import_button, LEFT)
    qtbot.waitUntil(lambda: cpanel.results_model.rowCount() == 2)
    results = cpanel.results_model
    assert [results.text(0, c) for c in range(5)] == [
        "octobre.cdpkg",
        "intégré",
        "Alice Martin",
        "1",
        "octobre 2026",
    ]
    assert results.text(1, 1) == "refusé" and results.text(1, 5).startswith("Paquet refusé — contrôle")
    assert cpanel.summary.text() == "2 fichiers : 1 intégré, 1 refusé."
    row = next(r for r in range(2) if cpanel.facilitators_model.text(r, 0) == "Alice Martin")
    assert cpanel.facilitators_model.text(row, 5) == "octobre 2026"

    indicators.month.set_month("2026-10")
    qtbot.mouseClick(indicators.refresh_button, LEFT)
    qtbot.waitUntil(lambda: indicators.report is not None, timeout=30000)  # PostgreSQL under load: slower
    assert indicators.figures["packages"].text() == "1"
    assert indicators.figures["hours_total"].text().endswith("h")
    assert indicators.figures["hours_total"].text() != "0\u00a0h"
    indicators.select_table("people_by_age_band")
    model = indicators.table_model
    order = [label for *_rest, label in AGE_BANDS]
    shown_bands = [model.text(r, 0) for r in range(model.rowCount()) if model.text(r, 0) in order]
    assert shown_bands == [b for b in order if b in shown_bands] and len(shown_bands) >= 2
    indicators.select_table("people_by_territory")
    assert any(model.text(r, 1).startswith("< ") for r in range(model.rowCount()))
    assert "masqués" in indicators.masked.text()

    # workbook and comité PDF from the buttons
    xlsx, pdf = tmp_path / "conso.xlsx", tmp_path / "comite.pdf"
    indicators.files.preset(xlsx)
    qtbot.mouseClick(indicators.xlsx_button, LEFT)
    qtbot.waitUntil(lambda: str(xlsx) in indicators.result.text(), timeout=30000)
    indicators.files.preset(pdf)
    qtbot.mouseClick(indicators.pdf_button, LEFT)
    qtbot.waitUntil(lambda: str(pdf) in indicators.result.text(), timeout=30000)
    assert pdf.read_bytes().startswith(b"%PDF") and xlsx.stat().st_size > 0
    wait_idle()


def test_coordinator_enrols_and_revokes_from_the_screen(
    qtbot: Any, coord: Coordinator, tmp_path: Path
) -> None:
    fac = make_facilitator("Chloé Durand", Paths(tmp_path / "chloe"), coord, enroll=False)
    try:
        public = tmp_path / "chloe.pub"
        keys.export_public(fac.identity, public)
        screen = _screen(qtbot, coord.store, coord.paths)
        cpanel = screen.coordinator
        assert cpanel is not None and cpanel.facilitators_model.rowCount() == 0

        def enrol(dialog: EnrollDialog) -> None:
            assert dialog.fingerprint.text() == fac.identity.fingerprint
            qtbot.keyClicks(dialog.name, "Chloe Durand (PLIE)")  # QTest types ASCII only
            dialog.accept()

        cpanel.files.preset(public)
        when_open(qtbot, EnrollDialog, enrol)
        qtbot.mouseClick(cpanel.enroll_button, LEFT)
        assert cpanel.facilitators_model.rowCount() == 1
        assert cpanel.facilitators_model.text(0, 0) == "Chloe Durand (PLIE)"
        assert cpanel.facilitators_model.text(0, 1) == fac.identity.public.key_id_hex

        cpanel.facilitators.selectRow(0)
        answer_yes(qtbot)
        qtbot.mouseClick(cpanel.revoke_button, LEFT)
        assert cpanel.facilitators_model.text(0, 7).startswith("révoquée le ")
        # a package from the revoked key is refused, with the reason in French
        blob = tmp_path / "chloe.cdpkg"
        package.write_package(fac.store.sessions, fac.identity, "2026-10", blob)
        cpanel.files.preset([blob])
        type_passphrase(qtbot, PASS)
        qtbot.mouseClick(cpanel.import_button, LEFT)
        qtbot.waitUntil(lambda: cpanel.results_model.rowCount() == 1)
        assert cpanel.results_model.text(0, 1) == "refusé"
        assert "révoquée" in cpanel.results_model.text(0, 5)
        wait_idle()
    finally:
        fac.store.close()


def test_a_new_facilitator_creates_a_key_trusts_the_coordinator_and_imports_the_referential(
    qtbot: Any, store: Store, paths: Paths, coord: Coordinator, tmp_path: Path
) -> None:
    screen = _screen(qtbot, store, paths)
    panel = screen.facilitator
    assert panel is not None
    boxes = panel.identity
    assert boxes.fingerprint.text() == "—" and not panel.package_button.isEnabled()
    assert not boxes.create_key_button.isHidden()

    type_passphrase(qtbot, b"ma phrase de passe", confirm=True)
    qtbot.mouseClick(boxes.create_key_button, LEFT)
    qtbot.waitUntil(lambda: not panel.state_loading)
    bundle = setup.public_bundle(paths)
    assert bundle is not None
    assert boxes.fingerprint.text() == bundle.fingerprint and boxes.create_key_button.isHidden()

    exported = tmp_path / "moi.pub"
    panel.files.preset(exported)
    qtbot.mouseClick(boxes.export_key_button, LEFT)
    assert keys.read_public_bundle(exported) == bundle

    coord_pub = tmp_path / "coordinateur.pub"
    keys.export_public(coord.identity, coord_pub)
    panel.files.preset(coord_pub)
    answer_yes(qtbot)
    qtbot.mouseClick(boxes.trust_button, LEFT)
    qtbot.waitUntil(lambda: not panel.state_loading)
    assert coord.identity.fingerprint in boxes.coordinator_info.text()
    assert not panel.package_button.isEnabled()  # the referential is still missing

    panel.files.preset(coord.referential)
    qtbot.mouseClick(boxes.referential_button, LEFT)
    qtbot.waitUntil(lambda: not panel.state_loading)
    assert "version 1" in boxes.referential_info.text()
    assert panel.package_button.isEnabled()
    qtbot.waitUntil(lambda: "Paquet n° 1" in panel.preview.summary.text())
    wait_idle()
