"""The shipped ROME 4.0: job sheets by code, found by title or job title, and the script that refreshes it."""

from __future__ import annotations

import gzip
import subprocess
import sys
import zipfile
from pathlib import Path

from clausedesk.core.demo import names
from clausedesk.core.reference import rome

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "refresh_rome.py"


def test_the_shipped_files_parse_and_hold_known_entries() -> None:
    mason = rome.job("f1703")
    assert mason is not None and mason.title == "Maçon / Maçonne" and mason.label == "F1703 — Maçon / Maçonne"
    assert rome.job_label("F1703") == "F1703 — Maçon / Maçonne"
    assert rome.job_label("Z9999") == "Z9999" and rome.job_label(None) == "" and rome.title("Z9999") == ""
    assert "Maçon / Maçonne en rénovation" in rome.appellations("F1703")
    assert rome.source().startswith("ROME 4.0, RefRomeCsv v460")
    sheets = gzip.decompress((ROOT / "clausedesk/resources/rome/metiers.tsv.gz").read_bytes()).decode()
    titles = gzip.decompress((ROOT / "clausedesk/resources/rome/appellations.tsv.gz").read_bytes()).decode()
    assert len(sheets.splitlines()) > 1_500 and len(titles.splitlines()) > 11_000
    assert "France Travail" in (ROOT / "clausedesk/resources/rome/LICENSE").read_text(encoding="utf-8")


def test_search_by_title_without_accents_and_by_job_title() -> None:
    assert rome.search("maçon")[0].job.code == "F1703"
    assert rome.search("MACON")[0].job.code == "F1703"
    # a job title (appellation) leads to its sheet, and says which title matched
    chief = rome.search("chef d'equipe macon")
    assert chief[0].job.code == "F1206" and chief[0].via == "Chef d'équipe maçon / Cheffe d'équipe maçonne"
    assert "« Chef d'équipe maçon" in chief[0].label
    assert rome.search("coffreur bancheur")[0].job.code == "F1701"
    assert rome.search("manoeuvre")[0].job.code == "F1704"  # « Manœuvre bâtiment »
    codes = [m.job.code for m in rome.search("macon", limit=50)]
    assert len(codes) == len(set(codes))  # each sheet once
    assert [m.job.code for m in rome.search("F170")][:3] == ["F1701", "F1702", "F1703"]
    assert rome.choices("f1703") == [("F1703", "F1703 — Maçon / Maçonne")]
    assert rome.search("") == [] and rome.search("zzzqqq") == []


def test_every_code_of_the_demo_exists_in_rome_4() -> None:
    codes = {c for trade in names.TRADES for c in trade[3]} | set(names.JOB_LABELS)
    missing = sorted(c for c in codes if rome.job(c) is None)
    assert codes and not missing, missing


def _official_files(folder: Path) -> Path:
    folder.mkdir()
    (folder / "unix_referentiel_code_rome_v470_utf8.csv").write_text(
        '"code_rome","code_fiche_metier","code_ogr","libelle_rome","code_rome_parent"\n'
        '"F1703","229","176","Maçon / Maçonne","F1703"\n'
        '"F1707","1","2","Maçon / Maçonne du paysage","F1703"\n',
        encoding="utf-8",
    )
    (folder / "unix_referentiel_appellation_v470_utf8.csv").write_text(
        '"code_ogr","libelle_appellation_long","code_rome","classification","peu_usite"\n'
        '"16250","Maçon / Maçonne","F1703","PRINCIPALE","N"\n'
        '"16254","Maçon / Maçonne en rénovation","F1703","SYNONYME","N"\n',
        encoding="utf-8",
    )
    return folder


def test_the_refresh_script_writes_the_tables_from_a_zip_or_a_folder(tmp_path: Path) -> None:
    folder = _official_files(tmp_path / "RefRomeCsv")
    archive = tmp_path / "RefRomeCsv.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for p in folder.iterdir():
            z.write(p, f"RefRomeCsv/{p.name}")
    out_zip, out_dir = tmp_path / "a", tmp_path / "b"
    for source, out in ((archive, out_zip), (folder, out_dir)):
        subprocess.run([sys.executable, str(SCRIPT), str(source), "--out", str(out), "--origin", "essai"],
                       check=True, capture_output=True)  # fmt: skip
    rows = gzip.decompress((out_zip / "appellations.tsv.gz").read_bytes()).decode().splitlines()
    assert rows == ["code_ogr\tlibelle\tcode_rome\tprincipale\tpeu_usite",
                    "16250\tMaçon / Maçonne\tF1703\t1\t0",
                    "16254\tMaçon / Maçonne en rénovation\tF1703\t0\t0"]  # fmt: skip
    sheets = gzip.decompress((out_zip / "metiers.tsv.gz").read_bytes()).decode().splitlines()
    assert sheets[1:] == ["F1703\tMaçon / Maçonne\tF1703", "F1707\tMaçon / Maçonne du paysage\tF1703"]
    source = (out_zip / "SOURCE").read_text(encoding="utf-8")
    assert source.startswith("ROME 4.0, RefRomeCsv v470") and "origine : essai" in source
    for name in ("metiers.tsv.gz", "appellations.tsv.gz"):  # same source, same bytes: no spurious diff
        assert (out_zip / name).read_bytes() == (out_dir / name).read_bytes()


def test_the_refresh_script_refuses_an_incomplete_source(tmp_path: Path) -> None:
    folder = _official_files(tmp_path / "RefRomeCsv")
    (folder / "unix_referentiel_appellation_v470_utf8.csv").unlink()
    run = subprocess.run([sys.executable, str(SCRIPT), str(folder), "--out", str(tmp_path / "out")],
                         capture_output=True, text=True)  # fmt: skip
    assert run.returncode != 0 and "appellations introuvable" in run.stderr
    assert not (tmp_path / "out").exists()
