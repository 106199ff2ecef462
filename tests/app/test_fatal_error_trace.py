"""A fatal error in the window (segmentation fault, « none_dealloc ») leaves its stack in the log."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_a_fatal_error_leaves_its_stack_in_the_log(tmp_path: Path) -> None:
    root = tmp_path / "donnees"
    code = (
        "import faulthandler\n"
        "from pathlib import Path\n"
        "from clausedesk.paths import Paths\n"
        "from clausedesk.ui.appsession import AppSession\n"
        f"session = AppSession(Paths(Path({str(root)!r})))\n"
        "session.trace_fatal_errors()\n"
        "def the_screen_code():\n"
        "    faulthandler._sigsegv()\n"
        "the_screen_code()\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode != 0
    log = (root / "journaux" / "clausedesk.log").read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in log
    assert "the_screen_code" in log


def test_closing_without_a_change_takes_no_backup(tmp_path: Path) -> None:
    from clausedesk.db.store import Store
    from clausedesk.paths import Paths
    from clausedesk.ui.appsession import AppSession

    paths = Paths(tmp_path / "donnees")
    Store.open(paths, create=True).close()
    session = AppSession(paths)
    assert session.take_lock()
    session.attach(Store.open(paths))
    session.end()
    assert list(paths.backups.glob("*fin-de-session*")) == []
