"""Every foundation command through the real entry point, with its refusals and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from clausedesk.cli import run
from clausedesk.paths import Paths


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_then_stats_and_lists(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = str(tmp_path / "d")
    code, out, _ = cli(capsys, "--data-dir", d, "demo", "--seed", "3", "--until", "2026-10")
    assert code == 0 and "Données de démonstration chargées" in out
    code, out, _ = cli(capsys, "--data-dir", d, "stats", "--json")
    stats = json.loads(out)
    for key in (
        "buyers",
        "markets",
        "lots",
        "companies",
        "participants",
        "contracts",
        "hour_entries",
        "hours_total",
    ):
        assert key in stats
    assert stats["lots"] == 24 and stats["participants"] == 45 and stats["hours_total"] > 0

    code, out, _ = cli(capsys, "--data-dir", d, "list", "contracts", "--json")
    contracts = json.loads(out)
    assert len(contracts) == stats["contracts"]
    assert {"uuid", "company_siret", "lot_ref", "start", "end"} <= set(contracts[0])
    for kind, keys in {
        "buyers": {"uuid"},
        "markets": {"uuid", "ref"},
        "lots": {"uuid", "ref", "market_ref"},
        "companies": {"uuid", "siret", "name"},
        "participants": {"uuid", "last_name", "first_name"},
    }.items():
        code, out, _ = cli(capsys, "--data-dir", d, "list", kind, "--json")
        rows = json.loads(out)
        assert code == 0 and rows and keys <= set(rows[0]), kind
        assert len({r["uuid"] for r in rows}) == len(rows)

    siret = contracts[0]["company_siret"]
    month = contracts[0]["start"][:7]
    code, out, _ = cli(capsys, "--data-dir", d, "stats", "--json", "--company", siret, "--month", month)
    filtered = json.loads(out)
    assert code == 0 and filtered["hours_total"] <= stats["hours_total"]
    assert filtered["hour_entries"] < stats["hour_entries"]
    assert filtered["lots"] == stats["lots"]  # counts are not filtered, only hour figures


def test_demo_is_deterministic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outputs = []
    for name in ("a", "b"):
        d = str(tmp_path / name)
        cli(capsys, "--data-dir", d, "demo", "--seed", "5", "--until", "2026-06")
        _, out, _ = cli(capsys, "--data-dir", d, "list", "contracts", "--json")
        outputs.append(out)
    assert outputs[0] == outputs[1]
    cli(capsys, "--data-dir", str(tmp_path / "c"), "demo", "--seed", "6", "--until", "2026-06")
    _, other, _ = cli(capsys, "--data-dir", str(tmp_path / "c"), "list", "contracts", "--json")
    assert other != outputs[0]


def test_demo_refuses_a_store_with_data(demo_paths: Paths, capsys: pytest.CaptureFixture[str]) -> None:
    _, before, _ = cli(capsys, "--data-dir", str(demo_paths.root), "stats", "--json")
    code, _, err = cli(capsys, "--data-dir", str(demo_paths.root), "demo")
    assert code == 1 and "déjà des données" in err
    _, after, _ = cli(capsys, "--data-dir", str(demo_paths.root), "stats", "--json")
    assert after == before


def test_stats_refusals(demo_paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = str(demo_paths.root)
    code, _, err = cli(capsys, "--data-dir", d, "stats", "--company", "12345678901234")
    assert code == 1 and "SIRET" in err and "clé" in err
    code, _, err = cli(capsys, "--data-dir", d, "stats", "--company", "73282932000074")
    assert code == 1 and "Aucune entreprise" in err
    with pytest.raises(SystemExit) as exc:
        run(["--data-dir", d, "stats", "--month", "2026-13"])
    assert exc.value.code == 2
    code, _, err = cli(capsys, "--data-dir", str(tmp_path / "vide"), "stats")
    assert code == 1 and "Aucune base ClauseDesk" in err
    assert not (tmp_path / "vide").exists()


def test_check_and_backup(demo_paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = str(demo_paths.root)
    code, out, _ = cli(capsys, "--data-dir", d, "check")
    assert code == 0 and "Base saine" in out
    code, out, _ = cli(capsys, "--data-dir", d, "backup")
    assert code == 0 and len(list(demo_paths.backups.glob("clausedesk_*.sqlite"))) == 1
    target = tmp_path / "copie.sqlite"
    code, out, _ = cli(capsys, "--data-dir", d, "backup", "-o", str(target))
    assert code == 0 and target.exists() and str(target) in out


def test_check_reports_domain_anomalies(demo_paths: Paths, capsys: pytest.CaptureFixture[str]) -> None:
    from clausedesk.db.engine import make_engine

    engine = make_engine(demo_paths.store)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE contract SET end_date = '2000-01-01' WHERE id = 1")
    engine.dispose()
    code, _, err = cli(capsys, "--data-dir", str(demo_paths.root), "check")
    assert code == 1 and "contrats se terminant avant leur début" in err


def test_corrupt_store_gives_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    p = Paths(tmp_path / "d").ensure()
    p.store.write_bytes(b"\x00" * 10000)
    code, _, err = cli(capsys, "--data-dir", str(p.root), "stats")
    assert code == 1 and "Traceback" not in err and "base" in err


@pytest.mark.parametrize(
    "args", [["inconnue"], ["list", "animaux"], ["stats", "--inconnue"], ["demo", "--scale", "x"]]
)
def test_usage_errors_exit_2_in_french(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        run(["--data-dir", str(tmp_path), *args])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "erreur" in err and "Traceback" not in err


def test_usage_error_exit_code_of_the_real_process(tmp_path: Path) -> None:
    env = {**os.environ, "CLAUSEDESK_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "clausedesk", "inconnue"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 2
    assert "choix invalide" in result.stderr and "Traceback" not in result.stderr


def test_data_dir_from_environment(tmp_path: Path) -> None:
    env = {**os.environ, "CLAUSEDESK_DATA_DIR": str(tmp_path / "env")}
    result = subprocess.run(
        [sys.executable, "-m", "clausedesk", "demo", "--until", "2026-01"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "env" / "clausedesk.sqlite").exists()


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        run(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.startswith("ClauseDesk ")


def test_data_folder_that_cannot_be_created(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "fichier"
    blocker.write_text("pas un dossier")
    code, _, err = cli(capsys, "--data-dir", str(blocker / "donnees"), "demo")
    assert code == 1 and "Traceback" not in err
    assert "dossier" in err and "pas un dossier" in err  # the French reason, not the system's English


def test_french_reasons_for_file_and_database_errors() -> None:
    import errno

    from sqlalchemy.exc import OperationalError

    from clausedesk.core.oserrors import database_reason, os_reason

    assert "disque est plein" in os_reason(OSError(errno.ENOSPC, "No space left on device"))
    assert "accès refusé" in os_reason(PermissionError(errno.EACCES, "Permission denied"))
    full = OperationalError("INSERT", {}, Exception("database or disk is full"))
    assert "disque est plein" in database_reason(full)
    damaged = OperationalError("SELECT", {}, Exception("database disk image is malformed"))
    assert "restaurez" in database_reason(damaged)


def test_command_map_names_the_module_that_registers_each_command() -> None:
    """Running one command imports only its module: the static map must say where each one lives."""
    import importlib

    from clausedesk.cli import COMMAND_MODULES, COMMANDS
    from clausedesk.cli.french_argparse import FrenchParser

    registered: dict[str, str] = {}
    for module in COMMAND_MODULES:
        parser = FrenchParser(prog="x")
        sub = parser.add_subparsers(dest="command", parser_class=FrenchParser)
        importlib.import_module(module).register(sub)
        registered.update(dict.fromkeys(sub.choices, module))
    assert registered == COMMANDS


def test_version_loads_no_command_module(tmp_path: Path) -> None:
    code = (
        "import sys\nfrom clausedesk.cli import run\n"
        "try:\n    run(['--version'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('clausedesk.cli.') and m.endswith('cmds')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().endswith("[]")
