"""The package format: entry names, the canonical manifest, record content hashes and schema checks.

Inside the (encrypted) zip::

    manifest.json          canonical JSON, see `make_manifest`
    manifest.json.minisig  minisign signature of manifest.json (stock `minisign -V` verifies it)
    records.json           {"records": [{"type", "uuid", "rev", "deleted", "data"}, ...]}
    aggregates.json        the month's aggregates (see repositories.sync.month_aggregates)

The manifest lists every data file with its size and SHA-256; it is what is signed and chained (the
SHA-256 of a package's manifest is written in the next package as `previous_manifest_sha256`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

from clausedesk.sync.archive import canonical_json, sha256_hex, strict_json
from clausedesk.sync.errors import PackageError

FORMAT = "clausedesk-package"
FORMAT_VERSION = 1
SCHEMA_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.minisig"
RECORDS = "records.json"
AGGREGATES = "aggregates.json"
DATA_FILES = (AGGREGATES, RECORDS)
ENTRIES = frozenset({MANIFEST, SIGNATURE, *DATA_FILES})

#: The fields of `data` for each record type (exactly these, no more).
DATA_FIELDS: dict[str, frozenset[str]] = {
    "buyer": frozenset({"name", "kind", "siret", "commune_code"}),
    "company": frozenset({"name", "siret", "naf", "kind", "commune_code"}),
    "market": frozenset(
        {"ref", "title", "buyer", "kind", "cpv", "notification_date", "start_date", "end_date"}
    ),
    "lot": frozenset(
        {
            "market",
            "ref",
            "number",
            "cpv",
            "trade_code",
            "amount_ht",
            "target_hours",
            "mechanisms",
            "start_date",
            "end_date",
        }
    ),  # fmt: skip
    "attribution": frozenset({"lot", "company", "role"}),
    "participant": frozenset({"pseudonym", "sex", "commune_code", "qpv", "qualification_level"}),
    "validation": frozenset({"participant", "validated_on", "categories", "avis_motive"}),
    "contract": frozenset(
        {
            "participant",
            "company",
            "lot",
            "modality",
            "contract_type",
            "rome",
            "start_date",
            "end_date",
            "age_band",
            "weekly_hours",
        }
    ),  # fmt: skip
    "hour_entry": frozenset({"contract", "lot", "month", "hours_worked", "hours_training", "status"}),
    "situation": frozenset(
        {"participant", "observed_on", "moment", "outcome", "sortie_category", "contract"}
    ),
    "meeting": frozenset({"held_on", "kind", "market"}),
    # conventions de globalisation (issue 20): new record types, absent from older packages
    "convention": frozenset({"company", "ref", "start_date", "end_date", "lots"}),
    "hour_allocation": frozenset({"convention", "from_lot", "to_lot", "month", "hours"}),
    # pre-hiring training (issue 20): new record types too
    "training_session": frozenset({"start_date", "end_date", "hours", "lots", "counted_lot"}),
    "trainee": frozenset({"session", "participant", "attended_hours", "outcome"}),
}
#: Fields added later: a newer facilitator sends them, an older one does not (both are accepted).
OPTIONAL_FIELDS: dict[str, frozenset[str]] = {
    "validation": frozenset({"valid_until"}),  # publics at entry need the end of validity
    # the person's pseudonym under the regional secret, when the referential handed it down (the region
    # counts a person once across departments; the coordinator cannot compute it without names)
    "participant": frozenset({"regional_pseudonym"}),
    "market": frozenset({"commune_code"}),  # the place of its operation, for the comité's territories
}
MAX_TEXT = 1000
#: Quantities written as decimal text with at most two decimals ("151.67"), or null; bounded so that
#: the coordinator's sums in hundredths stay far from SQLite's 64-bit integers.
AMOUNT_FIELDS: dict[str, tuple[str, ...]] = {
    "hour_entry": ("hours_worked", "hours_training"),
    "lot": ("amount_ht", "target_hours"),
    "contract": ("weekly_hours",),
    "hour_allocation": ("hours",),
    "training_session": ("hours",),
    "trainee": ("attended_hours",),
}
_AMOUNT = re.compile(r"[0-9]{1,12}(\.[0-9]{1,2})?")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_KEY_ID = re.compile(r"[0-9A-F]{16}")
_MONTH = re.compile(r"[12][0-9]{3}-(0[1-9]|1[0-2])")


@dataclass(frozen=True)
class Manifest:
    facilitator_key_id: str
    recipient_key_id: str
    period: str
    sequence: int
    previous_sha256: str | None
    created_at: str
    files: dict[str, tuple[int, str]]  # name → (size, sha256)


def record_hash(record: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of the whole record (type, uuid, rev, deleted, data)."""
    return sha256_hex(canonical_json(record))


def make_manifest(
    *, facilitator_key_id: str, recipient_key_id: str, period: str, sequence: int,
    previous_sha256: str | None, created_at: str, files: dict[str, bytes],
) -> bytes:  # fmt: skip
    """The canonical manifest.json bytes."""
    return canonical_json(
        {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "schema_version": SCHEMA_VERSION,
            "facilitator_key_id": facilitator_key_id,
            "recipient_key_id": recipient_key_id,
            "period": period,
            "sequence": sequence,
            "previous_manifest_sha256": previous_sha256,
            "created_at": created_at,
            "files": [
                {"name": name, "size": len(data), "sha256": sha256_hex(data)}
                for name, data in sorted(files.items())
            ],
        }
    )


def _int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_manifest(data: bytes) -> Manifest:
    """Read and check manifest.json (PackageError check "schema" when anything is off)."""
    doc = strict_json(data)
    if not isinstance(doc, dict):
        raise PackageError("schema", "le manifeste n'est pas un objet JSON.")
    if doc.get("format") != FORMAT:
        raise PackageError("schema", "ce n'est pas un paquet ClauseDesk (format du manifeste inconnu).")
    if doc.get("format_version") != FORMAT_VERSION or doc.get("schema_version") != SCHEMA_VERSION:
        raise PackageError(
            "schema", "version du paquet inconnue : mettez ClauseDesk à jour chez le coordinateur."
        )
    expected = {"format", "format_version", "schema_version", "facilitator_key_id", "recipient_key_id",
                "period", "sequence", "previous_manifest_sha256", "created_at", "files"}  # fmt: skip
    if set(doc) != expected:
        raise PackageError("schema", "champs inattendus ou manquants dans le manifeste.")
    fac, rec, period, seq, prev = (doc["facilitator_key_id"], doc["recipient_key_id"], doc["period"],
                                   doc["sequence"], doc["previous_manifest_sha256"])  # fmt: skip
    if not (
        isinstance(fac, str) and _KEY_ID.fullmatch(fac) and isinstance(rec, str) and _KEY_ID.fullmatch(rec)
    ):
        raise PackageError("schema", "identifiant de clé invalide dans le manifeste.")
    if not (isinstance(period, str) and _MONTH.fullmatch(period)):
        raise PackageError("schema", "période invalide dans le manifeste (AAAA-MM attendu).")
    if not (_int(seq) and 1 <= seq < 2**31):
        raise PackageError("schema", "numéro de séquence invalide dans le manifeste.")
    if not (prev is None or (isinstance(prev, str) and _HEX64.fullmatch(prev))) or (seq == 1) != (
        prev is None
    ):
        raise PackageError("schema", "empreinte du manifeste précédent invalide.")
    if not isinstance(doc["created_at"], str) or len(doc["created_at"]) > 40:
        raise PackageError("schema", "date de création invalide dans le manifeste.")
    files: dict[str, tuple[int, str]] = {}
    if not isinstance(doc["files"], list):
        raise PackageError("schema", "liste des fichiers invalide dans le manifeste.")
    for entry in doc["files"]:
        if not (isinstance(entry, dict) and set(entry) == {"name", "size", "sha256"}):
            raise PackageError("schema", "description de fichier invalide dans le manifeste.")
        name, size, digest = entry["name"], entry["size"], entry["sha256"]
        if name not in DATA_FILES or name in files:
            raise PackageError("schema", f"fichier inattendu ou en double dans le manifeste : {name!r}.")
        if not (_int(size) and size >= 0 and isinstance(digest, str) and _HEX64.fullmatch(digest)):
            raise PackageError("schema", f"taille ou empreinte invalide pour {name!r} dans le manifeste.")
        files[name] = (size, digest)
    if set(files) != set(DATA_FILES):
        raise PackageError("schema", "le manifeste ne décrit pas tous les fichiers de données attendus.")
    return Manifest(fac, rec, period, seq, prev, doc["created_at"], files)


class Described(Protocol):
    """A signed manifest's list of data files (the facilitator's package or the region's)."""

    @property
    def files(self) -> dict[str, tuple[int, str]]: ...


def check_hashes(files: dict[str, bytes], manifest: Described) -> None:
    """Each data file must have the size and SHA-256 the signed manifest gives (check "hash")."""
    for name, (size, digest) in sorted(manifest.files.items()):
        data = files.get(name)
        if data is None:
            raise PackageError("hash", f"fichier {name!r} absent du paquet.")
        if len(data) != size or sha256_hex(data) != digest:
            raise PackageError(
                "hash", f"le fichier {name!r} ne correspond pas au manifeste signé (modifié ?)."
            )


def _check_value(value: object, where: str) -> None:
    if value is None or isinstance(value, bool) or _int(value):
        return
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise PackageError("schema", f"texte trop long dans {where}.")
        return
    if (
        isinstance(value, list)
        and all(isinstance(v, str) and len(v) <= 100 for v in value)
        and len(value) < 100
    ):
        return
    raise PackageError("schema", f"valeur de type inattendu dans {where}.")


def parse_records(data: bytes) -> list[dict[str, Any]]:
    """Read records.json and check every record against the schema (check "schema")."""
    doc = strict_json(data)
    if not (isinstance(doc, dict) and set(doc) == {"records"} and isinstance(doc["records"], list)):
        raise PackageError("schema", 'records.json : objet {"records": [...]} attendu.')
    seen: set[tuple[str, str]] = set()
    for index, rec in enumerate(doc["records"]):
        where = f"records.json, enregistrement n° {index + 1}"
        if not (isinstance(rec, dict) and set(rec) == {"type", "uuid", "rev", "deleted", "data"}):
            raise PackageError("schema", f"{where} : champs inattendus ou manquants.")
        kind, uuid, rev = rec["type"], rec["uuid"], rec["rev"]
        if kind not in DATA_FIELDS or not (isinstance(uuid, str) and _UUID.fullmatch(uuid)):
            raise PackageError("schema", f"{where} : type ou identifiant invalide.")
        if not (_int(rev) and 1 <= rev < 2**62) or not isinstance(rec["deleted"], bool):
            raise PackageError("schema", f"{where} : révision ou suppression invalide.")
        if (kind, uuid) in seen:
            raise PackageError("schema", f"{where} : enregistrement en double.")
        seen.add((kind, uuid))
        fields = rec["data"]
        allowed = DATA_FIELDS[kind] | OPTIONAL_FIELDS.get(kind, frozenset())
        if not (isinstance(fields, dict) and DATA_FIELDS[kind] <= set(fields) <= allowed):
            raise PackageError("schema", f"{where} : champs de données inattendus pour le type {kind}.")
        for value in fields.values():
            _check_value(value, where)
        for name in AMOUNT_FIELDS.get(kind, ()):
            amount = fields[name]
            if amount is not None and not (isinstance(amount, str) and _AMOUNT.fullmatch(amount)):
                raise PackageError(
                    "schema", f"{where} : quantité invalide dans « {name} » (nombre décimal attendu)."
                )
        if kind == "participant" and not all(
            isinstance(fields[name], str) and _HEX64.fullmatch(fields[name])
            for name in ("pseudonym", "regional_pseudonym") if name in fields
        ):  # fmt: skip
            raise PackageError("schema", f"{where} : pseudonyme invalide.")
    return list(doc["records"])


def parse_aggregates(data: bytes, period: str) -> dict[str, Any]:
    doc = strict_json(data)
    if not (isinstance(doc, dict) and doc.get("period") == period):
        raise PackageError("schema", "aggregates.json : période absente ou différente du manifeste.")
    return doc
