"""The `screenshots` command: every main screen and the common dialogs rendered offscreen to PNG files."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from clausedesk.cli.context import Context


def register(sub: Any) -> None:
    p = sub.add_parser("screenshots", help="capturer écrans et dialogues en PNG (sans affichage)")
    p.add_argument("dir", metavar="DOSSIER", type=Path, help="dossier où écrire les images")
    p.add_argument("--size", type=_size, default=None, metavar="LxH",
                   help="taille de la fenêtre, par exemple 1366x768 (1366x768 par défaut)")  # fmt: skip
    p.add_argument("--width", type=int, default=1366, help="largeur de la fenêtre (1366 par défaut)")
    p.add_argument("--height", type=int, default=768, help="hauteur de la fenêtre (768 par défaut)")
    p.set_defaults(func=cmd_screenshots)


def _size(text: str) -> tuple[int, int]:
    """`1366x768` → (1366, 768); anything else is a usage error said in French."""
    import argparse

    width, sep, height = text.lower().partition("x")
    if not sep or not width.isdigit() or not height.isdigit() or not (320 <= int(width) <= 7680) or not (
        240 <= int(height) <= 4320
    ):
        raise argparse.ArgumentTypeError(f"« {text} » : taille attendue LARGEURxHAUTEUR (ex. 1366x768)")
    return int(width), int(height)


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
    width, height = ctx.args.size or (ctx.args.width, ctx.args.height)
    window.resize(width, height)
    window.show()
    files = capture_all(app, window, target)
    window.close()
    for f in files:
        ctx.say(f"Capture écrite : {f}")
    return 0
