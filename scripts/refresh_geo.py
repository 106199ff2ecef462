"""Refresh clausedesk/resources/geo from Etalab's découpage administratif (INSEE's official geographic code).

The data come from the npm package @etalab/decoupage-administratif (maintained by Etalab, MIT licence),
whose major version follows the year of the geographic code (6.x = 1 January 2026). Run:

    uv run python scripts/refresh_geo.py [--version 6.0.0] [--tarball FILE.tgz]

It downloads the package (or reads a tarball already downloaded), keeps what ClauseDesk uses and writes
three tab-separated, gzip-compressed tables and a SOURCE file; nothing is ever typed by hand. Commit the
result with the version in the message. Standard library only.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tarfile
import urllib.request
from pathlib import Path

from clausedesk.core.reference.tables import write_table

REGISTRY = "https://registry.npmjs.org/@etalab/decoupage-administratif"
OUT = Path(__file__).resolve().parent.parent / "clausedesk" / "resources" / "geo"


def _download(version: str | None) -> tuple[bytes, str]:
    with urllib.request.urlopen(REGISTRY, timeout=60) as answer:
        meta = json.load(answer)
    version = version or meta["dist-tags"]["latest"]
    url = meta["versions"][version]["dist"]["tarball"]
    with urllib.request.urlopen(url, timeout=300) as answer:
        return answer.read(), version


def _members(tarball: bytes) -> dict[str, object]:
    found: dict[str, object] = {}
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for name in ("package.json", "data/communes.json", "data/epci.json", "data/departements.json"):
            member = archive.extractfile(f"package/{name}")
            if member is None:
                raise SystemExit(f"{name} manque dans le paquet")
            found[name] = json.load(member)
        try:
            licence = archive.extractfile("package/LICENSE")
        except KeyError:
            licence = None
        found["LICENSE"] = licence.read().decode("utf-8") if licence else ""
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", help="version du paquet npm (par défaut la dernière)")
    parser.add_argument("--tarball", type=Path, help="archive .tgz déjà téléchargée")
    parser.add_argument("--out", type=Path, default=OUT,
                        help="dossier des tables (défaut : celui du logiciel)")
    args = parser.parse_args(argv)
    if args.tarball:
        raw = args.tarball.read_bytes()
        version = None
    else:
        raw, version = _download(args.version)
    data = _members(raw)
    package = data["package.json"]
    assert isinstance(package, dict)
    version = version or str(package["version"])
    communes = data["data/communes.json"]
    epcis = data["data/epci.json"]
    departments = data["data/departements.json"]
    assert isinstance(communes, list) and isinstance(epcis, list) and isinstance(departments, list)

    epci_of: dict[str, str] = {}
    epci_rows = []
    for e in sorted(epcis, key=lambda e: e["code"]):
        members = sorted(m["code"] for m in e["membres"])
        for code in members:
            epci_of[code] = e["code"]
        epci_rows.append([e["code"], e["nom"], e["type"], ",".join(members)])

    commune_rows = []
    for c in sorted(communes, key=lambda c: (c["code"], c["type"])):
        kind = c["type"]
        if kind == "commune-actuelle":
            parent = ""
        elif kind == "arrondissement-municipal":
            parent = c["commune"]
        elif kind in ("commune-deleguee", "commune-associee"):
            parent = c["chefLieu"]
        else:
            continue
        current = parent or c["code"]
        status = kind.split("-")[-1] if parent else ""
        commune_rows.append([
            c["code"], c["nom"], c["departement"], epci_of.get(current, ""), status, parent,
            " ".join(c.get("codesPostaux", [])), str(c.get("population", "")),
        ])
    department_rows = [[d["code"], d["nom"], d["region"]]
                       for d in sorted(departments, key=lambda d: d["code"])]

    args.out.mkdir(parents=True, exist_ok=True)
    header = ["code", "nom", "departement", "epci", "statut", "rattachement", "codes_postaux", "population"]
    write_table(args.out, "communes.tsv.gz", header, commune_rows)
    write_table(args.out, "epci.tsv.gz", ["code", "nom", "type", "communes"], epci_rows)
    write_table(args.out, "departements.tsv.gz", ["code", "nom", "region"], department_rows)
    licence = str(data["LICENSE"])
    if licence:
        (args.out / "LICENSE").write_text(licence, encoding="utf-8")
    (args.out / "SOURCE").write_text(
        f"@etalab/decoupage-administratif {version} (npm, licence MIT)\n"
        f"communes {len(commune_rows)}, epci {len(epci_rows)}, departements {len(department_rows)}\n",
        encoding="utf-8",
    )
    counts = f"{len(commune_rows)} communes, {len(epci_rows)} EPCI"
    print(f"découpage administratif {version} : {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
