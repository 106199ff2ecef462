"""Arguments and numbers (issue 19): non-UTF-8 argument bytes, a mistyped data folder, ambiguous numbers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from clausedesk.core.errors import ValidationError
from clausedesk.core.validate import decimal


def _run(*args: str | bytes, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "clausedesk", *args], capture_output=True, env=env or os.environ.copy()
    )


def test_non_utf8_bytes_in_an_argument_are_a_usage_error_in_french(demo_paths: Path) -> None:
    done = _run("--data-dir", str(demo_paths.root), "person", "erase", b"\xff\xfe-personne", "--yes")
    err = done.stderr.decode("utf-8")
    assert done.returncode == 2, err
    assert "n'est pas" in err or "ne sont pas du texte" in err
    assert "Erreur inattendue" not in err and "Traceback" not in err


def test_a_file_name_may_hold_any_bytes(demo_paths: Path, tmp_path: Path) -> None:
    target = os.fsencode(tmp_path) + b"/copie-\xff.sqlite"
    done = _run("--data-dir", str(demo_paths.root), "backup", "-o", target)
    assert done.returncode == 0, done.stderr.decode("utf-8")
    assert os.path.exists(target)


@pytest.mark.parametrize(
    "command", [["stats"], ["check"], ["list", "participants"], ["person", "export", "x", "-o", "y"]]
)
def test_a_read_only_command_on_a_mistyped_folder_creates_nothing(tmp_path: Path, command: list[str]) -> None:
    folder = tmp_path / "donnes-mal-tapees"
    done = _run("--data-dir", str(folder), *command)
    assert done.returncode == 1 and "Aucune base ClauseDesk" in done.stderr.decode("utf-8")
    assert not folder.exists()


@pytest.mark.parametrize(
    ("typed", "advice"),
    [
        ("1,234.5", "ambigu"),
        ("12e3", "exposant"),
        ("1E5", "exposant"),
        ("1.234.567", "ambigu"),
        ("1,234,5", "ambigu"),
    ],
)
def test_ambiguous_numbers_are_refused_with_what_to_type(typed: str, advice: str) -> None:
    with pytest.raises(ValidationError, match=advice) as caught:
        decimal(typed, "Heures")
    assert "1234,5" in caught.value.message or "12000" in caught.value.message


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("35,5", "35.5"),
        ("35.5", "35.5"),
        (" 1 234,50 ", "1234.50"),
        ("1.234,5", "1234.5"),
        ("1\u202f234", "1234"),
    ],
)
def test_plain_numbers_still_read(typed: str, value: str) -> None:
    assert str(decimal(typed, "Heures")) == value
