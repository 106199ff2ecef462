"""Shared fixtures: offscreen Qt, fresh temporary stores, a demonstration store copied per test."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CLAUSEDESK_PASSPHRASE", "phrase de passe des tests")  # stores are encrypted (issue 7)
os.environ.pop("CLAUSEDESK_DATA_DIR", None)
os.environ.pop("CLAUSEDESK_DATABASE_URL", None)  # tests name the coordinator's server themselves

pytest_plugins = ["tests.pgserver"]  # PostgreSQL fixtures (skipped without CLAUSEDESK_TEST_DATABASE_URL)

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


@pytest.fixture(scope="session", autouse=True)
def _background_work_finished() -> Iterator[None]:
    """Leave no task running on the worker thread when the session ends."""
    yield
    if "clausedesk.ui.tasks" in sys.modules:
        sys.modules["clausedesk.ui.tasks"].wait_idle()


_exit_status: list[int] = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _exit_status.append(int(exitstatus))


def pytest_unconfigure(config: pytest.Config) -> None:
    """End the process as soon as pytest is done.

    Tearing down the interpreter after Qt (QApplication, the worker pool) and SQLCipher connections
    occasionally aborts in the C heap ("malloc_consolidate"), after every test has passed and been
    reported; that would turn a green run red for nothing the tests measure. The results are final
    here, so the exit status is kept and the teardown skipped.
    """
    if _exit_status:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_exit_status[0])
