"""The shipped reference tables' file format: tab-separated text, gzip-compressed, one header line."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Callable
from functools import wraps
from importlib.resources import files
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
_LOADING = threading.RLock()  # one lock for every table: loaded once even when two threads ask at once


def once(build: Callable[[], T]) -> Callable[[], T]:
    """Build a table on first use, once: the GUI thread and the worker may both ask for it first. A table
    built is read without the lock: the GUI thread never waits while another table is being built."""
    built: list[T] = []

    @wraps(build)
    def get() -> T:
        if built:
            return built[0]
        with _LOADING:
            if not built:
                built.append(build())
            return built[0]

    return get


def read_rows(folder: str, name: str) -> list[list[str]]:
    """The rows (header left out) of clausedesk/resources/<folder>/<name>."""
    raw = (files("clausedesk") / "resources" / folder / name).read_bytes()
    return [line.split("\t") for line in gzip.decompress(raw).decode("utf-8").splitlines()[1:]]


def read_source(folder: str) -> str:
    """The first line of the folder's SOURCE file: which release of the data is shipped."""
    return (files("clausedesk") / "resources" / folder / "SOURCE").read_text(encoding="utf-8").splitlines()[0]


def _clean(text: str) -> str:
    return text.replace("\t", " ").replace("\n", " ").strip()


def write_table(out: Path, name: str, header: list[str], rows: list[list[str]]) -> None:
    """Write a table (used by the refresh scripts); the same rows always give the same bytes."""
    lines = ["\t".join(header)] + ["\t".join(_clean(v) for v in row) for row in rows]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    # mtime=0: the same source gives the same bytes, so a refresh without change shows no diff.
    with gzip.GzipFile(out / name, "wb", compresslevel=9, mtime=0) as table:
        table.write(data)
