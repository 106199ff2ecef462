"""Starting the window: QApplication in French (locale and Qt's own catalogue), the store, the main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from clausedesk import logsetup
from clausedesk.core.errors import ClauseDeskError
from clausedesk.db.store import Store
from clausedesk.paths import Paths


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once), speaking French whatever the system locale."""
    app = QApplication.instance()
    if app is None:
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
        app._clausedesk_translator = translator  # type: ignore[attr-defined]
    return app


def run_gui(paths: Paths) -> int:
    app = make_application()
    logsetup.configure(paths)
    try:
        store = Store.open(paths, create=True)
    except ClauseDeskError as exc:
        QMessageBox.critical(None, "ClauseDesk", exc.message)
        return 1
    from clausedesk.ui.main_window import MainWindow

    window = MainWindow(store)
    window.show()
    code = app.exec()
    store.close()
    return int(code)
