"""The three crashes of issue 12, each run N times on a large store, in its own process.

    uv run python benchmarks/crash_scenarios.py --scale tenfold --times 20
    uv run python benchmarks/crash_scenarios.py --only heures-cellule --times 5

Scenarios (on a fresh copy of the demonstration store, built once under --root):
- `entretien-ctrl-droite`: Ctrl+→ on a candidate's card in « Entretien »; the step is saved and
  the contract form opens (then closed), N different candidates;
- `heures-cellule`: type 30 in a cell of « Heures du mois », then Entrée; N different rows;
- `heures-mois`: change the month of « Heures du mois », N times (back and forth).

Each scenario runs in a child process; a crash (« Fatal Python error », a signal, no final report)
counts as a failure. Prints one line per scenario and a JSON summary with --json. Exit 0 when no
scenario crashed, 1 otherwise.

Before the fix the first scenario died at tenfold with « Fatal Python error: none_dealloc » (in
QTreeWidgetItem.setData, rebuilding the candidates list): PySide6 6.12.0 drops a reference to None on
every void call under Python 3.11. With 6.12.0 excluded: decade, 20 runs of each scenario, no crash;
tenfold, 3 runs of the first scenario, no crash. Third session, every screen on the operations layer:
tenfold, 20 runs of each of the three scenarios, no crash (load 10 on 2 cores). Fourth session (part B:
background reads, pickers, the collector held off during work), tenfold: 20 runs of each of the three
scenarios, no crash. Fifth session (GIL handed back within 0.5 ms, modules imported ahead while idle, the
candidates list on a text model), tenfold: 20 runs of each of the three scenarios, no crash.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

SCENARIOS = ("entretien-ctrl-droite", "heures-cellule", "heures-mois")


def child(scenario: str, folder: Path, times: int) -> int:
    """Run one scenario `times` times in this process; print « OK n » at the end."""
    import window_driver as wd

    desk = wd.open_desk(folder)
    done = 0
    if scenario == "entretien-ctrl-droite":
        for offer, application in wd.interview_applications(folder, times):
            wd.move_interview_forward(desk, offer, application)
            done += 1
    elif scenario == "heures-cellule":
        screen = wd.hours_screen(desk)
        for row in wd.editable_rows(screen, times):
            wd.type_cell(screen, row, "30")
            wd.wait_until(lambda: screen.saving == 0, what="enregistrement")
            done += 1
    else:
        screen = wd.hours_screen(desk)
        first = screen.month
        year, mm = int(first[:4]), int(first[5:7])
        previous = f"{year - 1:04d}-12" if mm == 1 else f"{year:04d}-{mm - 1:02d}"
        for i in range(times):
            screen.set_month(previous if i % 2 == 0 else first)
            wd.wait_until(lambda: wd.loaded(screen), what="changement de mois")
            done += 1
    desk.close()
    print(f"OK {done}", flush=True)
    return 0


def parent(args: argparse.Namespace) -> int:
    import window_driver as wd

    reference = wd.ensure_store(args.scale, args.root)
    results: dict[str, Any] = {}
    for scenario in args.only or SCENARIOS:
        folder = wd.fresh_copy(reference, args.root / f"{args.scale}-crash")
        proc = subprocess.run(
            [sys.executable, __file__, "--child", scenario, "--folder", str(folder),
             "--times", str(args.times)],
            capture_output=True, text=True,
        )  # fmt: skip
        last = [line for line in proc.stdout.splitlines() if line.startswith("OK ")]
        crashed = proc.returncode != 0 or not last or "Fatal Python error" in proc.stderr
        results[scenario] = {
            "runs": int(last[-1].split()[1]) if last else 0,
            "crashed": crashed,
            "returncode": proc.returncode,
            "fatal": [line for line in proc.stderr.splitlines() if "Fatal" in line or "Error" in line][:5],
        }
        state = "PLANTAGE" if crashed else "sans plantage"
        print(f"{scenario:<24} {results[scenario]['runs']:>3} passages  {state}", flush=True)
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
    return 1 if any(r["crashed"] for r in results.values()) else 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scale", choices=("decade", "tenfold"), default="tenfold")
    p.add_argument("--root", type=Path, default=Path("/tmp/clausedesk-bench"))
    p.add_argument("--times", type=int, default=20)
    p.add_argument("--only", action="append", choices=SCENARIOS)
    p.add_argument("--json", action="store_true")
    p.add_argument("--child", choices=SCENARIOS, help=argparse.SUPPRESS)
    p.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        code = child(args.child, args.folder, args.times)
        import os

        sys.stdout.flush()
        os._exit(code)  # skip Qt/SQLCipher interpreter teardown (see tests/conftest.py)
    return parent(args)


if __name__ == "__main__":
    sys.exit(main())
