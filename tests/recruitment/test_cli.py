"""The recruitment commands on the demonstration store: lists, fiche de poste PDF, weekly Excel list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from reportlab.pdfbase.pdfmetrics import getRegisteredFontNames

from clausedesk.cli import run
from clausedesk.paths import Paths

STEPS = {
    "proposee",
    "eligibilite_verifiee",
    "presentee",
    "entretien",
    "retenue",
    "non_retenue",
    "desistement",
}


def cli(capsys: pytest.CaptureFixture[str], paths: Paths, *args: str) -> tuple[int, str, str]:
    code = run(["--data-dir", str(paths.root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_lists_sheet_and_export(
    demo_paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(capsys, demo_paths, "list", "offers", "--json")
    assert code == 0
    offers = json.loads(out)
    assert {"ouverte", "pourvue", "annulee"} <= {o["status"] for o in offers}
    assert all({"uuid", "company_siret", "rome", "status"} <= set(o) for o in offers)
    code, out, _ = cli(capsys, demo_paths, "list", "applications", "--json")
    apps = json.loads(out)
    assert code == 0 and {a["step"] for a in apps} == STEPS
    assert all({"uuid", "offer_uuid", "participant_uuid", "step"} <= set(a) for a in apps)
    assert any(a["contract_uuid"] for a in apps if a["step"] == "retenue")

    opened = next(o for o in offers if o["status"] == "ouverte")
    pdf = tmp_path / "fiche.pdf"
    code, out, err = cli(capsys, demo_paths, "offer-sheet", "--offer", opened["uuid"], "-o", str(pdf))
    assert code == 0, err
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and b"DejaVuSans" in data and "DejaVuSans" in getRegisteredFontNames()

    xlsx = tmp_path / "offres.xlsx"
    code, _, err = cli(capsys, demo_paths, "export-xlsx", "offers", "-o", str(xlsx))
    assert code == 0, err
    ws = load_workbook(xlsx).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:2] == ("Métier", "Métier ROME")
    uuids = {r[-1] for r in rows[1:] if r[-1]}
    assert uuids == {o["uuid"] for o in offers if o["status"] == "ouverte"}


def test_offer_sheet_refusals(demo_paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(
        capsys, demo_paths, "offer-sheet", "--offer", "inconnue", "-o", str(tmp_path / "f.pdf")
    )
    assert code == 1 and "introuvable" in err and not (tmp_path / "f.pdf").exists()
    code, _, err = cli(capsys, demo_paths, "offer-sheet", "--offer", "x", "-o", str(tmp_path / "f.txt"))
    assert code == 1 and ".pdf" in err
    with pytest.raises(SystemExit) as exc:
        run(["--data-dir", str(demo_paths.root), "offer-sheet", "-o", str(tmp_path / "f.pdf")])
    assert exc.value.code == 2
