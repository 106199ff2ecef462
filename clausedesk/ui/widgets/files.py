"""File dialogs in French (Qt's own, translated), opening in the last folder used for each kind of file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from clausedesk.ui.style import file_dialog

OPTIONS = QFileDialog.Option.DontUseNativeDialog  # Qt's dialog, translated by qtbase_fr, the same everywhere
SETTINGS_PROPERTY = "clausedesk_ui_settings"  # the window's settings file, set on the application


def _settings() -> QSettings | None:
    app = QApplication.instance()
    path = app.property(SETTINGS_PROPERTY) if app is not None else None
    return QSettings(str(path), QSettings.Format.IniFormat) if path else None


def last_folder(kind: str) -> Path:
    """The folder last used for files of `kind` (« releve », « pdf », « export »…), else Documents."""
    settings = _settings()
    saved = settings.value(f"dossiers/{kind}") if settings is not None else None
    if saved and Path(str(saved)).is_dir():
        return Path(str(saved))
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def remember(kind: str, chosen: str | Path) -> None:
    """Keep the folder of what was just chosen as the place to open next time for `kind`."""
    settings = _settings()
    if settings is None or not str(chosen):
        return
    path = Path(chosen)
    settings.setValue(f"dossiers/{kind}", str(path if path.is_dir() else path.parent))
    settings.sync()


def open_file(parent: QWidget | None, kind: str, caption: str, filters: str, start: str = "") -> str:
    """A file to read ("" when cancelled), the dialog opening where the last one of `kind` was found."""
    where = start or str(last_folder(kind))
    path, _ = file_dialog(QFileDialog.getOpenFileName, parent, caption, where, filters, options=OPTIONS)
    if path:
        remember(kind, path)
    return str(path)


def save_file(parent: QWidget | None, kind: str, caption: str, name: str, filters: str) -> str:
    """Where to write `name` ("" when cancelled), proposed in the last folder used for `kind`."""
    where = str(last_folder(kind) / name)
    path, _ = file_dialog(QFileDialog.getSaveFileName, parent, caption, where, filters, options=OPTIONS)
    if path:
        remember(kind, path)
    return str(path)


def choose_folder(parent: QWidget | None, kind: str, caption: str) -> str:
    folder = file_dialog(QFileDialog.getExistingDirectory, parent, caption, str(last_folder(kind)),
                         OPTIONS | QFileDialog.Option.ShowDirsOnly)  # fmt: skip
    if folder:
        remember(kind, folder)
    return str(folder)
