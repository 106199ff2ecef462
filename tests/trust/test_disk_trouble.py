"""Honest messages on a full disk (issue 19): a sound store is never called damaged, no English text of a
library, no web link, no claim of a backup that was not made; the store is left as it was."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from clausedesk.cli import run
from clausedesk.paths import Paths

RELEVES = Path(__file__).parents[1] / "fixtures" / "releves"


@pytest.fixture
def small_volume(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs of 8 MiB of our own (root only), unmounted at the end."""
    mount = tmp_path / "petit"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(volume: Path, leave: int) -> None:
    free = shutil.disk_usage(volume).free
    with (volume / "remplissage").open("wb") as fh:
        fh.write(b"\0" * max(0, free - leave))


def _honest(err: str, volume: Path) -> None:
    err = err.replace(str(volume), "DOSSIER")  # the test's own folder names hold "disk"
    assert "plein" in err, err
    for wrong in (
        "Restaurez",
        "illisible",
        "endommagée (",
        "http",
        "sqlalche",
        "database",
        "disk",
        "sauvegarde a été faite",
    ):
        assert wrong not in err, (wrong, err)


@pytest.mark.parametrize(
    "command",
    [["backup"], ["import-hours", str(RELEVES / "releve_ok.xlsx")], ["stats"], ["check"]],
    ids=["backup", "import-hours", "stats", "check"],
)
@pytest.mark.parametrize("leave", [4096, 200_000], ids=["4k", "200k"])
def test_a_full_disk_is_said_and_the_store_is_untouched(
    capsys: pytest.CaptureFixture[str],
    small_volume: Path,
    demo_template: Path,
    command: list[str],
    leave: int,
) -> None:
    paths = Paths(small_volume / "donnees").ensure()
    shutil.copyfile(demo_template, paths.store)
    assert run(["--data-dir", str(paths.root), "stats", "--json"]) == 0
    before = capsys.readouterr().out
    _fill(small_volume, leave)
    code = run(["--data-dir", str(paths.root), *command])
    out, err = capsys.readouterr()
    if code == 0:  # enough room for this one (e.g. stats with 200 kB): it must then be right
        assert command[0] in ("stats", "check"), out
        return
    assert code == 1
    _honest(err, small_volume)
    assert not [p for p in paths.backups.iterdir()]  # no partial copy left
    (small_volume / "remplissage").unlink()  # room again: the store is sound and as it was
    assert run(["--data-dir", str(paths.root), "check"]) == 0
    assert run(["--data-dir", str(paths.root), "stats", "--json"]) == 0
    assert capsys.readouterr().out.endswith(before)


@pytest.mark.parametrize("leave", [4096, 150_000, 600_000])
def test_demo_on_a_tiny_volume_speaks_french_and_claims_no_backup(
    capsys: pytest.CaptureFixture[str], small_volume: Path, leave: int
) -> None:
    _fill(small_volume, leave)
    code = run(["--data-dir", str(small_volume / "demo"), "demo"])
    _, err = capsys.readouterr()
    assert code == 1
    _honest(err, small_volume)


@pytest.mark.parametrize("command", [["backup"], ["import-hours", str(RELEVES / "releve_ok.xlsx")]])
def test_a_read_only_medium_is_said_and_the_store_is_untouched(
    capsys: pytest.CaptureFixture[str], small_volume: Path, demo_template: Path, command: list[str]
) -> None:
    paths = Paths(small_volume / "donnees").ensure()
    shutil.copyfile(demo_template, paths.store)
    before = paths.store.read_bytes()
    remount = subprocess.run(["mount", "-o", "remount,ro", str(small_volume)], capture_output=True)
    if remount.returncode != 0:
        pytest.skip("cannot remount the tmpfs read-only here")
    code = run(["--data-dir", str(paths.root), *command])
    _, err = capsys.readouterr()
    assert code == 1
    text = err.replace(str(small_volume), "DOSSIER")
    assert "lecture seule" in text, text
    for wrong in ("Restaurez", "illisible", "http", "sqlalche", "database", "disk"):
        assert wrong not in text, (wrong, text)
    assert paths.store.read_bytes() == before
