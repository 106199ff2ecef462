"""Build-time helpers of the spec: bytecode of the files read as data, and which system libraries stay out.

PyInstaller stores the application's modules as bytecode, but Alembic loads its migration scripts from
files: without their `__pycache__`, every start of the frozen program would compile them again (it
cannot even keep the result: the installed folder is read-only). The copy gets unchecked-hash `.pyc`
files, valid whatever the files' dates after copying, for the interpreter that runs the build.
"""

from __future__ import annotations

import compileall
import py_compile
import shutil
from pathlib import Path


def compiled_migrations(source: Path, target: Path) -> Path:
    """A copy of `source` at `target` with the bytecode of every `.py` file; returns `target`."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    ok = compileall.compile_dir(
        str(target), quiet=1, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH
    )
    if not ok:
        raise SystemExit(f"Compilation impossible des migrations copiées dans {target}")
    return target


# Libraries of the build machine that the bundle keeps: those the interpreter's own modules link
# (_ssl, _hashlib, _ctypes, _sqlite3, _bz2, _lzma, zlib, readline, _uuid). Everything else found in
# the system's library folders is the desktop's and is left to the user's system.
PYTHON_RUNTIME_LIBRARIES = (
    "libssl.so", "libcrypto.so", "libffi.so", "libsqlite3.so", "libbz2.so", "liblzma.so", "libz.so",
    "libreadline.so", "libtinfo.so", "libuuid.so", "libmpdec.so",
)
SYSTEM_LIBRARY_DIRS = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/usr/local/lib/")


def system_library_to_leave_out(source: str) -> bool:
    """True for a library of the build machine's system that the bundle must not carry."""
    if not source.startswith(SYSTEM_LIBRARY_DIRS) or "/python3" in source:
        return False
    name = Path(source).name
    return not name.startswith(PYTHON_RUNTIME_LIBRARIES)
