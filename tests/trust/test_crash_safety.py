"""Short run of the crash harness: SIGKILL during backup, migration, purge and relevé import.

The long run is `uv run python benchmarks/crash_harness.py --rounds 50` (counts in the issue note).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HARNESS = Path(__file__).resolve().parents[2] / "benchmarks" / "crash_harness.py"


def test_killed_writes_leave_a_sound_store_before_or_after() -> None:
    result = subprocess.run(
        [sys.executable, str(HARNESS), "--rounds", "1", "--seed", "3", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    counts = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(counts) == {"sauvegarde", "migration", "purge", "import-releve"}
    for name, c in counts.items():
        assert c["kills"] == c["sound"] == c["before"] + c["after"] == 1, name
