"""The shipped geographic code: communes and EPCIs by code and by name, and the script that refreshes it."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import tarfile
from pathlib import Path

from clausedesk.core.reference import geo

ROOT = Path(__file__).resolve().parents[2]


def test_a_commune_its_epci_and_its_department() -> None:
    grenoble = geo.commune("38185")
    assert grenoble is not None and grenoble.name == "Grenoble" and grenoble.label == "Grenoble (38185)"
    assert "38000" in grenoble.postal_codes
    metro = geo.epci(geo.epci_of_commune("38185") or "")
    assert metro is not None and metro.name == "Grenoble-Alpes-Métropole" and metro.kind_label == "métropole"
    assert "38185" in metro.communes and metro.departments == ("38",)
    assert geo.department_name("38") == "Isère" and geo.department_name("2A") == "Corse-du-Sud"
    assert geo.commune("99999") is None and geo.commune_label("99999") == "99999"
    assert geo.commune_label(None) == ""


def test_the_tables_hold_together() -> None:
    current = [c for c in geo.communes_of_department("79")]
    assert len(current) > 200  # Deux-Sèvres
    every = [c for d in geo.departments() for c in geo.communes_of_department(d)]
    assert len(every) > 34_000
    # Outside the overseas collectivities (975, 977, 978, 98x), only a few islands belong to no EPCI.
    departments_with_epcis = [c for c in every if c.department < "975" or c.department == "976"]
    assert sum(1 for c in departments_with_epcis if c.epci is None) < 10
    for e in geo.epcis_of_department("79"):
        for code in e.communes:
            member = geo.commune(code)
            assert member is not None and member.epci == e.code


def test_search_by_name_ignores_accents_case_and_saint() -> None:
    assert geo.search_communes("grenoble")[0].code == "38185"
    assert geo.search_communes("NIORT")[0].code == "79191"
    # The most populated Saint-Denis first; « st » is « saint ».
    saint_denis = geo.search_communes("st denis", limit=5)
    assert [c.name for c in saint_denis[:4]] == ["Saint-Denis"] * 4
    assert all(a.population >= b.population for a, b in zip(saint_denis[:3], saint_denis[1:4], strict=True))
    assert geo.search_communes("oeuilly")[0].name == "Œuilly"
    assert [c.code for c in geo.search_communes("saint denis", department="93")][0] == "93066"
    assert geo.search_communes("") == []


def test_search_by_code_and_postal_code_and_former_commune() -> None:
    assert geo.search_communes("38185")[0].name == "Grenoble"
    assert geo.search_communes("79000")[0].name == "Niort"
    former = geo.search_communes("arbignieu")[0]
    assert former.part_of == "01015" and geo.commune("01015") is not None
    marseille_1 = geo.commune("13201")
    assert marseille_1 is not None and marseille_1.part_of == "13055"
    assert marseille_1.epci == geo.epci_of_commune("13055")


def test_search_epcis() -> None:
    assert [e.code for e in geo.search_epcis("grenoble")] == ["200040715"]
    assert geo.search_epcis("200040715")[0].name == "Grenoble-Alpes-Métropole"
    assert all("79" in e.departments for e in geo.search_epcis("communauté", department="79"))


def _tarball(tmp_path: Path) -> Path:
    data = {
        "package.json": {"version": "9.9.9"},
        "data/communes.json": [
            {"code": "79191", "nom": "Niort", "departement": "79", "type": "commune-actuelle",
             "codesPostaux": ["79000"], "population": 60000},
            {"code": "79001", "nom": "L'Absie", "departement": "79", "type": "commune-actuelle",
             "codesPostaux": ["79240"], "population": 900},
            {"code": "79002", "nom": "Ancienne", "departement": "79", "type": "commune-deleguee",
             "chefLieu": "79001"},
        ],
        "data/epci.json": [{"code": "200041317", "nom": "CA du Niortais", "type": "CA",
                            "membres": [{"code": "79191"}]}],
        "data/departements.json": [{"code": "79", "nom": "Deux-Sèvres", "region": "75"}],
    }
    path = tmp_path / "paquet.tgz"
    with tarfile.open(path, "w:gz") as archive:
        for name, value in data.items():
            raw = json.dumps(value).encode()
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(raw)
            archive.addfile(info, io.BytesIO(raw))
    return path


def test_the_refresh_script_writes_the_tables_from_the_package(tmp_path: Path) -> None:
    out = tmp_path / "geo"
    script = ROOT / "scripts" / "refresh_geo.py"
    args = [sys.executable, str(script), "--tarball", str(_tarball(tmp_path)), "--out", str(out)]
    subprocess.run(args, check=True, capture_output=True)
    rows = gzip.decompress((out / "communes.tsv.gz").read_bytes()).decode().splitlines()
    assert rows[0].split("\t")[:4] == ["code", "nom", "departement", "epci"]
    assert "79191\tNiort\t79\t200041317\t\t\t79000\t60000" in rows
    assert "79002\tAncienne\t79\t\tdeleguee\t79001\t\t" in rows
    assert (out / "SOURCE").read_text(encoding="utf-8").startswith("@etalab/decoupage-administratif 9.9.9")
    first = (out / "epci.tsv.gz").read_bytes()
    subprocess.run(args, check=True, capture_output=True)
    assert (out / "epci.tsv.gz").read_bytes() == first  # same source, same bytes: no spurious diff


def test_commune_choices_for_a_picker() -> None:
    assert geo.commune_choices("gren", 3)[0] == ("38185", "Grenoble (38185)")
    assert geo.commune_choices("38000")[0] == ("38185", "Grenoble (38185)")  # postal code
    assert geo.commune_choices("echirolles")[0] == ("38151", "Échirolles (38151)")  # no accent needed
    # a former commune leads to the current one, whose code is stored
    assert geo.commune_choices("arbignieu")[0] == ("01015", "Arbignieu, aujourd'hui Arboys en Bugey (01015)")
    assert geo.epci_choices("grenoble") == [("200040715", "Grenoble-Alpes-Métropole (200040715)")]
    assert geo.commune_choices("grenobel") == []
