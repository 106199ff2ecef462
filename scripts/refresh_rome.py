"""Refresh clausedesk/resources/rome from France Travail's RefRomeCsv (the ROME 4.0 reference, as CSV).

France Travail publishes the ROME (Répertoire opérationnel des métiers et des emplois) under the
Licence Ouverte / Open Licence 2.0 (Etalab), as a zip of CSV files « RefRomeCsv.zip » (francetravail.io,
data.gouv.fr).
Run, with the zip or the folder it unpacks to:

    uv run python scripts/refresh_rome.py RefRomeCsv.zip [--origin "where it was downloaded"]

It reads the job sheets (unix_referentiel_code_rome_v*_utf8.csv: code, title, parent sheet) and the job
titles (unix_referentiel_appellation_v*_utf8.csv: about 13,000 « appellations », each with its ROME
code), keeps what ClauseDesk uses and writes two tab-separated, gzip-compressed tables and a SOURCE file;
nothing is ever typed by hand. Commit the result with the version in the message. Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import zipfile
from pathlib import Path

from clausedesk.core.reference.tables import write_table

OUT = Path(__file__).resolve().parent.parent / "clausedesk" / "resources" / "rome"
SHEETS = re.compile(r"referentiel_code_rome_v(\d+)_utf8\.csv$")
TITLES = re.compile(r"referentiel_appellation_v(\d+)_utf8\.csv$")
LICENCE = """\
Le Répertoire opérationnel des métiers et des emplois (ROME 4.0) est publié par France Travail
(https://francetravail.io, https://www.data.gouv.fr) sous la Licence Ouverte / Open Licence version 2.0
d'Etalab : https://www.etalab.gouv.fr/licence-ouverte-open-licence/

Cette licence permet de reproduire, adapter, redistribuer et exploiter les données, y compris à des
fins commerciales, sous réserve de mentionner leur source (France Travail, ROME) et la date de leur
dernière mise à jour. Les tables de ce dossier sont extraites sans modification des fichiers
RefRomeCsv par scripts/refresh_rome.py ; la version et l'origine figurent dans SOURCE.
"""


def _sources(path: Path) -> dict[str, tuple[str, str]]:
    """The CSV files of a RefRomeCsv zip or folder, by their name (only the two ClauseDesk reads)."""
    found: dict[str, tuple[str, str]] = {}
    if path.is_dir():
        items = [(p.name, p.read_bytes) for p in sorted(path.rglob("*.csv"))]
    else:
        archive = zipfile.ZipFile(path)
        items = [(n.rsplit("/", 1)[-1], lambda n=n: archive.read(n)) for n in archive.namelist()]
    for name, read in items:
        for kind, pattern in (("sheets", SHEETS), ("titles", TITLES)):
            match = pattern.search(name)
            if match and not name.startswith("._"):
                found[kind] = (match.group(1), read().decode("utf-8-sig"))
    missing = {"sheets", "titles"} - found.keys()
    if missing:
        wanted = " et ".join(sorted("référentiel des codes ROME" if m == "sheets" else "appellations"
                                    for m in missing))
        raise SystemExit(f"{path} : fichier {wanted} introuvable (attendu : unix_referentiel_…_utf8.csv)")
    return found


def _records(text: str, needed: set[str]) -> list[dict[str, str]]:
    delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    missing = needed - set(reader.fieldnames or ())
    if missing:
        raise SystemExit(f"colonnes absentes : {', '.join(sorted(missing))}")
    return list(reader)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="RefRomeCsv.zip ou le dossier de ses fichiers CSV")
    parser.add_argument("--origin", default="",
                        help="d'où vient le fichier (adresse, date de téléchargement)")
    parser.add_argument("--out", type=Path, default=OUT,
                        help="dossier des tables (défaut : celui du logiciel)")
    args = parser.parse_args(argv)
    if not args.source.exists():
        raise SystemExit(f"{args.source} : fichier ou dossier introuvable")
    found = _sources(args.source)
    version = found["sheets"][0]
    sheets = _records(found["sheets"][1], {"code_rome", "libelle_rome", "code_rome_parent"})
    titles = _records(found["titles"][1], {"code_ogr", "libelle_appellation_long", "code_rome"})
    codes = {s["code_rome"] for s in sheets}
    sheet_rows = [[s["code_rome"], s["libelle_rome"], s["code_rome_parent"] or s["code_rome"]]
                  for s in sorted(sheets, key=lambda s: s["code_rome"])]
    orphans = sorted({t["code_rome"] for t in titles} - codes)
    if orphans:
        raise SystemExit(f"appellations rattachées à des codes ROME absents : {', '.join(orphans[:10])}")
    title_rows = [
        [t["code_ogr"], t["libelle_appellation_long"], t["code_rome"],
         "1" if t.get("classification") == "PRINCIPALE" else "0", "1" if t.get("peu_usite") == "O" else "0"]
        for t in sorted(titles, key=lambda t: (t["code_rome"], int(t["code_ogr"])))
    ]  # fmt: skip
    args.out.mkdir(parents=True, exist_ok=True)
    write_table(args.out, "metiers.tsv.gz", ["code", "libelle", "parent"], sheet_rows)
    title_header = ["code_ogr", "libelle", "code_rome", "principale", "peu_usite"]
    write_table(args.out, "appellations.tsv.gz", title_header, title_rows)
    (args.out / "LICENSE").write_text(LICENCE, encoding="utf-8")
    origin = f"origine : {args.origin}\n" if args.origin else ""
    (args.out / "SOURCE").write_text(
        f"ROME 4.0, RefRomeCsv v{version} (France Travail, Licence Ouverte 2.0)\n"
        f"fiches {len(sheet_rows)}, appellations {len(title_rows)}\n{origin}",
        encoding="utf-8",
    )
    print(f"ROME v{version} : {len(sheet_rows)} fiches, {len(title_rows)} appellations", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
