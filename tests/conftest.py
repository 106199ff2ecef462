"""Shared fixtures: offscreen Qt, fresh temporary stores, a demonstration store copied per test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CLAUSEDESK_PASSPHRASE", "phrase de passe des tests")  # stores are encrypted (issue 7)
os.environ.pop("CLAUSEDESK_DATA_DIR", None)

from clausedesk.db.store import Store  # noqa: E402
from clausedesk.paths import Paths  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
DEMO_UNTIL = "2026-10"


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return Paths(tmp_path / "donnees")


@pytest.fixture
def store(paths: Paths) -> Iterator[Store]:
    s = Store.open(paths, create=True)
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demonstration store built once per test run (deterministic: seed 1, until 2026-10)."""
    from clausedesk.core.services.demo import load_demo

    root = tmp_path_factory.mktemp("demo-template")
    s = Store.open(Paths(root), create=True)
    load_demo(s.sessions, "small", 1, DEMO_UNTIL)
    target = root / "template.sqlite"
    s.backup(target)
    s.close()
    return target


@pytest.fixture
def demo_paths(tmp_path: Path, demo_template: Path) -> Paths:
    p = Paths(tmp_path / "demo").ensure()
    shutil.copyfile(demo_template, p.store)
    return p


@pytest.fixture
def demo_store(demo_paths: Paths) -> Iterator[Store]:
    s = Store.open(demo_paths)
    yield s
    s.close()
