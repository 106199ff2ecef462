"""Erasure that stays erased (issue 19): a running contract stays anonymous and `check` accepts it; the
erasure journal beside the store re-applies every erasure to a restored backup."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from clausedesk.cli import run
from clausedesk.db import erasures
from clausedesk.db.models import AccessLog, Participant
from clausedesk.db.repositories import rgpd as repo
from clausedesk.db.repositories.stats import store_stats
from clausedesk.db.store import Store
from clausedesk.paths import Paths


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _running_person(store: Store) -> str:
    with store.session() as s:
        running = repo.running_contract_people(s, date.today())
        assert running, "the demonstration store has running contracts"
        return str(s.scalars(select(Participant.uuid).where(Participant.id.in_(running))).first())


def _live(paths: Paths) -> set[str]:
    s = Store.open(paths)
    try:
        with s.session() as session:
            return set(session.scalars(select(Participant.uuid).where(Participant.deleted_at.is_(None))))
    finally:
        s.close()


def test_erasing_a_person_with_a_running_contract_leaves_a_sound_store(
    demo_store: Store, demo_paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    uuid = _running_person(demo_store)
    with demo_store.session() as s:
        hours_before = store_stats(s)["hours_total"]
    d = str(demo_paths.root)
    assert cli(capsys, "--data-dir", d, "check")[0] == 0
    code, out, _ = cli(capsys, "--data-dir", d, "person", "erase", uuid, "--yes")
    assert code == 0 and "Personne effacée" in out
    code, out, err = cli(capsys, "--data-dir", d, "check")
    assert code == 0, err
    assert "Base saine" in out and "Restaurez" not in out + err
    with demo_store.session() as s:
        assert store_stats(s)["hours_total"] == hours_before  # the contract's hours still count
        person = s.scalars(select(Participant).where(Participant.uuid == uuid)).one()
        assert person.last_name == repo.ERASED_NAME and person.birth_date is None


def test_the_journal_holds_uuids_only(demo_store: Store, demo_paths: Paths) -> None:
    uuid = _running_person(demo_store)
    with demo_store.session() as s:
        name = s.scalars(select(Participant.last_name).where(Participant.uuid == uuid)).one()
    from clausedesk.core.services import rgpd

    rgpd.erase_person(demo_store.sessions, uuid)
    text = erasures.journal_path(demo_paths).read_text(encoding="ascii")
    assert text == f"{uuid}\n" and name not in text
    assert erasures.journalled(demo_paths) == {uuid}


def test_restoring_a_backup_from_before_an_erasure_keeps_the_person_erased(
    demo_paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = str(demo_paths.root)
    before = tmp_path / "avant-effacement.sqlite"
    assert cli(capsys, "--data-dir", d, "backup", "-o", str(before))[0] == 0
    people = json.loads(cli(capsys, "--data-dir", d, "list", "participants", "--json")[1])
    uuid = people[0]["uuid"]
    assert cli(capsys, "--data-dir", d, "person", "erase", uuid, "--yes")[0] == 0
    rotated = [b for b in demo_paths.backups.iterdir() if b.name.startswith("avant-effacement")]
    assert rotated  # the rotating backup taken before the erasure holds the person too
    for source in (before, rotated[0]):
        code, out, err = cli(capsys, "--data-dir", d, "restore", str(source), "--yes")
        assert code == 0, err
        live = _live(demo_paths)
        assert uuid not in live and len(live) == len(people) - 1
        assert cli(capsys, "--data-dir", d, "check")[0] == 0
    s = Store.open(demo_paths)
    with s.session() as session:
        person = session.scalars(select(Participant).where(Participant.uuid == uuid)).one()
        assert person.last_name == repo.ERASED_NAME and person.phone is None
        actions = [e.action for e in session.scalars(select(AccessLog).where(AccessLog.subject_uuid == uuid))]
        assert "effacement-reapplique" in actions
    s.close()


def test_an_erasure_made_before_the_journal_existed_survives_a_restore(
    demo_paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = str(demo_paths.root)
    before = tmp_path / "avant.sqlite"
    assert cli(capsys, "--data-dir", d, "backup", "-o", str(before))[0] == 0
    uuid = json.loads(cli(capsys, "--data-dir", d, "list", "participants", "--json")[1])[0]["uuid"]
    assert cli(capsys, "--data-dir", d, "person", "erase", uuid, "--yes")[0] == 0
    erasures.journal_path(demo_paths).unlink()  # as with a store erased by an earlier ClauseDesk
    assert cli(capsys, "--data-dir", d, "restore", str(before), "--yes")[0] == 0
    assert uuid not in _live(demo_paths)
    assert erasures.journalled(demo_paths) == {uuid}


def test_a_failed_journal_write_erases_nobody(demo_store: Store, demo_paths: Paths) -> None:
    from clausedesk.core.errors import StoreError
    from clausedesk.core.services import rgpd

    uuid = _running_person(demo_store)
    erasures.journal_path(demo_paths).mkdir()  # the journal cannot be written
    with pytest.raises(StoreError, match="Personne n'a été effacé"):
        rgpd.erase_person(demo_store.sessions, uuid)
    with demo_store.session() as s:
        person = s.scalars(select(Participant).where(Participant.uuid == uuid)).one()
        assert person.last_name != repo.ERASED_NAME and person.deleted_at is None
