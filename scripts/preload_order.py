"""Write clausedesk/ui/preload_order.py: the modules the screens import, in the order they finish loading.

    uv run python scripts/preload_order.py

The window imports them one at a time while it is idle (ui/preload.py): each import then costs only
that module's own code (a few milliseconds), never a whole screen's tree of imports at once. Run it again
when a screen's imports change; a module missing from the list is simply imported with its screen.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "clausedesk" / "ui" / "preload_order.py"
BASE = "import clausedesk.ui.main_window, clausedesk.ui.home.screen, clausedesk.ui.appsession"


def finished_order(code: str) -> list[str]:
    """The modules imported by `code`, in the order they finished loading (`-X importtime`)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True,
                         env=env, cwd=ROOT, check=True)  # fmt: skip
    names = []
    for line in run.stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "cumulative" not in line:
            names.append(line.rsplit("|", 1)[1].strip())
    return names


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from clausedesk.ui.registry import SCREENS

    screens = [f"{spec.module}.screen" for spec in SCREENS]
    base = set(finished_order(BASE))
    everything = finished_order(f"{BASE}\nimport " + ", ".join(screens))
    modules = [name for name in everything if name not in base]
    lines = [
        '"""The modules the screens import, in the order they finish loading (written by',
        'scripts/preload_order.py, never by hand): ui/preload.py imports them one at a time while the window',
        'is idle."""',
        "",
        "MODULES = (",
        *[f'    "{name}",' for name in modules],
        ")",
        "",
    ]
    TARGET.write_text("\n".join(lines), encoding="utf-8")
    print(f"{TARGET.relative_to(ROOT)} : {len(modules)} modules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
