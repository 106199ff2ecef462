"""The `screenshots` command: every main screen rendered offscreen to PNG files, one per screen."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from clausedesk.cli.context import Context


def register(sub: Any) -> None:
    p = sub.add_parser("screenshots", help="capturer chaque écran principal en PNG (sans affichage)")
    p.add_argument("dir", metavar="DOSSIER", type=Path, help="dossier où écrire les images")
    p.add_argument("--width", type=int, default=1280, help="largeur de la fenêtre (1280 par défaut)")
    p.add_argument("--height", type=int, default=800, help="hauteur de la fenêtre (800 par défaut)")
    p.set_defaults(func=cmd_screenshots)


def cmd_screenshots(ctx: Context) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    store = ctx.store()
    from clausedesk.ui.app import make_application
    from clausedesk.ui.main_window import MainWindow
    from clausedesk.ui.screenshots import capture_all

    app = make_application()
    target: Path = ctx.args.dir
    target.mkdir(parents=True, exist_ok=True)
    window = MainWindow(store)
    window.resize(ctx.args.width, ctx.args.height)
    window.show()
    files = capture_all(app, window, target)
    window.close()
    for f in files:
        ctx.say(f"Capture écrite : {f}")
    return 0
