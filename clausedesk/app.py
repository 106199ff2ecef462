"""Entry point: `clausedesk` opens the window; `clausedesk COMMAND` runs a headless job."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> None:
    from clausedesk.cli import run

    sys.exit(run(argv))
