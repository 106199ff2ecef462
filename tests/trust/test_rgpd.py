"""People's rights through the command line: access export, erasure with tombstone, retention purge."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from clausedesk.cli import run
from clausedesk.core.services import rgpd
from clausedesk.db.models import AccessLog, Participant
from clausedesk.db.repositories.stats import store_stats
from clausedesk.db.store import Store
from clausedesk.paths import Paths


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _someone_with_hours(store: Store) -> tuple[str, str, int]:
    with store.session() as s:
        for p in s.scalars(select(Participant).where(Participant.deleted_at.is_(None))):
            doc = rgpd.person_document(s, p.uuid)
            if doc["heures"] and doc["contrats"]:
                return p.uuid, p.last_name, p.rev
    raise AssertionError("demo store without hours")


def test_export_holds_everything_but_sensitive_categories(
    demo_store: Store, demo_paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    uuid, last_name, _ = _someone_with_hours(demo_store)
    out_file = tmp_path / "acces.json"
    code, out, _ = cli(
        capsys, "--data-dir", str(demo_paths.root), "person", "export", uuid, "-o", str(out_file)
    )
    assert code == 0 and str(out_file) in out
    doc = json.loads(out_file.read_text(encoding="utf-8"))
    assert doc["personne"]["uuid"] == uuid and doc["personne"]["nom"] == last_name
    assert doc["contrats"] and doc["heures"] and "validations_eligibilite" in doc
    text = out_file.read_text(encoding="utf-8")
    with demo_store.session() as s:
        from clausedesk.db.repositories import reference

        sensitive = [c for c in reference.categories(s) if c.sensitive]
    for c in sensitive:
        assert c.code not in text and c.label not in text
    assert doc["journal_des_acces"] == [] or all("nom" not in e for e in doc["journal_des_acces"])
    with demo_store.session() as s:
        log = s.scalars(select(AccessLog).where(AccessLog.subject_uuid == uuid)).all()
        assert [e.action for e in log] == ["export"]
        assert all(last_name not in (e.actor + e.channel) for e in log)


def test_erase_removes_identity_keeps_hours_and_leaves_a_tombstone(
    demo_store: Store, demo_paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    uuid, last_name, rev = _someone_with_hours(demo_store)
    with demo_store.session() as s:
        hours_before = store_stats(s)["hours_total"]
    d = str(demo_paths.root)
    code, _, err = cli(capsys, "--data-dir", d, "person", "erase", uuid)
    assert code == 1 and "--yes" in err
    code, out, _ = cli(capsys, "--data-dir", d, "person", "erase", uuid, "--yes")
    assert code == 0 and "Personne effacée" in out
    with demo_store.session() as s:
        p = s.scalars(select(Participant).where(Participant.uuid == uuid)).one()
        assert p.deleted_at is not None and p.rev > rev
        assert p.last_name == "[effacé]" and p.first_name == "" and p.birth_date is None
        assert p.phone is None and p.email is None and p.notes is None and p.address is None
        assert store_stats(s)["hours_total"] == hours_before
        doc = rgpd.person_document(s, uuid)
        assert doc["heures"] and doc["contrats"] and all(c["notes"] is None for c in doc["contrats"])
        assert [e.action for e in s.scalars(select(AccessLog))] == ["effacement"]
    code, _, err = cli(capsys, "--data-dir", d, "person", "erase", uuid, "--yes")
    assert code == 1 and "déjà été effacée" in err


def test_unknown_person_is_refused_and_nothing_changes(
    demo_paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = str(demo_paths.root)
    before = cli(capsys, "--data-dir", d, "list", "participants", "--json")[1]
    for args in (
        ["person", "erase", "inconnu", "--yes"],
        ["person", "export", "inconnu", "-o", str(tmp_path / "x")],
    ):
        code, _, err = cli(capsys, "--data-dir", d, *args)
        assert code == 1 and "Aucun participant" in err
    assert not (tmp_path / "x").exists()
    assert not any(demo_paths.backups.iterdir())
    assert cli(capsys, "--data-dir", d, "list", "participants", "--json")[1] == before


def test_purge_dry_run_then_apply(
    demo_store: Store, demo_paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    d = str(demo_paths.root)
    with demo_store.session() as s:  # a retention of one month makes the demo's past people due
        from clausedesk.db.repositories import reference

        reference.set_setting(s, "retention_months", "1")
    plan = rgpd.plan_purge(demo_store.sessions, today=date(2040, 1, 1))
    assert plan.candidates and all(
        c.last_contact is None or c.last_contact < plan.cutoff for c in plan.candidates
    )
    code, out, _ = cli(capsys, "--data-dir", d, "purge", "--dry-run", "--json")
    assert code == 0
    preview = json.loads(out)
    assert preview["dry_run"] is True and preview["retention_months"] >= 1
    assert set(preview) >= {"count", "people", "cutoff"}
    with demo_store.session() as s:
        live_before = s.scalars(select(Participant).where(Participant.deleted_at.is_(None))).all()
    assert len(live_before) == 45  # dry run erased nobody
    n = rgpd.apply_purge(demo_store.sessions, plan)
    with demo_store.session() as s:
        live = s.scalars(select(Participant).where(Participant.deleted_at.is_(None))).all()
    assert n == len(plan.candidates) and len(live) == 45 - n
    again = rgpd.plan_purge(demo_store.sessions, today=date(2040, 1, 1))
    assert again.candidates == []
