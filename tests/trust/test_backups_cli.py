"""Rotating backups, restore and passphrase commands, through the command line on real stores."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from clausedesk.cli import run
from clausedesk.db import backup_rotation, keyring
from clausedesk.db.backup import is_sqlite_file
from clausedesk.db.lock import StoreLock
from clausedesk.db.store import Store
from clausedesk.paths import Paths


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _participants(paths: Paths, passphrase: str | None = None) -> int:
    s = Store.open(paths, passphrase=passphrase)
    try:
        with s.engine.connect() as conn:
            return int(
                conn.exec_driver_sql("SELECT count(*) FROM participant WHERE deleted_at IS NULL").scalar()
            )
    finally:
        s.close()


def test_rotation_tiers_keep_recent_daily_weekly_monthly() -> None:
    start = datetime(2025, 1, 1, 9, 0, 0)
    tiers = backup_rotation.Tiers(recent=3, daily=2, weekly=2, monthly=3)
    infos = [
        backup_rotation.BackupInfo(Path(f"b{i}.sqlite"), start + timedelta(hours=12 * i), "", 1)
        for i in range(240)  # two a day over four months
    ]
    keep = backup_rotation.keep_set(infos, tiers)
    kept = sorted((b for b in infos if b.path in keep), key=lambda b: b.taken_at, reverse=True)
    assert kept[0] is infos[-1]
    assert [b.taken_at for b in kept[:3]] == [infos[-1].taken_at, infos[-2].taken_at, infos[-3].taken_at]
    assert {b.taken_at.strftime("%Y-%m") for b in kept} == {"2025-02", "2025-03", "2025-04"}
    assert len(kept) <= 3 + 2 + 2 + 3


def test_taking_backups_prunes_the_folder(demo_store: Store, demo_paths: Paths) -> None:
    tiers = backup_rotation.Tiers(recent=2, daily=1, weekly=1, monthly=1)
    start = datetime(2025, 3, 3, 9, 0, 0)
    for i in range(5):
        backup_rotation.take(demo_paths, now=start + timedelta(minutes=i), tiers=tiers)
    kept = backup_rotation.list_backups(demo_paths)
    assert len(kept) == 2 and kept[0].taken_at == start + timedelta(minutes=4)
    assert all(not is_sqlite_file(b.path) for b in kept)
    assert backup_rotation.describe(kept[0].path)["participants"] == 45


def test_restore_brings_back_the_backup_and_saves_the_current_store(
    demo_paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = str(demo_paths.root)
    target = tmp_path / "avant.sqlite"
    assert cli(capsys, "--data-dir", d, "backup", "-o", str(target))[0] == 0
    uuid = json.loads(cli(capsys, "--data-dir", d, "list", "participants", "--json")[1])[0]["uuid"]
    assert cli(capsys, "--data-dir", d, "person", "erase", uuid, "--yes")[0] == 0
    assert _participants(demo_paths) == 44
    code, _, err = cli(capsys, "--data-dir", d, "restore", str(target))
    assert code == 1 and "--yes" in err
    code, out, _ = cli(capsys, "--data-dir", d, "restore", str(target), "--yes")
    assert code == 0 and "Base restaurée" in out
    assert _participants(demo_paths) == 44  # the erasure is re-applied to the restored copy (issue 19)
    assert any(b.reason == "avant-restauration" for b in backup_rotation.list_backups(demo_paths))


@pytest.mark.parametrize(
    "content", [b"", b"pas une sauvegarde" * 500, b"SQLite format 3\x00" + b"\x00" * 5000]
)
def test_restore_refuses_what_is_not_a_backup_and_changes_nothing(
    demo_paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    bad = tmp_path / "mauvais.sqlite"
    bad.write_bytes(content)
    before = demo_paths.store.read_bytes()
    code, _, err = cli(capsys, "--data-dir", str(demo_paths.root), "restore", str(bad), "--yes")
    assert code == 1 and "Erreur" in err and "Traceback" not in err
    assert demo_paths.store.read_bytes() == before


def test_restore_refuses_a_damaged_backup(demo_store: Store, demo_paths: Paths, tmp_path: Path) -> None:
    copy = demo_store.backup(tmp_path / "copie.sqlite")
    data = bytearray(copy.read_bytes())
    data[9000:9100] = b"\xff" * 100
    copy.write_bytes(bytes(data))
    demo_store.close()
    before = demo_paths.store.read_bytes()
    assert run(["--data-dir", str(demo_paths.root), "restore", str(copy), "--yes"]) == 1
    assert demo_paths.store.read_bytes() == before


def test_restore_over_a_store_in_use_is_refused(
    demo_paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = str(demo_paths.root)
    target = tmp_path / "copie.sqlite"
    cli(capsys, "--data-dir", d, "backup", "-o", str(target))
    lock = StoreLock(demo_paths).require()  # the window holds the folder
    try:
        code, _, err = cli(capsys, "--data-dir", d, "restore", str(target), "--yes")
    finally:
        lock.release()
    assert code == 1 and "en cours d'utilisation" in err


def test_passphrase_change_rekeys_store_and_backups(
    demo_paths: Paths, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    d = str(demo_paths.root)
    old = keyring.passphrase()
    cli(capsys, "--data-dir", d, "backup")
    monkeypatch.setenv("CLAUSEDESK_NEW_PASSPHRASE", "court")
    code, _, err = cli(capsys, "--data-dir", d, "passphrase", "change")
    assert code == 1 and "au moins" in err
    monkeypatch.setenv("CLAUSEDESK_NEW_PASSPHRASE", "une toute nouvelle phrase")
    code, out, _ = cli(capsys, "--data-dir", d, "passphrase", "change")
    assert code == 0 and "Phrase de passe changée" in out
    code, _, err = cli(capsys, "--data-dir", d, "stats")
    assert code == 1 and "phrase de passe est incorrecte" in err
    assert _participants(demo_paths, "une toute nouvelle phrase") == 45
    for b in backup_rotation.list_backups(demo_paths):  # every backup opens with the new phrase
        assert backup_rotation.describe(b.path, passphrase="une toute nouvelle phrase")["participants"] == 45
    monkeypatch.setenv("CLAUSEDESK_PASSPHRASE", "une toute nouvelle phrase")
    monkeypatch.setenv("CLAUSEDESK_NEW_PASSPHRASE", old)
    assert cli(capsys, "--data-dir", d, "passphrase", "change")[0] == 0


def test_recovery_kit_reopens_a_store_whose_passphrase_is_lost(
    demo_paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    d = str(demo_paths.root)
    kit = tmp_path / "kit.json"
    monkeypatch.setenv("CLAUSEDESK_RECOVERY_SECRET", "secret de l'employeur")
    assert cli(capsys, "--data-dir", d, "passphrase", "recovery-kit", "-o", str(kit))[0] == 0
    assert keyring.passphrase().encode() not in kit.read_bytes()
    monkeypatch.setenv("CLAUSEDESK_PASSPHRASE", "oubliée depuis longtemps")  # the user lost it
    monkeypatch.setenv("CLAUSEDESK_RECOVERY_SECRET", "mauvais secret")
    monkeypatch.setenv("CLAUSEDESK_NEW_PASSPHRASE", "phrase retrouvée grâce au kit")
    code, _, err = cli(capsys, "--data-dir", d, "passphrase", "recover", "--kit", str(kit))
    assert code == 1 and "secret de secours est incorrect" in err
    monkeypatch.setenv("CLAUSEDESK_RECOVERY_SECRET", "secret de l'employeur")
    code, out, _ = cli(capsys, "--data-dir", d, "passphrase", "recover", "--kit", str(kit))
    assert code == 0, out
    assert _participants(demo_paths, "phrase retrouvée grâce au kit") == 45
