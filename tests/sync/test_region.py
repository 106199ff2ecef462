"""The region (issue 15, part 5): two departments of two facilitators each, by real commands and packages
(the set-up and the hand-computed figures are in region_setup), on the region's store file and on PostgreSQL.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from clausedesk.cli import run
from clausedesk.db.store import Store
from clausedesk.paths import Paths
from clausedesk.sync import envelope
from clausedesk.sync.archive import canonical_json, strict_json
from clausedesk.sync.region_package import MANIFEST, RECORDS

from .conftest import PASS, raw_zip
from .region_setup import (
    DEPARTMENTS,
    FAST,
    Region,
    cli,
    fill,
    forge,
    import_json,
    json_objects,
    ok,
    opened,
    snapshot,
    with_records,
)

NO_SORTIE = {"durable": 0, "transition": 0, "positive": 0, "autre": 0}


def test_a_region_of_two_departments_counts_a_person_once(region: Region) -> None:
    results = import_json(region, *region.packages["Nord"], *region.packages["Pas-de-Calais"])
    assert [r["status"] for r in results] == ["merged"] * 4, results
    assert {(r["department"], r["sequence"], r["year"]) for r in results} == {
        ("Nord", 1, 2024),
        ("Nord", 2, 2025),
        ("Pas-de-Calais", 1, 2024),
        ("Pas-de-Calais", 2, 2025),
    }

    year = json.loads(region.ok("stats", "--json", "--year", "2025"))
    assert year["departments"] == 2 and year["packages"] == 4 and year["packages_held"] == 0
    assert year["period"] == {"from": "2025-01", "to": "2025-12"}
    assert year["hours_total"] == 300.0 and year["people"] == 4  # Anne worked in both: counted once
    assert year["publics_at_entry"] == {"BRSA": 2, "DELD": 3, "moins_26": 1, "50_plus": 1}
    assert year["contracts_by_type"] == {"CDD": 3, "CDI": 2}
    assert year["sorties"] == {**NO_SORTIE, "durable": 1}
    assert (year["buyers_met"], year["comite_meetings"], year["markets_followed"]) == (1, 1, 4)

    by = json.loads(region.ok("stats", "--json", "--year", "2025", "--by", "department"))
    assert set(by) == {"Nord", "Pas-de-Calais"}
    nord, pdc = by["Nord"], by["Pas-de-Calais"]
    assert (nord["hours_total"], nord["people"]) == (240.0, 3)
    assert (pdc["hours_total"], pdc["people"]) == (60.0, 2)
    assert nord["people"] + pdc["people"] == year["people"] + 1
    assert nord["publics_at_entry"] == {"BRSA": 2, "DELD": 1, "moins_26": 1, "50_plus": 1}
    assert pdc["publics_at_entry"] == {"DELD": 2}
    assert (nord["comite_meetings"], pdc["buyers_met"]) == (1, 1)

    before = json.loads(region.ok("stats", "--json", "--year", "2024"))
    assert before["hours_total"] == 150.0 and before["people"] == 2
    everything = json.loads(region.ok("stats", "--json"))
    assert everything["hours_total"] == 450.0 and everything["people"] == 4 and "period" not in everything


def test_the_regional_bilan_compares_departments_and_years(region: Region) -> None:
    from pypdf import PdfReader

    from clausedesk.sync.region_figures import REGION_DEFINITIONS

    import_json(region, *region.packages["Nord"], *region.packages["Pas-de-Calais"])
    pdf = region.tmp / "bilan.pdf"
    out = region.ok("bilan-pdf", "--year", "2025", "-o", str(pdf))
    assert "Bilan régional 2025 écrit" in out
    text = " ".join(" ".join((page.extract_text() or "") for page in PdfReader(pdf).pages).split())
    assert "Bilan régional des clauses sociales" in text and "Hauts-de-France" in text
    assert (
        "Chiffres 2025 par département" in text and "Évolution par département : 2025 comparé à 2024" in text
    )
    assert "Indicateurs de la région : 2025 comparé à 2024" in text
    assert "Nord" in text and "Pas-de-Calais" in text
    # hours by department and for the region, this year and the year before, with the difference
    assert "Nord 240 h 70 h +170 h" in text
    assert "Pas-de-Calais 60 h 80 h" in text and "−20 h" in text
    assert "Région (personnes comptées une fois) 300 h 150 h +150 h" in text
    for name, (title, definition) in REGION_DEFINITIONS.items():
        assert title in text, name
        assert " ".join(definition.split()[:4]) in text, name
    assert "pseudonyme régional" in text


def test_the_facilitators_packages_carry_the_same_regional_pseudonym(file_region: Region) -> None:
    """Anne's participant records in Nord (A) and Pas-de-Calais (C) differ in departmental pseudonym and share
    the regional one; the regional package carries only the regional one, and no name."""
    from clausedesk.db.repositories import coordinator as coord_repo

    region = file_region

    regional, departmental = {}, {}
    for dep in DEPARTMENTS:
        store = Store.open(Paths(region.coords[dep]))
        try:
            with store.session() as s:
                participants = coord_repo.payloads(s, "participant")
        finally:
            store.close()
        regional[dep] = {p["regional_pseudonym"] for p in participants}
        departmental[dep] = {p["pseudonym"] for p in participants}
    assert (len(regional["Nord"]), len(regional["Pas-de-Calais"])) == (3, 2)
    assert len(regional["Nord"] & regional["Pas-de-Calais"]) == 1  # Anne
    assert not departmental["Nord"] & departmental["Pas-de-Calais"]  # two departmental secrets
    records = strict_json(opened(region, region.packages["Nord"][1].read_bytes())[RECORDS])["records"]
    participants = [r["data"] for r in records if r["type"] == "participant"]
    assert {p["pseudonym"] for p in participants} == regional["Nord"]
    assert all(
        set(p) == {"pseudonym", "sex", "commune_code", "qpv", "qualification_level"} for p in participants
    )
    text = region.packages["Nord"][1].read_bytes()
    assert b"Martin" not in opened(region, text)[RECORDS] and b"Anne" not in opened(region, text)[RECORDS]


# --- attacks: each rejected with its check and reason, the store unchanged -----------------------------


def _rejected(region: Region, path: Path, check: str, *words: str) -> dict[str, Any]:
    before = snapshot(region)
    [result] = import_json(region, path)
    assert result["status"] == "rejected" and result["check"] == check, result
    for word in words:
        assert word in result["reason"], (word, result["reason"])
    assert snapshot(region) == before
    return result


def test_each_attack_is_rejected_with_its_check_and_reason(region: Region) -> None:
    nord_2024, nord_2025 = region.packages["Nord"]
    pdc_2024, pdc_2025 = region.packages["Pas-de-Calais"]
    assert [r["status"] for r in import_json(region, nord_2024, pdc_2024)] == ["merged", "merged"]
    nord = region.identity(region.coords["Nord"])
    pdc = region.identity(region.coords["Pas-de-Calais"])

    # a bad signature: the manifest altered after signing (the year changed)
    files = opened(region, nord_2025.read_bytes())
    manifest = json.loads(files[MANIFEST])
    manifest["year"] = 2023
    tampered = dict(files, **{MANIFEST: canonical_json(manifest)})
    bad = region.tmp / "signature.cdreg"
    bundle = region.identity(region.root).bundle
    assert bundle.encryption is not None
    bad.write_bytes(envelope.encrypt(raw_zip(sorted(tampered.items())), bundle.encryption, bundle.key_id))
    _rejected(region, bad, "signature")

    # an unknown department: a coordinator the region never enrolled
    stranger = region.tmp / "coord-inconnu"
    ok(stranger, "coordinator", "init", "--scrypt-n", FAST)
    ok(stranger, "coordinator", "trust-region", str(region.tmp / "region.pub"))
    unknown = region.tmp / "inconnu.cdreg"
    ok(stranger, "coordinator", "export-region", "--year", "2025", "-o", str(unknown))
    _rejected(region, unknown, "key", "n'est pas celle d'un département inscrit", "region enroll")

    # a replayed sequence: Nord's package n° 1 again is a duplicate (nothing changes); another package
    # carrying n° 1 (its content altered, signed again by Nord) is refused
    before = snapshot(region)
    assert import_json(region, nord_2024)[0]["status"] == "duplicate" and snapshot(region) == before

    def more_hours(records: list[dict[str, Any]]) -> None:
        entry = next(r for r in records if r["type"] == "hour_entry")
        entry["rev"] += 1
        entry["data"]["hours_worked"] = "99.00"

    replay = forge(region, with_records(opened(region, nord_2024.read_bytes()), more_hours), nord,
                    region.tmp / "rejeu.cdreg")  # fmt: skip
    _rejected(region, replay, "sequence", "n° 1")

    # a broken chain: package n° 2 whose previous manifest is not n° 1's
    broken = with_records(opened(region, nord_2025.read_bytes()), lambda records: None,
                           previous_manifest_sha256="0" * 64)  # fmt: skip
    _rejected(region, forge(region, broken, nord, region.tmp / "chaine.cdreg"), "chain")

    # another department's record: Pas-de-Calais' package n° 2 changes one of Nord's hour entries
    nord_hours = next(r for r in strict_json(opened(region, nord_2024.read_bytes())[RECORDS])["records"]
                      if r["type"] == "hour_entry")  # fmt: skip

    def steal(records: list[dict[str, Any]]) -> None:
        records.append(
            dict(nord_hours, rev=nord_hours["rev"] + 5, data=dict(nord_hours["data"], hours_worked="1.00"))
        )

    stolen = forge(region, with_records(opened(region, pdc_2025.read_bytes()), steal), pdc,
                    region.tmp / "vol.cdreg")  # fmt: skip
    _rejected(region, stolen, "owner", nord_hours["uuid"], "« Nord »", "« Pas-de-Calais »")

    # ... or deletes one of Nord's people (a tombstone with a higher revision)
    nord_person = next(r for r in strict_json(opened(region, nord_2024.read_bytes())[RECORDS])["records"]
                       if r["type"] == "participant")  # fmt: skip

    def erase(records: list[dict[str, Any]]) -> None:
        records.append(dict(nord_person, rev=nord_person["rev"] + 5, deleted=True))

    erased = forge(region, with_records(opened(region, pdc_2025.read_bytes()), erase), pdc,
                   region.tmp / "effacement.cdreg")  # fmt: skip
    _rejected(region, erased, "owner", "supprimer", nord_person["uuid"], "« Nord »")

    # content the facilitator's side would refuse: an hour month in 2099
    def future(records: list[dict[str, Any]]) -> None:
        entry = next(r for r in records if r["type"] == "hour_entry")
        entry["data"]["month"] = "2099-01"

    odd = forge(region, with_records(opened(region, pdc_2025.read_bytes()), future), pdc,
                 region.tmp / "contenu.cdreg")  # fmt: skip
    _rejected(region, odd, "content", "2099-01")

    # and the genuine packages still go in after all this
    assert [r["status"] for r in import_json(region, nord_2025, pdc_2025)] == ["merged", "merged"]


def test_content_the_facilitators_side_would_refuse_is_refused_at_the_region(region: Region) -> None:
    """Every content attack of the coordinator's tests, in a department's package signed by its own key:
    refused whole with the record named, the region's store unchanged; then the genuine package merges."""
    from .test_content_checks import ATTACKS

    nord_2024 = region.packages["Nord"][0]
    pdc_2024, pdc_2025 = region.packages["Pas-de-Calais"]
    assert [r["status"] for r in import_json(region, nord_2024, pdc_2024)] == ["merged", "merged"]
    pdc = region.identity(region.coords["Pas-de-Calais"])
    files = opened(region, pdc_2025.read_bytes())
    for name, (change, expected) in sorted(ATTACKS.items()):
        touched: list[str] = []
        edited = with_records(files, lambda records, c=change, t=touched: t.append(c(records)))
        path = forge(region, edited, pdc, region.tmp / f"{name}.cdreg")
        reason = expected.replace("chez le coordinateur", "à la région")  # the region's words
        _rejected(region, path, "content", reason, touched[0])
    assert [r["status"] for r in import_json(region, pdc_2025)] == ["merged"]


def test_a_gap_is_held_until_the_missing_package_arrives(region: Region) -> None:
    nord_2024, nord_2025 = region.packages["Nord"]
    [held] = import_json(region, nord_2025)
    assert held["status"] == "held" and held["sequence"] == 2
    assert json.loads(region.ok("stats", "--json"))["hours_total"] == 0.0
    [merged] = import_json(region, nord_2024)
    assert merged["status"] == "merged" and merged["released"] == [2]
    assert json.loads(region.ok("stats", "--json", "--year", "2025"))["hours_total"] == 240.0


def test_export_region_refuses_people_without_regional_pseudonym(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A facilitator who packaged before the regional secret reached them: the coordinator cannot derive the
    regional pseudonym (it holds no names), so the export is refused until their next package carries it."""
    monkeypatch.setenv("CLAUSEDESK_PASSPHRASE", PASS.decode())
    reg, coord, fac = tmp_path / "region", tmp_path / "coord", tmp_path / "fac"
    ok(reg, "region", "init", "--scrypt-n", FAST)
    ok(reg, "region", "export-public", "-o", str(tmp_path / "region.pub"))
    ok(coord, "coordinator", "init", "--scrypt-n", FAST)
    ok(coord, "coordinator", "export-public", "-o", str(tmp_path / "coord.pub"))
    ok(coord, "coordinator", "publish-referential", "-o", str(tmp_path / "dep1.cdref"))
    ok(fac, "keys", "init", "--scrypt-n", FAST)
    ok(fac, "keys", "export-public", "-o", str(tmp_path / "fac.pub"))
    ok(fac, "keys", "trust-coordinator", str(tmp_path / "coord.pub"))
    ok(fac, "import-referential", str(tmp_path / "dep1.cdref"))
    ok(coord, "coordinator", "enroll", str(tmp_path / "fac.pub"), "--name", "Alice")
    fill(fac, "A")
    ok(fac, "package", "--month", "2025-11", "-o", str(tmp_path / "p1.cdpkg"))
    ok(coord, "coordinator", "import", str(tmp_path / "p1.cdpkg"))

    # without the region's key, then without regional pseudonyms: refused, nothing written
    target = tmp_path / "nord.cdreg"
    code, _, err = cli(coord, "coordinator", "export-region", "--year", "2025", "-o", str(target))
    assert code == 1 and "trust-region" in err and not target.exists()
    ok(coord, "coordinator", "trust-region", str(tmp_path / "region.pub"))
    ok(reg, "region", "enroll", str(tmp_path / "coord.pub"), "--name", "Nord")
    ok(reg, "region", "publish-referential", "-o", str(tmp_path / "region.cdref"))
    ok(coord, "coordinator", "import-region-referential", str(tmp_path / "region.cdref"))
    code, _, err = cli(coord, "coordinator", "export-region", "--year", "2025", "-o", str(target))
    assert code == 1 and not target.exists()
    assert "2 personnes n'ont pas de pseudonyme régional" in err and "« Alice » (2)" in err

    # the regional referential is checked like the departmental one: signed by the trusted region, never older
    other = tmp_path / "autre-region"
    ok(other, "region", "init", "--scrypt-n", FAST)
    ok(other, "region", "publish-referential", "-o", str(tmp_path / "autre.cdref"))
    ok(other, "region", "publish-referential", "-o", str(tmp_path / "autre.cdref"))  # version 2
    code, _, err = cli(coord, "coordinator", "import-region-referential", str(tmp_path / "autre.cdref"))
    assert code == 1 and "signature" in err
    ok(reg, "region", "publish-referential", "-o", str(tmp_path / "region-v2.cdref"))
    ok(coord, "coordinator", "import-region-referential", str(tmp_path / "region-v2.cdref"))
    code, _, err = cli(coord, "coordinator", "import-region-referential", str(tmp_path / "region.cdref"))
    assert code == 1 and "plus ancien" in err
    code, _, err = cli(coord, "coordinator", "trust-region", str(tmp_path / "fac.pub"))
    assert code == 1 and "clé d'un facilitateur" in err

    # the secret handed down: the facilitator's next package sends every person again, regional pseudonym
    # included (their revision bumped, so the coordinator takes the new version)
    ok(coord, "coordinator", "publish-referential", "-o", str(tmp_path / "dep2.cdref"))
    ok(fac, "import-referential", str(tmp_path / "dep2.cdref"))
    out = ok(fac, "package", "--month", "2025-12", "-o", str(tmp_path / "p2.cdpkg"))
    assert "2 enregistrement" in out
    ok(coord, "coordinator", "import", str(tmp_path / "p2.cdpkg"))
    out = ok(coord, "coordinator", "export-region", "--year", "2025", "-o", str(target))
    assert "Paquet régional n° 1 (2025)" in out and "(2 personnes)" in out
    [result] = json_objects(ok(reg, "region", "import", str(target), "--json"))
    assert result["status"] == "merged"
    assert json.loads(ok(reg, "region", "stats", "--json", "--year", "2025"))["hours_total"] == 180.0


def test_region_commands_refuse_the_wrong_folder_and_bad_input(region: Region) -> None:
    code, _, err = cli(region.coords["Nord"], "region", "stats", "--json")
    assert code == 1 and "n'est pas celui d'une région" in err
    code, _, err = region.cli("enroll", str(region.tmp / "A.pub"), "--name", "Somme")
    assert code == 1 and "clé d'un facilitateur" in err
    code, _, err = region.cli("enroll", str(region.tmp / "Nord.pub"), "--name", "Nord bis")
    assert code == 1 and "déjà inscrite" in err
    code, _, err = region.cli("init", "--scrypt-n", FAST)
    assert code == 1 and "existe déjà" in err
    next_year = str(date.today().year + 1)
    code, _, err = cli(region.coords["Nord"], "coordinator", "export-region", "--year", next_year, "-o",
                       str(region.tmp / "x.cdreg"))  # fmt: skip
    assert code == 1 and "choisissez une année" in err and not (region.tmp / "x.cdreg").exists()
    with pytest.raises(SystemExit) as usage:
        run(["--data-dir", str(region.root), "region", "stats", "--by", "facilitator"])
    assert usage.value.code == 2


def test_an_erasure_reaches_the_region(region: Region) -> None:
    """Anne asks facilitator C (Pas-de-Calais) to erase her: the tombstone goes up through the coordinator to
    the region, where her work in Pas-de-Calais no longer counts (her work with A in Nord still does)."""
    import_json(region, *region.packages["Nord"], *region.packages["Pas-de-Calais"])
    fac, coord = region.facs["C"], region.coords["Pas-de-Calais"]
    [anne] = [p for p in json.loads(ok(fac, "list", "participants", "--json")) if p["first_name"] == "Anne"]
    ok(fac, "person", "erase", anne["uuid"], "--yes")
    ok(fac, "package", "--month", "2025-12", "-o", str(region.tmp / "C-effacement.cdpkg"))
    ok(coord, "coordinator", "import", str(region.tmp / "C-effacement.cdpkg"))
    again = region.tmp / "Pas-de-Calais-2025-bis.cdreg"
    ok(coord, "coordinator", "export-region", "--year", "2025", "-o", str(again))
    [result] = import_json(region, again)
    assert result["status"] == "merged" and result["sequence"] == 3
    by = json.loads(region.ok("stats", "--json", "--year", "2025", "--by", "department"))
    assert (by["Pas-de-Calais"]["people"], by["Pas-de-Calais"]["hours_total"]) == (1, 20.0)  # Denis alone
    assert (by["Nord"]["people"], by["Nord"]["hours_total"]) == (3, 240.0)
    year = json.loads(region.ok("stats", "--json", "--year", "2025"))
    assert (year["people"], year["hours_total"]) == (4, 260.0)


@pytest.mark.parametrize("year", ["2024", "2025"])
def test_each_departments_figures_in_the_region_are_its_coordinators(region: Region, year: str) -> None:
    """The region computes the comité's indicators itself (portable code, not the coordinator's SQL): for
    each department they must be exactly what its coordinator's `stats` gives for the same year."""
    import_json(region, *region.packages["Nord"], *region.packages["Pas-de-Calais"])
    by = json.loads(region.ok("stats", "--json", "--year", year, "--by", "department"))
    for name, coord in region.coords.items():
        department = json.loads(ok(coord, "coordinator", "stats", "--json", "--year", year))
        assert {key: department[key] for key in by[name]} == by[name], name
