"""The icon theme files of the Linux packages, rendered from the scalable clausedesk.svg.

Writes `<out>/hicolor/scalable/apps/<id>.svg` and `<out>/hicolor/<n>x<n>/apps/<id>.png` for the usual
sizes, so desktops pick a sharp picture at every scale (a single 256 px PNG was blurred on high
resolution screens). Usage: python packaging/linux/make_icons.py OUT_DIR [ICON_ID]
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
SVG = Path(__file__).resolve().parents[2] / "clausedesk" / "resources" / "icons" / "clausedesk.svg"


def make_icons(out: Path, icon_id: str) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"Icône SVG illisible : {SVG}")
    written = []
    scalable = out / "hicolor" / "scalable" / "apps" / f"{icon_id}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SVG, scalable)
    written.append(scalable)
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = out / "hicolor" / f"{size}x{size}" / "apps" / f"{icon_id}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target), "PNG"):
            raise SystemExit(f"Écriture impossible : {target}")
        written.append(target)
    return written


if __name__ == "__main__":
    for path in make_icons(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "clausedesk"):
        print(path)
