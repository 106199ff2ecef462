"""The directory of facilitators (issue 14): structure, contacts, territory, chefs de file, referential."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from clausedesk.cli import run
from clausedesk.sync import directory, referential

from .comite_store import SIRET_A, SIRET_B, Department

WAIT = 30_000  # ms: reads run on the worker, slow on a loaded machine


def cli(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, Any, str]:
    code = run(["--data-dir", str(root), *args])
    out, err = capsys.readouterr()
    return code, json.loads(out) if code == 0 and "--json" in args else out, err


def test_directory_lists_every_facilitator_with_structure_contacts_and_chefs_de_file(
    department: Department, capsys: pytest.CaptureFixture[str]
) -> None:
    root, key_a, key_b = department.coord.paths.root, department.keys["A"], department.keys["B"]
    code, before, err = cli(capsys, root, "coordinator", "directory", "--json")
    assert code == 0, err
    assert [(e["key_id"], e["structure"], e["territory"], e["chef_de_file_for"]) for e in before] == [
        (key_a, None, [], []), (key_b, None, [], [])]  # fmt: skip
    assert {e["last_package_month"] for e in before} == {"2025-12"}  # each sent its 2025-12 package

    code, out, err = cli(capsys, root, "coordinator", "directory", "set", key_a, "--structure", "plie",
                         "--contact", "03 21 00 00 00", "--contact", "a@plie.example",
                         "--territory", "200033579, 62041")  # fmt: skip
    assert code == 0 and "Annuaire mis à jour pour « A »" in out, err
    code, out, err = cli(capsys, root, "coordinator", "directory", "set", key_b,
                         "--structure", "maison-emploi")  # fmt: skip
    assert code == 0, err
    code, out, err = cli(
        capsys, root, "coordinator", "chef-de-file", "--buyer", SIRET_A, "--facilitator", key_a
    )
    assert code == 0 and f"« A » est chef de file pour le donneur d'ordre {SIRET_A}." in out, err
    code, out, err = cli(
        capsys, root, "coordinator", "chef-de-file", "--buyer", SIRET_B, "--facilitator", key_a
    )
    assert code == 0, err
    code, out, err = cli(
        capsys, root, "coordinator", "chef-de-file", "--buyer", SIRET_B, "--facilitator", key_b
    )
    assert code == 0 and "(à la place de « A »)" in out, err

    code, rows, err = cli(capsys, root, "coordinator", "directory", "--json")
    assert code == 0, err
    a, b = rows
    assert set(a) >= {"key_id", "name", "structure", "territory", "last_package_month", "chef_de_file_for"}
    assert (a["name"], a["structure"], a["structure_label"]) == ("A", "plie", "PLIE")
    assert a["contacts"] == ["03 21 00 00 00", "a@plie.example"] and a["chef_de_file_for"] == [SIRET_A]
    assert (a["territory"], a["communes"]) == (["200033579"], ["62041"])  # CU d'Arras, and Arras itself
    assert (b["structure_label"], b["chef_de_file_for"], b["contacts"]) == (
        "Maison de l'Emploi",
        [SIRET_B],
        [],
    )

    code, text, err = cli(capsys, root, "coordinator", "directory")
    assert code == 0 and "A — clé" in text and "chef de file pour : 21750001600019" in text, err


def test_bad_directory_input_is_refused_and_changes_nothing(
    department: Department, capsys: pytest.CaptureFixture[str]
) -> None:
    root, key_a = department.coord.paths.root, department.keys["A"]
    code, before, err = cli(capsys, root, "coordinator", "directory", "--json")
    cases: list[tuple[list[str], int, str]] = [
        (["directory", "set", key_a, "--structure", "mairie"], 1, "Structure : « mairie » inconnue"),
        (
            ["directory", "set", key_a, "--territory", "200033579,200033578"],
            1,
            "200033578 (aucun EPCI de ce SIREN)",
        ),
        (["directory", "set", key_a, "--territory", "62999"], 1, "62999 (aucune commune de ce code INSEE)"),
        (["directory", "set", key_a, "--territory", "62"], 1, "ni un SIREN d'EPCI"),
        (["directory", "set", "0123456789ABCDEF", "--structure", "plie"], 1, "Aucun facilitateur inscrit"),
        (["directory", "set", "pas-une-cle", "--structure", "plie"], 1, "16 chiffres hexadécimaux"),
        (["directory", "set", key_a], 2, "rien à changer"),
        (["directory", "set", key_a, "--contact", "1 85 05 78 006 084 91"], 1, "Contact"),
        (
            ["chef-de-file", "--buyer", "21750001600018", "--facilitator", key_a],
            1,
            "SIRET du donneur d'ordre",
        ),
        (["chef-de-file", "--buyer", SIRET_A, "--facilitator", "0123456789ABCDEF"], 1, "Aucun facilitateur"),
    ]
    for args, expected, reason in cases:
        code, out, err = cli(capsys, root, "coordinator", *args)
        assert code == expected and reason in err, (args, err)
    code, out, err = cli(capsys, root, "coordinator", "revoke", key_a)
    assert code == 0, err
    code, out, err = cli(
        capsys, root, "coordinator", "chef-de-file", "--buyer", SIRET_A, "--facilitator", key_a
    )
    assert code == 1 and "est révoquée" in err
    code, after, err = cli(capsys, root, "coordinator", "directory", "--json")
    assert [{**e, "revoked": False} for e in after] == before


def test_the_directory_travels_to_the_facilitators_in_the_signed_referential(
    department: Department, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    coord, key_a, key_b = department.coord, department.keys["A"], department.keys["B"]
    directory.set_entry(coord.store.sessions, key_a, "association", None, ["a@asso.example"])
    directory.set_chef_de_file(coord.store.sessions, SIRET_B, key_a)
    ref = tmp_path / "referentiel-2.cdref"
    referential.publish(coord.store.sessions, coord.identity, ref)
    root_b = department.paths["B"].root
    code, out, err = cli(capsys, root_b, "import-referential", str(ref))
    assert code == 0 and "2 facilitateurs dans l'annuaire" in out, err
    from clausedesk.db.store import Store

    store = Store.open(department.paths["B"])
    try:
        with store.session() as session:
            colleagues = directory.facilitator_directory(session, key_b)
    finally:
        store.close()
    a, b = colleagues
    assert (a.name, a.structure, a.contacts, a.chef_de_file_for, a.is_me) == (
        "A", "Association", ["a@asso.example"], [(SIRET_B, "Ville B")], False)  # fmt: skip
    assert (b.name, b.is_me, b.structure) == ("B", True, "")


def test_the_facilitator_sees_the_directory_in_the_window(
    department: Department, capsys: pytest.CaptureFixture[str], tmp_path: Path, qtbot: Any
) -> None:
    from clausedesk.db.store import Store
    from clausedesk.ui.app import make_application
    from clausedesk.ui.context import UiContext
    from clausedesk.ui.sync import create_screen

    coord, key_a = department.coord, department.keys["A"]
    directory.set_entry(coord.store.sessions, key_a, "plie", "200033579", ["03 21 00 00 00"])
    directory.set_chef_de_file(coord.store.sessions, SIRET_A, key_a)
    ref = tmp_path / "referentiel-2.cdref"
    referential.publish(coord.store.sessions, coord.identity, ref)
    code, out, err = cli(capsys, department.paths["A"].root, "import-referential", str(ref))
    assert code == 0, err

    make_application()
    store = Store.open(department.paths["A"])
    try:
        screen = create_screen(UiContext(store=store, paths=department.paths["A"]))
        qtbot.addWidget(screen)
        panel = screen.facilitator
        assert panel is not None
        model = panel.directory.model
        qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=WAIT)
        assert model.rows[0][:3] == ["A (vous)", "PLIE", "CU d'Arras (200033579)"]
        assert model.rows[0][3] == f"Ville A ({SIRET_A})" and model.rows[0][4] == "03 21 00 00 00"
        assert model.rows[1][0] == "B" and model.rows[1][3] == "—"
        assert panel.directory.empty.isHidden()
    finally:
        from clausedesk.ui.tasks import wait_idle

        wait_idle()
        store.close()
