"""Files written only where meant, bounded reads of every input, and the folder's write lock (issue 19)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from clausedesk.cli import run
from clausedesk.core.files import MAX_KEY_FILE, MAX_PACKAGE, MAX_REFERENTIAL, MAX_RELEVE, size_label
from clausedesk.db.lock import WriteLock
from clausedesk.db.store import Store
from clausedesk.paths import Paths

RELEVES = Path(__file__).parents[1] / "fixtures" / "releves"
SIRET, MONTH = "43680387800756", "2026-10"


def cli(capsys: pytest.CaptureFixture[str], paths: Paths, *args: str) -> tuple[int, str, str]:
    code = run(["--data-dir", str(paths.root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _device(folder: Path, name: str, major: int, minor: int) -> Path:
    """A character device node of our own (never a real one of /dev): 1,5 reads zeros without end."""
    node = folder / name
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
    return node


def _targets(tmp_path: Path) -> dict[str, Path]:
    if os.geteuid() != 0:
        pytest.skip("creating a device node needs root")
    folder = tmp_path / "cibles"
    folder.mkdir()
    regular = folder / "vrai.txt"
    regular.write_text("à garder", encoding="utf-8")
    link = folder / "lien.xlsx"
    link.symlink_to(regular)
    fifo = folder / "tube.xlsx"
    os.mkfifo(fifo)
    return {"périphérique": _device(folder, "nul.xlsx", 1, 3), "lien": link, "tube": fifo}


@pytest.mark.parametrize(
    "command",
    [
        ["backup", "-o", "{}"],
        ["template", "--company", SIRET, "--month", MONTH, "-o", "{}"],
        ["export-xlsx", "markets", "-o", "{}"],
        ["keys", "export-public", "-o", "{}"],
    ],
    ids=["backup", "template", "export-xlsx", "export-public"],
)
def test_an_output_that_is_a_device_a_link_or_a_pipe_is_refused(
    capsys: pytest.CaptureFixture[str], demo_paths: Paths, tmp_path: Path, command: list[str]
) -> None:
    if command[0] == "keys":
        assert cli(capsys, demo_paths, "keys", "init", "--scrypt-n", "16")[0] == 0
    for kind, target in _targets(tmp_path).items():
        mode = target.lstat().st_mode
        code, out, err = cli(capsys, demo_paths, *[a.format(target) for a in command])
        assert code == 1, (kind, out, err)
        assert "n'est pas un fichier ordinaire" in err or "lien symbolique" in err, err
        assert "Traceback" not in err and "Erreur inattendue" not in err
        assert target.lstat().st_mode == mode  # still a device, a link or a pipe
        assert (tmp_path / "cibles" / "vrai.txt").read_text(encoding="utf-8") == "à garder"
        assert not list((tmp_path / "cibles").glob(".*.tmp")) and not list(
            (tmp_path / "cibles").glob("*.tmp")
        )


def test_a_regular_output_is_still_written(
    capsys: pytest.CaptureFixture[str], demo_paths: Paths, tmp_path: Path
) -> None:
    target = tmp_path / "copie.sqlite"
    target.write_bytes(b"ancienne copie")
    code, _, err = cli(capsys, demo_paths, "backup", "-o", str(target))
    assert code == 0, err
    assert target.read_bytes()[:16] != b"ancienne copie"[:16]


def _endless(tmp_path: Path) -> Path:
    if os.geteuid() != 0:
        pytest.skip("creating a device node needs root")
    return _device(tmp_path, "zero", 1, 5)


def _sparse(tmp_path: Path, name: str, size: int) -> Path:
    path = tmp_path / name
    with path.open("wb") as fh:
        fh.truncate(size)
    return path


@pytest.mark.parametrize(
    ("command", "limit"),
    [
        (["keys", "trust-coordinator"], MAX_KEY_FILE),
        (["import-referential"], MAX_REFERENTIAL),
        (["coordinator", "import"], MAX_PACKAGE),
        (["import-hours"], MAX_RELEVE),
    ],
    ids=["key", "referential", "package", "releve"],
)
def test_an_endless_or_huge_input_is_refused_naming_the_limit(
    capsys: pytest.CaptureFixture[str], demo_paths: Paths, tmp_path: Path, command: list[str], limit: int
) -> None:
    where = demo_paths
    if command[0] == "coordinator":
        where = Paths(tmp_path / "coordinateur")
        assert cli(capsys, where, "coordinator", "init", "--scrypt-n", "16")[0] == 0
    for source in (_endless(tmp_path), _sparse(tmp_path, f"enorme-{command[-1]}", limit + 1)):
        code, out, err = cli(capsys, where, *command, str(source))
        text = out + err
        assert code == 1, text
        assert size_label(limit) in text and "taille maximale" in text, text
        assert "Erreur inattendue" not in text


def test_a_huge_backup_or_recovery_kit_is_refused_before_reading(
    capsys: pytest.CaptureFixture[str], demo_paths: Paths, tmp_path: Path
) -> None:
    before = demo_paths.store.read_bytes()
    code, _, err = cli(capsys, demo_paths, "restore", str(_endless(tmp_path)), "--yes")
    assert code == 1 and "n'est pas un fichier ordinaire" in err
    os.environ["CLAUSEDESK_RECOVERY_SECRET"] = "secret de l'employeur"
    os.environ["CLAUSEDESK_NEW_PASSPHRASE"] = "une nouvelle phrase de passe"
    try:
        kit = _sparse(tmp_path, "kit.json", MAX_KEY_FILE + 1)
        code, _, err = cli(capsys, demo_paths, "passphrase", "recover", "--kit", str(kit))
    finally:
        del os.environ["CLAUSEDESK_RECOVERY_SECRET"], os.environ["CLAUSEDESK_NEW_PASSPHRASE"]
    assert code == 1 and size_label(MAX_KEY_FILE) in err
    assert demo_paths.store.read_bytes() == before


def test_a_write_waits_for_a_restore_then_is_refused_in_french(
    capsys: pytest.CaptureFixture[str], demo_paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAUSEDESK_LOCK_WAIT", "0.3")
    exclusive = WriteLock(demo_paths, exclusive=True).acquire()  # a restore is replacing the store
    try:
        code, _, err = cli(capsys, demo_paths, "import-hours", str(RELEVES / "releve_ok.xlsx"))
        assert code == 1 and "en cours de remplacement" in err, err
        code, _, err = cli(
            capsys, demo_paths, "person", "erase", "00000000-0000-0000-0000-000000000000", "--yes"
        )
        assert code == 1 and "en cours de remplacement" in err, err
    finally:
        exclusive.release()
    code, _, err = cli(capsys, demo_paths, "import-hours", str(RELEVES / "releve_ok.xlsx"))
    assert code == 0, err


def test_a_restore_waits_for_a_running_write_then_is_refused(
    demo_store: Store, demo_paths: Paths, tmp_path: Path
) -> None:
    copy = demo_store.backup(tmp_path / "copie.sqlite")
    before = demo_paths.store.read_bytes()
    env = {**os.environ, "CLAUSEDESK_LOCK_WAIT": "0.3"}
    with demo_store.session() as session:  # a write in progress (this process holds the lock shared)
        session.execute(text("UPDATE setting SET value = value WHERE key = 'retention_months'"))
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "clausedesk",
                "--data-dir",
                str(demo_paths.root),
                "restore",
                str(copy),
                "--yes",
            ],
            capture_output=True,
            text=True,
            env=env,
        )
        assert result.returncode == 1 and "en train d'écrire" in result.stderr, result.stderr
    assert demo_paths.store.read_bytes() == before
