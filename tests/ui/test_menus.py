"""Standard menus and shortcuts: Fichier, Édition, Données, Aide; Ctrl+Q, Ctrl+P, F1; French file dialogs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

from clausedesk.ui.app import make_application
from clausedesk.ui.main_window import MainWindow
from clausedesk.ui.widgets import files


@pytest.fixture
def demo_window(qtbot: Any, demo_store: Any) -> Iterator[MainWindow]:
    make_application()
    w = MainWindow(demo_store)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


def test_menu_bar_reads_like_a_desktop_program(demo_window: MainWindow) -> None:
    titles = [a.text() for a in demo_window.menuBar().actions()]
    assert titles == ["&Fichier", "&Édition", "&Données", "&Aide"]
    actions = demo_window.actions_by_name
    assert actions["quit_action"].shortcut().toString() == "Ctrl+Q"
    assert actions["print_action"].shortcut().toString() == "Ctrl+P"
    assert actions["guide_action"].shortcut().toString() == "F1"


def test_f1_opens_the_french_guide_and_ctrl_q_quits(qtbot: Any, demo_window: MainWindow) -> None:
    demo_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is demo_window)
    qtbot.keyClick(demo_window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: getattr(demo_window, "guide", None) is not None)
    guide = demo_window.guide
    assert guide.isVisible() and "Ctrl+S" in guide.text.toPlainText()
    assert "Enregistrer le formulaire ouvert" in guide.text.toPlainText()
    guide.close()
    demo_window.actions_by_name["about_action"].trigger()
    assert "GNU GPL" in demo_window.about.summary.text()
    demo_window.about.close()
    demo_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is demo_window)
    qtbot.keyClick(demo_window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not demo_window.isVisible())


class Viewer(QObject):
    """Stands for the system's PDF viewer: records what it was asked to open."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def show(self, url: QUrl) -> None:
        self.opened.append(url.toLocalFile())


def test_ctrl_p_opens_the_very_pdf_that_is_sent(qtbot: Any, demo_window: MainWindow) -> None:
    viewer = Viewer()
    QDesktopServices.setUrlHandler("file", viewer, "show")
    try:
        # the dashboards' marché is looked up in the background: let its first answer arrive
        reports = demo_window.show_screen("reports")
        qtbot.waitUntil(lambda: reports.market.count() > 0, timeout=60000)
        reports.market.setCurrentIndex(0)  # the first marché found, as a person picks it
        demo_window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is demo_window)
        qtbot.keyClick(demo_window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: bool(viewer.opened) or "PDF" in demo_window.statusBar().currentMessage(),
                        timeout=120000)  # fmt: skip
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert viewer.opened, demo_window.statusBar().currentMessage()
    pdf = Path(viewer.opened[0])
    assert pdf.parent == demo_window.ctx.paths.root / "impressions"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "lecteur de PDF" in demo_window.statusBar().currentMessage()  # no box to close


def test_qt_dialogs_speak_french_and_remember_the_folder(qtbot: Any, demo_window: MainWindow,
                                                         tmp_path: Path) -> None:  # fmt: skip
    assert QCoreApplication.translate("QFileDialog", "Look in:") != "Look in:"
    dialog = QFileDialog(demo_window, "Relevé", str(tmp_path))
    dialog.setOption(files.OPTIONS)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = [label.text().replace("&", "") for label in dialog.findChildren(QLabel)]
    assert "Voir dans\u00a0:" in texts and "Fichiers de type\u00a0:" in texts, texts
    assert not [t for t in texts if t in ("Look in:", "Files of type:", "File name:")], texts
    dialog.close()
    (tmp_path / "releves").mkdir()
    chosen = tmp_path / "releves" / "mars.xlsx"
    files.remember("releve", chosen)
    assert files.last_folder("releve") == tmp_path / "releves"
    assert files.last_folder("pdf") != tmp_path / "releves"  # each kind of file its own folder


def test_file_dialogs_write_french_types_and_dates() -> None:
    """« Folder » and « 2 12 2026 03:22 » in the file dialog: now « Dossier » and « 02/12/2026 03:22 »."""
    import os
    import subprocess
    import sys

    code = (
        "from PySide6.QtCore import QCoreApplication, QDateTime, QLocale\n"
        "from clausedesk.ui.app import make_application\n"
        "make_application()\n"
        "print(QCoreApplication.translate('QAbstractFileIconProvider', 'Folder'))\n"
        "print(QLocale.system().toString(QDateTime.fromString('2026-12-02T03:22:00', 'yyyy-MM-ddTHH:mm:ss'),"
        " QLocale.FormatType.ShortFormat))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_TIME", "LANG")}
    env["LANG"] = "en_US.UTF-8"  # an English system
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, timeout=120)
    lines = done.stdout.decode("utf-8").splitlines()
    assert done.returncode == 0, done.stderr.decode("utf-8")
    assert lines == ["Dossier", "02/12/2026 03:22"], lines
