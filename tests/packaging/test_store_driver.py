"""The switch from `sqlcipher3-binary` to `sqlcipher3` needs no migration: a store of the old build opens."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest

from clausedesk.cli import run
from clausedesk.db import keyring

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
OLD_STORE = FIXTURES / "store_v0006_sqlcipher3binary.sqlite"
GOLDEN = json.loads((FIXTURES / "store_v0006_sqlcipher3binary.json").read_text(encoding="utf-8"))


@pytest.fixture
def old_store_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    data = tmp_path / "donnees"
    data.mkdir()
    shutil.copyfile(OLD_STORE, data / "clausedesk.sqlite")
    keyring.forget()
    monkeypatch.setenv(keyring.ENV_PASSPHRASE, GOLDEN["passphrase"])
    yield data
    keyring.forget()


def test_the_runtime_driver_is_the_cross_platform_one() -> None:
    assert tuple(int(n) for n in metadata.version("sqlcipher3").split(".")[:3]) >= (0, 6, 4)
    with pytest.raises(metadata.PackageNotFoundError):
        metadata.version("sqlcipher3-binary")
    assert GOLDEN["driver"].startswith("sqlcipher3-binary ")  # the fixture was written by the old driver


def test_a_store_written_by_the_old_driver_opens_and_reads_unchanged(
    old_store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--data-dir", str(old_store_dir), "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    # every figure the old build gave is unchanged (later versions may add keys, e.g. hours_tutoring_total)
    assert {key: stats.get(key) for key in GOLDEN["stats"]} == GOLDEN["stats"]
    assert run(["--data-dir", str(old_store_dir), "check"]) == 0
    capsys.readouterr()
    assert run(["--data-dir", str(old_store_dir), "list", "participants", "--json"]) == 0
    people = json.loads(capsys.readouterr().out)
    assert len(people) == GOLDEN["stats"]["participants"] and all(p["last_name"] for p in people)


def test_the_old_store_still_refuses_a_wrong_passphrase(
    old_store_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (old_store_dir / "clausedesk.sqlite").read_bytes()
    monkeypatch.setenv(keyring.ENV_PASSPHRASE, "pas la bonne phrase")
    assert run(["--data-dir", str(old_store_dir), "stats", "--json"]) == 1
    assert "phrase de passe" in capsys.readouterr().err
    assert (old_store_dir / "clausedesk.sqlite").read_bytes() == before
