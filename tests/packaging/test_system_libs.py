"""The window's start names, in French, the system libraries Qt needs and does not find (Linux)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from clausedesk.ui import system_libs

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's X11 libraries: Linux")


@pytest.fixture
def xcb(monkeypatch: pytest.MonkeyPatch) -> tuple[list[Path], list[Path]]:
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setenv("DISPLAY", ":97")
    roots, bundled = system_libs.qt_roots()
    assert roots[-1].name == "libqxcb.so" and roots[-1].is_file()
    return roots, bundled


def _ldd_not_found(paths: list[Path]) -> set[str]:
    found: set[str] = set()
    for path in paths:
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, check=False).stdout
        found |= {line.split()[0] for line in out.splitlines() if "not found" in line}
    return found


def test_the_missing_libraries_are_exactly_those_the_dynamic_loader_misses(
    xcb: tuple[list[Path], list[Path]],
) -> None:
    if shutil.which("ldd") is None:
        pytest.skip("ldd absent")
    roots, bundled = xcb
    assert set(system_libs.missing_libraries(roots, bundled)) == _ldd_not_found(roots)


def test_a_library_that_no_system_has_is_named_with_its_package(
    xcb: tuple[list[Path], list[Path]], tmp_path: Path
) -> None:
    roots, bundled = xcb
    data = roots[-1].read_bytes()
    assert b"libQt6XcbQpa.so.6\0" in data
    plugin = tmp_path / "libqxcb.so"  # the real plugin, asking for a library that does not exist
    plugin.write_bytes(data.replace(b"libQt6XcbQpa.so.6\0", b"libQt6XcbQpx.so.6\0"))
    missing = system_libs.missing_libraries([plugin], bundled)
    assert "libQt6XcbQpx.so.6" in missing
    message = system_libs.missing_message(["libxcb-icccm.so.4", "libxcb-keysyms.so.1"])
    assert "ces bibliothèques du système manquent (libxcb-icccm.so.4, libxcb-keysyms.so.1)" in message
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in message
    assert "cette bibliothèque du système manque (libGL.so.1)" in system_libs.missing_message(["libGL.so.1"])


@pytest.mark.parametrize(
    ("soname", "package"),
    [
        ("libxcb-icccm.so.4", "libxcb-icccm4"),
        ("libxcb-render-util.so.0", "libxcb-render-util0"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libX11-xcb.so.1", "libx11-xcb1"),
        ("libEGL.so.1", "libegl1"),
        ("libdbus-1.so.3", "libdbus-1-3"),
        ("libglib-2.0.so.0", "libglib2.0-0"),
        ("libfontconfig.so.1", "libfontconfig1"),
    ],
)
def test_debian_package_names(soname: str, package: str) -> None:
    assert system_libs.debian_package(soname) == package


def test_the_window_refuses_in_french_when_a_library_is_missing(
    xcb: tuple[list[Path], list[Path]], tmp_path: Path
) -> None:
    """The real `python -m clausedesk` on a Qt tree whose X11 plugin asks for a library no system has."""
    roots, bundled = xcb
    fake = tmp_path / "site" / "PySide6"
    (fake / "Qt" / "plugins" / "platforms").mkdir(parents=True)
    (fake / "__init__.py").write_text("", encoding="utf-8")
    (fake / "Qt" / "lib").symlink_to(bundled[0], target_is_directory=True)  # the real Qt libraries
    plugin = roots[-1].read_bytes().replace(b"libQt6XcbQpa.so.6\0", b"libQt6XcbQpx.so.6\0")
    (fake / "Qt" / "plugins" / "platforms" / "libqxcb.so").write_bytes(plugin)
    env = {**os.environ, "PYTHONPATH": str(fake.parent), "QT_QPA_PLATFORM": "xcb", "DISPLAY": ":97"}
    data = tmp_path / "donnees"
    result = subprocess.run(
        [sys.executable, "-m", "clausedesk", "--data-dir", str(data)],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("ClauseDesk ne peut pas ouvrir sa fenêtre : cette bibliothèque")
    assert "(libQt6XcbQpx.so.6)" in result.stderr and "sudo apt-get install libqt6xcbqpx6" in result.stderr
    assert not data.exists()  # nothing created


def test_offscreen_and_commands_are_not_held_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    roots, _ = system_libs.qt_roots()
    assert all(r.name != "libqxcb.so" for r in roots)
    assert system_libs.check_window_libraries() is None  # QtGui/QtWidgets load: the tests run them
