"""Starting the window: QApplication in French (locale, Qt's catalogue), passphrase, store, main window."""

from __future__ import annotations

import os
import sys
from typing import Any

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from clausedesk import logsetup
from clausedesk.core.oserrors import os_reason
from clausedesk.paths import Paths
from clausedesk.ui import crash
from clausedesk.ui.first_run import OrganisationDialog
from clausedesk.ui.qt_french import QtFrenchComplement


def _french_dates() -> None:
    """Qt's file dialogs write dates in the system's locale (« 2 12 2026 » under a C or English one):
    on a system that is not French, the dates' locale is French (Qt uses its own data; nothing else
    reads LC_TIME in ClauseDesk). A French system, or one where LC_ALL decides, is left as it is."""
    if os.environ.get("LC_ALL"):
        return
    if not any(os.environ.get(name, "").startswith("fr") for name in ("LC_TIME", "LANG")):
        os.environ["LC_TIME"] = "fr_FR.UTF-8"


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once), speaking French whatever the system locale."""
    app = QApplication.instance()
    if app is None:
        _french_dates()
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("ClauseDesk")
    app.setOrganizationName("ClauseDesk")
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    if not getattr(app, "_clausedesk_translator", None):
        translator = QTranslator(app)
        path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(QLocale(QLocale.Language.French), "qtbase", "_", path):
            app.installTranslator(translator)
        complement = QtFrenchComplement(app)  # what qtbase_fr leaves in English (« Look in: »…)
        app.installTranslator(complement)
        app._clausedesk_translator = (translator, complement)  # type: ignore[attr-defined]
    from clausedesk.ui import style

    style.install(app)  # dialogs grow to show their wrapped messages whole
    return app


def _open_server(paths: Paths, address: str) -> Any:
    """The coordinator's PostgreSQL store, or None after saying in French why it does not open."""
    from clausedesk.core.errors import ClauseDeskError
    from clausedesk.core.services import desk

    try:
        return desk.open_server_store(paths, address)
    except ClauseDeskError as exc:
        QMessageBox.critical(None, "ClauseDesk", exc.message)
        return None


def run_gui(paths: Paths, database_url: str | None = None) -> int:
    """Open the window: hold the data folder, ask the passphrase (first run: choose it), open the store.

    With `database_url`, the store is the coordinator's PostgreSQL database (no passphrase for it: the
    server checks the login; the data folder keeps the coordinator's keys).

    CLAUSEDESK_PASSPHRASE, when set, is used without asking (automated runs). The window shows as
    soon as the store is open (screens are built when first shown). A backup is taken at the end of
    a working session with changes, never after a session that only read.
    """
    from clausedesk.ui.appsession import AppSession
    from clausedesk.ui.trust import passphrase

    app = make_application()
    try:
        paths.ensure()
    except OSError as exc:
        QMessageBox.critical(
            None, "ClauseDesk", f"Impossible de créer le dossier {paths.root} : {os_reason(exc)}."
        )
        return 1
    logsetup.configure(paths)
    session = AppSession(paths)
    session.trace_fatal_errors()
    if not session.take_lock():
        QMessageBox.critical(
            None,
            "ClauseDesk",
            "ClauseDesk est déjà ouvert sur ce dossier de données. Utilisez la fenêtre ouverte.",
        )
        return 1
    crash.install(paths)
    try:
        first_run = database_url is None and not paths.store.exists()
        store = passphrase.open_store(paths) if database_url is None else _open_server(paths, database_url)
        if store is None:
            return 1
        ctx = session.attach(store)
        if first_run:
            OrganisationDialog(ctx).exec()
        from clausedesk.ui.main_window import MainWindow

        window = MainWindow(ctx)
        window.show()
        code = app.exec()
        return int(code)
    finally:
        session.end()
