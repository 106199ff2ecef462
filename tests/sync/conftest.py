"""Synchronisation fixtures: a coordinator, facilitators on demo stores, package repacking helpers."""

from __future__ import annotations

import io
import json
import shutil
import sys
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from clausedesk.db.store import Store
from clausedesk.paths import Paths
from clausedesk.sync import envelope, keys, minisign, package, referential, setup
from clausedesk.sync.archive import canonical_json, read_zip, sha256_hex, strict_json
from clausedesk.sync.manifest import ENTRIES, MANIFEST, RECORDS, SIGNATURE
from tests.pgserver import ENGINES, address

FAST = 2**4  # scrypt cost for tests (a parameter of generate_identity, not a mock)
PASS = b"phrase de passe de test"
MONTHS = ("2026-08", "2026-09", "2026-10")


@dataclass
class Coordinator:
    paths: Paths
    store: Store
    identity: keys.Identity
    referential: Path
    database_url: str | None = None  # the PostgreSQL store's address (None: the data folder's file)

    @property
    def engine(self) -> str:
        return "sqlite" if self.database_url is None else "postgresql"


@dataclass
class Facilitator:
    name: str
    paths: Paths
    store: Store
    identity: keys.Identity

    def package(self, month: str, out: Path) -> bytes:
        target = out / f"{self.name}-{month}-{len(list(out.glob('*.cdpkg')))}.cdpkg"
        package.write_package(self.store.sessions, self.identity, month, target)
        return target.read_bytes()


@pytest.fixture(scope="session")
def demo2_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second demonstration store (seed 2: other people), built once per run."""
    from clausedesk.core.services.demo import load_demo

    root = tmp_path_factory.mktemp("demo2-template")
    s = Store.open(Paths(root), create=True)
    load_demo(s.sessions, "small", 2, "2026-10")
    target = root / "template.sqlite"
    s.backup(target)
    s.close()
    return target


def make_coordinator(root: Path, database_url: str | None = None) -> Coordinator:
    """A coordinator whose store is the data folder's file, or the PostgreSQL database `database_url`."""
    paths = Paths(root)
    if database_url is None:
        store = Store.open(paths, create=True)
    else:
        from clausedesk.db.server import ServerStore

        store = ServerStore.open_url(paths, database_url)
    identity = setup.init_coordinator(paths, store.sessions, PASS, FAST)
    ref = root / "referentiel.cdref"
    referential.publish(store.sessions, identity, ref, "Département de test")
    return Coordinator(paths, store, identity, ref, database_url)


def make_facilitator(name: str, paths: Paths, coord: Coordinator, *, enroll: bool = True) -> Facilitator:
    store = Store.open(paths, create=True)
    identity = setup.init_facilitator(paths, PASS, FAST)
    pub = paths.root / "identite.pub"
    keys.export_public(identity, pub)
    coord_pub = paths.root / "coordinateur.pub"
    keys.export_public(coord.identity, coord_pub)
    setup.trust_coordinator(store.sessions, coord_pub)
    referential.import_referential(store.sessions, coord.referential)
    if enroll:
        setup.enroll(coord.store.sessions, pub, name)
    return Facilitator(name, paths, store, identity)


@pytest.fixture(params=ENGINES)
def coord(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Coordinator]:
    """The coordinator, once on its store file and once on PostgreSQL (skipped without a test server);
    on PostgreSQL, CLAUSEDESK_DATABASE_URL names it, so the tests' `coordinator` commands go there too."""
    url: str | None = None
    if request.param == "postgresql":
        from clausedesk.db.engine import ENV_DATABASE_URL

        url = address(request.getfixturevalue("pg_url"))
        monkeypatch.setenv(ENV_DATABASE_URL, url)
    c = make_coordinator(tmp_path / "coordinateur", url)
    yield c
    if "clausedesk.ui.tasks" in sys.modules:  # a screen's read may still run: let it end before the drop
        sys.modules["clausedesk.ui.tasks"].wait_idle()
    c.store.close()


@pytest.fixture
def fac1(demo_paths: Paths, coord: Coordinator) -> Iterator[Facilitator]:
    f = make_facilitator("Alice Martin", demo_paths, coord)
    yield f
    f.store.close()


@pytest.fixture
def fac2(tmp_path: Path, demo2_template: Path, coord: Coordinator) -> Iterator[Facilitator]:
    paths = Paths(tmp_path / "demo2").ensure()
    shutil.copyfile(demo2_template, paths.store)
    f = make_facilitator("Bruno Petit", paths, coord)
    yield f
    f.store.close()


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "paquets"
    folder.mkdir()
    return folder


# --- opening and rebuilding packages (to forge hostile ones) ------------------------------------


def unpack(blob: bytes, coord: Coordinator) -> dict[str, bytes]:
    assert coord.identity.encryption is not None
    inner = envelope.decrypt(blob, coord.identity.encryption, coord.identity.key_id)
    return read_zip(inner, ENTRIES, 10**9, 10**9, 1000, 10)


def raw_zip(entries: list[tuple[str, bytes]]) -> bytes:
    """A zip written with the bare zipfile module: any name, duplicates allowed."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in entries:
                archive.writestr(name, data)
    return buffer.getvalue()


def seal(inner: bytes, coord: Coordinator) -> bytes:
    bundle = coord.identity.bundle
    assert bundle.encryption is not None
    return envelope.encrypt(inner, bundle.encryption, bundle.key_id)


def resign(files: dict[str, bytes], signer: keys.Identity) -> dict[str, bytes]:
    out = dict(files)
    out[SIGNATURE] = minisign.sign(out[MANIFEST], signer.signing, signer.key_id, "test").encode("ascii")
    return out


def repack(files: dict[str, bytes], coord: Coordinator) -> bytes:
    return seal(raw_zip(sorted(files.items())), coord)


def rewrite_records(
    blob: bytes, coord: Coordinator, signer: keys.Identity, change: Callable[[list[dict[str, Any]]], None]
) -> bytes:
    """A package whose records `change` edited in place, its manifest updated and signed again by `signer`.

    What a facilitator holding their own key (or a forger holding it) can produce: everything checks
    out up to the content.
    """
    return rewrite_json(blob, coord, signer, RECORDS, lambda doc: change(doc["records"]))


def rewrite_json(
    blob: bytes, coord: Coordinator, signer: keys.Identity, name: str, change: Callable[[Any], None]
) -> bytes:
    """A package whose JSON file `name` (records, aggregates) `change` edited in place, its manifest
    updated and signed again by `signer`."""
    files = unpack(blob, coord)
    doc = strict_json(files[name])
    change(doc)
    files[name] = canonical_json(doc)
    manifest = json.loads(files[MANIFEST])
    for entry in manifest["files"]:
        if entry["name"] == name:
            entry["size"], entry["sha256"] = len(files[name]), sha256_hex(files[name])
    files[MANIFEST] = canonical_json(manifest)
    return repack(resign(files, signer), coord)


from .comite_store import department  # noqa: E402, F401  (the hand-computed store of issue 14, a fixture)
from .region_setup import built_region, file_region, region  # noqa: E402, F401  (the two-department region)
