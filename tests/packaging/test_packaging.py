"""The installer recipes name files that exist: Inno Setup script, PyInstaller spec, Linux desktop entry."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ISS = ROOT / "packaging" / "windows" / "clausedesk.iss"
SPEC = ROOT / "packaging" / "clausedesk.spec"
BUNDLE = ROOT / "build" / "dist" / "ClauseDesk"


def _iss_sources() -> list[str]:
    return re.findall(r'^Source:\s*"([^"]+)"', ISS.read_text(encoding="utf-8"), flags=re.MULTILINE)


def _iss_path(value: str) -> Path:
    return (ISS.parent / value.replace("\\", "/")).resolve()


def test_every_repository_file_the_installer_names_exists() -> None:
    text = ISS.read_text(encoding="utf-8")
    for key in ("SetupIconFile", "LicenseFile"):
        value = re.search(rf"^{key}=(.+)$", text, flags=re.MULTILINE)
        assert value is not None, key
        assert _iss_path(value.group(1).strip()).is_file(), key
    assert "PrivilegesRequired=lowest" in text  # per-user install, no admin rights
    assert 'MessagesFile: "compiler:Languages\\French.isl"' in text
    assert "{localappdata}\\Programs\\ClauseDesk" in text  # never the user's data folder


def test_installer_names_the_executables_the_spec_builds() -> None:
    built = set(re.findall(r'name="([^"]+)", console=', SPEC.read_text(encoding="utf-8")))
    assert built == {"clausedesk", "ClauseDesk"}
    named = {Path(s.replace("\\", "/")).name for s in _iss_sources()}
    assert {"ClauseDesk.exe", "clausedesk.exe"} <= named
    assert {n.removesuffix(".exe") for n in named if n.endswith(".exe")} == built
    assert re.search(r'COLLECT\(.*name="ClauseDesk"', SPEC.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_installer_files_exist_in_a_built_bundle() -> None:
    """When a bundle has been built here (packaging/build_linux.sh), check the layout the script names."""
    define = re.search(r'#define BundleDir "([^"]+)"', ISS.read_text(encoding="utf-8"))
    assert define is not None and _iss_path(define.group(1)) == BUNDLE
    if not BUNDLE.exists():
        return  # no bundle built on this machine: the layout checks above still hold
    for source in _iss_sources():
        assert source.startswith("{#BundleDir}\\"), source
        rel = source.removeprefix("{#BundleDir}\\").replace("\\", "/")
        if rel.endswith("*"):
            assert (BUNDLE / rel.rstrip("/*")).is_dir(), rel
        else:
            assert (BUNDLE / rel.removesuffix(".exe")).is_file(), rel


def test_spec_bundles_what_the_app_loads_at_run_time() -> None:
    spec = SPEC.read_text(encoding="utf-8")
    for needle in ('"migrations"', '"resources"', 'copy_metadata("clausedesk"', "qtbase_fr.qm"):
        assert needle in spec, needle
    assert (ROOT / "clausedesk" / "resources" / "fonts" / "DejaVuSans.ttf").is_file()
    assert (ROOT / "clausedesk" / "resources" / "licences" / "LGPL-3.0.txt").is_file()


def test_desktop_entry_is_valid() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(ROOT / "packaging" / "linux" / "clausedesk.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application" and section["Exec"].startswith("/opt/clausedesk/")
    assert section["Icon"] == "clausedesk"


def test_licence_notices_cover_qt_and_every_runtime_library() -> None:
    from clausedesk.licences import notices, notices_text

    names = {n.name.lower().replace("_", "-") for n in notices()}
    assert {"pyside6-essentials", "sqlalchemy", "reportlab", "openpyxl"} <= names
    text = notices_text()
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text and "Polices DejaVu" in text
