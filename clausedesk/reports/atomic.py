"""Output files of reports: the atomic writer (shared, in core/files) and the folder of a batch."""

from __future__ import annotations

import os
from pathlib import Path

from clausedesk.core.errors import ClauseDeskError
from clausedesk.core.files import atomic_path as atomic_path  # re-exported for the writers


def ensure_output_dir(folder: Path) -> Path:
    """Create an output folder (for batches) or raise a French ClauseDeskError."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ClauseDeskError(
            f"Impossible de créer le dossier {folder} : {exc.strerror or exc}. Choisissez un dossier où "
            "vous avez le droit d'écrire ; aucun fichier n'a été produit."
        ) from exc
    if not os.access(folder, os.W_OK):
        raise ClauseDeskError(
            f"Le dossier {folder} n'accepte pas l'écriture. Choisissez un autre dossier ; aucun fichier "
            "n'a été produit."
        )
    return folder
