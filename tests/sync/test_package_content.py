"""What leaves the laptop: no names, birth dates or sensitive categories; people counted once."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from clausedesk.db.models import Contract, HourEntry, Participant
from clausedesk.db.repositories import sync as repo_sync
from clausedesk.sync import consolidation, importer, package
from clausedesk.sync.archive import canonical_json, strict_json
from clausedesk.sync.manifest import RECORDS, record_hash

from .conftest import MONTHS, Coordinator, Facilitator, unpack


def words(text: str) -> set[str]:
    return set(re.findall(r"[^\W\d_]+(?:[ '-][^\W\d_]+)*", text)) | set(re.findall(r"[^\W\d_]+", text))


PUBLIC_TYPES = {"buyer", "company", "market", "lot", "meeting"}


def test_package_carries_no_name_birth_date_or_sensitive_category(
    coord: Coordinator, fac1: Facilitator, out: Path
) -> None:
    files = unpack(fac1.package(MONTHS[-1], out), coord)
    text = b"\n".join(files.values()).decode("utf-8").casefold()
    # public bodies ("Collège Jean Moulin") may carry first names: first names are searched in person records
    person_text = " ".join(
        str(r) for r in strict_json(files[RECORDS])["records"] if r["type"] not in PUBLIC_TYPES
    ).casefold()
    with fac1.store.session() as s:
        people = list(
            s.execute(select(Participant.last_name, Participant.first_name, Participant.birth_date))
        )
    assert len(people) > 20
    for last, first, birth in people:
        assert last.casefold() not in words(text), last
        assert first.casefold() not in words(person_text), first
        assert f"{first} {last}".casefold() not in text
        if birth is not None:
            assert birth.isoformat() not in text
    for code in ("RQTH", "AAH", "INVALIDITE"):
        assert code.lower() not in person_text  # only the month's aggregates may count them
    records = strict_json(files[RECORDS])["records"]
    assert {r["type"] for r in records} >= {"participant", "contract", "hour_entry", "lot", "market"}


def test_next_package_carries_only_changes_including_past_months(
    coord: Coordinator, fac1: Facilitator, out: Path
) -> None:
    unpack(fac1.package(MONTHS[1], out), coord)
    with fac1.store.session() as s:
        entry = s.scalars(select(HourEntry).where(HourEntry.month == "2026-03").limit(1)).one()
        entry.hours_worked += 1
        uuid = entry.uuid
    records = strict_json(unpack(fac1.package(MONTHS[2], out), coord)[RECORDS])["records"]
    assert uuid in {r["uuid"] for r in records}
    # besides the corrected entry, only what is dated in the new month: its hour entries and allocations
    assert all(r["type"] in ("hour_entry", "hour_allocation") for r in records)
    assert {r["data"]["month"] for r in records} >= {"2026-03", "2026-10"}
    assert {r["data"]["month"] for r in records if r["type"] == "hour_allocation"} <= {"2026-10"}


def test_person_followed_by_two_facilitators_counts_once(
    coord: Coordinator, fac1: Facilitator, fac2: Facilitator, out: Path
) -> None:
    def with_hours(fac: Facilitator) -> Participant:
        with fac.store.session() as s:
            stmt = (
                select(Participant).join(Contract, Contract.participant_id == Participant.id)
                .join(HourEntry, HourEntry.contract_id == Contract.id).limit(1)
            )  # fmt: skip
            return s.scalars(stmt).one()

    shared = with_hours(fac1)
    other = with_hours(fac2)
    with fac2.store.session() as s:
        twin = s.get(Participant, other.id)
        assert twin is not None
        # typed differently by the second facilitator: accents, case, hyphens do not matter
        twin.last_name = shared.last_name.upper().replace(" ", "-")
        twin.first_name = shared.first_name.lower()
        twin.birth_date = shared.birth_date
    for fac in (fac1, fac2):
        result = importer.import_blob(
            coord.store.sessions, coord.identity, fac.package(MONTHS[-1], out), fac.name
        )
        assert result.status == "merged"
    with fac1.store.session() as s:
        alone1 = _people(s)
    with fac2.store.session() as s:
        alone2 = _people(s)
    with coord.store.session() as s:
        figures = consolidation.stats(s)
    assert figures["participants"] == alone1 + alone2 - 1
    assert figures["facilitators"] == 2 and figures["packages"] == 2


def _people(session: object) -> int:
    from sqlalchemy import distinct, func
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    stmt = (
        select(func.count(distinct(Contract.participant_id)))
        .join(HourEntry, HourEntry.contract_id == Contract.id)
        .where(HourEntry.deleted_at.is_(None), Contract.deleted_at.is_(None), HourEntry.month <= MONTHS[-1])
    )
    return int(session.scalar(stmt) or 0)


def test_records_are_canonical_and_what_was_sent_is_remembered(
    fac1: Facilitator, coord: Coordinator, out: Path
) -> None:
    """records.json is the canonical JSON of its records, each hash that of the record's own JSON;
    after a package nothing is pending, and a change makes exactly that record pending again."""
    files = unpack(fac1.package(MONTHS[0], out), coord)
    records = strict_json(files[RECORDS])["records"]
    assert files[RECORDS] == canonical_json({"records": records})
    with fac1.store.session() as s:
        sent = repo_sync.sent_hashes(s)
        assert sent == {(r["type"], r["uuid"]): record_hash(r) for r in records}
        assert package.pending(s, MONTHS[0]).total == 0
        contract = s.scalars(select(Contract).limit(1)).one()
        contract.rome = "F1703" if contract.rome != "F1703" else "F1702"
        s.flush()
        todo = package.pending(s, MONTHS[0])
        assert todo.total == 1 and todo.changed["contract"] == 1
    records = strict_json(unpack(fac1.package(MONTHS[1], out), coord)[RECORDS])["records"]
    with fac1.store.session() as s:
        changed = next(r for r in records if r["type"] == "contract")
        assert repo_sync.sent_hashes(s)[("contract", changed["uuid"])] == record_hash(changed)


def test_hour_entries_encoded_by_the_store_are_canonical(fac1: Facilitator) -> None:
    """The hour entries' JSON built by SQLite is byte for byte the canonical JSON of the same records."""
    from clausedesk.sync.pseudonym import Pseudonymiser

    same = Pseudonymiser(b"0" * 32)
    with fac1.store.session() as s:
        entry = s.scalars(select(HourEntry).limit(1)).one()
        entry.hours_training = entry.hours_worked + Decimal("0.05")
        entry.deleted_at = entry.updated_at
        s.flush()
        expected = {
            (r["type"], r["uuid"]): canonical_json(r) for r in repo_sync.export_records(s, "2026-10", same)
        }
        encoded = {(k, u): e for k, u, _d, e in repo_sync.export_encoded(s, "2026-10", same, canonical_json)}
    assert encoded == expected and any(k == "hour_entry" for k, _u in encoded)
