"""The commands of departmental synchronisation, run in process: keys, package, coordinator, referential."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from clausedesk.cli import run
from clausedesk.core.rules.people import AGE_BANDS
from clausedesk.paths import Paths
from clausedesk.sync import keys, setup
from clausedesk.sync.manifest import AGGREGATES, MANIFEST, RECORDS, SIGNATURE

FAST = "16"  # scrypt cost for tests (the hidden --scrypt-n option)


def cli(capsys: pytest.CaptureFixture[str], paths: Paths, *args: str) -> tuple[int, str, str]:
    code = run(["--data-dir", str(paths.root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def json_objects(text: str) -> list[dict[str, Any]]:
    """`--json` prints one indented object per file, one after the other."""
    decoder, objects, pos = json.JSONDecoder(), [], 0
    text = text.strip()
    while pos < len(text):
        obj, pos = decoder.raw_decode(text, pos)
        objects.append(obj)
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return objects


def test_the_whole_month_on_the_command_line(
    capsys: pytest.CaptureFixture[str], demo_paths: Paths, tmp_path: Path
) -> None:
    coord = Paths(tmp_path / "coordinateur")
    coord_pub, fac_pub, ref = tmp_path / "coordinateur.pub", tmp_path / "alice.pub", tmp_path / "ref.cdref"

    # the coordinator's folder, public key and referential
    code, out, err = cli(capsys, coord, "coordinator", "init", "--scrypt-n", FAST)
    assert code == 0, err
    bundle = setup.public_bundle(coord)
    assert bundle is not None and bundle.encryption is not None
    assert f"clé {bundle.signing.key_id_hex}" in out and f"Empreinte : {bundle.fingerprint}" in out
    code, out, err = cli(capsys, coord, "coordinator", "export-public", "-o", str(coord_pub))
    assert code == 0, err
    assert keys.read_public_bundle(coord_pub) == bundle and bundle.fingerprint in out
    code, out, err = cli(
        capsys, coord, "coordinator", "publish-referential", "-o", str(ref), "--department", "Test (99)"
    )
    assert code == 0, err
    assert "version 1" in out and "mot de passe" in out

    # the facilitator: key, public key, trust, referential
    code, out, err = cli(capsys, demo_paths, "keys", "export-public", "-o", str(fac_pub))
    assert code == 1 and "keys init" in err and not fac_pub.exists()
    code, out, err = cli(capsys, demo_paths, "keys", "init", "--scrypt-n", FAST)
    assert code == 0, err
    mine = setup.public_bundle(demo_paths)
    assert mine is not None and mine.encryption is None and mine.fingerprint in out
    code, _, err = cli(capsys, demo_paths, "keys", "init", "--scrypt-n", FAST)
    assert code == 1 and "existe déjà" in err
    assert setup.public_bundle(demo_paths) == mine  # never replaced
    code, out, err = cli(capsys, demo_paths, "keys", "export-public", "-o", str(fac_pub))
    assert code == 0, err
    assert keys.read_public_bundle(fac_pub) == mine
    assert fac_pub.read_text(encoding="ascii").startswith("untrusted comment: minisign public key ")
    code, _, err = cli(capsys, demo_paths, "keys", "trust-coordinator", str(fac_pub))
    assert code == 1 and "pas celle d'un coordinateur" in err
    code, out, err = cli(capsys, demo_paths, "keys", "trust-coordinator", str(coord_pub))
    assert code == 0, err
    assert bundle.fingerprint in out and "téléphone" in out
    p1, p2 = tmp_path / "p1.cdpkg", tmp_path / "p2.cdpkg"
    code, _, err = cli(capsys, demo_paths, "package", "--month", "2026-09", "-o", str(p1))
    assert code == 1 and "référentiel" in err and not p1.exists()
    code, out, err = cli(capsys, demo_paths, "import-referential", str(ref))
    assert code == 0, err
    assert "version 1" in out and "Test (99)" in out

    # two monthly packages; an earlier month is refused once a later one was sent
    code, out, err = cli(capsys, demo_paths, "package", "--month", "2026-09", "-o", str(p1))
    assert code == 0, err
    assert out.startswith("Paquet n° 1 (2026-09) écrit") and bundle.signing.key_id_hex in out
    code, out, err = cli(capsys, demo_paths, "package", "--month", "2026-10", "-o", str(p2))
    assert code == 0, err
    assert out.startswith("Paquet n° 2 (2026-10) écrit")
    code, _, err = cli(capsys, demo_paths, "package", "--month", "2026-08", "-o", str(tmp_path / "x.cdpkg"))
    assert code == 1 and "mois antérieur" in err
    code, _, err = cli(capsys, coord, "package", "--month", "2026-10", "-o", str(tmp_path / "c.cdpkg"))
    assert code == 1 and "coordinateur" in err

    # the coordinator enrols the facilitator and imports: a gap is held, then filled
    code, out, err = cli(capsys, coord, "coordinator", "enroll", str(fac_pub), "--name", "Alice Martin")
    assert code == 0, err
    assert mine.fingerprint in out
    code, out, err = cli(capsys, coord, "coordinator", "import", str(p2), "--json")
    assert code == 0, err
    [held] = json_objects(out)
    assert held["status"] == "held" and held["sequence"] == 2 and held["facilitator"] == "Alice Martin"
    junk = tmp_path / "abime.cdpkg"
    junk.write_bytes(p1.read_bytes()[:-100])
    code, out, err = cli(capsys, coord, "coordinator", "import", str(p1), str(p2), str(junk), "--json")
    assert code == 1
    merged, duplicate, rejected = json_objects(out)
    assert merged["status"] == "merged" and merged["released"] == [2] and merged["records"] > 0
    assert merged["period"] == "2026-09" and merged["sequence"] == 1
    assert duplicate["status"] == "duplicate"
    assert rejected["status"] == "rejected" and rejected["file"] == str(junk)
    assert rejected["reason"].startswith("Paquet refusé — contrôle « ") and rejected["check"]
    code, out, err = cli(capsys, coord, "coordinator", "import", str(p1))
    assert code == 0 and "déjà reçu" in out

    # open a package for inspection
    opened = tmp_path / "ouvert"
    code, out, err = cli(capsys, coord, "coordinator", "open", str(p1), "-o", str(opened))
    assert code == 0, err
    assert {p.name for p in opened.iterdir()} == {MANIFEST, SIGNATURE, RECORDS, AGGREGATES}
    manifest = json.loads((opened / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["sequence"] == 1 and manifest["period"] == "2026-09"

    # the department's figures, workbook and comité PDF
    code, out, err = cli(capsys, coord, "coordinator", "stats", "--json")
    assert code == 0, err
    stats = json.loads(out)
    assert {"facilitators", "packages", "markets", "participants", "hours_total"} <= set(stats)
    assert stats["facilitators"] == 1 and stats["packages"] == 2
    assert stats["markets"] > 0 and stats["participants"] > 0 and stats["hours_total"] > 0
    code, out, err = cli(capsys, coord, "coordinator", "stats")
    assert code == 0 and "Paquets intégrés" in out and "\u00a0h" in out

    xlsx = tmp_path / "consolidation.xlsx"
    code, _, err = cli(capsys, coord, "coordinator", "export-xlsx", "-o", str(xlsx))
    assert code == 0, err
    wb = load_workbook(xlsx)
    summary = {row[0]: row[1] for row in wb["Synthèse"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Paquets intégrés"] == 2 and summary["Marchés suivis"] == stats["markets"]
    ages = next(ws for ws in wb.worksheets if ws["A1"].value == "Personnes par tranche d'âge à l'entrée")
    bands = [row[0] for row in ages.iter_rows(min_row=3, values_only=True)]
    order = [label for *_bounds, label in AGE_BANDS]
    assert len(bands) >= 2 and [b for b in bands if b in order] == [b for b in order if b in bands]

    pdf = tmp_path / "comite.pdf"
    code, out, err = cli(capsys, coord, "coordinator", "comite-pdf", "--month", "2026-10", "-o", str(pdf))
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF") and str(pdf) in out

    # revocation: the next package of that key is refused, an unknown key is said so
    code, out, err = cli(capsys, coord, "coordinator", "revoke", bundle.signing.key_id_hex)
    assert code == 1 and "Aucun facilitateur" in err
    code, out, err = cli(capsys, coord, "coordinator", "revoke", mine.signing.key_id_hex)
    assert code == 0, err
    assert "Alice Martin" in out and "révoquée" in out
    p3 = tmp_path / "p3.cdpkg"
    code, _, err = cli(capsys, demo_paths, "package", "--month", "2026-10", "-o", str(p3))
    assert code == 0, err
    code, out, err = cli(capsys, coord, "coordinator", "import", str(p3), "--json")
    [refused] = json_objects(out)
    assert code == 1 and refused["status"] == "rejected" and refused["check"] == "key"
    assert "révoquée" in refused["reason"]
    code, _, err = cli(capsys, coord, "coordinator", "enroll", str(fac_pub), "--name", "Alice Martin")
    assert code == 1 and "révoquée" in err


def test_a_newer_referential_replaces_an_older_one_never_the_reverse(
    capsys: pytest.CaptureFixture[str], store: Any, tmp_path: Path
) -> None:
    store.close()
    coord, fac = Paths(tmp_path / "coordinateur"), store.paths
    pub, v1, v2 = tmp_path / "c.pub", tmp_path / "v1.cdref", tmp_path / "v2.cdref"
    assert cli(capsys, coord, "coordinator", "init", "--scrypt-n", FAST)[0] == 0
    assert cli(capsys, coord, "coordinator", "export-public", "-o", str(pub))[0] == 0
    assert cli(capsys, coord, "coordinator", "publish-referential", "-o", str(v1))[0] == 0
    code, out, _ = cli(
        capsys, coord, "coordinator", "publish-referential", "-o", str(v2), "--department", "D"
    )
    assert code == 0 and "version 2" in out
    code, _, err = cli(capsys, fac, "import-referential", str(v1))
    assert code == 1 and "clé du coordinateur" in err
    assert cli(capsys, fac, "keys", "trust-coordinator", str(pub))[0] == 0
    code, out, err = cli(capsys, fac, "import-referential", str(v2))
    assert code == 0 and "version 2" in out, err
    code, _, err = cli(capsys, fac, "import-referential", str(v1))
    assert code == 1 and "plus ancien" in err
    code, _, err = cli(capsys, fac, "coordinator", "publish-referential", "-o", str(tmp_path / "x.cdref"))
    assert code == 1 and not (tmp_path / "x.cdref").exists()
