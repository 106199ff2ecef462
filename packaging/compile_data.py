"""Bytecode for the Python files the bundle reads as data (Alembic's migrations), made at build time.

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
