"""The region's store on PostgreSQL (issue 15): the same packages give the same region on both engines, and
a server that cannot be the region's store is refused in French, its password never shown.

The agreement test imports the two departments' regional packages of region_setup, batch by batch (a gap
held then released, a duplicate, a package with a month in 2099, one changing another department's record,
a truncated file), into the region's store file and into a PostgreSQL database holding the same region
(same keys folder, secret and enrolled departments); the PostgreSQL side is named by
CLAUSEDESK_DATABASE_URL. Every command's exit code and output, `region stats` (whole, by year, by
department), the merged records and the bilan's text must be identical.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL

from clausedesk.db.engine import ENV_DATABASE_URL
from clausedesk.db.repositories import region as region_repo
from clausedesk.db.store import Store
from clausedesk.paths import Paths
from clausedesk.sync.archive import strict_json
from clausedesk.sync.region_package import RECORDS
from tests.pgserver import address, new_database

from .conftest import PASS
from .region_setup import (
    DEPARTMENTS,
    FAST,
    Region,
    build_department,
    cli,
    forge,
    json_objects,
    ok,
    on_server,
    opened,
    with_records,
)

Run = tuple[int, str, str]


def _both(region: Region, url: str, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[Run, Run]:
    """The same `region` command on the store file, then on PostgreSQL (named by CLAUSEDESK_DATABASE_URL)."""
    monkeypatch.delenv(ENV_DATABASE_URL, raising=False)
    on_file = cli(region.root, "region", *args)
    monkeypatch.setenv(ENV_DATABASE_URL, url)
    try:
        on_pg = cli(region.root, "region", *args)
    finally:
        monkeypatch.delenv(ENV_DATABASE_URL)
    return on_file, on_pg


def _records(store: Store) -> list[tuple[Any, ...]]:
    """Every merged record, its department by name (the ids are each store's own)."""
    try:
        with store.session() as s:
            names = region_repo.department_names(s)
            return sorted((*row[:-1], names[row[-1]]) for row in region_repo.record_snapshot(s))
    finally:
        store.close()


def _hostile(region: Region) -> list[Path]:
    """Pas-de-Calais' package n° 2 forged twice (signed again with its own key): a month in 2099, and a
    change to one of Nord's hour entries; and Nord's package n° 2 cut short."""
    pdc = region.identity(region.coords["Pas-de-Calais"])
    nord_2024, nord_2025 = region.packages["Nord"]
    pdc_2025 = region.packages["Pas-de-Calais"][1]
    nord_hours = next(r for r in strict_json(opened(region, nord_2024.read_bytes())[RECORDS])["records"]
                      if r["type"] == "hour_entry")  # fmt: skip

    def future(records: list[dict[str, Any]]) -> None:
        next(r for r in records if r["type"] == "hour_entry")["data"]["month"] = "2099-01"

    def steal(records: list[dict[str, Any]]) -> None:
        records.append(dict(nord_hours, rev=nord_hours["rev"] + 5,
                            data=dict(nord_hours["data"], hours_worked="1.00")))  # fmt: skip

    files = opened(region, pdc_2025.read_bytes())
    odd = forge(region, with_records(files, future), pdc, region.tmp / "contenu.cdreg")
    stolen = forge(region, with_records(files, steal), pdc, region.tmp / "vol.cdreg")
    truncated = region.tmp / "tronque.cdreg"
    truncated.write_bytes(nord_2025.read_bytes()[:-200])
    return [odd, stolen, truncated]


def test_imports_stats_and_bilan_are_identical_on_sqlite_and_postgresql(
    pg_url: URL, file_region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    region, url = file_region, address(pg_url)
    on_server(region.root, url)
    nord_2024, nord_2025 = region.packages["Nord"]
    pdc_2024, pdc_2025 = region.packages["Pas-de-Calais"]
    batches = [[nord_2025], [nord_2024, pdc_2024], _hostile(region), [pdc_2025, nord_2024]]
    results: list[dict[str, Any]] = []
    for batch in batches:
        on_file, on_pg = _both(region, url, monkeypatch, "import", *map(str, batch), "--json")
        assert on_file == on_pg, batch
        results += json_objects(on_file[1])
    assert [r["status"] for r in results] == ["held", "merged", "merged", "rejected", "rejected", "rejected",
                                              "merged", "duplicate"]  # fmt: skip
    assert results[1]["released"] == [2] and results[6]["released"] == []
    assert (results[3]["check"], results[4]["check"]) == ("content", "owner")

    for args in ([], ["--year", "2024"], ["--year", "2025"], ["--by", "department"],
                 ["--year", "2025", "--by", "department"]):  # fmt: skip
        on_file, on_pg = _both(region, url, monkeypatch, "stats", "--json", *args)
        assert on_file == on_pg and on_file[0] == 0, args
    on_file, on_pg = _both(region, url, monkeypatch, "stats")
    assert on_file == on_pg and on_file[0] == 0
    monkeypatch.setenv(ENV_DATABASE_URL, url)
    year = json_objects(cli(region.root, "region", "stats", "--json", "--year", "2025")[1])[0]
    monkeypatch.delenv(ENV_DATABASE_URL)
    assert (year["hours_total"], year["people"]) == (300.0, 4)  # Anne of both departments counted once

    region.url = url
    assert _records(region.store()) == _records(Store.open(Paths(region.root)))

    texts = []
    for pdf, server in ((region.tmp / "fichier.pdf", []), (region.tmp / "pg.pdf", ["--database-url", url])):
        ok(region.root, "region", *server, "bilan-pdf", "--year", "2025", "-o", str(pdf))
        texts.append(" ".join(" ".join(page.extract_text() or "" for page in PdfReader(pdf).pages).split()))
    assert texts[0] == texts[1] and "Région (personnes comptées une fois) 300 h 150 h +150 h" in texts[0]


@contextlib.contextmanager
def _database(template: URL) -> Iterator[URL]:
    """One more copy of the migrated template, dropped at the end of the block."""
    databases = new_database(template)
    try:
        yield next(databases)
    finally:
        databases.close()


def test_a_server_that_cannot_be_the_regions_store_is_refused_in_french(
    tmp_path: Path, pg_url: URL, empty_pg_url: URL, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAUSEDESK_PASSPHRASE", "phrase de passe de test")
    root = tmp_path / "region"
    databases = contextlib.ExitStack()
    newer, region_db = databases.enter_context(_database(pg_url)), databases.enter_context(_database(pg_url))
    with databases:
        _refusals(tmp_path, root, pg_url, empty_pg_url, newer, region_db, monkeypatch)


def _refusals(tmp_path: Path, root: Path, pg_url: URL, empty_pg_url: URL, newer: URL, region_db: URL,
              monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip

    def refused(url: str, *args: str) -> str:
        code, out, err = cli(root, "region", "--database-url", url, *args)
        assert code == 1 and not out, (args, out, err)
        return err

    # unreachable server, unknown login, missing database: the password is never shown
    err = refused("postgresql://region:motdepasse@127.0.0.1:9/region", "stats", "--json")
    assert "Impossible d'ouvrir la base PostgreSQL" in err and "motdepasse" not in err and "***" in err
    missing = pg_url.set(database=f"{pg_url.database}_absente", password="motdepasse")
    err = refused(address(missing), "init", "--scrypt-n", FAST)
    assert "n'existe pas" in err and "motdepasse" not in err
    assert not (root / "cles").exists()  # nothing of a region was made

    # a database of another application, and one written by a newer ClauseDesk
    engine = create_engine(empty_pg_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE clients (id integer)"))
    engine.dispose()
    err = refused(address(empty_pg_url), "init", "--scrypt-n", FAST)
    assert "pas celles de ClauseDesk" in err and "réservée à la région" in err
    engine = create_engine(newer)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099_futur'"))
    engine.dispose()
    assert "version plus récente" in refused(address(newer), "stats")

    # a coordinator's base is not the region's, and cannot become it
    coord = address(pg_url)
    ok(tmp_path / "coord", "coordinator", "--database-url", coord, "init", "--scrypt-n", FAST)
    assert "n'est pas celle d'une région" in refused(coord, "stats", "--json")
    assert "coordinateur départemental" in refused(coord, "init", "--scrypt-n", FAST)
    assert not (root / "cles").exists()

    # a region on the server: a second `region init` (another keys folder) would orphan its departments
    server = ["--database-url", address(region_db)]
    ok(root, "region", *server, "init", "--name", "Hauts-de-France", "--scrypt-n", FAST)
    code, _, err = cli(tmp_path / "autre", "region", *server, "init", "--scrypt-n", FAST)
    assert code == 1 and "existe déjà" in err and "Hauts-de-France" in err
    assert not (tmp_path / "autre" / "cles").exists()
    assert "version 1" in ok(root, "region", *server, "publish-referential", "-o", str(tmp_path / "r.cdref"))
    assert "Clé publique écrite" in ok(root, "region", *server, "export-public", "-o", str(tmp_path / "p"))

    # the store-file commands name PostgreSQL's tools while the region's base is on the server
    monkeypatch.setenv(ENV_DATABASE_URL, address(region_db))
    for args, tool in ((["backup", "-o", str(tmp_path / "copie.sqlite")], "pg_dump"), (["check"], "pg_dump")):
        code, _, err = cli(root, *args)
        assert code == 1 and tool in err and "de la région" in err, err
    assert not (tmp_path / "copie.sqlite").exists()


def test_a_department_on_postgresql_feeds_a_region_on_postgresql(
    pg_url: URL, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both levels on the server: Nord's coordinator on one PostgreSQL database exports its regional package,
    the region on another imports it; the region's figures for Nord are the coordinator's."""
    monkeypatch.setenv("CLAUSEDESK_PASSPHRASE", PASS.decode())
    with _database(pg_url) as coord_db:
        region_url, coord_url = address(pg_url), address(coord_db)
        root, region = tmp_path / "region", ["region", "--database-url", region_url]
        ok(root, *region, "init", "--name", "Hauts-de-France", "--scrypt-n", FAST)
        ok(root, *region, "export-public", "-o", str(tmp_path / "region.pub"))
        coord, _ = build_department(tmp_path, tmp_path / "region.pub", tmp_path / "region.cdref", "Nord",
                                    DEPARTMENTS["Nord"], root, coord_url, region_url)  # fmt: skip
        package, on_coord = tmp_path / "Nord-2025.cdreg", ["coordinator", "--database-url", coord_url]
        out = ok(coord, *on_coord, "export-region", "--year", "2025", "-o", str(package))
        assert "Paquet régional n° 1 (2025)" in out
        [result] = json_objects(ok(root, *region, "import", str(package), "--json"))
        assert (result["status"], result["department"]) == ("merged", "Nord")
        by = json.loads(ok(root, *region, "stats", "--json", "--year", "2025", "--by", "department"))
        department = json.loads(ok(coord, *on_coord, "stats", "--json", "--year", "2025"))
        assert (by["Nord"]["hours_total"], by["Nord"]["people"]) == (240.0, 3)
        assert {key: department[key] for key in by["Nord"]} == by["Nord"]
