"""The relevé import and the template through the command line, on the golden files (fixtures/releves)."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from clausedesk.cli import run
from clausedesk.core.services import hours_import
from clausedesk.db.models import HourEntry, HourSource
from clausedesk.db.store import Store
from clausedesk.paths import Paths
from tests.hours.helpers import RELEVES, cli, snapshot

SIRET, MONTH = "43680387800756", "2026-10"


BAD_FILES = {
    "pas_un_tableur.xlsx": "n'est pas un tableur",
    "tronque.xlsx": "endommagé ou incomplet",
    "csv_renomme.xlsx": "(fichier texte CSV), feuille « csv_renomme » : le mois du relevé est absent",
    "mot_de_passe.xlsx": "protégé par un mot de passe",
    "sans_entete_heures.xlsx": "« Heures travaillées »",
    "texte_au_lieu_de_nombre.xlsx": "ligne 10, colonne H (Heures travaillées) : « trente-cinq » n'est pas",
    "heures_negatives.xlsx": "ligne 11, colonne H (Heures travaillées) : -7 heures est négatif",
    "heures_impossibles.xlsx": "ligne 12 : 1\u202f520\u00a0h pour LEFÈVRE Alexandre dépassent",
    "personne_inconnue.xlsx": "ligne 13 : personne inconnue : INCONNU Jean",
    "ligne_en_double.xlsx": "ligne 13 : ligne en double : BOYER Kévin",
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_each_bad_file_is_refused_with_its_french_reason(
    name: str, demo_paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(demo_paths)
    code, _, err = cli(capsys, demo_paths, "import-hours", str(RELEVES / name))
    assert code == 1
    assert BAD_FILES[name] in err
    assert err.startswith("Erreur") and "Traceback" not in err
    assert snapshot(demo_paths) == before


def test_good_file_imports_then_reimport_changes_nothing(
    demo_paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(
        capsys, demo_paths, "import-hours", str(RELEVES / "releve_ok.xlsx"), "--dry-run", "--json"
    )
    assert code == 0
    dry = json.loads(out)
    assert dry["written"] is False and dry["counts"]["changed"] == 4 and dry["counts"]["unchanged"] == 1
    first = next(r for r in dry["rows"] if r["row"] == 9)
    assert (
        first["outcome"] == "changed" and first["hours_worked"] == 151.67 and first["person"] == "BOYER Kévin"
    )
    before = snapshot(demo_paths)
    code, out, _ = cli(capsys, demo_paths, "import-hours", str(RELEVES / "releve_ok.xlsx"))
    assert code == 0 and "Import enregistré" in out
    after_first = snapshot(demo_paths)
    assert after_first != before
    code, out, _ = cli(capsys, demo_paths, "import-hours", str(RELEVES / "releve_ok.xlsx"))
    assert code == 0 and "Rien à changer" in out
    assert snapshot(demo_paths) == after_first  # same values, same revs, no new source


def avant_import_backups(paths: Paths) -> list[str]:
    if not paths.backups.is_dir():
        return []
    return sorted(p.name for p in paths.backups.glob("avant-import_*.sqlite"))


def test_an_import_that_writes_backs_the_store_up_first(
    demo_paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 7: a rotating "avant-import" backup, taken once before the import writes, holding the
    store as it was; not for a dry run, a refused file or a file that changes nothing."""
    before = snapshot(demo_paths)
    cli(capsys, demo_paths, "import-hours", str(RELEVES / "releve_ok.xlsx"), "--dry-run")
    cli(capsys, demo_paths, "import-hours", str(RELEVES / "texte_au_lieu_de_nombre.xlsx"))
    assert avant_import_backups(demo_paths) == []
    code, out, _ = cli(capsys, demo_paths, "import-hours", str(RELEVES / "releve_ok.xlsx"))
    assert code == 0 and "Import enregistré" in out
    backups = avant_import_backups(demo_paths)
    assert len(backups) == 1 and f"Sauvegarde de la base faite juste avant l'import : {backups[0]}" in out
    assert snapshot(demo_paths) != before
    copy = Paths(demo_paths.root.parent / "copie").ensure()
    shutil.copyfile(demo_paths.backups / backups[0], copy.store)
    assert snapshot(copy) == before  # the backup holds the store as it was before the import
    cli(capsys, demo_paths, "import-hours", str(RELEVES / "releve_ok.xlsx"))  # nothing to change
    assert avant_import_backups(demo_paths) == backups


def test_own_layout_matches_rows_by_name_and_lot(
    demo_paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(
        capsys, demo_paths, "import-hours", str(RELEVES / "releve_colonnes_melangees.xlsx"), "--json"
    )
    assert code == 0
    result = json.loads(out)
    assert result["company_siret"] == SIRET and result["month"] == MONTH
    assert result["counts"] == {"new": 0, "changed": 4, "unchanged": 1, "removed": 0, "error": 0}
    worked = {r["person"]: r["hours_worked"] for r in result["rows"]}
    assert worked["DUPONT Jordan"] == 98.5 and worked["ROBERT Isabelle"] == 120.25


def test_import_is_recorded_and_can_be_undone_exactly(demo_store: Store) -> None:
    before = _entries(demo_store)
    result = hours_import.import_file(demo_store.sessions, RELEVES / "releve_ok.xlsx")
    assert result.written and result.source_id is not None
    with demo_store.session() as s:
        source = s.get(HourSource, result.source_id)
        assert source is not None and source.file_name == "releve_ok.xlsx" and len(source.sha256 or "") == 64
        past = hours_import.past_imports(s)
        assert past[0]["id"] == result.source_id and past[0]["rows"] == 4
    with demo_store.session() as s:
        assert hours_import.undo_import(s, result.source_id) == 4
    after = _entries(demo_store)
    assert {k: v[1:] for k, v in after.items()} == {k: v[1:] for k, v in before.items()}
    with demo_store.session() as s, pytest.raises(Exception, match="déjà été annulé"):
        hours_import.undo_import(s, result.source_id)


def _entries(store: Store) -> dict[str, tuple[object, ...]]:
    with store.session() as s:
        rows = s.execute(
            select(
                HourEntry.uuid,
                HourEntry.rev,
                HourEntry.hours_worked,
                HourEntry.hours_training,
                HourEntry.status,
                HourEntry.source_id,
                HourEntry.deleted_at,
            )
        ).all()
    return {r[0]: tuple(r[1:]) for r in rows}


def test_template_command_writes_a_protected_french_template(
    demo_paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "releve.xlsx"
    code, out, _ = cli(
        capsys, demo_paths, "template", "--company", SIRET, "--month", MONTH, "-o", str(target)
    )
    assert code == 0 and "5 lignes" in out
    ws = openpyxl.load_workbook(target)["Relevé"]
    headers = [c.value for c in ws[8]]
    assert "Heures travaillées" in headers and "Heures de formation" in headers
    assert headers.index("Heures de tutorat") == headers.index("Heures de formation") + 1
    assert ws.protection.sheet and ws.column_dimensions["L"].hidden
    assert ws["J9"].protection.locked is False
    assert ws["H9"].protection.locked is False and ws["A9"].protection.locked is True
    assert ws.data_validations.dataValidation[0].formula2 == "310"
    assert ws["B3"].value == SIRET and ws["B4"].value == MONTH
    # an untouched template re-imports as "unchanged": current values are pre-filled
    result = hours_import.import_file(Store.open(demo_paths).sessions, target, dry_run=True)
    assert result.count("unchanged") == 5 and not result.errors


def test_template_refuses_unknown_company_and_bad_month(
    demo_paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(
        capsys,
        demo_paths,
        "template",
        "--company",
        "73282932000074",
        "--month",
        MONTH,
        "-o",
        str(tmp_path / "x.xlsx"),
    )
    assert code == 1 and "Aucune entreprise de SIRET 73282932000074" in err
    with pytest.raises(SystemExit) as exc:
        run(
            [
                "--data-dir",
                str(demo_paths.root),
                "template",
                "--company",
                SIRET,
                "--month",
                "2026-13",
                "-o",
                "x",
            ]
        )
    assert exc.value.code == 2


def test_file_with_one_bad_row_writes_nothing(demo_store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "releve.xlsx"
    shutil.copy(RELEVES / "texte_au_lieu_de_nombre.xlsx", bad)
    before = _entries(demo_store)
    result = hours_import.import_file(demo_store.sessions, bad)
    assert not result.written and len(result.errors) == 1 and result.count("changed") == 3
    assert _entries(demo_store) == before
    assert Decimal("151.67") in [o.hours_worked for o in result.outcomes]
