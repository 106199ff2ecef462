"""Benchmark: one marché's monthly dashboard at decade scale vs reportlab alone, and a month's batch.

Run by hand: `CLAUSEDESK_PASSPHRASE=... uv run python benchmarks/bench_dashboard.py [DATA_DIR]`.
The baseline builds a page with the same lots table and cumulative chart from precomputed numbers
with bare reportlab; the ratio (ClauseDesk / baseline) is the figure to watch (target ≤ 1.5).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate, Table

from clausedesk.core.services import documents
from clausedesk.core.services.dashboard import active_market_refs, market_dashboard
from clausedesk.db.store import Store
from clausedesk.paths import Paths
from clausedesk.reports.pdf_base import register_fonts

MONTH = "2026-09"


def baseline(path: Path, rows: list[list[str]], series: list[float]) -> None:
    register_fonts()
    chart = HorizontalLineChart()
    chart.data = [series]
    chart.valueAxis.valueMin = 0
    drawing = Drawing(500, 180)
    drawing.add(chart)
    SimpleDocTemplate(str(path), pagesize=A4).build([Table(rows), drawing])


def best(fn, n: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.gettempdir()) / "clausedesk-bench-decade"
    paths = Paths(root)
    if not paths.store.exists():
        from clausedesk.core.services.demo import load_demo

        store = Store.open(paths, create=True)
        load_demo(store.sessions, "decade", 1, "2026-10")
    else:
        store = Store.open(paths)
    with store.session() as s:
        refs = active_market_refs(s, MONTH)
        ref = refs[0]
        d = market_dashboard(s, ref, MONTH)
    rows = [["Lot", "Objectif", "Ce mois", "Cumul", "Réalisé", "Reste", "Prorata"]]
    rows += [[x.title, str(x.objective), str(x.month), str(x.cumulated), "", "", ""] for x in d.lots]
    series = [float(v) for v in d.series.cumulated]
    out = Path(tempfile.mkdtemp())
    t_base = best(lambda: baseline(out / "base.pdf", rows, series))
    t_ours = best(lambda: documents.market_dashboard_pdf(store.sessions, ref, MONTH, out / "tdb.pdf"))
    t = time.perf_counter()
    result = documents.month_batch(store.sessions, MONTH, out / "lot")
    t_batch = time.perf_counter() - t
    print(f"marché {ref}: ClauseDesk {t_ours * 1000:.0f} ms, reportlab seul {t_base * 1000:.0f} ms, "
          f"ratio {t_ours / t_base:.2f}")
    print(f"clôture de {MONTH}: {len(result.written)} tableaux de bord en {t_batch:.1f} s")
    store.close()


if __name__ == "__main__":
    main()
