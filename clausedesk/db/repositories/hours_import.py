"""All SQL of the relevé import: the company's contracts and entries of the month, the bulk write, undo.

The import of a 10,000-row relevé reads the company's contracts and its entries of the month in one
joined query, and writes with a handful of statements in the caller's transaction: the undo journal
copied in SQL from the entries before they change, one executemany UPDATE, one executemany INSERT
(values converted once to what SQLite stores, no ORM object per row).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    DateTime,
    Integer,
    String,
    Table,
    and_,
    bindparam,
    func,
    or_,
    select,
    type_coerce,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.expression import UnaryExpression

from clausedesk.db.models import (
    Company,
    Contract,
    HourEntry,
    HourImportChange,
    HourSource,
    Lot,
    Participant,
    Setting,
)
from clausedesk.db.models.base import utcnow
from clausedesk.db.repositories.hours import _active_in
from clausedesk.db.types import Hundredths

_ENTRY: Table = HourEntry.__table__  # type: ignore[assignment]
_CHANGE: Table = HourImportChange.__table__  # type: ignore[assignment]
_CHUNK = 900  # SQLite's default limit on bound parameters per statement is 999


class DecimalHours(dict[int | None, Decimal | None]):
    """Hundredths of an hour as stored -> Decimal hours (15167 → 151.67; None stays None), each value
    converted once: the same few thousand values recur over 10,000 rows."""

    def __init__(self) -> None:
        super().__init__({None: None})

    def __missing__(self, hundredths: int | None) -> Decimal | None:
        value = self[hundredths] = Decimal(hundredths or 0).scaleb(-2)
        return value


def company_month(
    session: Session, company_id: int, month: str, first: date, last: date
) -> tuple[list[Any], dict[tuple[int, int], Any]]:
    """The company's contracts active in the month and every entry (live or tombstoned) of its contracts
    in the month, in one joined query (and the few lots they are on in a second one).

    Contracts: id, uuid, lot_id, last name, first name, lot ref, lot number, lot title.
    Entries, keyed (contract_id, lot_id): id, contract_id, lot_id, hours_worked, hours_training, status,
    source_id, tombstoned (1 or 0), hours_tutoring. The columns come as the driver gives them (hours as
    integer hundredths, as stored): 10,000 rows go through no per-value converter and no Row object, and
    carry only what the import reads (the lot's columns, the same for thousands of contracts, come apart).
    """
    # "+month": without statistics SQLite would otherwise look the entries up by the month index (every
    # entry of the month, for each contract); the contract's index finds a contract's few entries
    unindexed_month = UnaryExpression(_ENTRY.c.month, operator=operators.custom_op("+"), type_=String())
    entry_join = and_(HourEntry.contract_id == Contract.id, unindexed_month == month)
    active = _active_in(first, last)
    stmt = (
        select(
            Contract.id,
            Contract.uuid,
            Contract.lot_id,
            Participant.last_name,
            Participant.first_name,
            type_coerce(active, Integer),
            HourEntry.id,
            HourEntry.contract_id,
            HourEntry.lot_id,
            type_coerce(HourEntry.hours_worked, Integer),
            type_coerce(HourEntry.hours_training, Integer),
            HourEntry.status,
            HourEntry.source_id,
            type_coerce(HourEntry.deleted_at.is_not(None), Integer),
            type_coerce(HourEntry.hours_tutoring, Integer),
        )
        .join(Participant, Participant.id == Contract.participant_id)
        .outerjoin(HourEntry, entry_join)
        .where(Contract.company_id == company_id, or_(active, HourEntry.id.is_not(None)))
    )
    result = session.connection().execute(stmt)
    rows = result.cursor.fetchall()  # the driver's own tuples: no Row object, no converter per value
    result.close()
    lot_ids = {row[2] for row in rows if row[5]}
    lots = {
        r[0]: tuple(r[1:])
        for r in session.execute(select(Lot.id, Lot.ref, Lot.number, Lot.title).where(Lot.id.in_(lot_ids)))
    }
    contracts: list[Any] = []
    entries: dict[tuple[int, int], Any] = {}
    last_contract = None
    for row in rows:
        if row[5] and row[0] != last_contract:  # one row per entry of the contract: keep the contract once
            contracts.append(row[:5] + lots[row[2]])
            last_contract = row[0]
        if row[6] is not None:
            entries[(row[7], row[8])] = row[6:]
    if len({c[0] for c in contracts}) != len(contracts):  # rows of a contract not adjacent
        contracts = list({c[0]: c for c in contracts}.values())
    return contracts, entries


def contracts_by_uuid(session: Session, uuids: Sequence[str]) -> dict[str, Any]:
    """Contracts (even deleted or of other companies) by uuid: uuid, company name, dates, deleted_at."""
    out: dict[str, Any] = {}
    for i in range(0, len(uuids), _CHUNK):
        stmt = (
            select(
                Contract.uuid,
                Contract.company_id,
                Company.name,
                Contract.start_date,
                Contract.end_date,
                Contract.deleted_at,
            )
            .join(Company, Company.id == Contract.company_id)
            .where(Contract.uuid.in_(uuids[i : i + _CHUNK]))
        )
        out.update({r[0]: r for r in session.connection().execute(stmt)})
    return out


def company_of_contracts(session: Session, uuids: Sequence[str]) -> set[tuple[int, str, str]]:
    """(id, name, SIRET) of the companies holding these contracts (a relevé without its SIRET)."""
    found: set[tuple[int, str, str]] = set()
    for i in range(0, len(uuids), _CHUNK):
        stmt = (
            select(Company.id, Company.name, Company.siret)
            .join(Contract, Contract.company_id == Company.id)
            .where(Contract.uuid.in_(uuids[i : i + _CHUNK]))
            .distinct()
        )
        found.update((r[0], r[1], r[2]) for r in session.execute(stmt))
    return found


def add_source(
    session: Session,
    *,
    kind: str,
    file_name: str | None,
    sha256: str | None,
    company_id: int | None,
    month: str | None,
) -> int:
    source = HourSource(kind=kind, file_name=file_name, sha256=sha256, company_id=company_id, month=month)
    session.add(source)
    session.flush()
    return source.id


def _stored_datetime(session: Session) -> Any:
    """The dialect's conversion of a datetime to what the store holds (as a DateTime column does)."""
    dialect = session.get_bind().dialect
    return DateTime().dialect_impl(dialect).bind_processor(dialect) or (lambda v: v)


def _new_uuids(count: int) -> list[str]:
    """`count` random (version 4) UUIDs as text, as str(uuid.uuid4()) writes them, from one urandom call."""
    digits = os.urandom(16 * count).hex()
    out = []
    for i in range(0, 32 * count, 32):
        h = digits[i : i + 32]
        out.append(f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}")
    return out


_VARIANT = "89ab"  # RFC 4122 variant: the two high bits of the clock sequence are 10


THIS_IMPORT = -1  # an update's source_id meaning "the import being written" (its id is not known yet)

_JOURNAL_UPDATED = (
    "INSERT INTO hour_import_change (source_id, entry_id, created, prev_hours_worked, prev_hours_training, "
    "prev_status, prev_source_id, prev_deleted_at, rev_after, prev_hours_tutoring) "
    "SELECT ?, id, 0, hours_worked, hours_training, status, source_id, deleted_at, rev + 1, hours_tutoring "
    "FROM hour_entry WHERE id IN (SELECT value FROM json_each(?))"
)
_UPDATE_ENTRY = (
    "UPDATE hour_entry SET hours_worked = ?, hours_training = ?, hours_tutoring = ?, status = ?, "
    "source_id = ?, deleted_at = ?, rev = rev + 1, updated_at = ? WHERE id = ?"
)
# a live entry's new hours: deleted_at is left out (setting it, even to NULL, costs SQLite as much as the
# hours themselves) and the source is the import's
_UPDATE_LIVE = (
    "UPDATE hour_entry SET hours_worked = ?, hours_training = ?, hours_tutoring = ?, status = ?, "
    "source_id = ?, rev = rev + 1, updated_at = ? WHERE id = ?"
)
_INSERT_ENTRY = (
    "INSERT INTO hour_entry (uuid, rev, created_at, updated_at, deleted_at, contract_id, lot_id, "
    "month, hours_worked, hours_training, hours_tutoring, status, source_id, convention_id) "
    "VALUES (?, 1, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, NULL)"
)
_JOURNAL_CREATED = (
    "INSERT INTO hour_import_change (source_id, entry_id, created, rev_after) "
    "SELECT ?, id, 1, 1 FROM hour_entry WHERE id > ? AND source_id = ?"
)

Hours = int  # hundredths of an hour, as the store keeps them (3550 for 35.5 h)


def write_import(
    session: Session,
    source_id: int,
    month: str,
    inserts: list[tuple[int, int, Hours, Hours, Hours, str]],
    updates: list[tuple[int, Hours, Hours, Hours, str, int | None, datetime | None]],
    changes: Sequence[tuple[Hours, Hours, Hours, str, int]] = (),
) -> None:
    """Apply an import in the caller's transaction, with its undo journal. Hours are integer hundredths.

    `inserts`: (contract_id, lot_id, hours_worked, hours_training, hours_tutoring, status) of new entries
    (this source); `changes`: (hours_worked, hours_training, hours_tutoring, status, entry_id) of live
    entries given this import's hours (the common case: one narrow UPDATE); `updates`: (entry_id,
    hours_worked, hours_training, hours_tutoring, status, source_id or THIS_IMPORT, deleted_at) of the
    others (an entry tombstoned because the file leaves it out, a tombstone brought back).
    The journal keeps each updated entry as it was (copied by SQL before the update: one statement, the
    ids passed as one JSON array) and marks the entries created. Values reach the driver's executemany
    as it binds them: no ORM object, no SQLAlchemy parameter processing, no conversion per row.
    """
    stored = _stored_datetime(session)
    now = stored(utcnow())
    driver: Any = session.connection().connection.driver_connection  # the transaction's own connection
    cursor = driver.cursor()
    try:
        if updates or changes:
            ids = [c[4] for c in changes] + [u[0] for u in updates]
            cursor.execute(_JOURNAL_UPDATED, (source_id, json.dumps(ids)))
        if changes:
            cursor.executemany(
                _UPDATE_LIVE, [(w, t, tu, status, source_id, now, i) for w, t, tu, status, i in changes]
            )
        if updates:
            cursor.executemany(
                _UPDATE_ENTRY,
                [
                    (
                        worked, training, tutoring, status,
                        source_id if source == THIS_IMPORT else source,
                        None if deleted is None else stored(deleted),
                        now, entry_id,
                    )  # fmt: skip
                    for entry_id, worked, training, tutoring, status, source, deleted in updates
                ],
            )
        if inserts:
            before = cursor.execute("SELECT coalesce(max(id), 0) FROM hour_entry").fetchone()[0]
            cursor.executemany(
                _INSERT_ENTRY,
                [
                    (uuid, now, now, contract_id, lot_id, month, worked, training, tutoring, status,
                     source_id)  # fmt: skip
                    for uuid, (contract_id, lot_id, worked, training, tutoring, status) in zip(
                        _new_uuids(len(inserts)), inserts, strict=True
                    )
                ],
            )
            cursor.execute(_JOURNAL_CREATED, (source_id, before, source_id))
    finally:
        cursor.close()


_UPDATE = (
    update(_ENTRY)
    .where(_ENTRY.c.id == bindparam("e_id"))
    .values(
        hours_worked=bindparam("e_worked", type_=Hundredths()),
        hours_training=bindparam("e_training", type_=Hundredths()),
        # NULL in a journal written before imports read tutoring: the entry's tutoring is left as it is
        hours_tutoring=func.coalesce(bindparam("e_tutoring", type_=Hundredths()), _ENTRY.c.hours_tutoring),
        status=bindparam("e_status"),
        source_id=bindparam("e_source"),
        deleted_at=bindparam("e_deleted"),
        rev=_ENTRY.c.rev + 1,
        updated_at=bindparam("e_now"),
    )
)


def update_entries(session: Session, rows: list[dict[str, Any]]) -> None:
    """Executemany UPDATE by id (keys e_id, e_worked, e_training, e_tutoring, e_status, e_source, e_deleted);
    rev + 1."""
    if not rows:
        return
    now = utcnow()
    for r in rows:
        r["e_now"] = now
    session.connection().execute(_UPDATE, rows)


def tombstone_entries(session: Session, entry_ids: list[int], when: datetime) -> None:
    """Mark entries deleted (rev + 1), by chunks of ids."""
    for i in range(0, len(entry_ids), _CHUNK):
        stmt = (
            update(_ENTRY)
            .where(_ENTRY.c.id.in_(entry_ids[i : i + _CHUNK]))
            .values(deleted_at=when, rev=_ENTRY.c.rev + 1, updated_at=when)
        )
        session.connection().execute(stmt)


def import_sources(session: Session, limit: int = 200) -> Sequence[Any]:
    """Past imports, newest first: id, file_name, sha256, month, created_at, undone_at, company, count."""
    count = (
        select(HourImportChange.source_id, func.count().label("n"))
        .group_by(HourImportChange.source_id)
        .subquery()
    )
    stmt = (
        select(
            HourSource.id,
            HourSource.file_name,
            HourSource.sha256,
            HourSource.month,
            HourSource.created_at,
            HourSource.undone_at,
            Company.name,
            count.c.n,
        )
        .outerjoin(Company, Company.id == HourSource.company_id)
        .outerjoin(count, count.c.source_id == HourSource.id)
        .where(HourSource.kind == "import")
        .order_by(HourSource.created_at.desc(), HourSource.id.desc())
        .limit(limit)
    )
    return session.execute(stmt).all()


def source_by_id(session: Session, source_id: int) -> HourSource | None:
    return session.get(HourSource, source_id)


def changes_with_current(session: Session, source_id: int) -> Sequence[Any]:
    """The changes of an import with the entry's current rev: HourImportChange columns + entry rev."""
    stmt = (
        select(
            HourImportChange.entry_id,
            HourImportChange.created,
            HourImportChange.prev_hours_worked,
            HourImportChange.prev_hours_training,
            HourImportChange.prev_status,
            HourImportChange.prev_source_id,
            HourImportChange.prev_deleted_at,
            HourImportChange.rev_after,
            HourEntry.rev,
            HourImportChange.prev_hours_tutoring,
        )
        .join(HourEntry, HourEntry.id == HourImportChange.entry_id)
        .where(HourImportChange.source_id == source_id)
    )
    return session.execute(stmt).all()


def mark_undone(session: Session, source_id: int, when: datetime) -> None:
    session.execute(update(HourSource).where(HourSource.id == source_id).values(undone_at=when))


_MAPPING_KEY = "releve_colonnes:{siret}"  # a setting row per company: its relevé's columns, in JSON


def column_mapping(session: Session, siret: str) -> dict[str, str] | None:
    """The relevé column mapping remembered for a company (role -> header text), if any."""
    row = session.get(Setting, _MAPPING_KEY.format(siret=siret))
    if row is None:
        return None
    try:
        data = json.loads(row.value)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    return {str(k): str(v) for k, v in data.items()}


def save_column_mapping(session: Session, siret: str, mapping: dict[str, str]) -> None:
    """Remember a company's relevé column mapping (used for its next file with the same headers)."""
    key = _MAPPING_KEY.format(siret=siret)
    text = json.dumps(mapping, ensure_ascii=False, sort_keys=True)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=text))
    elif row.value != text:
        row.value = text
    session.flush()
