"""The region of the tests (issue 15, part 5): two departments of two facilitators each, built by real
commands and packages, its store on its file or on PostgreSQL; helpers to forge hostile regional packages.

Département « Nord »: facilitators A and B; « Pas-de-Calais »: C and D (same buyer-side set-up for all).
- A: Anne Martin (born 01/03/1990), BRSA, CDD from 01/02/2025: 100 h in 2025-02, 50 h in 2025-03; sortie
  on 10/04/2025 in CDI (emploi durable). Bilal Martin (born 01/03/2002), DELD, CDI from 01/06/2024: 70 h in
  2024-06, 30 h in 2025-01. A comité départemental on 01/06/2025.
- B: Chloé Martin (born 01/01/1970), BRSA, CDI from 01/10/2025: 60 h in 2025-10.
- C: Anne Martin again (same name and birth date: the same regional pseudonym, another departmental one),
  DELD, CDD from 01/09/2025: 40 h in 2025-09. A meeting with a buyer on 01/03/2025.
- D: Denis Martin (born 05/05/1985), DELD, CDD from 01/03/2024: 80 h in 2024-03, 20 h in 2025-05.

By hand, 2025: Nord 240 h (A 180, B 60), 3 people; Pas-de-Calais 60 h, 2 people (Anne, Denis); the region
300 h and 4 people (Anne counted once). 2024: Nord 70 h, 1 person; Pas-de-Calais 80 h, 1 person; region
150 h, 2 people. Publics at entry in the region for 2025: Anne's earliest contract with hours is A's
(01/02/2025), where her BRSA validation (A) and her DELD one (C, from 01/01/2024) are both in force.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from clausedesk.cli import run
from clausedesk.core.services import catalog, journal, people
from clausedesk.db.repositories import region as region_repo
from clausedesk.db.repositories import sync as sync_repo
from clausedesk.db.server import ServerStore
from clausedesk.db.store import Store
from clausedesk.paths import Paths
from clausedesk.sync import envelope, keys, minisign
from clausedesk.sync.archive import canonical_json, read_zip, sha256_hex, strict_json
from clausedesk.sync.region_package import ENTRIES, MANIFEST, RECORDS, SIGNATURE
from tests.pgserver import ENGINES, address

from .conftest import PASS, raw_zip

FAST = "16"
Person = tuple[str, date, str, str, date, list[tuple[str, str]], tuple[date, str] | None]
PLAN: dict[str, dict[str, Any]] = {
    "A": {"siret": "21750001600019", "people": [
        ("Anne", date(1990, 3, 1), "BRSA", "CDD", date(2025, 2, 1), [("2025-02", "100"), ("2025-03", "50")],
         (date(2025, 4, 10), "CDI")),
        ("Bilal", date(2002, 3, 1), "DELD", "CDI", date(2024, 6, 1), [("2024-06", "70"), ("2025-01", "30")],
         None)],
        "meetings": [(date(2025, 6, 1), "comite_departemental")]},
    "B": {"siret": "21620041000019", "people": [
        ("Chloé", date(1970, 1, 1), "BRSA", "CDI", date(2025, 10, 1), [("2025-10", "60")], None)],
        "meetings": []},
    "C": {"siret": "21750001600019", "people": [
        ("Anne", date(1990, 3, 1), "DELD", "CDD", date(2025, 9, 1), [("2025-09", "40")], None)],
        "meetings": [(date(2025, 3, 1), "donneur_ordre")]},
    "D": {"siret": "21620041000019", "people": [
        ("Denis", date(1985, 5, 5), "DELD", "CDD", date(2024, 3, 1), [("2024-03", "80"), ("2025-05", "20")],
         None)],
        "meetings": []},
}  # fmt: skip
DEPARTMENTS = {"Nord": ("A", "B"), "Pas-de-Calais": ("C", "D")}


def cli(root: Path, *args: str) -> tuple[int, str, str]:
    """Run a real command on the data folder `root`; (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(["--data-dir", str(root), *args])
    return code, out.getvalue(), err.getvalue()


def ok(root: Path, *args: str) -> str:
    code, out, err = cli(root, *args)
    assert code == 0, (args, out, err)
    return out


def json_objects(text: str) -> list[dict[str, Any]]:
    decoder, objects, pos, text = json.JSONDecoder(), [], 0, text.strip()
    while pos < len(text):
        obj, pos = decoder.raw_decode(text, pos)
        objects.append(obj)
        pos = len(text) - len(text[pos:].lstrip())
    return objects


def fill(root: Path, name: str) -> None:
    """The facilitator's work of PLAN, typed through the same services as the forms."""
    plan = PLAN[name]
    store = Store.open(Paths(root))
    try:
        with store.session() as s:
            buyer = catalog.save_buyer(s, catalog.BuyerData(name=f"Ville {name}", siret=plan["siret"]))
            market = catalog.save_market(s, catalog.MarketData(
                ref=f"M{name}", title="Groupe scolaire", buyer_uuid=buyer.uuid,
                start_date=date(2024, 1, 1), end_date=date(2026, 6, 30)))  # fmt: skip
            lot = catalog.save_lot(s, catalog.LotData(
                market_uuid=market.uuid, ref=f"M{name}-L01", number="1", title="Gros œuvre",
                amount_ht="1 000 000", start_date=date(2024, 1, 1), end_date=date(2026, 6, 30)))  # fmt: skip
            company = catalog.save_company(s, catalog.CompanyData(siret="73282932000074", name="Bâti Nord"))
            catalog.save_attribution(s, catalog.AttributionData(lot_uuid=lot.uuid, company_uuid=company.uuid))
            for first, birth, public, ctype, start, hours, sortie in plan["people"]:
                person = people.save_participant(s, people.ParticipantData(
                    last_name="Martin", first_name=first, sex="F", birth_date=birth))  # fmt: skip
                people.save_validation(s, people.ValidationData(
                    participant_uuid=person.uuid, validated_on=date(2024, 1, 1), expires_on=date(2027, 1, 1),
                    category_codes=[public], prescriber="France Travail"))  # fmt: skip
                contract = people.save_contract(s, people.ContractData(
                    participant_uuid=person.uuid, company_uuid=company.uuid, lot_uuid=lot.uuid,
                    modality="embauche_directe", contract_type_code=ctype, start_date=start,
                    end_date=date(2025, 12, 31)))  # fmt: skip
                for month, worked in hours:
                    people.set_hours(s, contract.uuid, month, worked)
                if sortie is not None:
                    people.save_situation(s, people.SituationData(person.uuid, sortie[0], sortie[1]))
            for held_on, kind in plan["meetings"]:
                journal.save_meeting(s, journal.MeetingData(
                    held_on=held_on, title=f"Réunion {kind}", kind=kind,
                    market_uuid=market.uuid if kind == "donneur_ordre" else None))  # fmt: skip
    finally:
        store.close()


@dataclass
class Region:
    tmp: Path
    root: Path  # the region's data folder (its keys; its store file unless `url`)
    coords: dict[str, Path]  # department name → its coordinator's data folder
    facs: dict[str, Path]  # facilitator name → data folder
    packages: dict[str, list[Path]]  # department name → its regional packages, in order (2024, then 2025)
    url: str | None = None  # the region's store on PostgreSQL (`region --database-url`)

    def identity(self, root: Path) -> keys.Identity:
        return keys.load_identity(Paths(root).keys, PASS)

    def cli(self, *args: str) -> tuple[int, str, str]:
        """A real `region` command on the region's store (its file, or its PostgreSQL database)."""
        return cli(self.root, "region", *(["--database-url", self.url] if self.url else []), *args)

    def ok(self, *args: str) -> str:
        code, out, err = self.cli(*args)
        assert code == 0, (args, out, err)
        return out

    def store(self) -> Store:
        if self.url is None:
            return Store.open(Paths(self.root))
        return ServerStore.open_url(Paths(self.root), self.url, "region")


def build_department(tmp: Path, region_pub: Path, region_ref: Path, name: str, facilitators: tuple[str, ...],
                region_root: Path, coord_url: str | None = None,
                region_url: str | None = None) -> tuple[Path, dict[str, Path]]:  # fmt: skip
    """A department through the real commands: its coordinator (store file, or `coord_url`) trusted by the
    region (store file, or `region_url`), its facilitators' packages of 2025-12 imported."""
    coord = tmp / f"coord-{name}"
    c = ["coordinator", *(["--database-url", coord_url] if coord_url else [])]
    r = ["region", *(["--database-url", region_url] if region_url else [])]
    ok(coord, *c, "init", "--scrypt-n", FAST)
    ok(coord, *c, "export-public", "-o", str(tmp / f"{name}.pub"))
    ok(coord, *c, "trust-region", str(region_pub))
    ok(region_root, *r, "enroll", str(tmp / f"{name}.pub"), "--name", name)
    ok(region_root, *r, "publish-referential", "-o", str(region_ref))
    ok(coord, *c, "import-region-referential", str(region_ref))
    ok(coord, *c, "publish-referential", "-o", str(tmp / f"{name}.cdref"), "--department", name)
    facs = {}
    for fac in facilitators:
        root = tmp / f"fac-{fac}"
        ok(root, "keys", "init", "--scrypt-n", FAST)
        ok(root, "keys", "export-public", "-o", str(tmp / f"{fac}.pub"))
        ok(root, "keys", "trust-coordinator", str(tmp / f"{name}.pub"))
        ok(root, "import-referential", str(tmp / f"{name}.cdref"))
        ok(coord, *c, "enroll", str(tmp / f"{fac}.pub"), "--name", f"Facilitateur {fac}")
        fill(root, fac)
        package = tmp / f"{fac}-2025-12.cdpkg"
        ok(root, "package", "--month", "2025-12", "-o", str(package))
        ok(coord, *c, "import", str(package))
        facs[fac] = root
    return coord, facs


@pytest.fixture(scope="session")
def built_region(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The region of two departments, built once through the commands, kept as a template folder."""
    tmp = tmp_path_factory.mktemp("region")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CLAUSEDESK_PASSPHRASE", PASS.decode())
        root = tmp / "region"
        ok(root, "region", "init", "--name", "Hauts-de-France", "--scrypt-n", FAST)
        ok(root, "region", "export-public", "-o", str(tmp / "region.pub"))
        for name, facilitators in DEPARTMENTS.items():
            coord, _ = build_department(
                tmp, tmp / "region.pub", tmp / "region.cdref", name, facilitators, root
            )
            for year in ("2024", "2025"):
                ok(
                    coord,
                    "coordinator",
                    "export-region",
                    "--year",
                    year,
                    "-o",
                    str(tmp / f"{name}-{year}.cdreg"),
                )
    yield tmp


@pytest.fixture
def file_region(built_region: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Region:
    """A fresh copy of the built region (its packages not imported yet) on its store file, for one test."""
    monkeypatch.setenv("CLAUSEDESK_PASSPHRASE", PASS.decode())
    tmp = tmp_path / "region"
    shutil.copytree(built_region, tmp)
    return Region(tmp, tmp / "region", {n: tmp / f"coord-{n}" for n in DEPARTMENTS},
                  {f: tmp / f"fac-{f}" for fs in DEPARTMENTS.values() for f in fs},
                  {n: [tmp / f"{n}-2024.cdreg", tmp / f"{n}-2025.cdreg"] for n in DEPARTMENTS})  # fmt: skip


def on_server(root: Path, url: str) -> None:
    """The region of the data folder `root` set up in the PostgreSQL database `url` (still empty of
    packages): the same keys (they stay in the folder), the same regional secret and name, the same
    departments enrolled by the real command (`region --database-url URL enroll`)."""
    names = ("is_region", "region_secret", "region_name", "region_referential_version")
    source = Store.open(Paths(root))
    try:
        with source.session() as s:
            state = sync_repo.peek_state(s)
            fields = {name: getattr(state, name) for name in names}
            departments = [(d.name, d.public_key) for d in region_repo.departments(s)]
    finally:
        source.close()
    server = ServerStore.open_url(Paths(root), url, "region")
    try:
        with server.session() as s:
            state = sync_repo.state(s)
            for name, value in fields.items():
                setattr(state, name, value)
    finally:
        server.close()
    for name, public_key in departments:
        key_file = root.parent / f"inscription-{name}.pub"
        key_file.write_text(public_key, encoding="ascii")
        ok(root, "region", "--database-url", url, "enroll", str(key_file), "--name", name)


@pytest.fixture(params=ENGINES)
def region(request: pytest.FixtureRequest, file_region: Region) -> Region:
    """The built region, once on its store file and once on PostgreSQL (skipped without a test server)."""
    if request.param == "postgresql":
        file_region.url = address(request.getfixturevalue("pg_url"))
        on_server(file_region.root, file_region.url)
    return file_region


def import_json(region: Region, *files: Path) -> list[dict[str, Any]]:
    code, out, err = region.cli("import", *map(str, files), "--json")
    results = json_objects(out)
    assert code == (1 if any(r["status"] == "rejected" for r in results) else 0), err
    return results


def snapshot(region: Region) -> list[tuple[Any, ...]]:
    store = region.store()
    try:
        with store.session() as s:
            return region_repo.record_snapshot(s)
    finally:
        store.close()


def opened(region: Region, blob: bytes) -> dict[str, bytes]:
    identity = region.identity(region.root)
    assert identity.encryption is not None
    return read_zip(
        envelope.decrypt(blob, identity.encryption, identity.key_id), ENTRIES, 10**9, 10**9, 1000, 10
    )


def forge(region: Region, files: dict[str, bytes], signer: keys.Identity, path: Path) -> Path:
    """Sign the manifest again with `signer`'s key and encrypt to the region, as a department could."""
    files = dict(files)
    files[SIGNATURE] = minisign.sign(files[MANIFEST], signer.signing, signer.key_id, "test").encode("ascii")
    bundle = region.identity(region.root).bundle
    assert bundle.encryption is not None
    path.write_bytes(envelope.encrypt(raw_zip(sorted(files.items())), bundle.encryption, bundle.key_id))
    return path


def with_records(files: dict[str, bytes], change: Any, **manifest_changes: Any) -> dict[str, bytes]:
    files = dict(files)
    doc = strict_json(files[RECORDS])
    change(doc["records"])
    files[RECORDS] = canonical_json(doc)
    manifest = json.loads(files[MANIFEST])
    manifest["files"] = [{"name": RECORDS, "size": len(files[RECORDS]), "sha256": sha256_hex(files[RECORDS])}]
    manifest.update(manifest_changes)
    files[MANIFEST] = canonical_json(manifest)
    return files
