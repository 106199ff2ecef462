"""The zip inside a package: deterministic writing, defensive reading, canonical JSON and SHA-256.

`write_zip` gives the same bytes for the same files on a given Python build: names sorted, every
timestamp 1980-01-01 00:00:00, Unix regular-file mode 0644, DEFLATE level 9. (A zlib of another
version may compress differently: hashes are therefore taken over file contents, never the zip.)

`read_zip` treats its input as hostile. It refuses, with PackageError:

* check "archive": not a zip; an entry name that is empty, absolute, with "..", ".", a backslash,
  a drive letter or a colon, control characters, a reserved Windows device name, or characters
  outside [A-Za-z0-9._-] (components may not start with "."); two entries whose names are equal
  ignoring case; a name not allowed; a directory, symbolic link or other non-regular entry; an
  encrypted entry; a compression method other than stored or DEFLATE; a damaged entry (bad CRC,
  headers that disagree...); a required name missing;
* check "size": more than `max_entries` entries; an entry whose declared or actual uncompressed
  size exceeds `max_entry`; declared or actual total over `max_total`; an entry of more than
  `RATIO_FLOOR` bytes expanding more than `max_ratio` times. Decompression stops as soon as the
  actual bytes exceed the declared size or a cap, so a lying header cannot exhaust memory.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from typing import Any

from clausedesk.sync.errors import PackageError

FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)
#: zlib's default level: level 9 took four times the CPU for files about a third smaller.
COMPRESS_LEVEL = 6
#: Entries smaller than this are bounded by the size caps alone; the ratio cap applies above it.
RATIO_FLOOR = 64 * 1024
MAX_NAME_LENGTH = 200
_LOCAL_HEADER = struct.Struct("<4sHHHHHLLLHH")  # local file header, 30 bytes
_LOCAL_SIGNATURE = b"PK\x03\x04"
_COMPONENT = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")
_DRIVE = re.compile(r"[A-Za-z]:")
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}


_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def canonical_json(obj: object) -> bytes:
    """JSON with sorted keys, no spaces, UTF-8 without escaping (ensure_ascii=False), no NaN."""
    return _CANONICAL.encode(obj).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    """SHA-256 of `data`, as 64 lower-case hexadecimal digits."""
    return hashlib.sha256(data).hexdigest()


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise PackageError("schema", f"clé JSON « {key} » en double.")
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise PackageError("schema", f"valeur JSON non standard : {name}.")


def strict_json(data: bytes) -> Any:
    """Parse UTF-8 JSON, refusing (check "schema") bad UTF-8, duplicate keys, NaN and Infinity."""
    try:
        text = data.decode("utf-8")
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except PackageError:
        raise
    except UnicodeDecodeError:
        raise PackageError("schema", "le fichier JSON n'est pas en UTF-8.") from None
    except (ValueError, RecursionError):
        raise PackageError("schema", "le fichier n'est pas un JSON valide.") from None


def check_name(name: str) -> None:
    """Refuse (PackageError check="archive") any entry name that is not a plain relative path."""
    shown = repr(name)
    if not name:
        raise PackageError("archive", "entrée sans nom.")
    if len(name) > MAX_NAME_LENGTH:
        raise PackageError("archive", f"nom d'entrée trop long : {shown[:60]}…")
    if "\\" in name:
        raise PackageError("archive", f"nom d'entrée avec une barre oblique inverse : {shown}.")
    if name.startswith("/"):
        raise PackageError("archive", f"chemin absolu interdit : {shown}.")
    if _DRIVE.match(name):
        raise PackageError("archive", f"lettre de lecteur interdite : {shown}.")
    if any(ord(char) < 32 or ord(char) == 127 for char in name):
        raise PackageError("archive", f"caractère de contrôle dans le nom d'entrée : {shown}.")
    parts = name.split("/")
    if any(part in ("..", ".") for part in parts):
        raise PackageError("archive", f"composant « . » ou « .. » interdit (remontée de dossier) : {shown}.")
    if name.endswith("/"):
        raise PackageError("archive", f"dossier inattendu dans l'archive : {shown}.")
    for part in parts:
        if not _COMPONENT.fullmatch(part):
            raise PackageError("archive", f"nom d'entrée non autorisé : {shown}.")
        if part.split(".")[0].upper() in _RESERVED:
            raise PackageError("archive", f"nom réservé par Windows : {shown}.")


def _folded(name: str) -> str:
    return name.casefold()


def write_zip(files: dict[str, bytes]) -> bytes:
    """A deterministic zip of `files` (name → content); names must pass `check_name`."""
    seen: set[str] = set()
    for name in files:
        check_name(name)
        if _folded(name) in seen:
            raise PackageError("archive", f"entrée en double : {name!r}.")
        seen.add(_folded(name))
    buffer = io.BytesIO()
    with zipfile.ZipFile(
        buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL
    ) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(
                info, files[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL
            )
    return buffer.getvalue()


def _is_allowed(name: str, allowed: AbstractSet[str] | Callable[[str], bool]) -> bool:
    if isinstance(allowed, AbstractSet):
        return name in allowed
    return bool(allowed(name))


def _check_entry(info: zipfile.ZipInfo) -> None:
    name = info.orig_filename
    if info.flag_bits & 0x1 or info.flag_bits & 0x40:
        raise PackageError("archive", f"entrée chiffrée refusée : {name!r}.")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise PackageError("archive", f"méthode de compression non prise en charge pour {name!r}.")
    mode = info.external_attr >> 16
    if info.create_system == 3 and mode:
        kind = stat.S_IFMT(mode)
        if kind == stat.S_IFLNK:
            raise PackageError("archive", f"lien symbolique refusé : {name!r}.")
        if kind not in (0, stat.S_IFREG):
            raise PackageError("archive", f"entrée qui n'est pas un fichier ordinaire : {name!r}.")
    if info.external_attr & 0x10:
        raise PackageError("archive", f"dossier inattendu dans l'archive : {name!r}.")


def _check_declared_size(info: zipfile.ZipInfo, max_entry: int, max_ratio: int) -> None:
    name = info.orig_filename
    if info.file_size > max_entry:
        raise PackageError(
            "size", f"l'entrée {name!r} dépasse la taille maximale ({info.file_size} > {max_entry} octets)."
        )
    if info.file_size > RATIO_FLOOR and info.file_size > max_ratio * max(info.compress_size, 1):
        raise PackageError("size", f"taux de compression anormal pour {name!r} (bombe de décompression ?).")


def _data_range(blob: bytes, info: zipfile.ZipInfo) -> tuple[int, int, int]:
    """(local header offset, data start, data end) of the entry in `blob`, its local header checked."""
    name = info.orig_filename
    offset = info.header_offset
    if offset < 0:
        raise PackageError("archive", f"en-tête local introuvable pour {name!r}.")
    header = blob[offset : offset + _LOCAL_HEADER.size]
    if len(header) != _LOCAL_HEADER.size:
        raise PackageError("archive", f"en-tête local introuvable pour {name!r}.")
    signature, _version, flags, method, _time, _date, _crc, _csize, _usize, name_len, extra_len = (
        _LOCAL_HEADER.unpack(header)
    )
    if signature != _LOCAL_SIGNATURE:
        raise PackageError("archive", f"en-tête local invalide pour {name!r}.")
    if flags & 0x41:
        raise PackageError("archive", f"entrée chiffrée refusée : {name!r}.")
    if method != info.compress_type:
        raise PackageError("archive", f"en-têtes contradictoires pour {name!r}.")
    raw_name = blob[offset + _LOCAL_HEADER.size : offset + _LOCAL_HEADER.size + name_len]
    encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"
    if raw_name != info.orig_filename.encode(encoding):
        raise PackageError("archive", f"le nom de l'entrée {name!r} diffère entre ses deux en-têtes.")
    start = offset + _LOCAL_HEADER.size + name_len + extra_len
    end = start + info.compress_size
    if end > len(blob):
        raise PackageError("archive", f"entrée {name!r} tronquée.")
    return offset, start, end


def _check_local_agrees(blob: bytes, info: zipfile.ZipInfo) -> None:
    """The local header repeats the central directory's version, flags, method, time, date (and, with no
    data descriptor, CRC and sizes): any disagreement is a damaged or forged archive."""
    name = info.orig_filename
    header = blob[info.header_offset : info.header_offset + _LOCAL_HEADER.size]
    _sig, version, flags, method, dos_time, dos_date, crc, csize, usize, _n, _x = _LOCAL_HEADER.unpack(header)
    year, month, day, hour, minute, second = info.date_time
    central: tuple[int, ...] = (
        info.extract_version, info.flag_bits, info.compress_type,
        (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day,
    )  # fmt: skip
    local: tuple[int, ...] = (version, flags, method, dos_time, dos_date)
    if not flags & 0x08:  # without a data descriptor, the local header repeats the sizes and CRC
        central += (info.CRC, info.compress_size, info.file_size)
        local += (crc, csize, usize)
    if local != central:
        raise PackageError("archive", f"en-têtes contradictoires pour {name!r}.")


def _read_entry(
    blob: bytes, start: int, info: zipfile.ZipInfo, max_entry: int, max_ratio: int, budget: int
) -> bytes:
    """Decompress one entry ourselves, never producing more than its declared size (or a cap) + 1 byte."""
    name = info.orig_filename
    compressed = blob[start : start + info.compress_size]
    limit = max(0, min(info.file_size, max_entry, budget))  # so max_length >= 1 (0 = unlimited)
    if info.compress_type == zipfile.ZIP_STORED:
        data = compressed
        if len(data) > limit:
            raise PackageError(
                "size", f"l'entrée {name!r} est plus grande que sa taille déclarée ou permise."
            )
    else:
        decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            data = decompressor.decompress(compressed, limit + 1)
        except zlib.error:
            raise PackageError(
                "archive", f"entrée {name!r} endommagée (données compressées invalides)."
            ) from None
        if len(data) > limit:
            raise PackageError(
                "size", f"l'entrée {name!r} est plus grande que sa taille déclarée ou permise."
            )
        if not decompressor.eof or decompressor.unused_data or decompressor.unconsumed_tail:
            raise PackageError(
                "archive", f"entrée {name!r} endommagée (flux compressé incomplet ou prolongé)."
            )
    if len(data) != info.file_size:
        raise PackageError("archive", f"entrée {name!r} tronquée.")
    if len(data) > RATIO_FLOOR and len(data) > max_ratio * max(info.compress_size, 1):
        raise PackageError("size", f"taux de compression anormal pour {name!r} (bombe de décompression ?).")
    if zlib.crc32(data) != info.CRC:
        raise PackageError("archive", f"entrée {name!r} endommagée (somme de contrôle CRC incorrecte).")
    return bytes(data)


def read_zip(
    blob: bytes,
    allowed: AbstractSet[str] | Callable[[str], bool],
    max_total: int,
    max_entry: int,
    max_ratio: int,
    max_entries: int,
    *,
    required: Iterable[str] = (),
) -> dict[str, bytes]:
    """Read a hostile zip into {name: content}; see the module docstring for every refusal.

    `allowed` is the set of permitted names or a predicate over them; every name of `required`
    must be present. Caps are in bytes (`max_ratio` is uncompressed size / compressed size).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(blob))
    except Exception:  # noqa: BLE001 — zipfile raises many kinds of errors on hostile input
        raise PackageError("archive", "le fichier n'est pas une archive zip valide.") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > max_entries:
            raise PackageError("size", f"trop d'entrées dans l'archive ({len(infos)} > {max_entries}).")
        seen: set[str] = set()
        declared_total = 0
        for info in infos:
            name = info.orig_filename
            check_name(name)
            if _folded(name) in seen:
                raise PackageError("archive", f"entrée en double : {name!r}.")
            seen.add(_folded(name))
            if not _is_allowed(name, allowed):
                raise PackageError("archive", f"entrée inattendue : {name!r}.")
            _check_entry(info)
            _check_declared_size(info, max_entry, max_ratio)
            declared_total += info.file_size
            if declared_total > max_total:
                raise PackageError(
                    "size", f"l'archive dépasse la taille totale maximale ({max_total} octets)."
                )
    missing = sorted(set(required) - {info.orig_filename for info in infos})
    if missing:
        raise PackageError("archive", "entrée manquante : " + ", ".join(repr(name) for name in missing) + ".")
    ranges = sorted((_data_range(blob, info), index) for index, info in enumerate(infos))
    for (previous, _), (current, _) in itertools.pairwise(ranges):
        if current[0] < previous[2]:
            raise PackageError(
                "archive", "des entrées de l'archive se chevauchent (bombe de décompression ?)."
            )
    files: dict[str, bytes] = {}
    total = 0
    for (_offset, start, _end), index in sorted(ranges, key=lambda item: item[1]):
        info = infos[index]
        _check_local_agrees(blob, info)
        data = _read_entry(blob, start, info, max_entry, max_ratio, max_total - total)
        total += len(data)
        files[info.orig_filename] = data
    return files
