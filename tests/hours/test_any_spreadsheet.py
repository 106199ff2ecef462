"""Relevés as companies really send them (issue 16): every golden file of attendus.json through
`clausedesk import-hours`, with its expected outcome; the store untouched by every refusal."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from clausedesk.paths import Paths
from clausedesk.reports import releve_files
from tests.hours.helpers import RELEVES, cli, snapshot

EXPECTED: dict[str, dict[str, Any]] = json.loads((RELEVES / "attendus.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_each_golden_file_has_its_expected_outcome(
    case: str, demo_paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = EXPECTED[case]
    path = RELEVES / expected.get("file", case)
    before = snapshot(demo_paths)
    code, out, err = cli(capsys, demo_paths, "import-hours", str(path), "--json", *expected["args"])
    assert code == expected["exit"], err
    assert "Traceback" not in err
    result = json.loads(out) if out.strip() else {}
    if expected["exit"] == 1:
        assert err.startswith("Erreur") and expected["stderr"] in err
        if "errors" in expected:
            assert result["counts"]["error"] == expected["errors"]
    for key in ("format", "sheet"):
        if key in expected:
            assert result[key] == expected[key]
    for outcome in ("changed", "unchanged"):
        if outcome in expected:
            assert result["counts"][outcome] == expected[outcome], result["rows"]
    if expected["exit"] == 0:
        assert result["counts"]["error"] == 0 and set(result) >= {"format", "sheet", "mapping", "warnings"}
    for role, header in expected.get("mapping", {}).items():
        assert result["mapping"][role] == header
    worked = {r["person"]: r["hours_worked"] for r in result.get("rows", [])}
    for person, hours in expected.get("worked", {}).items():
        assert worked[person] == hours
    tutoring = {r["person"]: r["hours_tutoring"] for r in result.get("rows", [])}
    for person, hours in expected.get("tutoring", {}).items():
        assert tutoring[person] == hours
    found = [(w["row"], w["column"], w["message"]) for w in result.get("warnings", [])]
    assert len(found) == len(expected.get("warnings", []))
    for (row, column, text), (f_row, f_column, f_message) in zip(
        expected.get("warnings", []), found, strict=True
    ):
        assert (row, column) == (f_row, f_column) and text in f_message and result["sheet"] in f_message
    assert snapshot(demo_paths) == before  # dry runs and refusals write nothing


def test_formulas_without_value_never_zero_a_month_already_entered(
    demo_paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    """The old reader read them as empty: five entries set to 0 h, exit 0, « 5 modifiées »."""
    before = snapshot(demo_paths)
    code, _, err = cli(capsys, demo_paths, "import-hours", str(RELEVES / "formule_sans_valeur.xlsx"))
    assert code == 1 and err.count("formule dont la valeur n'a jamais été calculée") == 5
    assert "Feuille « Heures », ligne 6, colonne D (Heures travaillées)" in err
    assert snapshot(demo_paths) == before


def test_a_remembered_mapping_serves_the_company_next_file(
    demo_paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(RELEVES / "mise_en_page_inconnue.xlsx")
    columns = EXPECTED["mise_en_page_inconnue.xlsx --column"]["args"][1:]
    code, _, _ = cli(capsys, demo_paths, "import-hours", path, "--dry-run", *columns)
    assert code == 0
    code, _, err = cli(capsys, demo_paths, "import-hours", path, "--dry-run")
    assert code == 1, "a dry run does not remember the mapping"
    code, out, _ = cli(capsys, demo_paths, "import-hours", path, *columns)
    assert code == 0 and "Import enregistré" in out
    code, out, err = cli(capsys, demo_paths, "import-hours", path, "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["mapping"]["heures"] == "Temps passé (h)" and result["counts"]["unchanged"] == 5


def test_column_option_is_checked_as_usage(demo_paths: Paths, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(RELEVES / "mise_en_page_inconnue.xlsx")
    with pytest.raises(SystemExit) as exc:
        cli(capsys, demo_paths, "import-hours", path, "--column", "salaire=Brut")
    assert exc.value.code == 2 and "rôle « salaire » inconnu" in capsys.readouterr().err


def test_the_sheet_option_picks_the_tab(demo_paths: Paths, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(RELEVES / "onglet_mois_precedent.xlsx")
    code, out, _ = cli(capsys, demo_paths, "import-hours", path, "--sheet", "Octobre", "--dry-run", "--json")
    assert code == 0 and json.loads(out)["sheet"] == "Octobre"
    code, _, err = cli(capsys, demo_paths, "import-hours", path, "--sheet", "Novembre")
    assert code == 1 and "n'a pas de feuille « Novembre »" in err and "« Septembre », « Octobre »" in err


def test_a_file_past_the_size_cap_is_refused_before_it_is_read(
    demo_paths: Paths, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    sparse = tmp_path / "enorme.xlsx"
    with sparse.open("wb") as handle:
        handle.truncate(releve_files.MAX_BYTES + 1)
    code, _, err = cli(capsys, demo_paths, "import-hours", str(sparse))
    assert code == 1 and "trop gros" in err and "64 Mio" in err


def test_an_endless_input_stops_at_the_cap(
    demo_paths: Paths, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`import-hours /dev/zero` read until it was killed: an endless pipe stands for it here."""
    fifo = tmp_path / "sans_fin"
    os.mkfifo(fifo)
    stop = threading.Event()

    def feed() -> None:
        try:
            with fifo.open("wb") as out:
                block = b"\0" * 65536
                while not stop.is_set():
                    out.write(block)
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        code, _, err = cli(capsys, demo_paths, "import-hours", str(fifo))
    finally:
        stop.set()
        os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))  # lets a writer still waiting for a reader go
    writer.join(timeout=30)
    # refused before a byte is read: not an ordinary file, the cap named
    assert code == 1 and "taille maximale acceptée : 64 Mio" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "2026-11"], "n'a pas de relevé pour novembre 2026 : « Relevé » (octobre 2026"),
        (["--company", "73282932000074"], "n'a pas de relevé pour le SIRET 73282932000074"),
    ],
)
def test_month_and_company_options_never_import_another_relevé(
    args: list[str], message: str, demo_paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(demo_paths)
    code, _, err = cli(capsys, demo_paths, "import-hours", str(RELEVES / "releve_ok.xlsx"), *args)
    assert code == 1 and message in err
    assert snapshot(demo_paths) == before


def test_company_and_month_complete_a_file_that_lacks_them(
    demo_paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    """csv_renomme.xlsx (a CSV named .xlsx) has neither SIRET nor month: the options give them."""
    path = str(RELEVES / "csv_renomme.xlsx")
    code, out, err = cli(
        capsys, demo_paths, "import-hours", path, "--json", "--dry-run", "--month", "2026-10",
        "--company", "43680387800756",
    )  # fmt: skip
    assert code == 0, err
    result = json.loads(out)
    assert result["format"] == "csv" and result["rows"][0]["person"] == "BOYER Kévin"
    assert result["rows"][0]["hours_worked"] == 151.67
