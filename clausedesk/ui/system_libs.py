"""Before the window opens on Linux: the system libraries Qt needs, named in French when missing.

Without them Qt aborts with an English message naming one library (often not even the missing one).
This module reads the libraries Qt's modules and its X11 platform plugin ask for (the DT_NEEDED entries
of their ELF files, following Qt's own libraries), tries to load each system one as Qt would, and
names every one that is missing with the Debian/Ubuntu package that provides it. It imports no Qt:
it runs before Qt is loaded, and a missing library would make that import fail.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import struct
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

# Debian/Ubuntu packages whose name does not follow the usual rule (see debian_package).
_PACKAGE_EXCEPTIONS = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgio-2.0.so.0": "libglib2.0-0",
    "libz.so.1": "zlib1g",
    "libgcc_s.so.1": "libgcc-s1",
}
SHT_DYNAMIC = 6
DT_NEEDED = 1


def needed_libraries(path: Path) -> list[str]:
    """The DT_NEEDED names of a 64-bit little-endian ELF file (empty for anything else)."""
    try:
        data = path.read_bytes()
    except OSError:
        return []
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return []
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    names: list[str] = []
    for _name, kind, _flags, _addr, offset, size, link, _info, _align, _entsize in sections:
        if kind != SHT_DYNAMIC:
            continue
        strtab = sections[link][4]
        for pos in range(offset, offset + size, 16):
            tag, value = struct.unpack_from("<qQ", data, pos)
            if tag == 0:
                break
            if tag == DT_NEEDED:
                end = data.index(b"\0", strtab + value)
                names.append(data[strtab + value : end].decode("ascii", "replace"))
    return names


def debian_package(soname: str) -> str:
    """The Debian/Ubuntu package that ships `soname` (libxcb-icccm.so.4 -> libxcb-icccm4)."""
    if soname in _PACKAGE_EXCEPTIONS:
        return _PACKAGE_EXCEPTIONS[soname]
    match = re.fullmatch(r"(.+?)\.so\.(\d+).*", soname)
    if match is None:
        return soname
    base, major = match.group(1).lower(), match.group(2)
    return f"{base}-{major}" if base[-1].isdigit() else f"{base}{major}"


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_libraries(roots: Iterable[Path], bundled_dirs: Sequence[Path]) -> list[str]:
    """System libraries that `roots` need, directly or through a bundled library, and that do not load.

    A needed name found in one of `bundled_dirs` is followed (its own needs are checked); any other
    is a system library, loaded the way Qt would load it.
    """
    missing: list[str] = []
    seen: set[str] = set()
    pending = [p for p in roots if p.is_file()]
    while pending:
        for name in needed_libraries(pending.pop()):
            if name in seen:
                continue
            seen.add(name)
            bundled = next((d / name for d in bundled_dirs if (d / name).is_file()), None)
            if bundled is not None:
                pending.append(bundled)
            elif not _loads(name):
                missing.append(name)
    return sorted(missing)


def _xcb_would_be_used() -> bool:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":")[0].split(";")[0] == "xcb"
    return os.environ.get("XDG_SESSION_TYPE") != "wayland" or not os.environ.get("WAYLAND_DISPLAY")


def qt_roots() -> tuple[list[Path], list[Path]]:
    """What the window loads first (QtWidgets, QtGui, the X11 plugin when used) and Qt's library folders."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return [], []
    pyside = Path(next(iter(spec.submodule_search_locations)))
    qt = pyside / "Qt"
    roots = sorted(pyside.glob("QtWidgets*.so")) + sorted(pyside.glob("QtGui*.so"))
    if _xcb_would_be_used():
        roots.append(qt / "plugins" / "platforms" / "libqxcb.so")
    bundled = [qt / "lib", pyside, pyside.parent / "shiboken6", pyside.parent]
    return roots, bundled


def missing_message(missing: Sequence[str]) -> str:
    """The French explanation: which libraries, which packages, and that commands still work."""
    packages = sorted({debian_package(name) for name in missing})
    if len(missing) > 1:
        what, which = "ces bibliothèques du système manquent", "les paquets qui les fournissent"
    else:
        what, which = "cette bibliothèque du système manque", "le paquet qui la fournit"
    return (
        f"ClauseDesk ne peut pas ouvrir sa fenêtre : {what} ({', '.join(missing)}).\n"
        f"Sur Debian ou Ubuntu, installez {which} :\n"
        f"  sudo apt-get install {' '.join(packages)}\n"
        "Sur une autre distribution, installez le paquet qui fournit chacun de ces fichiers. "
        "Les commandes sans fenêtre (clausedesk stats, clausedesk backup…) fonctionnent sans elles."
    )


def check_window_libraries() -> str | None:
    """None when the window can start, else the French message naming what is missing (Linux only)."""
    if not sys.platform.startswith("linux"):
        return None
    missing = missing_libraries(*qt_roots())
    return missing_message(missing) if missing else None
