"""Writing an output file atomically: a temporary file beside the target, then os.replace."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from clausedesk.core.errors import ClauseDeskError
from clausedesk.core.oserrors import os_reason


def _explain(path: Path, exc: OSError) -> ClauseDeskError:
    reason = os_reason(exc)
    return ClauseDeskError(
        f"Impossible d'écrire le fichier {path} : {reason}. Vérifiez que le dossier existe et que vous "
        "avez le droit d'y écrire (ou que le fichier n'est pas ouvert dans un autre logiciel), puis "
        "recommencez ; aucun fichier n'a été produit."
    )


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces `path`, on any error it is removed.

    OSError (missing folder, no permission, disk full) becomes a ClauseDeskError with a French
    message; the target is never left half-written and a previous file stays as it was.
    """
    target = Path(path)
    if target.is_dir():
        raise ClauseDeskError(
            f"{target} est un dossier : indiquez le nom du fichier à écrire "
            f"(par exemple {target / 'sortie'})."
        )
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _explain(target, exc) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    with contextlib.suppress(OSError):
        os.chmod(tmp, 0o644)  # mkstemp makes it private; an output file is an ordinary document
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise _explain(target, exc) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


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
