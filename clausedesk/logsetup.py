"""Application log: a rotating file in the data folder's log directory; never personal data."""

from __future__ import annotations

import logging
import logging.handlers

from clausedesk.paths import Paths

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure(paths: Paths) -> None:
    """Send the `clausedesk` logger to journaux/clausedesk.log (1 MB × 5); idempotent."""
    logger = logging.getLogger("clausedesk")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logging.raiseExceptions = False  # a full disk must not print the logging module's traceback
    if any(getattr(h, "_clausedesk", False) for h in logger.handlers):
        return
    try:
        if paths.log_root is None and not paths.root.exists():
            raise FileNotFoundError(paths.root)  # never create a (mistyped) data folder just to log
        paths.logs.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            paths.logs / "clausedesk.log", maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler._clausedesk = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
