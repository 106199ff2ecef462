"""The one place that turns an error into what a person reads: a French message, a box, the log."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from clausedesk.core.errors import ClauseDeskError

log = logging.getLogger("clausedesk.ui")

UNEXPECTED = (
    "Une erreur inattendue a interrompu l'opération ; rien n'a été modifié. "
    "Les détails sont dans le journal de l'application."
)


class Cancelled(Exception):
    """Raised inside a task when the user pressed « Annuler »."""


def message_of(exc: BaseException) -> str:
    """What a person reads about `exc`: its own French message, else the unexpected-error one (logged)."""
    if isinstance(exc, ClauseDeskError):
        return exc.message
    log.error("background operation failed", exc_info=exc)
    return UNEXPECTED


def present(parent: QWidget | None, exc: BaseException, what: str = "") -> None:
    """Show `exc` to the person: nothing for a cancel, a warning for a refusal, a critical box otherwise.

    `what` names the operation (« Heures non enregistrées pour Durand Léa ») and heads the message.
    """
    if isinstance(exc, Cancelled):
        return
    text = message_of(exc)
    if what:
        text = f"{what} :\n{text}"
    if isinstance(exc, ClauseDeskError):
        QMessageBox.warning(parent, "ClauseDesk", text)
    else:
        QMessageBox.critical(parent, "ClauseDesk", text)
