"""Files the user names: bounded reads of every input, and atomic writes only to ordinary files.

Every file ClauseDesk reads from outside (keys, referentials, packages, relevés, backups, logos,
recovery kits) goes through `read_bounded` or `check_input` with its own size cap, so that a device
such as /dev/zero or a huge file is refused before it is read, in French, naming the limit.
Every output goes through `atomic_path` / `write_atomic`: a temporary file beside the target, flushed,
then renamed over it; an existing target that is a symbolic link, a device, a pipe or a folder is
refused (renaming over it would replace a device node or the link instead of writing where meant).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from clausedesk.core.errors import ClauseDeskError
from clausedesk.core.oserrors import os_reason

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB

#: Size caps of what ClauseDesk reads (a real file of each kind is far smaller).
MAX_KEY_FILE = 64 * KIB  # public keys, identity files, recovery kits
MAX_REFERENTIAL = 8 * MIB
MAX_PACKAGE = 64 * MIB
MAX_RELEVE = 64 * MIB
MAX_LOGO = 8 * MIB
MAX_BACKUP = 16 * GIB


class InputTooLargeError(ClauseDeskError):
    """A file to read is larger than its cap, or is not an ordinary file."""


class OutputRefusedError(ClauseDeskError):
    """An output path that must not be written (symbolic link, device, pipe, folder)."""


def size_label(n: int) -> str:
    """A byte count the French way (binary units: Kio, Mio, Gio)."""
    for unit, size in (("Gio", GIB), ("Mio", MIB), ("Kio", KIB)):
        if n >= size and n % size == 0:
            return f"{n // size} {unit}"
    return f"{n} octets"


def _too_large(path: Path, limit: int, what: str) -> InputTooLargeError:
    return InputTooLargeError(
        f"{what} {path} est un fichier trop gros : il dépasse la taille maximale acceptée "
        f"({size_label(limit)}) ; ce n'est pas le bon fichier, ou il est endommagé. Vérifiez le fichier "
        "choisi ; rien n'a été lu ni modifié."
    )


def _not_a_file(path: Path, limit: int, what: str) -> InputTooLargeError:
    return InputTooLargeError(
        f"{what} {path} n'est pas un fichier ordinaire (dossier, périphérique ou tube) : indiquez le "
        f"chemin d'un fichier (taille maximale acceptée : {size_label(limit)}). Rien n'a été lu ni modifié."
    )


def check_input(path: Path, limit: int, what: str = "Le fichier") -> int:
    """Refuse, before anything is read, an input that is not an ordinary file or is over `limit`.

    For readers that open the file themselves (spreadsheets, SQLite); returns its size.
    OSError (missing file, no permission) is left to the caller.
    """
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise _not_a_file(Path(path), limit, what)
    if info.st_size > limit:
        raise _too_large(Path(path), limit, what)
    return info.st_size


def read_bounded(path: Path, limit: int, what: str = "Le fichier") -> bytes:
    """The bytes of `path`, never more than `limit`: refused in French beyond it (even for a device)."""
    with open(path, "rb") as fh:
        info = os.fstat(fh.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise _not_a_file(Path(path), limit, what)
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            raise _too_large(Path(path), limit, what)
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise _too_large(Path(path), limit, what)
    return data


def check_output(path: Path) -> Path:
    """Refuse an output path that exists and is not an ordinary file, or is a symbolic link."""
    target = Path(path)
    if target.is_symlink():
        raise OutputRefusedError(
            f"{target} est un lien symbolique : ClauseDesk n'écrit pas à travers un lien. Indiquez le "
            "chemin d'un fichier ordinaire ; rien n'a été écrit."
        )
    try:
        info = target.stat()
    except OSError:  # missing (the usual case), or unreachable: the writer says why in its own words
        return target
    if stat.S_ISDIR(info.st_mode):
        raise OutputRefusedError(
            f"{target} est un dossier : indiquez le nom du fichier à écrire "
            f"(par exemple {target / 'sortie'})."
        )
    if not stat.S_ISREG(info.st_mode):
        raise OutputRefusedError(
            f"{target} existe et n'est pas un fichier ordinaire (périphérique, tube ou prise) : "
            "ClauseDesk ne le remplace pas. Indiquez le chemin d'un fichier ; rien n'a été écrit."
        )
    return target


def _explain(path: Path, exc: OSError) -> ClauseDeskError:
    return ClauseDeskError(
        f"Impossible d'écrire le fichier {path} : {os_reason(exc)}. Vérifiez que le dossier existe et que "
        "vous avez le droit d'y écrire (ou que le fichier n'est pas ouvert dans un autre logiciel), puis "
        "recommencez ; aucun fichier n'a été produit."
    )


@contextlib.contextmanager
def atomic_path(path: Path, *, private: bool = False) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces `path`, on any error it is removed.

    The target is checked first (`check_output`) and again just before the rename. OSError (missing
    folder, no permission, disk full) becomes a ClauseDeskError with a French message; the target is
    never left half-written and a previous file stays as it was. `private`: mode 0600.
    """
    target = check_output(Path(path))
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _explain(target, exc) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    if not private:
        with contextlib.suppress(OSError):
            os.chmod(tmp, 0o644)  # mkstemp makes it private; an output file is an ordinary document
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        check_output(target)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise _explain(target, exc) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_folder(target.parent)


def write_atomic(path: Path, data: bytes, *, private: bool = False) -> None:
    """Write `data` to `path` all at once (see `atomic_path`)."""
    with atomic_path(path, private=private) as tmp, open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()


def fsync_folder(folder: Path) -> None:
    """Make a rename durable (no-op where folders cannot be opened, e.g. Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
