"""The Linux package's pieces agree: desktop entry, AppStream metadata, .cdpkg type, icons, dependencies."""

from __future__ import annotations

import configparser
import importlib.util
import re
import sys
import xml.etree.ElementTree as ET
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "org.clausedesk.ClauseDesk"
MIME = "application/x-clausedesk-package"
sys.path.insert(0, str(ROOT / "packaging"))
sys.path.insert(0, str(LINUX))
from compile_data import compiled_migrations, system_library_to_leave_out  # noqa: E402
from make_icons import SIZES, make_icons  # noqa: E402


def _desktop() -> configparser.SectionProxy:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(LINUX / f"{APP_ID}.desktop", encoding="utf-8")
    return entry["Desktop Entry"]


def test_desktop_entry_opens_the_one_executable_and_claims_the_package_type() -> None:
    section = _desktop()
    assert section["Type"] == "Application" and section["Exec"] == "/opt/clausedesk/clausedesk"
    assert section["Icon"] == "clausedesk"
    assert MIME in section["MimeType"].split(";")
    build = (ROOT / "packaging" / "build_linux.sh").read_text(encoding="utf-8")
    assert "ln -s /opt/clausedesk/clausedesk" in build  # the PATH entry is a link, not a second copy


def test_appstream_metadata_matches_the_package() -> None:
    root = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    assert root.get("type") == "desktop-application" and root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.findtext("project_license") == "GPL-3.0-or-later"
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("provides/binary") == "clausedesk"
    assert root.findtext("provides/mediatype") == MIME
    release = root.find("releases/release")
    assert release is not None and release.get("version") == metadata.version("clausedesk")


def test_cdpkg_file_type() -> None:
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    kind = ET.parse(LINUX / "clausedesk-mime.xml").getroot().find("m:mime-type", ns)
    assert kind is not None and kind.get("type") == MIME
    glob = kind.find("m:glob", ns)
    assert glob is not None and glob.get("pattern") == "*.cdpkg"


def test_icons_at_every_usual_size_from_the_svg(tmp_path: Path, qapp: object) -> None:
    # qapp: the suite's QApplication exists first, so make_icons reuses it instead of creating a bare
    # QGuiApplication that would make every later widget test abort.
    from PySide6.QtGui import QColor, QImage

    written = make_icons(tmp_path, "clausedesk")
    assert (tmp_path / "hicolor" / "scalable" / "apps" / "clausedesk.svg") in written
    assert {16, 24, 32, 48, 64, 128, 256, 512} <= set(SIZES)
    for size in SIZES:
        image = QImage(str(tmp_path / "hicolor" / f"{size}x{size}" / "apps" / "clausedesk.png"))
        assert (image.width(), image.height()) == (size, size)
    big = QImage(str(tmp_path / "hicolor" / "512x512" / "apps" / "clausedesk.png"))
    assert QColor(big.pixel(40, 256)).name() == "#004891"  # the blue frame
    assert QColor(big.pixel(200, 400)).name() == "#ffffff"  # the white page
    assert big.pixelColor(2, 2).alpha() == 0  # rounded, transparent corners


def test_the_deb_depends_on_what_the_readme_tells_developers_to_install() -> None:
    depends = (LINUX / "deb-depends.txt").read_text(encoding="utf-8").split()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = re.search(r"sudo apt-get install (lib[^\n]+)", readme)
    assert line is not None and line.group(1).split() == depends
    for needed in ("libxcb-icccm4", "libxcb-cursor0", "libxcb-keysyms1", "libxkbcommon-x11-0", "libegl1"):
        assert needed in depends
    assert "glibc 2.35" in readme and "Ubuntu 22.04" in readme
    smoke = (ROOT / "packaging" / "smoke_test.sh").read_text(encoding="utf-8")
    assert "GLIBC_FLOOR=2.35" in smoke


def test_deb_compression_is_fast() -> None:
    build = (ROOT / "packaging" / "build_linux.sh").read_text(encoding="utf-8")
    assert "DEB_COMPRESSION=${DEB_COMPRESSION:-zstd}" in build and '"-Z$DEB_COMPRESSION"' in build


@pytest.mark.parametrize(
    ("source", "left_out"),
    [
        ("/lib/x86_64-linux-gnu/libstdc++.so.6", True),
        ("/lib/x86_64-linux-gnu/libexpat.so.1", True),
        ("/usr/lib/x86_64-linux-gnu/libcups.so.2", True),
        ("/lib/x86_64-linux-gnu/libxcb-cursor.so.0", True),
        ("/lib/x86_64-linux-gnu/libssl.so.3", False),
        ("/lib/x86_64-linux-gnu/libffi.so.8", False),
        ("/usr/lib/python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so", False),
        ("/work/.venv/lib/python3.12/site-packages/PySide6/Qt/lib/libQt6Core.so.6", False),
    ],
)
def test_build_machine_libraries_left_out_of_the_bundle(source: str, left_out: bool) -> None:
    assert system_library_to_leave_out(source) is left_out


def test_migrations_are_bundled_with_bytecode_valid_whatever_the_file_dates(tmp_path: Path) -> None:
    target = compiled_migrations(ROOT / "clausedesk" / "db" / "migrations", tmp_path / "migrations")
    sources = sorted((target / "versions").glob("0*.py"))
    assert sources
    for source in sources:
        cached = Path(importlib.util.cache_from_source(str(source)))
        flags = int.from_bytes(cached.read_bytes()[4:8], "little")
        assert flags == 0b01  # hash-based, source not checked: copying the files keeps it valid
