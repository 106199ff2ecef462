"""Short run of the crash harness: one SIGKILL during a backup, a relevé import and a person's erasure.

Each kill is checked as in the long run: the store passes SQLite's and SQLCipher's integrity checks
and holds exactly the state before or after the command (the reference run gives both). The long
run, every write many times (backup, migration, purge, relevé import, monthly package), is
`uv run python benchmarks/crash_harness.py --rounds 25` (counts in its docstring).
"""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest

HARNESS = Path(__file__).resolve().parents[2] / "benchmarks" / "crash_harness.py"


@pytest.fixture(scope="module")
def harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("crash_harness", HARNESS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("write", ["sauvegarde", "import-releve", "effacement"])
def test_a_killed_write_leaves_a_sound_store_before_or_after(
    harness: ModuleType, demo_template: Path, write: str
) -> None:
    counts = harness.run_scenario(write, demo_template, 1, random.Random(3))
    assert counts["kills"] == counts["sound"] == counts["before"] + counts["after"] == 1, counts
    assert counts["neither"] == 0, harness.NEITHER


def test_every_write_of_the_long_run_is_known(harness: ModuleType) -> None:
    assert set(harness.SCENARIOS) == {
        "sauvegarde",
        "migration",
        "purge",
        "import-releve",
        "paquet",
        "restauration",
        "phrase-de-passe",
        "effacement",
        "import-coordinateur",
    }
