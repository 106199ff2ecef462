"""Facilitator side of synchronisation: pseudonymous export of records, sync state, sent-package history.

`export_records` turns every synchronised row (deleted ones included, as tombstones) into a plain
dict `{"type", "uuid", "rev", "deleted", "data"}` carrying no name, no birth date, no free text and no
sensitive category: participants are represented by the keyed pseudonym `pseudonym(last, first,
birth)` computed by the caller, and each contract carries the age band at its start.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, String, select, type_coerce
from sqlalchemy.orm import Session, aliased

from clausedesk.core.errors import ValidationError
from clausedesk.core.rules.people import age_at, age_band
from clausedesk.core.rules.progress import month_bounds
from clausedesk.db.models import (
    Attribution,
    Buyer,
    Company,
    Contract,
    ContractType,
    Convention,
    EligibilityValidation,
    HourAllocation,
    HourEntry,
    Lot,
    LotMechanism,
    Market,
    Meeting,
    Operation,
    OutcomeType,
    Participant,
    PublicCategory,
    SentPackage,
    SentRecord,
    Situation,
    SyncState,
    convention_lot,
    validation_category,
)
from clausedesk.db.models.base import utcnow
from clausedesk.db.repositories import trainings
from clausedesk.db.types import Hundredths

Pseudonym = Callable[[str, str, date | None], str]
Record = dict[str, Any]

#: Record types a package may carry, in the order they are exported.
RECORD_TYPES = (
    "buyer",
    "company",
    "market",
    "lot",
    "attribution",
    "participant",
    "validation",
    "contract",
    "hour_entry",
    "situation",
    "meeting",
    "convention",
    "hour_allocation",
    "training_session",
    "trainee",
)


def _num(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(Decimal("0.01")))


def _cents(value: int | None) -> str | None:
    """A Hundredths column read raw (an integer of hundredths) as the decimal text `_num` gives."""
    if value is None:
        return None
    sign, value = ("-", -value) if value < 0 else ("", value)
    return f"{sign}{value // 100}.{value % 100:02d}"


def _raw(column: Any) -> Any:
    """The column's stored value, without the type's conversion: hundredths as integers, dates as ISO text.

    SQLite keeps a Date as "AAAA-MM-JJ" text (what `date.isoformat` gives) and a Hundredths as an
    integer: reading them raw spares a Python object per value for 58,000 records.
    """
    return type_coerce(column, Integer if isinstance(column.type, Hundredths) else String)


def _plain(session: Session, stmt: Any) -> Iterator[Any]:
    """The rows of `stmt` as the driver gives them (no per-value conversion: see `_raw`), by chunks."""
    sql = stmt.compile(dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True})
    yield from _driver_rows(session, str(sql))


def _driver_rows(session: Session, sql: str, params: tuple[Any, ...] = ()) -> Iterator[Any]:
    """The driver's own tuples, read through a DB-API cursor of the session's transaction (no Row
    object per row: a first package reads some 20,000 of them)."""
    cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(2000):
            yield from chunk
    finally:
        cursor.close()


def _rows(session: Session, model: Any, *columns: Any, where: Any = None) -> Any:
    """(uuid, rev, deleted, *columns) of every row of `model`, in id order, as plain tuples."""
    stmt = select(model.uuid, model.rev, model.deleted_at.is_not(None), *columns).order_by(model.id)
    if where is not None:
        stmt = stmt.where(where)
    return _plain(session, stmt)


def _uuid_map(session: Session, model: Any) -> dict[int, str]:
    return dict(_plain(session, select(model.id, model.uuid)))


def export_records(
    session: Session, until_month: str, pseudonym: Pseudonym, *, hours: bool = True,
    regional: Pseudonym | None = None,
) -> Iterator[Record]:  # fmt: skip
    """Every synchronised record as pseudonymous dicts; hour entries after `until_month` are left out.

    With `regional` (the regional secret is known), participants also carry `regional_pseudonym`.

    Read as plain rows (no ORM object) and yielded one by one: a `decade` store exports about 58,000
    records, and the caller keeps only what it needs of each.
    """
    buyers = _uuid_map(session, Buyer)
    companies = _uuid_map(session, Company)
    markets = _uuid_map(session, Market)
    lots = _uuid_map(session, Lot)
    participants = _uuid_map(session, Participant)
    contracts = _uuid_map(session, Contract)
    for uuid, rev, deleted, name, kind, siret, commune in _rows(
        session, Buyer, Buyer.name, Buyer.kind, Buyer.siret, Buyer.commune_code
    ):
        data: dict[str, Any] = {"name": name, "kind": kind, "siret": siret, "commune_code": commune}
        yield {"type": "buyer", "uuid": uuid, "rev": rev, "deleted": bool(deleted), "data": data}
    for uuid, rev, deleted, name, siret, naf, kind, commune in _rows(
        session, Company, Company.name, Company.siret, Company.naf, Company.kind, Company.commune_code
    ):
        data = {"name": name, "siret": siret, "naf": naf, "kind": kind, "commune_code": commune}
        yield {"type": "company", "uuid": uuid, "rev": rev, "deleted": bool(deleted), "data": data}
    # the marché's place: the commune of its operation (what the comité's territories count by)
    places = dict(_plain(session, select(Operation.id, Operation.commune_code)))
    for uuid, rev, deleted, ref, title, buyer, kind, cpv, notified, start, end, operation in _rows(
        session, Market, Market.ref, Market.title, Market.buyer_id, Market.kind, Market.cpv,
        _raw(Market.notification_date), _raw(Market.start_date), _raw(Market.end_date), Market.operation_id,
    ):  # fmt: skip
        data = {"ref": ref, "title": title, "buyer": buyers.get(buyer), "kind": kind, "cpv": cpv,
                "notification_date": notified, "start_date": start, "end_date": end,
                "commune_code": places.get(operation)}  # fmt: skip
        yield {"type": "market", "uuid": uuid, "rev": rev, "deleted": bool(deleted), "data": data}
    mechanisms: dict[int, list[str]] = {}
    for lot_id, mech in _plain(session, select(LotMechanism.lot_id, LotMechanism.mechanism)):
        mechanisms.setdefault(lot_id, []).append(mech)
    lot_rows = _plain(session, select(
        Lot.id, Lot.uuid, Lot.rev, Lot.deleted_at.is_not(None), Lot.market_id, Lot.ref, Lot.number, Lot.cpv,
        Lot.trade_code, _raw(Lot.amount_ht), _raw(Lot.objective_hours), _raw(Lot.forced_hours),
        _raw(Lot.start_date), _raw(Lot.end_date),
    ).order_by(Lot.id))  # fmt: skip
    for lot_id, uuid, rev, deleted, market, ref, number, cpv, trade, amount, goal, forced, start, end in (
        lot_rows
    ):
        data = {"market": markets.get(market), "ref": ref, "number": number, "cpv": cpv, "trade_code": trade,
                "amount_ht": _cents(amount), "target_hours": _cents(goal if forced is None else forced),
                "mechanisms": sorted(mechanisms.get(lot_id, [])), "start_date": start,
                "end_date": end}  # fmt: skip
        yield {"type": "lot", "uuid": uuid, "rev": rev, "deleted": bool(deleted), "data": data}
    for uuid, rev, deleted, lot, company, role in _rows(
        session, Attribution, Attribution.lot_id, Attribution.company_id, Attribution.role
    ):
        data = {"lot": lots.get(lot), "company": companies.get(company), "role": role}
        yield {"type": "attribution", "uuid": uuid, "rev": rev, "deleted": bool(deleted), "data": data}
    for uuid, rev, deleted, last, first, birth, sex, commune, qpv, level in _rows(
        session, Participant, Participant.last_name, Participant.first_name, _raw(Participant.birth_date),
        Participant.sex, Participant.commune_code, Participant.qpv, Participant.qualification_level,
    ):  # fmt: skip
        born = None if birth is None else date.fromisoformat(birth)
        data = {"pseudonym": pseudonym(last, first, born), "sex": sex, "commune_code": commune,
                "qpv": bool(qpv), "qualification_level": level}  # fmt: skip
        if regional is not None:
            data["regional_pseudonym"] = regional(last, first, born)
        yield {"type": "participant", "uuid": uuid, "rev": rev, "deleted": bool(deleted), "data": data}
    yield from _validations(session, participants)
    yield from _contracts(session, participants, companies, lots)
    for uuid, rev, deleted, contract, lot, month, worked, training, status in () if not hours else _rows(
        session, HourEntry, HourEntry.contract_id, HourEntry.lot_id, HourEntry.month,
        _raw(HourEntry.hours_worked), _raw(HourEntry.hours_training), HourEntry.status,
        where=HourEntry.month <= until_month,
    ):  # fmt: skip
        data = {"contract": contracts.get(contract), "lot": lots.get(lot), "month": month, "status": status,
                "hours_worked": _cents(worked), "hours_training": _cents(training)}  # fmt: skip
        yield {"type": "hour_entry", "uuid": uuid, "rev": rev, "deleted": bool(deleted), "data": data}
    outcome_rows = session.execute(select(OutcomeType.id, OutcomeType.code, OutcomeType.sortie_category))
    outcomes = {code_id: (code, category) for code_id, code, category in outcome_rows}
    for uuid, rev, deleted, person, observed, moment, outcome, contract in _rows(
        session, Situation, Situation.participant_id, _raw(Situation.observed_on), Situation.moment,
        Situation.outcome_id, Situation.contract_id,
    ):  # fmt: skip
        code, category = outcomes.get(outcome, (None, "autre"))
        data = {"participant": participants.get(person), "observed_on": observed, "moment": moment,
                "outcome": code, "sortie_category": category,
                "contract": contracts.get(contract) if contract else None}  # fmt: skip
        yield {"type": "situation", "uuid": uuid, "rev": rev, "deleted": bool(deleted), "data": data}
    for uuid, rev, deleted, held_on, kind, market in _rows(
        session, Meeting, _raw(Meeting.held_on), Meeting.kind, Meeting.market_id
    ):
        data = {"held_on": held_on, "kind": kind, "market": markets.get(market or 0)}
        yield {"type": "meeting", "uuid": uuid, "rev": rev, "deleted": bool(deleted), "data": data}
    yield from _conventions(session, companies, lots, until_month)
    yield from trainings.export_records(session, participants, lots, month_bounds(until_month)[1])


def _conventions(session: Session, companies: dict[int, str], lots: dict[int, str], until_month: str
                 ) -> Iterator[Record]:  # fmt: skip
    """Conventions de globalisation (company, reference, period, lots) and their allocations of hours (lots,
    month, hours) up to `until_month`, as hour entries: the reason, free text, stays on the laptop."""
    covered: dict[int, list[str]] = {}
    for cid, lot_id in session.execute(select(convention_lot.c.convention_id, convention_lot.c.lot_id)):
        covered.setdefault(cid, []).append(lots[lot_id])
    ids = _uuid_map(session, Convention)
    rows = _plain(session, select(
        Convention.id, Convention.uuid, Convention.rev, Convention.deleted_at.is_not(None),
        Convention.company_id, Convention.ref, _raw(Convention.start_date), _raw(Convention.end_date),
    ).order_by(Convention.id))  # fmt: skip
    for cid, uuid, rev, deleted, company, ref, start, end in rows:
        data = {"company": companies.get(company), "ref": ref, "start_date": start, "end_date": end,
                "lots": sorted(covered.get(cid, []))}  # fmt: skip
        yield {"type": "convention", "uuid": uuid, "rev": rev, "deleted": bool(deleted), "data": data}
    for uuid, rev, deleted, convention, giving, receiving, month, hours in _rows(
        session, HourAllocation, HourAllocation.convention_id, HourAllocation.from_lot_id,
        HourAllocation.to_lot_id, HourAllocation.month, _raw(HourAllocation.hours),
        where=HourAllocation.month <= until_month,
    ):  # fmt: skip
        data = {"convention": ids.get(convention), "from_lot": lots.get(giving),
                "to_lot": lots.get(receiving), "month": month, "hours": _cents(hours)}  # fmt: skip
        yield {"type": "hour_allocation", "uuid": uuid, "rev": rev, "deleted": bool(deleted), "data": data}


#: Hour entries as canonical JSON built by SQLite itself (json_object, keys given in sorted order,
#: compact output, handed over as UTF-8 bytes): they are most of a package (12,600 of 20,600 records at
#: `decade`) and carry no free text (uuids, a month checked by the table, a status code, hours).
_HOURS_JSON = """
SELECT h.uuid, h.deleted_at IS NOT NULL, CAST(json_object(
    'data', json_object(
        'contract', c.uuid,
        'hours_training', printf('%d.%02d', h.hours_training / 100, h.hours_training % 100),
        'hours_worked', printf('%d.%02d', h.hours_worked / 100, h.hours_worked % 100),
        'lot', l.uuid, 'month', h.month, 'status', h.status),
    'deleted', json(CASE WHEN h.deleted_at IS NULL THEN 'false' ELSE 'true' END),
    'rev', h.rev, 'type', 'hour_entry', 'uuid', h.uuid) AS BLOB)
FROM hour_entry AS h
LEFT JOIN contract AS c ON c.id = h.contract_id
LEFT JOIN lot AS l ON l.id = h.lot_id
WHERE h.month <= ?
ORDER BY h.id
"""


def export_encoded(
    session: Session, until_month: str, pseudonym: Pseudonym, encode: Callable[[Record], bytes],
    regional: Pseudonym | None = None,
) -> Iterator[tuple[str, str, bool, bytes]]:  # fmt: skip
    """(type, uuid, deleted, canonical JSON) of every synchronised record, as `export_records` gives them.

    `encode` is the canonical JSON encoder; hour entries come last, encoded by SQLite (`_HOURS_JSON`).
    """
    for rec in export_records(session, until_month, pseudonym, hours=False, regional=regional):
        yield rec["type"], rec["uuid"], rec["deleted"], encode(rec)
    for uuid, deleted, encoded in _driver_rows(session, _HOURS_JSON, (until_month,)):
        yield "hour_entry", uuid, bool(deleted), encoded


def _validations(session: Session, participants: dict[int, str]) -> list[Record]:
    """Eligibility validations with their non-sensitive category codes only."""
    cats: dict[int, list[str]] = {}
    stmt = (
        select(validation_category.c.validation_id, PublicCategory.code)
        .join(PublicCategory, PublicCategory.id == validation_category.c.category_id)
        .where(PublicCategory.sensitive.is_(False))
    )
    for vid, code in _plain(session, stmt):
        cats.setdefault(vid, []).append(code)
    out: list[Record] = []
    v = EligibilityValidation
    for vid, uuid, rev, deleted, person, validated, until, motive in _plain(session, select(
        v.id, v.uuid, v.rev, v.deleted_at.is_not(None), v.participant_id, _raw(v.validated_on),
        _raw(v.expires_on), v.avis_motive,
    ).order_by(v.id)):  # fmt: skip
        data = {"participant": participants.get(person), "validated_on": validated, "valid_until": until,
                "categories": sorted(cats.get(vid, [])), "avis_motive": bool(motive)}  # fmt: skip
        out.append({"type": "validation", "uuid": uuid, "rev": rev, "deleted": bool(deleted), "data": data})
    return out


def _contracts(
    session: Session, participants: dict[int, str], companies: dict[int, str], lots: dict[int, str]
) -> list[Record]:
    """Contracts with the age band of the person at the start (read as plain rows, dates as ISO text)."""
    person = aliased(Participant)
    c = Contract
    stmt = (
        select(c.uuid, c.rev, c.deleted_at.is_not(None), c.participant_id, c.company_id, c.lot_id, c.modality,
               ContractType.code, c.rome, _raw(c.start_date), _raw(c.end_date), _raw(c.weekly_hours),
               _raw(person.birth_date))
        .join(ContractType, ContractType.id == c.contract_type_id)
        .join(person, person.id == c.participant_id)
        .order_by(c.id)
    )  # fmt: skip
    out: list[Record] = []
    for uuid, rev, deleted, who, company, lot, modality, type_code, rome, start, end, weekly, birth in (
        _plain(session, stmt)
    ):
        band = None
        if birth is not None and start is not None:
            try:
                band = age_band(age_at(date.fromisoformat(birth), date.fromisoformat(start)))
            except ValidationError:
                band = None
        data = {
            "participant": participants.get(who), "company": companies.get(company), "lot": lots.get(lot),
            "modality": modality, "contract_type": type_code, "rome": rome, "start_date": start,
            "end_date": end, "age_band": band, "weekly_hours": _cents(weekly),
        }  # fmt: skip
        out.append({"type": "contract", "uuid": uuid, "rev": rev, "deleted": bool(deleted), "data": data})
    return out


# --- state -------------------------------------------------------------------------------------------


def state(session: Session) -> SyncState:
    """The single sync state row (created empty on first use)."""
    row = session.get(SyncState, 1)
    if row is None:
        row = SyncState(id=1, referential_version=0)
        session.add(row)
        session.flush()
    return row


def peek_state(session: Session) -> SyncState:
    """The sync state for reading: the stored row, else an empty one not added (reading never writes)."""
    row = session.get(SyncState, 1)
    return row if row is not None else SyncState(id=1, referential_version=0)


def sent_hashes(session: Session) -> dict[tuple[str, str], str]:
    rows = _plain(session, select(SentRecord.kind, SentRecord.uuid, SentRecord.content_sha256))
    return {(k, u): h for k, u, h in rows}


def last_sent(session: Session) -> SentPackage | None:
    return session.scalars(select(SentPackage).order_by(SentPackage.sequence.desc()).limit(1)).first()


def history(session: Session) -> list[SentPackage]:
    return list(session.scalars(select(SentPackage).order_by(SentPackage.sequence.desc())))


def record_sent(
    session: Session,
    package: SentPackage,
    hashes: dict[tuple[str, str], str],
    known: set[tuple[str, str]] | None = None,
) -> None:
    """Remember a built package and the content hash of each record it carried (two bulk statements).

    `known`: the records of `hashes` already in the record of what was sent (read here when not given).
    The rows go to the DB-API's `executemany` as plain tuples (measured faster than one INSERT reading
    a JSON array through json_each), new ones in key order, so that the primary key's index grows at
    its end instead of splitting pages everywhere.
    """
    session.add(package)
    session.flush()
    if known is None:
        known = set(_plain(session, select(SentRecord.kind, SentRecord.uuid)))
    sequence = package.sequence
    inserts = sorted((k, u, digest, sequence) for (k, u), digest in hashes.items() if (k, u) not in known)
    updates = [(digest, sequence, k, u) for (k, u), digest in hashes.items() if (k, u) in known]
    connection = session.connection()
    if inserts:
        connection.exec_driver_sql(
            "INSERT INTO sync_sent_record (kind, uuid, content_sha256, sequence) VALUES (?, ?, ?, ?)", inserts
        )
    if updates:
        connection.exec_driver_sql(
            "UPDATE sync_sent_record SET content_sha256 = ?, sequence = ? WHERE kind = ? AND uuid = ?",
            updates,
        )


def now() -> datetime:
    return utcnow()


def month_hours(session: Session, month: str) -> tuple[Decimal, Decimal]:
    """The month's live hours worked and hours of training, summed over the whole store."""
    from sqlalchemy import func

    worked, training = session.execute(
        select(func.sum(HourEntry.hours_worked), func.sum(HourEntry.hours_training)).where(
            HourEntry.deleted_at.is_(None), HourEntry.month == month
        )
    ).one()
    return worked or Decimal(0), training or Decimal(0)
