"""The same packages give the same coordinator on SQLite and on PostgreSQL (issue 15, part 4).

One department (the hand-computed store of comite_store, plus the small demonstration of a
third facilitator) is imported, package by package, into a coordinator's store file and into a
PostgreSQL database sharing the same keys: every import's JSON (merged, duplicate, held, rejected with
its check and reason), `coordinator stats --json` (whole, by year, --by facilitator, --by buyer, --by
territory: partners and clause typology included), the annual list of clause employees and every
indicator table of the comité's documents must be identical.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import URL

from clausedesk.cli import run
from clausedesk.db.repositories import consolidation
from clausedesk.db.server import ServerStore
from clausedesk.paths import Paths
from clausedesk.sync import comite_figures, setup
from tests.pgserver import address

from .comite_store import _fill
from .conftest import PASS, Facilitator, make_coordinator, make_facilitator


def _cli(capsys: pytest.CaptureFixture[str], coord: Path, url: str | None, *args: str) -> tuple[int, str]:
    prefix = ["--data-dir", str(coord), "coordinator"] + (["--database-url", url] if url else [])
    code = run([*prefix, *args])
    out, err = capsys.readouterr()
    return code, out if code == 0 or out.strip() else err


def _imports(text: str) -> list[dict[str, Any]]:
    """The JSON objects printed one after the other by `coordinator import --json`."""
    decoder, objects, at = json.JSONDecoder(), [], 0
    while at < len(text.strip()):
        obj, end = decoder.raw_decode(text.strip(), at)
        objects.append(obj)
        at = end
        while at < len(text.strip()) and text.strip()[at].isspace():
            at += 1
    return objects


def test_stats_and_imports_are_identical_on_sqlite_and_postgresql(
    tmp_path: Path, pg_url: URL, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from clausedesk.core.services.demo import load_demo

    monkeypatch.setenv("CLAUSEDESK_PASSPHRASE", PASS.decode())  # the stores' and the keys' (the CLI's)
    coord = make_coordinator(tmp_path / "coordinateur")
    url = address(pg_url)
    server = ServerStore.open_url(coord.paths, url)  # same keys folder, the store on PostgreSQL
    facs: list[Facilitator] = []
    try:
        for name in ("A", "B"):
            fac = make_facilitator(name, Paths(tmp_path / f"fac-{name}"), coord)
            _fill(fac.store, name)
            facs.append(fac)
        demo = make_facilitator("Démo", Paths(tmp_path / "fac-demo"), coord)
        facs.append(demo)
        load_demo(demo.store.sessions, "small", 3, "2026-10")
        for fac in facs:
            setup.enroll(server.sessions, fac.paths.root / "identite.pub", fac.name)
        stranger = make_facilitator("Inconnu", Paths(tmp_path / "fac-X"), coord, enroll=False)
        facs.append(stranger)
        out = tmp_path / "paquets"
        out.mkdir()
        a, b, demo = facs[0], facs[1], facs[2]
        files = [_package(a, "2025-12", out), _package(b, "2025-12", out), _package(demo, "2026-10", out)]
        later = [_package(a, "2026-01", out), _package(a, "2026-02", out)]  # imported out of order: held
        broken = out / "tronque.cdpkg"
        broken.write_bytes(files[0].read_bytes()[:-100])
        batches = [files, [later[1]], [later[0], files[1]], [broken, _package(stranger, "2025-12", out)]]

        statuses = []
        for batch in batches:
            got = {}
            for engine, where in (("sqlite", None), ("postgresql", url)):
                code, text = _cli(capsys, coord.paths.root, where, "import", "--json", *map(str, batch))
                got[engine] = (code, _imports(text))
            assert got["sqlite"] == got["postgresql"]
            statuses.append([r["status"] for r in got["sqlite"][1]])
        assert statuses == [["merged"] * 3, ["held"], ["merged", "duplicate"], ["rejected", "rejected"]]
        assert got["sqlite"][1][0]["check"] and got["sqlite"][1][1]["check"] == "key"

        periods = ([], ["--year", "2025"], ["--year", "2024"], ["--from", "2026-01", "--to", "2026-10"])
        breakdowns = ("facilitator", "buyer", "territory")
        for args in [*periods, *(p + ["--by", by] for p in periods[:2] for by in breakdowns)]:
            outputs = [_cli(capsys, coord.paths.root, w, "stats", "--json", *args) for w in (None, url)]
            assert outputs[0][0] == 0, outputs[0][1]
            assert json.loads(outputs[0][1]) == json.loads(outputs[1][1]), args
        figures = json.loads(_cli(capsys, coord.paths.root, url, "stats", "--json")[1])
        assert figures["hours_total"] > 350 and figures["people"] > 3  # the demo's people too
        assert figures["partners"]["buyers"] > 2 and figures["partners"]["companies"] > 1
        assert figures["lots_by_mechanism"] and sum(figures["hours_by_mechanism"].values()) > 0
        territories = _cli(capsys, coord.paths.root, url, "stats", "--json", "--by", "territory")[1]
        by_territory = json.loads(territories)
        assert len(by_territory) > 1  # the EPCIs of the marchés' places, not only sans_territoire

        for year in (2025, 2026):
            lists = []
            for store in (coord.store, server):
                with store.session() as s:
                    lists.append(comite_figures.annual_list(s, year))
            assert lists[0] == lists[1] and lists[0], year

        for first, last in ((None, None), ("2025-01", "2025-12")):
            tables = []
            for store in (coord.store, server):
                with store.session() as s:
                    rows = [consolidation.table(s, name, first, last) for name in consolidation.QUERIES]
                    tables.append((rows, consolidation.totals(s, first, last)))
            assert tables[0] == tables[1]
            assert tables[0][1]["hours_cents"] > 0 and any(rows for rows in tables[0][0])
    finally:
        for fac in facs:
            fac.store.close()
        server.close()
        coord.store.close()


def _package(fac: Facilitator, month: str, out: Path) -> Path:
    fac.package(month, out)
    return max(out.glob(f"{fac.name}-{month}-*.cdpkg"), key=lambda p: p.stat().st_mtime_ns)

