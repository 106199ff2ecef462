"""Hidden rows and columns of an Excel 97-2003 (.xls) workbook, which python-calamine does not report.

A light walk of the file: the compound document's sectors to the « Workbook » stream, then the
BIFF8 records of each sheet (ROW with its zero-height flag, COLINFO with its hidden flag). Formulas
need no such walk in .xls: a FORMULA record always carries its last computed value.
"""

from __future__ import annotations

import re
import struct

_END = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_BOUNDSHEET, _BOF, _EOF, _ROW, _COLINFO = 0x0085, 0x0809, 0x000A, 0x0208, 0x007D
# a ROW record (0x0208, 16 bytes) whose flags have fDyZero (0x20), or a COLINFO record (0x007D, 12 bytes)
# whose flags have fHidden (1): one search tells that no record can be hidden, and spares the walk
_WITH_BIT_5 = bytes(b for b in range(256) if b & 0x20)
_ODD = bytes(b for b in range(256) if b & 1)
_MAYBE_HIDDEN = re.compile(
    b"\x08\x02\x10\x00.{12}[" + re.escape(_WITH_BIT_5) + b"]|\x7d\x00\x0c\x00.{8}[" + re.escape(_ODD) + b"]",
    re.DOTALL,
)


def _chain(fat: list[int], start: int) -> list[int]:
    sectors, seen = [], set()
    while start not in (_END, _FREE) and start < len(fat) and start not in seen:
        seen.add(start)
        sectors.append(start)
        start = fat[start]
    return sectors


def workbook_stream(raw: bytes) -> bytes:
    """The BIFF « Workbook » (or « Book ») stream of a compound document; ValueError when absent."""
    shift = struct.unpack_from("<H", raw, 30)[0]
    size = 1 << shift
    mini_shift = struct.unpack_from("<H", raw, 32)[0]
    dir_start, _, mini_cutoff, minifat_start, _, difat_start, difat_count = struct.unpack_from("<7I", raw, 48)

    def sector(n: int) -> bytes:  # the header fills sector -1 (512 bytes, or 4096 in version 4)
        return raw[(n + 1) * size : (n + 2) * size]

    fat_sectors = [s for s in struct.unpack_from("<109I", raw, 76) if s not in (_FREE, _END)]
    next_difat = difat_start
    for _ in range(difat_count):
        if next_difat in (_FREE, _END):
            break
        block = struct.unpack(f"<{size // 4}I", sector(next_difat))
        fat_sectors += [s for s in block[:-1] if s not in (_FREE, _END)]
        next_difat = block[-1]
    fat: list[int] = []
    for s in fat_sectors:
        fat += struct.unpack(f"<{size // 4}I", sector(s))
    directory = b"".join(sector(s) for s in _chain(fat, dir_start))
    entries = []
    for offset in range(0, len(directory) - 127, 128):
        name_len = struct.unpack_from("<H", directory, offset + 64)[0]
        name = directory[offset : offset + max(0, name_len - 2)].decode("utf-16-le", "replace")
        start, length = struct.unpack_from("<II", directory, offset + 116)
        entries.append((name, start, length))
    root = entries[0] if entries else ("", _END, 0)
    for name, start, length in entries:
        if name not in ("Workbook", "Book"):
            continue
        if length >= mini_cutoff:
            return b"".join(sector(s) for s in _chain(fat, start))[:length]
        mini_stream = b"".join(sector(s) for s in _chain(fat, root[1]))
        minifat_raw = b"".join(sector(s) for s in _chain(fat, minifat_start))
        minifat = list(struct.unpack(f"<{len(minifat_raw) // 4}I", minifat_raw))
        mini = 1 << mini_shift
        return b"".join(mini_stream[s * mini : (s + 1) * mini] for s in _chain(minifat, start))[:length]
    raise ValueError("no Workbook stream")


def hidden_rows_and_columns(raw: bytes) -> dict[str, tuple[set[int], set[int]]]:
    """Sheet name -> (hidden rows, hidden columns), both counted from 0."""
    stream = workbook_stream(raw)
    if _MAYBE_HIDDEN.search(stream) is None:
        return {}
    sheets: list[tuple[int, str]] = []
    pos = 0
    while pos + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, pos)
        body = stream[pos + 4 : pos + 4 + length]
        if kind == _BOUNDSHEET and len(body) >= 8:
            offset, count, high = struct.unpack_from("<I", body, 0)[0], body[6], body[7] & 1
            text = body[8 : 8 + count * (2 if high else 1)]
            sheets.append((offset, text.decode("utf-16-le" if high else "latin-1", "replace")))
        elif kind == _EOF and sheets:
            break
        pos += 4 + length
    found: dict[str, tuple[set[int], set[int]]] = {}
    for offset, name in sheets:
        rows: set[int] = set()
        cols: set[int] = set()
        pos = offset
        while pos + 4 <= len(stream):
            kind, length = struct.unpack_from("<HH", stream, pos)
            body = stream[pos + 4 : pos + 4 + length]
            if kind == _ROW and len(body) >= 16 and struct.unpack_from("<H", body, 12)[0] & 0x20:
                rows.add(struct.unpack_from("<H", body, 0)[0])
            elif kind == _COLINFO and len(body) >= 10 and struct.unpack_from("<H", body, 8)[0] & 1:
                first, last = struct.unpack_from("<HH", body, 0)
                cols.update(range(first, min(last, 1023) + 1))
            elif kind == _EOF:
                break
            pos += 4 + length
        found[name] = (rows, cols)
    return found
