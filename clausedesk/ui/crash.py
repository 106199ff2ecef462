"""Unexpected errors in the window: logged with details, shown to the user in French with what to do."""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from clausedesk.paths import Paths

log = logging.getLogger("clausedesk.ui")


def message(paths: Paths) -> str:
    return (
        "ClauseDesk a rencontré une erreur inattendue. L'opération en cours n'a pas abouti ; les données "
        "déjà enregistrées sont intactes.\n\n"
        "Que faire : enregistrez ou fermez ce qui est ouvert, puis redémarrez ClauseDesk. "
        "Si l'erreur revient, envoyez à votre support le fichier journal :\n"
        f"{paths.logs / 'clausedesk.log'}\n"
        "(il ne contient aucune donnée personnelle)."
    )


def install(paths: Paths) -> None:
    """Replace sys.excepthook so an error in a slot shows a dialog instead of vanishing or aborting."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        log.error("unexpected error in the window", exc_info=(kind, value, tb))
        if QApplication.instance() is not None:
            box = QMessageBox(QMessageBox.Icon.Critical, "ClauseDesk — erreur inattendue", message(paths))
            box.setObjectName("crash_dialog")
            box.exec()

    sys.excepthook = hook
