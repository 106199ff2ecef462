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
    from clausedesk.ui.screenshots import capture_all, offscreen_screen

    store = ctx.store()
    width, height = ctx.args.size or (ctx.args.width, ctx.args.height)
    with offscreen_screen((width, height)):  # the pictures are made as on a laptop of that screen size
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from clausedesk.ui.app import make_application

        app = make_application()
    from clausedesk.ui.main_window import MainWindow

    target: Path = ctx.args.dir
    target.mkdir(parents=True, exist_ok=True)
    window = MainWindow(store)
    window.resize(width, height)
    window.show()
    files, problems = capture_all(app, window, target, (width, height))
    window.close()
    for f in files:
        ctx.say(f"Capture écrite : {f}")
    for problem in problems:  # what a person would see cut at this size: said, the pictures kept
        ctx.warn(f"Texte coupé ou hors champ — {problem}")
    return 0
