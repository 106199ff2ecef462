"""Start-up cost of the shipped program against the same commands run from source (smoke tests).

Runs `--version` and `stats --json` with the frozen executable and with this interpreter on the source
tree, interleaved, after one warm-up run each (so the source runs have their bytecode cached, as on a
developer's machine after the first start). Reports wall time and CPU time (user + system of the child,
where the platform reports it), min and median, and the frozen/source ratio of the medians. Both sides
use the same data folder (CLAUSEDESK_DATA_DIR or the default one) and the same passphrase.
Usage: python packaging/startup_cost.py --frozen PATH/TO/clausedesk [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = (["--version"], ["stats", "--json"])
SOURCE = [sys.executable, "-m", "clausedesk"]


def _children_cpu() -> float:
    times = os.times()
    return times.children_user + times.children_system  # 0 on Windows: CPU is not reported there


def measure(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of `argv`; a failing run stops the measurement."""
    cpu0, wall0 = _children_cpu(), time.perf_counter()
    code = subprocess.run(argv, env=env, cwd=ROOT, check=False, stdout=subprocess.DEVNULL).returncode
    if code != 0:
        raise SystemExit(f"Mesure interrompue : {' '.join(argv)} a échoué (code {code}).")
    return time.perf_counter() - wall0, _children_cpu() - cpu0


def _ms(values: list[float]) -> str:
    return f"min {min(values) * 1000:7.0f} ms  médiane {statistics.median(values) * 1000:7.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frozen", required=True, type=Path, help="the shipped executable")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # the source side keeps its bytecode, as a user's would
    env["PYTHONPATH"] = str(ROOT)
    has_cpu = sys.platform != "win32"
    for command in COMMANDS:
        sides = {"gelé": [str(args.frozen), *command], "source": [*SOURCE, *command]}
        results: dict[str, list[tuple[float, float]]] = {side: [] for side in sides}
        for argv in sides.values():
            measure(argv, env)  # warm-up
        for _ in range(args.runs):
            for side, argv in sides.items():
                results[side].append(measure(argv, env))
        print(f"clausedesk {' '.join(command)}  ({args.runs} exécutions alternées)")
        for side, runs in results.items():
            walls, cpus = [w for w, _ in runs], [c for _, c in runs]
            cpu = f"   CPU {_ms(cpus)}" if has_cpu else ""
            print(f"  {side:7s} durée {_ms(walls)}{cpu}")
        for index, what in ((0, "durées"), (1, "temps CPU"))[: 2 if has_cpu else 1]:
            frozen, source = (statistics.median(run[index] for run in results[s]) for s in sides)
            print(f"  gelé / source (médianes des {what}) : {frozen / source:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
