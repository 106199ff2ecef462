"""French reasons for file-system errors (missing folder, no permission, disk full...)."""

from __future__ import annotations

import errno

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
