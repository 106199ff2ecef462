"""The installer recipes agree: PyInstaller spec, Inno Setup script, Windows workflow and smoke test."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ISS = ROOT / "packaging" / "windows" / "clausedesk.iss"
SPEC = ROOT / "packaging" / "clausedesk.spec"
WORKFLOW = ROOT / ".github" / "workflows" / "windows.yml"
WIN_SMOKE = ROOT / "packaging" / "windows" / "smoke_test.ps1"
WIN_BUILD = ROOT / "packaging" / "build_windows.ps1"
BUNDLE = ROOT / "build" / "dist" / "ClauseDesk"


def spec_executables() -> tuple[dict[str, bool], dict[str, bool]]:
    """The spec's EXECUTABLES (name -> console) on Windows and elsewhere, read from its source."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "EXECUTABLES":
            assert isinstance(node.value, ast.IfExp) and ast.unparse(node.value.test) == "WINDOWS"
            return ast.literal_eval(node.value.body), ast.literal_eval(node.value.orelse)
    raise AssertionError("EXECUTABLES absent du spec")


def _iss_text() -> str:
    return ISS.read_text(encoding="utf-8")


def _iss_section(name: str) -> list[str]:
    match = re.search(rf"^\[{name}\]\n(.*?)(?=^\[|\Z)", _iss_text(), flags=re.MULTILINE | re.DOTALL)
    assert match is not None, name
    return [line for line in match.group(1).splitlines() if line.strip() and not line.startswith(";")]


def _iss_setting(key: str) -> str:
    match = re.search(rf"^{key}=(.+)$", _iss_text(), flags=re.MULTILINE)
    assert match is not None, key
    return match.group(1).strip()


def _iss_path(value: str) -> Path:
    return (ISS.parent / value.replace("\\", "/")).resolve()


def _iss_sources() -> list[str]:
    return re.findall(r'^Source:\s*"([^"]+)"', _iss_text(), flags=re.MULTILINE)


def test_windows_executables_differ_even_ignoring_case() -> None:
    windows, elsewhere = spec_executables()
    assert len({name.casefold() for name in windows}) == len(windows) == 2
    assert windows == {"ClauseDesk": False, "clausedesk-cli": True}  # windowed for the menu, console CLI
    assert elsewhere == {"clausedesk": True}  # Linux/macOS: one executable, not two identical copies
    spec = SPEC.read_text(encoding="utf-8")
    assert "for name, console in EXECUTABLES.items()" in spec
    assert re.search(r'COLLECT\(.*name="ClauseDesk"', spec, flags=re.DOTALL)


def test_installer_names_the_executables_the_spec_builds() -> None:
    windows, _ = spec_executables()
    named = {Path(s.replace("\\", "/")).name for s in _iss_sources()}
    assert {n.removesuffix(".exe") for n in named if n.endswith(".exe")} == set(windows)
    assert _iss_setting("UninstallDisplayIcon") == "{app}\\ClauseDesk.exe"
    for line in _iss_section("Icons"):  # shortcuts open the windowed program, never the console one
        assert 'Filename: "{app}\\ClauseDesk.exe"' in line or "{uninstallexe}" in line, line
    build = WIN_BUILD.read_text(encoding="utf-8")
    assert all(f"{name}.exe" in build for name in windows)


def test_installer_shows_clausedesk_own_licence_the_gpl() -> None:
    licence = _iss_path(_iss_setting("LicenseFile"))
    assert licence.name == "GPL-3.0.txt" and licence.is_file()
    text = licence.read_text(encoding="utf-8")
    assert text.lstrip().startswith("GNU GENERAL PUBLIC LICENSE")  # not Qt's LGPL
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'license = { text = "GPL-3.0-or-later" }' in pyproject


def test_installer_is_per_user_with_a_silent_per_machine_option_and_keeps_the_data() -> None:
    assert _iss_setting("PrivilegesRequired") == "lowest"  # no administrator rights by default
    assert "commandline" in _iss_setting("PrivilegesRequiredOverridesAllowed").split()  # /ALLUSERS
    # %LOCALAPPDATA%\Programs per user, Program Files per machine
    assert _iss_setting("DefaultDirName") == "{autopf}\\ClauseDesk"
    header = _iss_text().split("[Setup]")[0]
    for switch in ("/VERYSILENT", "/SUPPRESSMSGBOXES", "/ALLUSERS", "/CURRENTUSER", "unins000.exe"):
        assert switch in header, switch
    assert 'MessagesFile: "compiler:Languages\\French.isl"' in _iss_text()
    # Removal deletes only inside the program folder; the data folder is never named for deletion.
    for line in _iss_section("UninstallDelete"):
        assert re.search(r'Name: "\{app\}\\', line), line
    assert "[InstallDelete]" not in _iss_text() and "DelTree" not in _iss_text()
    assert "{localappdata}\\ClauseDesk" not in _iss_text() and "{userappdata}" not in _iss_text()


def test_repository_files_the_installer_names_exist() -> None:
    for key in ("SetupIconFile", "LicenseFile"):
        assert _iss_path(_iss_setting(key)).is_file(), key
    define = re.search(r'#define BundleDir "([^"]+)"', _iss_text())
    assert define is not None and _iss_path(define.group(1)) == BUNDLE
    for source in _iss_sources():
        assert source.startswith("{#BundleDir}\\"), source
    if (BUNDLE / "_internal").is_dir():  # a bundle built here (Linux): its shared layout
        assert (BUNDLE / "_internal" / "clausedesk" / "db" / "migrations").is_dir()


def test_windows_workflow_builds_installs_runs_uninstalls_and_checks_the_data() -> None:
    workflow = WORKFLOW.read_text(encoding="utf-8")
    assert "runs-on: windows-latest" in workflow
    runs = re.findall(r"^\s+run: (.+)$", workflow, flags=re.MULTILINE)
    build = next(i for i, r in enumerate(runs) if "build_windows.ps1" in r)
    smoke = next(i for i, r in enumerate(runs) if "smoke_test.ps1" in r)
    assert build < smoke and any("innosetup" in r for r in runs[:build])
    assert "windows\\smoke_test.ps1" in runs[smoke] and WIN_SMOKE.is_file()
    lines = WIN_SMOKE.read_text(encoding="utf-8").splitlines()
    script = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    steps = [
        "/VERYSILENT",
        "& $cli --version",
        "& $cli demo",
        "& $cli stats --json",
        "& $cli dashboard",
        "& $cli screenshots",
        "startup_cost.py",
        'Start-Process (Join-Path $app "unins000.exe")',
        'Join-Path $data "clausedesk.sqlite"',
    ]
    positions = [script.find(step) for step in steps]
    assert -1 not in positions, dict(zip(steps, positions, strict=True))
    assert positions == sorted(positions)  # install, run each command, measure, uninstall, data kept
    assert "Remove-Item Env:CLAUSEDESK_DATA_DIR" in script  # the real default data folder is checked
    assert '$LASTEXITCODE -ne 0' in script and '$ErrorActionPreference = "Stop"' in script


def test_spec_bundles_what_the_app_loads_at_run_time() -> None:
    spec = SPEC.read_text(encoding="utf-8")
    for needle in ('"migrations"', '"resources"', 'copy_metadata("clausedesk"', "qtbase_fr.qm"):
        assert needle in spec, needle
    assert "compiled_migrations(" in spec  # the migrations carry their bytecode
    excludes = ast.literal_eval(spec.split("EXCLUDES = ", 1)[1].split("\n]\n", 1)[0] + "\n]")
    assert {"setuptools", "pkg_resources"} <= set(excludes)  # its run-time hook cost every start
    assert 'not name.startswith("alembic.testing")' in spec
    # PyInstaller's PySide6 run-time hook loaded Qt at every start: ours only sets Qt's paths.
    assert '(name, LAZY_QT_HOOK, kind) if name == "pyi_rth_pyside6"' in spec
    hook = (ROOT / "packaging" / "rth_pyside6_lazy.py").read_text(encoding="utf-8")
    assert "QT_PLUGIN_PATH" in hook and "import PySide6" not in hook and "QtCore" not in hook.split('"""')[2]
    assert (ROOT / "clausedesk" / "resources" / "fonts" / "DejaVuSans.ttf").is_file()
    assert (ROOT / "clausedesk" / "resources" / "licences" / "LGPL-3.0.txt").is_file()


def test_licence_notices_cover_qt_and_every_runtime_library() -> None:
    from clausedesk.licences import notices, notices_text

    names = {n.name.lower().replace("_", "-") for n in notices()}
    assert {"pyside6-essentials", "sqlalchemy", "reportlab", "openpyxl", "sqlcipher3"} <= names
    text = notices_text()
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text and "Polices DejaVu" in text
