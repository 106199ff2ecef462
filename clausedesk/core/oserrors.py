"""French reasons for file-system errors (missing folder, no permission, disk full...)."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

_REASONS = {
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.EACCES: "accès refusé",
    errno.EPERM: "opération non permise",
    errno.ENOSPC: "le disque est plein : libérez de la place puis recommencez",
    errno.EDQUOT: "le quota de disque est atteint",
    errno.EROFS: "le support est en lecture seule",
    errno.EISDIR: "c'est un dossier",
    errno.ENOTDIR: "le chemin traverse un fichier qui n'est pas un dossier",
    errno.EEXIST: "le fichier existe déjà",
    errno.EBUSY: "le fichier est utilisé par un autre programme",
}


def os_reason(exc: OSError) -> str:
    """The French reason of a file error (the system's own text when it is not a common one)."""
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


#: Below this much free space, an engine's "disk I/O error" is taken for a full disk.
LOW_SPACE = 1024 * 1024


def _read_only(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs on Windows
        return not os.access(folder, os.W_OK)


def disk_trouble(folder: Path, detail: str = "") -> str | None:
    """A French sentence when `folder`'s disk is full, read-only or the file is locked; None otherwise.

    The engine says "disk I/O error" for several causes: the free space and the mount flags of the
    folder are looked at, so that a sound store on a full disk is never called damaged.
    """
    text = detail.lower()
    folder = Path(folder)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        free = None
    if "disk is full" in text or "no space" in text or (free is not None and free < LOW_SPACE):
        return (
            f"le disque du dossier {folder} est plein : libérez de la place (ou choisissez un autre "
            "dossier), puis recommencez"
        )
    if "readonly" in text or "read-only" in text or _read_only(folder):
        return (
            f"le dossier {folder} est sur un support en lecture seule (ou sans droit d'écriture) : "
            "ClauseDesk doit pouvoir y écrire. Copiez les données sur un disque inscriptible ou "
            "corrigez les droits"
        )
    if "locked" in text or "busy" in text:
        return (
            "la base est verrouillée par un autre programme (une autre fenêtre ClauseDesk, un "
            "antivirus, une synchronisation de fichiers) : fermez-le puis recommencez"
        )
    return None


def database_reason(exc: BaseException) -> str:
    """A French sentence for an error the database engine raised while working."""
    text = str(getattr(exc, "orig", exc)).lower()
    if "disk is full" in text or "disk i/o" in text:
        return "le disque est plein ou illisible : libérez de la place puis recommencez."
    if "locked" in text or "busy" in text:
        return "la base est occupée par une autre opération (une autre fenêtre ClauseDesk ?) : réessayez."
    if "readonly" in text or "read-only" in text:
        return "la base est en lecture seule : vérifiez les droits sur le dossier des données."
    if "malformed" in text or "not a database" in text:
        return "la base est endommagée : restaurez la dernière sauvegarde (« clausedesk restore »)."
    return "la base de données a refusé l'opération (détails dans le journal)."
