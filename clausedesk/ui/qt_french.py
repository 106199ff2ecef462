"""The few strings of Qt's own dialogs that Qt's French catalogue (qtbase_fr) leaves in English."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTranslator

# (context, source) → French; checked against the dialogs by tests/ui/test_menus.py
MISSING = {
    ("QFileDialog", "&Look in:"): "&Voir dans\u00a0:",
    ("QFileDialog", "Files of &type:"): "Fichiers de &type\u00a0:",
    # the « Type » column of the file dialogs (Qt 6's icon provider, newer than qtbase_fr's catalogue)
    ("QAbstractFileIconProvider", "Folder"): "Dossier",
    ("QAbstractFileIconProvider", "Drive"): "Lecteur",
    ("QAbstractFileIconProvider", "File"): "Fichier",
    ("QAbstractFileIconProvider", "%1 File"): "Fichier %1",
    ("QAbstractFileIconProvider", "File Folder"): "Dossier",
}


class QtFrenchComplement(QTranslator):
    """Installed after qtbase_fr (so asked first): answers only the strings qtbase_fr lacks."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1
                  ) -> str | None:  # fmt: skip
        return MISSING.get((context, source))  # None: not ours, qtbase_fr answers

    def isEmpty(self) -> bool:  # noqa: N802
        return False
